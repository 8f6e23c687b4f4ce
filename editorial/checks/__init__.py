"""The checks on a guide's working copy, in one place for the admin and the API.

``guide_checks(status)`` answers the editor's and the reviewer's pages and
``GET /api/v1/editorial/guides/{slug}/checks/`` alike: what the guide still
lacks (editorial.checks.completeness), safe-messaging findings, the reading
grade, and whether the change since the live release is a correction.

Two rules rest on them. ``refuse_incomplete`` and ``waivers_for_submission``:
a guide missing a part cannot be submitted, unless the part is one a
submitter may waive and they wrote why. ``waivers_for_approval``: every open
finding, and a grade above ``GUIDANCE_MAX_READING_GRADE``, needs a written
waiver before a version is approved.
"""

from collections.abc import Mapping

from editorial.checks.completeness import WAIVABLE, WAIVABLE_NOTE, missing_parts
from editorial.checks.correction import classify
from editorial.checks.readability import is_over_limit, max_grade, reading_level
from editorial.checks.safe_messaging import check_snapshot
from editorial.exceptions import InvalidInput, WrongState
from editorial.legacy_pins import full_snapshot

READING_LEVEL = "reading_level"


def guide_checks(status):
    """The checks on ``status``'s working copy (an editorial.workflow.status.Status of a guide)."""
    snapshot = status.snapshot
    live = status.live_release
    level = reading_level(snapshot)
    checks = {
        "fingerprint": status.fingerprint,
        "completeness": completeness(status),
        "safe_messaging": check_snapshot(snapshot),
        "readability": {**level, "max_grade": max_grade(), "over_limit": is_over_limit(level)},
        "correction": {
            "since_release": live.number if live else None,
            **classify(full_snapshot(live) if live else None, snapshot),
        },
    }
    checks["waivers_required"] = list(_open_items(checks))
    return checks


def completeness(status):
    """What the working copy lacks, each part with the waiver the open review holds for it."""
    missing = _missing(status)
    held = status.open_review.waivers if status.open_review is not None else {}
    for part in missing:
        part["waiver"] = (held.get(part["id"]) or {}).get("reason")
    return {"complete": not missing, "missing": missing}


def refuse_incomplete(status):
    """Refuse (409) to submit a guide lacking a part that no waiver can stand for.

    The message lists every part missing, the waivable ones too, so that the
    editor mends them all at once.
    """
    missing = _missing(status)
    if any(not part["waivable"] for part in missing):
        waivable = any(part["waivable"] for part in missing)
        raise _incomplete(missing, f" ({WAIVABLE_NOTE})" if waivable else "")


def waivers_for_submission(status, waivers):
    """The submitter's waivers to store with the review, or why the submission is refused.

    Each waivable part missing needs a written reason. Raises InvalidInput
    for waivers that are not text or name nothing missing, and WrongState
    (409) naming the parts missing with no reason.
    """
    _refuse_malformed(waivers)
    waivable = {part["id"]: part for part in _missing(status) if part["waivable"]}
    unknown = sorted(set(waivers) - WAIVABLE)
    if unknown:
        raise InvalidInput(
            f"Nothing missing that may be waived has the id {', '.join(unknown)}: see the "
            "completeness check."
        )
    # A reason to go without what the guide no longer lacks (sources added since the form
    # was loaded): the guide's state, not the request, is what disagrees. A blank one waives
    # nothing.
    needless = sorted(
        key for key, reason in waivers.items() if key not in waivable and reason.strip()
    )
    if needless:
        raise WrongState(
            f"Nothing to waive: the guide is not missing {', '.join(needless)}. Submit "
            "without the waiver.",
            details={"needless_waivers": needless},
        )
    unwaived = [part for part in waivable.values() if not waivers.get(part["id"], "").strip()]
    if unwaived:
        ids = ", ".join(part["id"] for part in unwaived)
        raise _incomplete(
            unwaived,
            f" Add what is missing, or give the reason to submit without it (the waiver {ids}; "
            'over the API, "waivers": {"<id>": "reason"}).',
        )
    return {
        key: {"reason": waivers[key].strip(), "step": "submit", "title": part["title"]}
        for key, part in waivable.items()
    }


def _missing(status):
    return missing_parts(status.snapshot, first_release=status.newest_release is None)


def _incomplete(missing, advice):
    return WrongState(
        "This guide cannot be submitted until it is complete. "
        f"{' '.join(part['title'] for part in missing)}{advice}",
        details={"incomplete": [part["id"] for part in missing]},
    )


def _refuse_malformed(waivers):
    if not isinstance(waivers, Mapping) or not all(
        isinstance(key, str) and isinstance(reason, str) for key, reason in waivers.items()
    ):
        raise InvalidInput('Give waivers as {"<id>": "reason", ...}.')


def _open_items(checks):
    """What approving this version needs a waiver for: {id: what is waived}."""
    items = {finding["id"]: finding for finding in checks["safe_messaging"]}
    readability = checks["readability"]
    if readability["over_limit"]:
        items[READING_LEVEL] = readability
    return items


def waivers_for_approval(checks, waivers):
    """The waivers to store with the sign-off, or why the approval is refused.

    Every open finding and a grade over the limit need a written reason.
    Raises InvalidInput for waivers that are not text or name nothing open,
    and WrongState (409) naming the open items that have none.
    """
    _refuse_malformed(waivers)
    items = _open_items(checks)
    unknown = sorted(set(waivers) - set(items))
    if unknown:
        raise InvalidInput(
            f"Nothing open has the id {', '.join(unknown)}: waive the findings of the version "
            "you approve (see its checks)."
        )
    missing = [key for key in items if not waivers.get(key, "").strip()]
    if missing:
        raise WrongState(
            "Approving this version needs a written waiver for each open check: "
            f"{', '.join(missing)}. Give the reasons as "
            '"waivers": {"<id>": "reason"}, or request changes.',
            details={"open_findings": missing},
        )
    return {key: _stored(key, item, waivers[key].strip()) for key, item in items.items()}


def _stored(key, item, reason):
    if key == READING_LEVEL:
        return {"reason": reason, "grade": item["grade"], "max_grade": item["max_grade"]}
    return {
        "reason": reason,
        "rule": item["rule"],
        "text": item["span"]["text"],
        "where": item["where"],
    }
