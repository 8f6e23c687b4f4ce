"""The editorial workflow's steps: one function per transition.

The admin, the API and the management commands all call these; nothing else
changes workflow state. Every step has the same shape: in one transaction,
lock the guide row, re-read where the guide stands, check the user's rights,
check the step is allowed now, then write the step and its log entry. A
refused step raises a WorkflowError (see editorial.exceptions) before any
write, so it changes nothing.

``at`` lets an import of past content record when a step really happened;
such rows are marked ``backdated`` and keep the time they were written.
"""

import calendar
import datetime
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from editorial import audit, policy
from editorial.checks import guide_checks, waivers_for_approval
from editorial.checks.correction import classify
from editorial.checks.readability import reading_level
from editorial.exceptions import InvalidInput, NotAllowed, WrongState
from editorial.legacy_pins import full_snapshot, release_form
from editorial.models import (
    GuideState,
    Release,
    ReleaseKind,
    Review,
    ReviewKind,
    ReviewState,
    SafetyRelease,
    Workflow,
    WorkflowAction,
    WorkflowEvent,
)
from editorial.publishing import (
    guide_authors,
    index_release,
    public_content_changed,
    slugs_of,
)
from editorial.status import status_of
from editorial.webhooks import events as webhook_events
from guidance.models import ContributorRole, Guide, Person

# The admin picks times to the minute: a go-live time in the current minute means now.
GO_LIVE_GRACE = datetime.timedelta(minutes=1)

SUBMITTABLE = {
    GuideState.DRAFT,
    GuideState.CHANGES_REQUESTED,
    GuideState.APPROVED,  # only once an edit has voided the approval
    GuideState.PUBLISHED,  # only with edits since the newest release
    GuideState.WITHDRAWN,
}


def guide_submit(*, guide, user, change_summary, kind=ReviewKind.CLINICAL, at=None):
    """Submit the guide's working copy for review, with a summary of the change.

    Editors (``editorial.submit_guide``). Refused while a review is open, when
    an approval still matches the working copy, and when nothing changed since
    the newest release. ``kind`` is ``clinical`` (a clinical reviewer signs it
    off) or ``correction``: refused (409, with the classifier's reasons) unless
    the change since the live release is one (editorial.checks.correction).
    """
    if kind not in ReviewKind.values:
        raise InvalidInput(f"A submission is “clinical” or “correction”, not “{kind}”.")
    with _step(guide, at) as (guide, status, when):
        check_submit(user, status)
        summary = _required(change_summary, "Say what changed: the change summary is required.")
        rests_on = check_correction(status) if kind == ReviewKind.CORRECTION else None
        review = Review.objects.create(
            guide=guide,
            submitted_by=user,
            submitted_at=when,
            change_summary=summary,
            submitted_fingerprint=status.fingerprint,
            kind=kind,
            rests_on=rests_on,
            backdated=at is not None,
        )
        audit.record(review)
        _move(guide, GuideState.IN_REVIEW, when)
        detail = f"Correction: {summary}" if rests_on else summary
        _log(guide, WorkflowAction.SUBMITTED, user, when, detail, review=review, at=at)
    return review


def guide_approve(*, guide, user, fingerprint, notes="", waivers=None, at=None):
    """Sign off the guide's working copy as it is now, pinned to its fingerprint.

    Clinical reviewers linked to a Person with a clinical credential and a
    licence valid that day (recorded with the sign-off), who are not credited
    as its authors and did not edit it since its last release. A correction
    instead takes the correction right and a second person (never its
    submitter), and must still be a correction.
    ``fingerprint`` is the version the reviewer read (required): if the guide
    changed since, the approval is refused rather than applied to content
    nobody reviewed. Every open safe-messaging finding, and a reading grade
    over the limit, needs a written reason in ``waivers`` ({id: reason}),
    stored with the sign-off; without them the approval is refused (409).
    """
    with _step(guide, at) as (guide, status, when):
        day = timezone.localdate(when)
        review = check_approve(user, status, on=day)
        if not fingerprint:
            raise InvalidInput("Say which version you reviewed: its fingerprint is required.")
        _refuse_if_changed(status, fingerprint)
        if review.is_correction:
            check_correction(status)
        review.waivers = waivers_for_approval(guide_checks(status), waivers or {})
        if not review.is_correction:
            person = policy.clinical_reviewer_of(user)
            review.licence = policy.licence_for_sign_off(person, day).as_recorded()
        _decide(review, user, ReviewState.APPROVED, notes.strip(), status.fingerprint, when, at)
        _move(guide, GuideState.APPROVED, when)
        _log(guide, WorkflowAction.APPROVED, user, when, review.notes, review=review, at=at)
    return review


