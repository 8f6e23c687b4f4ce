"""The safety information as a reviewable kind: one document, never withdrawn.

Its working copy is the guidance.SiteNotice and CrisisResource rows,
serialized by editorial.safety.snapshot; the workflow's one row
(SafetyWorkflow) is what each step locks. A release is live from the
moment it is written and every guide answer carries it at once, so its
releases have no go-live time and are never withdrawn (a crisis line is
corrected, not taken away). Its extra check: the working copy carries what
every guide needs (a disclaimer, a crisis resource for the default region,
regions that are ISO 3166 codes).
"""

from django.db.models import Q

from editorial.exceptions import WrongState
from editorial.models import SafetyEvent, SafetyRelease, SafetyReview, SafetyWorkflow
from editorial.publishing import public_content_changed
from editorial.safety.regions import ISO_3166_ALPHA2, default_region
from editorial.safety.snapshot import serialize_safety_information
from editorial.webhooks import announcements
from editorial.workflow.kind import ReviewableKind, Words, register
from editorial.workflow.status import status_for
from guidance.models import CrisisResource, SiteNotice


class SafetyInformationKind(ReviewableKind):
    name = "safety"
    words = Words(
        "safety information",
        plural="the safety information",
        this="the safety information",
        one="the safety information",
        approved_one="approved safety information",
        it="it",
        release="safety release",
        last_step="the last safety step",
        reload="Reload it",
        published="every guide carries it now.",
    )
    document_model = SafetyWorkflow
    document_field = None
    review_model = SafetyReview
    release_model = SafetyRelease
    event_model = SafetyEvent
    state_model = SafetyWorkflow
    audit_prefix = "safety_"

    def serialize(self, document):
        return serialize_safety_information()

    def history_rows(self, document):
        return {SiteNotice: Q(), CrisisResource: Q()}

    def state_key(self, document):
        return {"pk": SafetyWorkflow.ONLY}

    def lock(self, document):
        SafetyWorkflow.objects.get_or_create(pk=SafetyWorkflow.ONLY)
        return SafetyWorkflow.objects.select_for_update().get(pk=SafetyWorkflow.ONLY)

    def submit_checks(self, status):
        refuse_incomplete(status.snapshot)

    def publish_checks(self, status):
        refuse_incomplete(status.snapshot)

    def released(self, release):
        public_content_changed()
        announcements.safety_information_published(
            {
                "release": release.number,
                "published_at": release.published_at.isoformat(),
                "regions": sorted(
                    {resource["region"] for resource in release.snapshot["crisis_resources"]}
                ),
                "change_summary": release.change_summary,
            }
        )


def refuse_incomplete(snapshot):
    """Refuse a working copy that would leave readers without a disclaimer or a crisis line."""
    if "disclaimer" not in snapshot["notices"]:
        raise WrongState("The safety information has no medical disclaimer: add one first.")
    unknown = sorted(
        {r["region"] for r in snapshot["crisis_resources"]} - ISO_3166_ALPHA2, key=str
    )
    if unknown:
        raise WrongState(
            f"Crisis resources name regions that are not ISO 3166-1 alpha-2 codes "
            f"({', '.join(unknown)}): correct them first, e.g. US or GB."
        )
    region = default_region()
    if not any(r["region"] == region for r in snapshot["crisis_resources"]):
        raise WrongState(
            f"The safety information has no crisis resource for the default region ({region}): "
            "readers anywhere else fall back to it, so add one first."
        )


SAFETY = register(SafetyInformationKind())


def safety_status():
    """The safety information's workflow status now (four queries, and two for its content)."""
    return status_for(SAFETY, None)
