"""What waits for whom: the reads behind each role's home page (editorial.admin.desk).

Every read here runs a fixed number of queries, however many guides it
lists: related rows come with ``select_related``, working copies are read
together (``serialize_guides``), and nothing is fetched per row. Lists come
in the order their work should be taken up: the longest waiting first.
"""

import datetime

from django.conf import settings
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from editorial import legacy_pins
from editorial.checks import guide_checks
from editorial.kinds.safety import SAFETY
from editorial.models import (
    DocumentState,
    GuideState,
    Licence,
    Release,
    Review,
    ReviewKind,
    ReviewState,
    SafetyReview,
    WorkflowAction,
    WorkflowEvent,
)
from editorial.policy import AUTHOR_ROLES, edited_since_last_release
from editorial.snapshot import serialize_guides
from editorial.status import statuses_of
from guidance.models import Contributor, Guide, Section, Source, Tip

WITHDRAWN_SHOWN_DAYS = 30

# Stands for "never" where the latest of several edit times is taken.
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _last_edit_by(user):
    """An annotation: when ``user`` last saved any row of the guide's working copy (or NEVER).

    Read from the row history, so a row deleted since still counts, as it does
    for separation of duties (editorial.policy.edited_since_last_release).
    """
    guide = OuterRef("pk")
    histories = [
        Guide.history.filter(id=guide),
        Section.history.filter(guide_id=guide),
        # A tip names its section, not its guide: the guide's sections, from their history
        # (a subquery in the subquery, so the guide is two levels out).
        Tip.history.filter(
            section_id__in=Section.history.filter(guide_id=OuterRef(guide)).values("id")
        ),
        Contributor.history.filter(guide_id=guide),
        Source.history.filter(guide_id=guide),
    ]
    latest = [
        Coalesce(
            Subquery(
                history.filter(history_user=user)
                .order_by("-history_date")
                .values("history_date")[:1]
            ),
            Value(NEVER),
            output_field=DateTimeField(),
        )
        for history in histories
    ]
    return Greatest(*latest, output_field=DateTimeField())


def _newest_release_recorded_at():
    """An annotation: when the guide's newest release still standing was written."""
    return Subquery(
        Release.objects.filter(guide=OuterRef("pk"), withdrawn_at__isnull=True)
        .order_by("-number")
        .values("recorded_at")[:1]
    )


def working_copies_of(user):
    """The guides whose working copy waits for ``user`` to finish and submit it.

    Drafts they have written in, and guides whose working copy they edited
    after its newest release (published or withdrawn, not yet submitted).
    Most recently edited first; each carries ``last_edit`` and ``state``.
    """
    state = Coalesce("workflow__state", Value(GuideState.DRAFT))
    return (
        Guide.objects.annotate(
            last_edit=_last_edit_by(user),
            state=state,
            released_at=_newest_release_recorded_at(),
        )
        .filter(last_edit__gt=NEVER)
        .filter(
            Q(state=GuideState.DRAFT)
            | Q(
                state__in=[GuideState.PUBLISHED, GuideState.WITHDRAWN],
                last_edit__gt=Coalesce("released_at", Value(NEVER)),
            )
        )
        .order_by("-last_edit", "title")
    )


def changes_requested_of(user):
    """The guides sent back to ``user``: the last decision on a guide they submitted asked
    for changes, and it has not been resubmitted since. Longest waiting first."""
    newer_request = Review.objects.filter(
        guide=OuterRef("guide"),
        state=ReviewState.CHANGES_REQUESTED,
        decided_at__gt=OuterRef("decided_at"),
    )
    return (
        Review.objects.filter(
            state=ReviewState.CHANGES_REQUESTED,
            submitted_by=user,
            guide__workflow__state=GuideState.CHANGES_REQUESTED,
        )
        .exclude(Exists(newer_request))
        .select_related("guide")
        .order_by("decided_at", "pk")
    )


def safety_edits_of(user, safety):
    """Whether ``user`` edited the safety information (whose status is ``safety``) since its
    last release, and the edit waits to be submitted."""
    return (
        safety.state in (DocumentState.DRAFT, DocumentState.PUBLISHED)
        and not safety.matches_newest_release
        and edited_since_last_release(user, SAFETY, None)
    )


def safety_sent_back_to(user, safety):
    """The decision that sent the safety information back, if ``user`` had submitted it."""
    if safety.state != DocumentState.CHANGES_REQUESTED:
        return None
    last = (
        SafetyReview.objects.filter(state=ReviewState.CHANGES_REQUESTED)
        .order_by("-decided_at", "-pk")
        .first()
    )
    return last if last is not None and last.submitted_by_id == user.pk else None