def guide_request_changes(*, guide, user, notes, fingerprint=None, at=None):
    """Send the guide back to its editors, saying what must change. Clinical reviewers."""
    with _step(guide, at) as (guide, status, when):
        review = check_request_changes(user, status)
        _refuse_if_changed(status, fingerprint)
        notes = _required(notes, "Say what needs to change: notes are required.")
        _decide(review, user, ReviewState.CHANGES_REQUESTED, notes, status.fingerprint, when, at)
        _move(guide, GuideState.CHANGES_REQUESTED, when)
        _log(guide, WorkflowAction.CHANGES_REQUESTED, user, when, notes, review=review, at=at)
    return review


def guide_publish(*, guide, user, go_live_at=None, at=None):
    """Publish the approved working copy as a new, immutable release.

    Publishers (``editorial.publish_guide``). Requires an approval whose
    fingerprint equals the working copy's now. ``go_live_at`` schedules the
    release: it becomes live at that time by itself. A release still waiting
    for its go-live time is superseded (withdrawn before anyone saw it).
    """
    with _step(guide, at) as (guide, status, when):
        approval = check_publish(user, status)
        go_live_at = go_live_at or when
        if timezone.is_naive(go_live_at):
            raise InvalidInput("Give the go-live time with its time zone.")
        if go_live_at < when - GO_LIVE_GRACE:
            raise InvalidInput("The go-live time has passed; leave it empty to publish now.")
        go_live_at = max(go_live_at, when)
        snapshot, fingerprint = release_form(status, approval)
        # A correction rests on the last clinical sign-off: readers are told
        # of that one, and its review-due date stands.
        clinical = approval.rests_on if approval.is_correction else approval
        release = Release.objects.create(
            guide=guide,
            number=(status.newest_release.number + 1) if status.newest_release else 1,
            snapshot=snapshot,
            fingerprint=fingerprint,
            review=approval,
            kind=ReleaseKind.CORRECTION if approval.is_correction else ReleaseKind.CLINICAL,
            clinical_review=clinical,
            reading_level=reading_level(snapshot),
            change_summary=approval.change_summary,
            authors=_authors(snapshot, first=status.newest_release is None),
            published_by=user,
            published_at=when,
            go_live_at=go_live_at,
            review_due=review_due_after(timezone.localdate(clinical.decided_at)),
            backdated=at is not None,
        )
        index_release(release)
        public_content_changed(guides=slugs_of(guide))
        # A release waiting for its go-live time would otherwise go live later
        # than this newer one, or appear in the update history though no
        # reader ever had it.
        superseded = Release.objects.filter(guide=guide, number__lt=release.number).scheduled()
        superseded_rows = list(superseded)
        superseded_numbers = sorted(row.number for row in superseded_rows)
        superseded.update(
            withdrawn_at=when,
            withdrawn_by=user,
            withdrawal_reason=f"Superseded by release {release.number} before it went live.",
        )
        audit.record(release, *superseded_rows)
        _move(guide, GuideState.PUBLISHED, when)
        detail = f"Release {release.number}"
        if release.kind == ReleaseKind.CORRECTION:
            detail += " (a correction)"
        if go_live_at > when:
            detail += f", going live {go_live_at:%Y-%m-%d %H:%M %Z}"
        if superseded_numbers:
            numbers = ", ".join(map(str, superseded_numbers))
            detail += f"; superseded release {numbers} before it went live"
        _log(guide, WorkflowAction.PUBLISHED, user, when, detail, release=release, at=at)
        # In this transaction: a publish that rolls back announces nothing.
        webhook_events.guide_published(release)
    return release


