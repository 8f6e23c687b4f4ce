"""The guide as a reviewable kind: what the one workflow needs to know of it.

Its working copy is a guidance.Guide and its rows, serialized by
editorial.snapshot; its releases are written out for readers as the public
rows of editorial.publishing; its extra checks are completeness (at
submission: sections, an author, sources), safe messaging, the reading level
(waivers at approval) and correction eligibility; and no one credited as its
author signs it off.
"""

import calendar
import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from editorial import legacy_pins, policy
from editorial.checks import (
    completeness,
    guide_checks,
    refuse_incomplete,
    waivers_for_approval,
    waivers_for_submission,
)
from editorial.checks.correction import classify
from editorial.checks.readability import reading_level
from editorial.exceptions import WrongState
from editorial.models import (
    Release,
    ReleaseKind,
    Review,
    SafetyRelease,
    Workflow,
    WorkflowEvent,
)
from editorial.publishing import (
    guide_authors,
    index_release,
    public_content_changed,
    slugs_of,
)
from editorial.snapshot import serialize_guide
from editorial.webhooks import announcements
from editorial.workflow.kind import ReviewableKind, Words, register
from guidance.models import (
    Contributor,
    Guide,
    Person,
    Section,
    Source,
    Tip,
    Topic,
)


class GuideKind(ReviewableKind):
    name = "guide"
    words = Words("guide")
    document_model = Guide
    document_field = "guide"
    review_model = Review
    release_model = Release
    event_model = WorkflowEvent
    state_model = Workflow
    corrections = True

    def serialize(self, guide):
        return serialize_guide(guide)

    def holds(self, pin, status):
        # Or a pin taken before snapshots carried people and topics (editorial.legacy_pins).
        return legacy_pins.holds(pin, status.snapshot, status.fingerprint)

    def release_form(self, status, approval):
        return legacy_pins.release_form(status, approval)

    def history_rows(self, guide):
        return rows_of(guide)

    def credits_as_author(self, person, guide):
        return Contributor.objects.filter(
            guide=guide, person=person, role__in=policy.AUTHOR_ROLES
        ).exists()

    def completeness(self, status):
        return completeness(status)

    def submit_checks(self, status):
        refuse_incomplete(status)

    def submission_waivers(self, status, given):
        return waivers_for_submission(status, given)

    def waivers(self, status, given):
        return waivers_for_approval(guide_checks(status), given)

    def correction_rests_on(self, status):
        live = status.live_release
        verdict = classify(legacy_pins.full_snapshot(live) if live else None, status.snapshot)
        if not verdict["eligible"]:
            raise WrongState(
                "This change is not a correction, so it needs a clinical review (submit it as "
                f"“clinical”): {' '.join(verdict['reasons'])}",
                details={"reasons": verdict["reasons"]},
            )
        return live.clinical_review or live.review

    def publish_checks(self, status):
        if not SafetyRelease.objects.live().carrying_what_guides_need().exists():
            raise WrongState(
                "No guide can be published before the safety information is live: a "
                "disclaimer and at least one crisis resource, signed off by a clinical "
                "reviewer and published (see Safety information)."
            )

    def release_fields(self, status, approval, snapshot):
        # A correction rests on the last clinical sign-off: readers are told
        # of that one, and its review-due date stands.
        clinical = approval.rests_on if approval.is_correction else approval
        roles = policy.release_author_roles(first_release=status.newest_release is None)
        return {
            "kind": ReleaseKind.CORRECTION if approval.is_correction else ReleaseKind.CLINICAL,
            "clinical_review": clinical,
            "reading_level": reading_level(snapshot),
            "authors": guide_authors(snapshot, roles),
            "review_due": review_due_after(timezone.localdate(clinical.decided_at)),
        }

    def released(self, release):
        index_release(release)
        public_content_changed(guides=slugs_of(release.guide))
        # In this transaction: a publish that rolls back announces nothing.
        announcements.guide_published(release)

    def withdrawn(self, guide, numbers, reason):
        public_content_changed(guides=slugs_of(guide))
        announcements.guide_withdrawn(guide, numbers=numbers, reason=reason)


def rows_of(guide):
    """Per content model, the rows the guide is made of or shows, read in their history.

    People and topics are shown in the guide (a byline, a credential, a
    topic's name), so editing those that appear in it counts too.
    """
    section_ids = Section.history.filter(guide_id=guide.pk).values("id")
    person_ids = Contributor.objects.filter(guide=guide).values("person_id")
    topic_ids = Topic.objects.filter(Q(guides=guide) | Q(tips__section__guide=guide)).values("id")
    return {
        Guide: Q(id=guide.pk),
        Section: Q(guide_id=guide.pk),
        Tip: Q(section_id__in=section_ids),
        Contributor: Q(guide_id=guide.pk),
        Source: Q(guide_id=guide.pk),
        Person: Q(id__in=person_ids),
        Topic: Q(id__in=topic_ids),
    }


def review_due_after(signed_on):
    """The sign-off date plus ``GUIDANCE_REVIEW_INTERVAL_MONTHS`` (29 Feb → 28 Feb)."""
    months = signed_on.month - 1 + settings.GUIDANCE_REVIEW_INTERVAL_MONTHS
    year, month = signed_on.year + months // 12, months % 12 + 1
    day = min(signed_on.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


GUIDE = register(GuideKind())
