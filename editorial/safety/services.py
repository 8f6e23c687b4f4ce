"""The safety information's workflow steps: one function per transition.

The shape of a guide's steps (editorial.services): in one transaction, lock
the safety workflow row, re-read where the safety information stands, check
the user's rights, then the state, then write the step and its log entry. A
refused step raises a WorkflowError before any write, so it changes nothing.
The admin and the editorial API call these; nothing else changes the state.

Rights are the guides': editors submit, clinical reviewers sign off (never
on safety rows they edited since the last safety release), publishers publish.
There is no withdrawal: a crisis line is corrected, never taken away.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from editorial import audit, policy
from editorial.exceptions import InvalidInput, NotAllowed, WrongState
from editorial.models import (
    ReviewState,
    SafetyEvent,
    SafetyRelease,
    SafetyReview,
    SafetyState,
    SafetyWorkflow,
    WorkflowAction,
)
from editorial.publishing import public_content_changed
from editorial.safety.regions import ISO_3166_ALPHA2, default_region
from editorial.safety.status import safety_status
from editorial.services import _decide, _refuse_if, _required
from editorial.webhooks import events as webhook_events

SUBMITTABLE = {
    SafetyState.DRAFT,
    SafetyState.CHANGES_REQUESTED,
    SafetyState.APPROVED,  # only once an edit has voided the approval
    SafetyState.PUBLISHED,  # only with edits since the live release
}


def safety_submit(*, user, change_summary, at=None):
    """Submit the safety information's working copy for clinical review, saying what changed.

    Editors (``editorial.submit_guide``). Refused (WrongState) while a review
    is open, when an approval still matches the working copy, when nothing
    changed since the live release, and when the working copy lacks what
    every guide must carry: a disclaimer and a crisis resource for the
    default region, each resource in a known region. InvalidInput without a
    change summary; NotAllowed without the right.
    """
    with _safety_step(at) as (status, when):
        check_submit(user, status)
        summary = _required(change_summary, "Say what changed: the change summary is required.")
        review = SafetyReview.objects.create(
            submitted_by=user,
            submitted_at=when,
            change_summary=summary,
            submitted_fingerprint=status.fingerprint,
            backdated=at is not None,
        )
        audit.record(review)
        _move(SafetyState.IN_REVIEW, when)
        _log(WorkflowAction.SUBMITTED, user, when, summary, review=review, at=at)
    return review


def safety_approve(*, user, fingerprint, notes="", at=None):
    """Sign off the safety information as it is now, pinned to its fingerprint.

    Clinical reviewers linked to a Person with a clinical credential and a
    licence valid that day (recorded with the sign-off), who did not edit a
    site notice or crisis resource since the last safety release (NotAllowed
    otherwise). ``fingerprint``, the version the reviewer read, is required
    (InvalidInput); if the working copy changed since, WrongState. WrongState
    too without an open review.
    """
    with _safety_step(at) as (status, when):
        day = timezone.localdate(when)
        review = check_approve(user, status, on=day)
        if not fingerprint:
            raise InvalidInput("Say which version you reviewed: its fingerprint is required.")
        _refuse_if_changed(status, fingerprint)
        person = policy.clinical_reviewer_of(user)
        review.licence = policy.licence_for_sign_off(person, day).as_recorded()
        _decide(review, user, ReviewState.APPROVED, notes.strip(), status.fingerprint, when, at)
        _move(SafetyState.APPROVED, when)
        _log(WorkflowAction.APPROVED, user, when, review.notes, review=review, at=at)
    return review


def safety_request_changes(*, user, notes, fingerprint=None, at=None):
    """Send the safety information back to its editors, saying what must change.

    Clinical reviewers (NotAllowed otherwise); an open review (WrongState);
    ``notes`` required (InvalidInput); a ``fingerprint`` given must still be
    the working copy's (WrongState).
    """
    with _safety_step(at) as (status, when):
        review = check_request_changes(user, status)
        _refuse_if_changed(status, fingerprint)
        notes = _required(notes, "Say what needs to change: notes are required.")
        _decide(review, user, ReviewState.CHANGES_REQUESTED, notes, status.fingerprint, when, at)
        _move(SafetyState.CHANGES_REQUESTED, when)
        _log(WorkflowAction.CHANGES_REQUESTED, user, when, notes, review=review, at=at)
    return review


def safety_publish(*, user, at=None):
    """Publish the approved safety information as a new, immutable release, live at once.

    Publishers (``editorial.publish_guide``; NotAllowed otherwise). Requires
    an approval whose fingerprint equals the working copy's now, and the
    working copy to carry a disclaimer and a crisis resource for the default
    region (WrongState). Every guide answer carries the new release at once.
    """
    with _safety_step(at) as (status, when):
        approval = check_publish(user, status)
        live = status.live_release
        release = SafetyRelease.objects.create(
            number=(live.number + 1) if live else 1,
            snapshot=status.snapshot,
            fingerprint=status.fingerprint,
            review=approval,
            change_summary=approval.change_summary,
            published_by=user,
            published_at=when,
            backdated=at is not None,
        )
        audit.record(release)
        public_content_changed()
        webhook_events.safety_information_published(
            {
                "release": release.number,
                "published_at": when.isoformat(),
                "regions": sorted(
                    {resource["region"] for resource in release.snapshot["crisis_resources"]}
                ),
                "change_summary": release.change_summary,
            }
        )
        _move(SafetyState.PUBLISHED, when)
        _log(
            WorkflowAction.PUBLISHED,
            user,
            when,
            f"Release {release.number}",
            release=release,
            at=at,
        )
    return release


# The checks each step makes: rights (NotAllowed), then state (WrongState).
# Shared with allowed_steps(), so a button appears exactly when the step would be accepted.


def check_submit(user, status):
    _refuse_if(policy.safety_submit_refusal(user), NotAllowed)
    if status.state == SafetyState.IN_REVIEW:
        raise WrongState("The safety information is already in review.")
    if status.state not in SUBMITTABLE:
        raise WrongState(f"The safety information cannot be submitted from “{status.label}”.")
    if status.state == SafetyState.APPROVED and status.approval_is_current:
        raise WrongState("This version is already approved; it can be published as it is.")
    if status.matches_live_release:
        raise WrongState(
            f"Nothing has changed since safety release {status.live_release.number}; "
            "there is nothing to review."
        )
    _refuse_incomplete(status.snapshot)


def check_approve(user, status, *, on=None):
    _refuse_if(policy.safety_sign_off_refusal(user, on=on), NotAllowed)
    return _open_review(status)


def check_request_changes(user, status):
    _refuse_if(policy.request_changes_refusal(user), NotAllowed)
    return _open_review(status)


def check_publish(user, status):
    _refuse_if(policy.safety_publish_refusal(user), NotAllowed)
    if status.state != SafetyState.APPROVED or status.approval is None:
        raise WrongState(
            f"Only approved safety information can be published; it is “{status.label}”."
        )
    if not status.approval_is_current:
        raise WrongState(
            "The safety information was edited after it was approved, so it needs review "
            "again before it can be published."
        )
    _refuse_incomplete(status.snapshot)
    return status.approval


CHECKS = {
    "submit": check_submit,
    "approve": check_approve,
    "request_changes": check_request_changes,
    "publish": check_publish,
}


def allowed_safety_steps(user, status):
    """The steps ``user`` may take on the safety information now: ``{step: None | why not}``."""
    refusals = {}
    for step, check in CHECKS.items():
        try:
            check(user, status)
        except (NotAllowed, WrongState) as refusal:
            refusals[step] = refusal.message
        else:
            refusals[step] = None
    return refusals


@contextmanager
def _safety_step(at):
    """One step: a transaction holding the safety workflow row's lock, and where it stands."""
    if at is not None and (timezone.is_naive(at) or at > timezone.now()):
        raise InvalidInput("A backdated step needs a past time with its time zone.")
    with transaction.atomic():
        SafetyWorkflow.objects.get_or_create(pk=SafetyWorkflow.ONLY)
        SafetyWorkflow.objects.select_for_update().get(pk=SafetyWorkflow.ONLY)
        last_step = SafetyEvent.objects.order_by("-at").first()
        if at is not None and last_step is not None and at < last_step.at:
            raise InvalidInput("A backdated step cannot come before the last safety step.")
        # Read only once the lock is held: a step that waited sees the one before it.
        yield safety_status(), at or timezone.now()


def _refuse_incomplete(snapshot):
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


def _open_review(status):
    if status.open_review is None:
        raise WrongState(
            f"There is no open review to decide on; the safety information is “{status.label}”."
        )
    return status.open_review


def _refuse_if_changed(status, fingerprint):
    if fingerprint and fingerprint != status.fingerprint:
        raise WrongState(
            "The safety information changed after you opened it. Reload it to see the latest "
            "version before deciding."
        )


def _move(state, when):
    SafetyWorkflow.objects.update_or_create(
        pk=SafetyWorkflow.ONLY, defaults={"state": state, "changed_at": when}
    )


def _log(action, user, when, detail, *, review=None, release=None, at=None):
    event = SafetyEvent.objects.create(
        action=action,
        actor=user,
        at=when,
        detail=detail,
        review=review,
        release=release,
        backdated=at is not None,
    )
    audit.record(event)
