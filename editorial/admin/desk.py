"""The admin home as each role's queue: the work waiting for this person, then the models.

- Editors: their drafts and edits not yet submitted, their guides sent back
  with changes requested, and the checks open on those working copies.
- Clinical reviewers: what awaits review, longest waiting first.
- Publishers: approved and ready to publish, scheduled releases, and
  withdrawals of the last 30 days; and corrections awaiting approval, if
  they hold that right without the clinical one.
- Everyone: how many guides are due for clinical review and how many
  licences expire soon, as counts with a link to the list.

The safety information joins the reviewers' and publishers' queues when it
waits for them. A person with several roles sees each of their queues. The
reads are editorial.queues; every item links to the page where its work is done.
"""

from django.contrib import admin
from django.utils import timezone

from editorial import queues
from editorial.kinds.safety import safety_status
from editorial.models import DocumentState
from editorial.policy import clinical_reviewer_of, licence_refusal

admin.site.index_template = "admin/editorial/index.html"

SHOWN = 10  # per list; the full lists are a click away


def _first(rows):
    """The first SHOWN rows, and whether there are more."""
    rows = list(rows[: SHOWN + 1])
    return {"rows": rows[:SHOWN], "more": len(rows) > SHOWN}


def desk_of(user):
    """What the admin home shows ``user``: the queues of the roles they hold, and the counts."""
    desk = {}
    may_see_safety = user.has_perm("guidance.view_sitenotice") or user.has_perm(
        "guidance.view_crisisresource"
    )
    safety = safety_status() if may_see_safety else None
    if user.has_perm("editorial.sign_off_guide"):
        desk["awaiting_review"] = _reviewer_queue(user, safety)
    elif user.has_perm("editorial.approve_correction"):
        # Publishers approve corrections too: the second person a correction needs.
        desk["corrections"] = _first(queues.corrections_awaiting_approval())
    if user.has_perm("editorial.submit_guide"):
        desk.update(_editor_queues(user, safety))
    if user.has_perm("editorial.publish_guide"):
        desk.update(_publisher_queues(safety))
    if user.is_staff:
        desk["counts"] = _counts(user)
    return desk


def _reviewer_queue(user, safety):
    queue = _first(queues.awaiting_review())
    hints = queues.not_mine_to_sign(user, [review.guide for review in queue["rows"]])
    for review in queue["rows"]:
        review.not_mine = hints.get(review.guide_id)
    person = clinical_reviewer_of(user)
    if person is None:
        queue["note"] = (
            "Your account is not linked to a clinical reviewer with a clinical credential, "
            "so you cannot sign off."
        )
    else:
        queue["note"] = licence_refusal(person, timezone.localdate())
    queue["safety"] = safety.open_review if safety is not None else None
    return queue


def _editor_queues(user, safety):
    drafts = _first(queues.working_copies_of(user))
    sent_back = _first(queues.changes_requested_of(user))
    if safety is not None:
        drafts["safety"] = queues.safety_edits_of(user, safety)
        sent_back["safety"] = queues.safety_sent_back_to(user, safety)
    mine = [*drafts["rows"], *(review.guide for review in sent_back["rows"])]
    open_checks = queues.open_checks(mine)
    return {
        "drafts": drafts,
        "changes_requested": sent_back,
        "open_checks": [
            {"guide": guide, "count": len(open_checks[guide.pk])}
            for guide in mine
            if guide.pk in open_checks
        ],
    }


def _publisher_queues(safety):
    return {
        "ready_to_publish": {
            **_first(queues.ready_to_publish(limit=SHOWN + 1)),
            "safety": safety
            if safety is not None
            and safety.state == DocumentState.APPROVED
            and safety.approval_is_current
            else None,
        },
        "scheduled": _first(queues.scheduled_releases()),
        "withdrawn": {
            **_first(queues.recently_withdrawn()),
            "days": queues.WITHDRAWN_SHOWN_DAYS,
        },
    }


def _counts(user):
    return {
        "reviews_due": queues.reviews_due_counts(),
        "licences": queues.licences_expiring_counts(user),
        "may_list_reviews_due": user.has_perm("editorial.view_release"),
        "may_list_licences": user.has_perm("editorial.view_licence"),
    }