def open_checks(guides):
    """``{guide pk: [what approving its working copy needs a waiver for]}``, for the guides
    with any: the very checks of the review page (editorial.checks.guide_checks), on the
    statuses the lists read (editorial.status.statuses_of), so a first release is judged
    as the submit page judges it.
    """
    found = {}
    for status in statuses_of(guides):
        waivers_required = guide_checks(status)["waivers_required"]
        if waivers_required:
            found[status.document.pk] = waivers_required
    return found


def awaiting_review():
    """Open guide reviews, longest waiting first."""
    return Review.objects.queue()


def corrections_awaiting_approval():
    """Open corrections, longest waiting first: a second person with the correction right
    approves them (editorial.policy.correction_approval_refusal)."""
    return Review.objects.queue().filter(kind=ReviewKind.CORRECTION)


def not_mine_to_sign(user, guides):
    """Of ``guides``, those ``user`` may not sign off because the work is partly theirs:
    ``{guide pk: why}``. A hint for the queue, from the guide's own rows; the review page
    applies the whole rule (editorial.policy.sign_off_refusal), which also counts edits of
    the people and topics a guide shows."""
    ids = [guide.pk for guide in guides]
    credited = set(
        Contributor.objects.filter(
            guide__in=ids, person__user=user, role__in=AUTHOR_ROLES
        ).values_list("guide_id", flat=True)
    )
    edited = set(
        Guide.objects.filter(pk__in=ids)
        .annotate(last_edit=_last_edit_by(user), released_at=_newest_release_recorded_at())
        .filter(last_edit__gt=Coalesce("released_at", Value(NEVER)))
        .values_list("pk", flat=True)
    )
    why = dict.fromkeys(edited, "you edited it since its last release")
    why.update(dict.fromkeys(credited, "you are credited as an author"))
    return why


def ready_to_publish(*, limit=None):
    """Approved guides waiting for a publisher, longest waiting first (the first ``limit``).

    One row per guide (its newest approval), each marked ``is_current``: false
    when the working copy was edited after the approval, which then needs
    review again before it can be published.
    """
    newer_approval = Review.objects.filter(
        guide=OuterRef("guide"),
        state=ReviewState.APPROVED,
        release__isnull=True,
        decided_at__gt=OuterRef("decided_at"),
    )
    approvals = list(
        Review.objects.filter(
            state=ReviewState.APPROVED,
            release__isnull=True,
            guide__workflow__state=GuideState.APPROVED,
        )
        .exclude(Exists(newer_approval))
        .select_related("guide", "submitted_by")
        .order_by("decided_at", "pk")[:limit]
    )
    snapshots = serialize_guides([approval.guide for approval in approvals])
    for approval in approvals:
        snapshot = snapshots.get(approval.guide_id)
        approval.is_current = snapshot is not None and legacy_pins.holds(
            approval.fingerprint, snapshot
        )
    return approvals


def scheduled_releases():
    """Releases waiting for their go-live time, soonest first."""
    return Release.objects.scheduled().select_related("guide").order_by("go_live_at")


def recently_withdrawn(days=WITHDRAWN_SHOWN_DAYS, *, at=None):
    """Withdrawals in the last ``days`` days, newest first: one row per withdrawal step,
    with the guide and where it stands now."""
    since = (at or timezone.now()) - datetime.timedelta(days=days)
    return (
        WorkflowEvent.objects.filter(action=WorkflowAction.WITHDRAWN, at__gte=since)
        .select_related("guide", "guide__workflow", "actor")
        .order_by("-at", "-pk")
    )


def reviews_due_counts(*, today=None):
    """How many live guides are due for clinical review: ``{"overdue": n, "due_soon": n,
    "window_days": n}``, due soon meaning within ``GUIDANCE_REVIEW_DUE_SOON_DAYS``."""
    today = today or timezone.localdate()
    counts = Release.objects.due_for_review().aggregate(
        overdue=Count("pk", filter=Q(review_due__lt=today)),
        due_soon=Count("pk", filter=Q(review_due__gte=today)),
    )
    return {**counts, "window_days": settings.GUIDANCE_REVIEW_DUE_SOON_DAYS}


def licences_expiring_counts(user, *, today=None):
    """How many licences expire within the warning window, and which of them are ``user``'s."""
    expiring = Licence.objects.expiring_soon(today).select_related("person")
    return {
        "all": expiring.count(),
        "mine": list(expiring.filter(person__user=user).order_by("expires_on")),
        "window_days": settings.GUIDANCE_LICENCE_EXPIRY_WARNING_DAYS,
    }