def guide_withdraw(*, guide, user, reason, at=None):
    """Take the guide off the public API at once, with a reason.

    Withdraws every release not yet withdrawn (the live one and any scheduled
    one), so no older release comes back in its place, and closes an open
    review. Clinical reviewers and holders of ``editorial.withdraw_guide``.
    """
    with _step(guide, at) as (guide, status, when):
        check_withdraw(user, status)
        reason = _required(reason, "Say why the guide is withdrawn: the reason is required.")
        withdrawn = Release.objects.filter(guide=guide).not_withdrawn()
        withdrawn_rows = list(withdrawn)
        numbers = sorted(row.number for row in withdrawn_rows)
        withdrawn.update(withdrawn_at=when, withdrawn_by=user, withdrawal_reason=reason)
        public_content_changed(guides=slugs_of(guide))
        closed = list(Review.objects.open().filter(guide=guide))
        Review.objects.filter(pk__in=[review.pk for review in closed]).update(
            state=ReviewState.CANCELLED, notes=f"Closed: the guide was withdrawn. {reason}"
        )
        audit.record(*withdrawn_rows, *closed)
        _move(guide, GuideState.WITHDRAWN, when)
        detail = f"Releases {', '.join(map(str, numbers))}: {reason}"
        _log(guide, WorkflowAction.WITHDRAWN, user, when, detail, at=at)
        webhook_events.guide_withdrawn(guide, numbers=numbers, reason=reason)
    return numbers


# The checks each step makes, in order: rights (NotAllowed), then state
# (WrongState). Shared with allowed_steps(), so the admin offers a button
# exactly when the step would be accepted.


def check_submit(user, status):
    _refuse_if(policy.submit_refusal(user), NotAllowed)
    if status.state == GuideState.IN_REVIEW:
        raise WrongState("This guide is already in review.")
    if status.state not in SUBMITTABLE:
        raise WrongState(f"A guide cannot be submitted from “{status.label}”.")
    if status.state == GuideState.APPROVED and status.approval_is_current:
        raise WrongState("This version is already approved; it can be published as it is.")
    if status.state == GuideState.PUBLISHED and status.matches_newest_release:
        raise WrongState(
            f"Nothing has changed since release {status.newest_release.number}; "
            "there is nothing to review."
        )


def check_approve(user, status, on=None):
    review = status.open_review
    if review is not None and review.is_correction:
        _refuse_if(policy.correction_approval_refusal(user, review), NotAllowed)
    else:
        _refuse_if(policy.sign_off_refusal(user, status.guide, on=on), NotAllowed)
    return _open_review(status)


def check_request_changes(user, status):
    _refuse_if(policy.request_changes_refusal(user, status.open_review), NotAllowed)
    return _open_review(status)


def check_correction(status):
    """The clinical sign-off a correction rests on, or why the change is not a correction."""
    live = status.live_release
    verdict = classify(full_snapshot(live) if live else None, status.snapshot)
    if not verdict["eligible"]:
        raise WrongState(
            "This change is not a correction, so it needs a clinical review (submit it as "
            f"“clinical”): {' '.join(verdict['reasons'])}",
            details={"reasons": verdict["reasons"]},
        )
    return live.clinical_review or live.review


def check_publish(user, status):
    _refuse_if(policy.publish_refusal(user), NotAllowed)
    if status.state != GuideState.APPROVED or status.approval is None:
        raise WrongState(f"Only an approved guide can be published; this one is “{status.label}”.")
    if not status.approval_is_current:
        raise WrongState(
            "The guide was edited after it was approved, so it needs review again "
            "before it can be published."
        )
    if not SafetyRelease.objects.live().carrying_what_guides_need().exists():
        raise WrongState(
            "No guide can be published before the safety information is live: a disclaimer "
            "and at least one crisis resource, signed off by a clinical reviewer and "
            "published (see Safety information)."
        )
    return status.approval


