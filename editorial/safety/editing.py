"""Edits to the safety information's working copy outside the admin.

The shape of a guide's edits (editorial.editing): in one transaction, lock
the safety workflow row, check the user's right to change that kind of row,
check the version edited, validate as the admin would, save with the user and
a reason in the row's history (which separation of duties reads). An edit
changes the working copy only: readers get it once it is signed off and
published.

``fingerprint`` is the version of the whole safety information the edit was
made on: without one, VersionRequired (428); if it changed since,
VersionMismatch (412). A refused edit changes nothing.
"""

from contextlib import contextmanager

from django.db import transaction

from editorial.editing import EDIT_REASON, _apply, _current, _refuse_unknown
from editorial.exceptions import InvalidInput, NotAllowed, VersionMismatch, VersionRequired
from editorial.models import SafetyWorkflow
from editorial.safety.regions import ISO_3166_ALPHA2
from editorial.safety.snapshot import fingerprint_safety_information
from guidance.models import CrisisResource, SiteNotice

NOTICE_FIELDS = ("title", "body")
CRISIS_RESOURCE_FIELDS = ("region", "name", "description", "phone", "sms", "url")
VERSION_REQUIRED = (
    'Say which version you edited: send its fingerprint (If-Match: "<fingerprint>", the '
    "ETag of GET /api/v1/editorial/safety-information/), so no one's work is overwritten."
)


def notice_update(*, notice, user, data, fingerprint, reason=EDIT_REASON):
    """Change a site notice's title or body (the disclaimer or the call to action).

    Holders of ``guidance.change_sitenotice``. Raises NotAllowed,
    VersionRequired, VersionMismatch or InvalidInput.
    """
    with _editing(user, "sitenotice", "site notices", fingerprint):
        _refuse_unknown(data, NOTICE_FIELDS)
        notice = _current(SiteNotice.objects.filter(pk=notice.pk), "notice")
        _apply(notice, data, user, reason)
    return notice


def crisis_resource_update(*, resource, user, data, fingerprint, reason=EDIT_REASON):
    """Change a crisis resource: region (ISO 3166-1 alpha-2), name, description, phone, sms, url.

    Holders of ``guidance.change_crisisresource``.
    """
    with _editing(user, "crisisresource", "crisis resources", fingerprint):
        _refuse_unknown(data, CRISIS_RESOURCE_FIELDS)
        if "region" in data and data["region"] not in ISO_3166_ALPHA2:
            raise InvalidInput(
                f"region: “{data['region']}” is not an ISO 3166-1 alpha-2 code in capitals, "
                "e.g. US or GB."
            )
        resource = _current(CrisisResource.objects.filter(pk=resource.pk), "crisis resource")
        _apply(resource, data, user, reason)
    return resource


@contextmanager
def _editing(user, model_name, plural, fingerprint):
    with transaction.atomic():
        SafetyWorkflow.objects.get_or_create(pk=SafetyWorkflow.ONLY)
        SafetyWorkflow.objects.select_for_update().get(pk=SafetyWorkflow.ONLY)
        if not user.has_perm(f"guidance.change_{model_name}"):
            raise NotAllowed(f"You may not edit {plural}: that takes the right to change them.")
        if not fingerprint:
            raise VersionRequired(VERSION_REQUIRED)
        # Compared only once the lock is held: an edit that waited sees the one before it.
        if fingerprint != fingerprint_safety_information():
            raise VersionMismatch(
                "The safety information changed after you opened it, so your edit was not "
                "saved. Reload it to see the latest version, then make your edit again."
            )
        yield
