"""Fingerprints taken before snapshots carried people and topics (snapshot format 1).

A release's fingerprint, and the sign-off it rests on, are immutable and
pinned by the audit chain: those made before format 2 stay as they were.
Each stands for the rest of the guide (its format-1 snapshot) together with
the profiles and topic details readers were then shown, which migration
0016 recorded as a LegacyPin. So a working copy still *holds* such a pin
when its format-1 form hashes to it and its people and topics are those
recorded: an unchanged guide is not "edited" by the upgrade, and an edit of
a bio since is a change like any other.

No query unless a pin matches a working copy's format-1 form, which a
fingerprint taken since cannot do (format 2 hashes other bytes).
"""

from editorial.models import LegacyPin
from editorial.snapshot import SNAPSHOT_FORMAT, fingerprint_of
from editorial.snapshot_people import extras_of

LEGACY_FORMAT = 1


def legacy_form(snapshot):
    """``snapshot`` (format 2) as format 1 had it: without its people and topic details."""
    form = {key: value for key, value in snapshot.items() if key not in extras_of({})}
    form["format"] = LEGACY_FORMAT
    return form


def _stands_for(fingerprint):
    return LegacyPin.objects.filter(fingerprint=fingerprint).values(*extras_of({})).first()


def holds(pin, snapshot, fingerprint=None):
    """Whether the fingerprint ``pin`` (of a release or a sign-off) is that of ``snapshot``,
    a working copy's (whose own fingerprint ``fingerprint`` is, if known)."""
    if not pin:
        return False
    if pin == (fingerprint or fingerprint_of(snapshot)):
        return True
    if pin != fingerprint_of(legacy_form(snapshot)):
        return False
    return _stands_for(pin) == extras_of(snapshot)


def full_snapshot(release):
    """``release``'s snapshot with the people and topics it carries, as format 2 has them.

    A format-1 snapshot is completed with what its fingerprint stands for
    (one query); a newer one is returned as it is.
    """
    snapshot = release.snapshot
    if snapshot.get("format", LEGACY_FORMAT) > LEGACY_FORMAT:
        return snapshot
    extras = _stands_for(release.fingerprint) or extras_of({})
    return {**snapshot, "format": SNAPSHOT_FORMAT, **extras}


def release_form(status, approval):
    """The snapshot and fingerprint a release of ``status``'s working copy stores: the form
    ``approval`` pinned, so the release's fingerprint is its sign-off's."""
    if approval.fingerprint == status.fingerprint:
        return status.snapshot, status.fingerprint
    form = legacy_form(status.snapshot)
    return form, fingerprint_of(form)