def check_withdraw(user, status):
    _refuse_if(policy.withdraw_refusal(user), NotAllowed)
    if status.live_release is None and status.scheduled_release is None:
        raise WrongState("This guide has no live or scheduled release to withdraw.")


CHECKS = {
    "submit": check_submit,
    "approve": check_approve,
    "request_changes": check_request_changes,
    "publish": check_publish,
    "withdraw": check_withdraw,
}


def allowed_steps(user, status):
    """The steps ``user`` may take on the guide now, each with why not if refused.

    Returns ``{step: None | message}``: None where the step would be accepted.
    """
    refusals = {}
    for step, check in CHECKS.items():
        try:
            check(user, status)
        except (NotAllowed, WrongState) as refusal:
            refusals[step] = refusal.message
        else:
            refusals[step] = None
    return refusals


def review_due_after(signed_on):
    """The sign-off date plus ``GUIDANCE_REVIEW_INTERVAL_MONTHS`` (29 Feb → 28 Feb)."""
    months = signed_on.month - 1 + settings.GUIDANCE_REVIEW_INTERVAL_MONTHS
    year, month = signed_on.year + months // 12, months % 12 + 1
    day = min(signed_on.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


@contextmanager
def _step(guide, at):
    """One transition: a transaction holding the guide's row lock, and where it stands."""
    if at is not None and (timezone.is_naive(at) or at > timezone.now()):
        raise InvalidInput("A backdated step needs a past time with its time zone.")
    with transaction.atomic():
        locked = Guide.objects.select_for_update().filter(pk=guide.pk).first()
        if locked is None:
            raise WrongState("This guide no longer exists.")
        last_step = WorkflowEvent.objects.filter(guide=locked).order_by("-at").first()
        if at is not None and last_step is not None and at < last_step.at:
            raise InvalidInput("A backdated step cannot come before the guide's last step.")
        # Read only once the lock is held: a step that waited sees the one before it.
        yield locked, status_of(locked), at or timezone.now()


def _refuse_if(refusal, error):
    if refusal:
        raise error(refusal)


def _required(text, message):
    text = (text or "").strip()
    if not text:
        raise InvalidInput(message)
    return text


def _open_review(status):
    if status.open_review is None:
        raise WrongState(f"There is no open review to decide on; the guide is “{status.label}”.")
    return status.open_review


def _refuse_if_changed(status, fingerprint):
    if fingerprint and fingerprint != status.fingerprint:
        raise WrongState(
            "The guide changed after you opened it. Reload the review to see the latest "
            "version before deciding."
        )


def _decide(review, user, state, notes, fingerprint, when, at):
    # A correction's approver need not be a clinician, nor linked to a person.
    person = policy.clinical_reviewer_of(user) or Person.objects.filter(user=user).first()
    review.state = state
    review.decided_by = user
    review.decided_at = when
    review.notes = notes
    review.fingerprint = fingerprint
    review.reviewer = person
    review.reviewer_name = person.name if person else (user.get_full_name() or user.get_username())
    review.reviewer_credentials = person.credentials if person else ""
    review.reviewer_clinical_credential = person.clinical_credential if person else ""
    review.backdated = review.backdated or at is not None
    review.save()
    audit.record(review)


def _move(guide, state, when):
    Workflow.objects.update_or_create(guide=guide, defaults={"state": state, "changed_at": when})


def _log(guide, action, user, when, detail, *, review=None, release=None, at=None):
    event = WorkflowEvent.objects.create(
        guide=guide,
        action=action,
        actor=user,
        at=when,
        detail=detail,
        review=review,
        release=release,
        backdated=at is not None,
    )
    audit.record(event)


def _authors(snapshot, *, first):
    """Who wrote this version: its writers, and for a first release its original author."""
    roles = policy.AUTHOR_ROLES
    if not first:
        roles = roles - {ContributorRole.ORIGINAL_AUTHOR}
    return guide_authors(snapshot, roles)
