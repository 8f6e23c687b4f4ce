"""The workflow's steps, once for every reviewable kind: one function per transition.

The admin, the API and the management commands call these (through the
kinds' named services: editorial.services for guides, editorial.safety.services
for the safety information); nothing else changes workflow state. Every step
has the same shape: in one transaction, lock the document, re-read where it
stands, check the user's rights (editorial.policy), check the step is
allowed now, then write the step, its log entry and its audit chain entries.
A refused step raises a WorkflowError (see editorial.exceptions) before any
write, so it changes nothing.

``kind`` is an editorial.workflow.kind.ReviewableKind; ``document`` the row
it reviews (None for a kind with one document). ``at`` lets an import of past
content record when a step really happened; such rows are marked
``backdated`` and keep the time they were written.
"""

import datetime
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from editorial import audit, policy
from editorial.exceptions import InvalidInput, NotAllowed, WrongState
from editorial.models import DocumentState, ReviewKind, ReviewState, WorkflowAction
from editorial.workflow.status import status_for
from guidance.models import Person

# The admin picks times to the minute: a go-live time in the current minute means now.
GO_LIVE_GRACE = datetime.timedelta(minutes=1)

SUBMITTABLE = {
    DocumentState.DRAFT,
    DocumentState.CHANGES_REQUESTED,
    DocumentState.APPROVED,  # only once an edit has voided the approval
    DocumentState.PUBLISHED,  # only with edits since the newest release
    DocumentState.WITHDRAWN,
}


def submit(
    kind,
    document,
    *,
    user,
    change_summary,
    review_kind=ReviewKind.CLINICAL,
    waivers=None,
    at=None,
):
    """Submit the working copy for review, with a summary of the change.

    Editors (``editorial.submit_guide``). Refused while a review is open, when
    an approval still matches the working copy, when nothing changed since
    the newest release, and by the kind's checks (a guide must be complete:
    editorial.checks.completeness). What the kind lets a submitter waive
    needs a written reason in ``waivers`` ({id: reason}), kept with the review
    for the reviewer (409 otherwise). For a kind taking corrections,
    ``review_kind`` is ``clinical`` (a clinical reviewer signs it off) or
    ``correction``: refused (409, with the kind's reasons) unless the change
    since the live release is one.
    """
    if review_kind not in ReviewKind.values:
        raise InvalidInput(f"A submission is “clinical” or “correction”, not “{review_kind}”.")
    with _step(kind, document, at) as (document, status, when):
        guard_submit(kind, user, status)
        summary = _required(change_summary, "Say what changed: the change summary is required.")
        fields = {}  # the kind's own columns of the review
        if kind.corrections:
            rests_on = None
            if review_kind == ReviewKind.CORRECTION:
                rests_on = kind.correction_rests_on(status)
            fields.update(kind=review_kind, rests_on=rests_on)
        recorded_waivers = kind.submission_waivers(status, waivers or {})
        if recorded_waivers is not None:
            fields["waivers"] = recorded_waivers
        review = kind.review_model.objects.create(
            **kind.document_key(document),
            submitted_by=user,
            submitted_at=when,
            change_summary=summary,
            submitted_fingerprint=status.fingerprint,
            backdated=at is not None,
            **fields,
        )
        audit.record(review)
        _move(kind, document, DocumentState.IN_REVIEW, when)
        detail = f"Correction: {summary}" if review.is_correction else summary
        _log(kind, document, WorkflowAction.SUBMITTED, user, when, detail, review=review, at=at)
    return review


def approve(kind, document, *, user, fingerprint, notes="", waivers=None, at=None):
    """Sign off the working copy as it is now, pinned to its fingerprint.

    The sign-off rule (editorial.policy.sign_off_refusal): clinical reviewers
    linked to a Person with a clinical credential and a licence valid that
    day (recorded with the sign-off), not credited as its authors, who did
    not edit it since its last release. A correction instead takes the
    correction right and a second person, and must still be a correction.
    ``fingerprint`` is the version the reviewer read (required): if the
    document changed since, the approval is refused rather than applied to
    content nobody reviewed. A kind with checks needs a written reason in
    ``waivers`` ({id: reason}) for each open finding (409 otherwise).
    """
    with _step(kind, document, at) as (document, status, when):
        day = timezone.localdate(when)
        review = guard_approve(kind, user, status, on=day)
        if not fingerprint:
            raise InvalidInput("Say which version you reviewed: its fingerprint is required.")
        _refuse_if_changed(kind, status, fingerprint)
        if review.is_correction:
            kind.correction_rests_on(status)
        recorded_waivers = kind.waivers(status, waivers or {})
        if recorded_waivers is not None:
            # Beside the submitter's: the reviewer read and accepted those too.
            review.waivers = {**review.waivers, **recorded_waivers}
        if not review.is_correction:
            person = policy.clinical_reviewer_of(user)
            review.licence = policy.licence_for_sign_off(person, day).as_recorded()
        _decide(review, user, ReviewState.APPROVED, notes.strip(), status.fingerprint, when, at)
        _move(kind, document, DocumentState.APPROVED, when)
        _log(
            kind, document, WorkflowAction.APPROVED, user, when, review.notes, review=review, at=at
        )
    return review


def request_changes(kind, document, *, user, notes, fingerprint=None, at=None):
    """Send the document back to its editors, saying what must change. Clinical reviewers."""
    with _step(kind, document, at) as (document, status, when):
        review = guard_request_changes(kind, user, status)
        _refuse_if_changed(kind, status, fingerprint)
        notes = _required(notes, "Say what needs to change: notes are required.")
        _decide(review, user, ReviewState.CHANGES_REQUESTED, notes, status.fingerprint, when, at)
        _move(kind, document, DocumentState.CHANGES_REQUESTED, when)
        action = WorkflowAction.CHANGES_REQUESTED
        _log(kind, document, action, user, when, notes, review=review, at=at)
    return review


def publish(kind, document, *, user, go_live_at=None, at=None):
    """Publish the approved working copy as a new, immutable, numbered release.

    Publishers (``editorial.publish_guide``). Requires an approval whose
    fingerprint equals the working copy's now. For a kind with go-live times,
    ``go_live_at`` schedules the release: it becomes live at that time by
    itself, and a release still waiting for its go-live time is superseded
    (withdrawn before anyone saw it).
    """
    with _step(kind, document, at) as (document, status, when):
        approval = guard_publish(kind, user, status)
        newest = status.newest_release
        fields = {}
        if kind.withdrawable:
            fields["go_live_at"] = go_live_at = _go_live(go_live_at, when)
        snapshot, fingerprint = kind.release_form(status, approval)
        release = kind.release_model.objects.create(
            **kind.document_key(document),
            **fields,
            **kind.release_fields(status, approval, snapshot),
            number=(newest.number + 1) if newest else 1,
            snapshot=snapshot,
            fingerprint=fingerprint,
            review=approval,
            change_summary=approval.change_summary,
            published_by=user,
            published_at=when,
            backdated=at is not None,
        )
        superseded = _supersede_scheduled(kind, document, release, user, when)
        kind.released(release)
        audit.record(release, *superseded)
        _move(kind, document, DocumentState.PUBLISHED, when)
        detail = f"Release {release.number}"
        if approval.is_correction:
            detail += " (a correction)"
        if release.is_scheduled(when):
            detail += f", going live {release.go_live_at:%Y-%m-%d %H:%M %Z}"
        if superseded:
            numbers = ", ".join(str(row.number) for row in sorted(superseded, key=_number))
            detail += f"; superseded release {numbers} before it went live"
        _log(kind, document, WorkflowAction.PUBLISHED, user, when, detail, release=release, at=at)
    return release


def withdraw(kind, document, *, user, reason, at=None):
    """Take the document off the public API at once, with a reason.

    Withdraws every release not yet withdrawn (the live one and any scheduled
    one), so no older release comes back in its place, and closes an open
    review. Clinical reviewers and holders of ``editorial.withdraw_guide``.
    Returns the numbers of the releases withdrawn.
    """
    with _step(kind, document, at) as (document, status, when):
        guard_withdraw(kind, user, status)
        reason = _required(
            reason, f"Say why {kind.words.the} is withdrawn: the reason is required."
        )
        key = kind.document_key(document)
        withdrawn = kind.release_model.objects.filter(**key).not_withdrawn()
        withdrawn_rows = list(withdrawn)
        numbers = sorted(row.number for row in withdrawn_rows)
        withdrawn.update(withdrawn_at=when, withdrawn_by=user, withdrawal_reason=reason)
        closed = list(kind.review_model.objects.open().filter(**key))
        kind.review_model.objects.filter(pk__in=[review.pk for review in closed]).update(
            state=ReviewState.CANCELLED,
            notes=f"Closed: {kind.words.the} was withdrawn. {reason}",
        )
        kind.withdrawn(document, numbers, reason)
        audit.record(*withdrawn_rows, *closed)
        _move(kind, document, DocumentState.WITHDRAWN, when)
        detail = f"Releases {', '.join(map(str, numbers))}: {reason}"
        _log(kind, document, WorkflowAction.WITHDRAWN, user, when, detail, at=at)
    return numbers


# Each step's guard: the user's rights (NotAllowed), then the state (WrongState),
# then the kind's checks on its working copy. Shared with allowed_steps(), so
# the admin offers a button exactly when the step would be accepted.


def guard_submit(kind, user, status):
    _refuse_if(policy.submit_refusal(user, kind), NotAllowed)
    words = kind.words
    if status.state == DocumentState.IN_REVIEW:
        raise WrongState(f"{words.this.capitalize()} is already in review.")
    if status.state not in SUBMITTABLE:
        raise WrongState(f"{words.one.capitalize()} cannot be submitted from “{status.label}”.")
    if status.state == DocumentState.APPROVED and status.approval_is_current:
        raise WrongState("This version is already approved; it can be published as it is.")
    if _nothing_changed(kind, status):
        raise WrongState(
            f"Nothing has changed since {words.release} {status.newest_release.number}; "
            "there is nothing to review."
        )
    kind.submit_checks(status)


def _nothing_changed(kind, status):
    """Whether the working copy is what readers already have, so there is nothing to review.

    A kind whose releases are never withdrawn: while it matches the live
    release, in any state. Otherwise: once published, while it matches the
    newest release (a withdrawn guide may be submitted as it was).
    """
    if not kind.withdrawable:
        return status.matches_live_release
    return status.state == DocumentState.PUBLISHED and status.matches_newest_release


def guard_approve(kind, user, status, on=None):
    review = status.open_review
    if review is not None and review.is_correction:
        _refuse_if(policy.correction_approval_refusal(user, kind, review), NotAllowed)
    else:
        _refuse_if(policy.sign_off_refusal(user, kind, status.document, on=on), NotAllowed)
    return _open_review(kind, status)


def guard_request_changes(kind, user, status):
    _refuse_if(policy.request_changes_refusal(user, kind, status.open_review), NotAllowed)
    return _open_review(kind, status)


def guard_publish(kind, user, status):
    _refuse_if(policy.publish_refusal(user, kind), NotAllowed)
    words = kind.words
    if status.state != DocumentState.APPROVED or status.approval is None:
        raise WrongState(
            f"Only {words.approved_one} can be published; {words.it} is “{status.label}”."
        )
    if not status.approval_is_current:
        raise WrongState(
            f"{words.the.capitalize()} was edited after it was approved, so it needs review "
            "again before it can be published."
        )
    kind.publish_checks(status)
    return status.approval


def guard_withdraw(kind, user, status):
    _refuse_if(policy.withdraw_refusal(user, kind), NotAllowed)
    if not kind.withdrawable:
        raise WrongState(
            f"{kind.words.this.capitalize()} is never withdrawn, only corrected: "
            "publish a corrected release instead."
        )
    if status.live_release is None and status.scheduled_release is None:
        raise WrongState(
            f"{kind.words.this.capitalize()} has no live or scheduled release to withdraw."
        )


GUARDS = {
    "submit": guard_submit,
    "approve": guard_approve,
    "request_changes": guard_request_changes,
    "publish": guard_publish,
    "withdraw": guard_withdraw,
}


def allowed_steps(kind, user, status):
    """The steps ``user`` may take on the document now, each with why not if refused.

    Returns ``{step: None | message}``: None where the step would be accepted.
    """
    refusals = {}
    for step in kind.steps:
        try:
            GUARDS[step](kind, user, status)
        except (NotAllowed, WrongState) as refusal:
            refusals[step] = refusal.message
        else:
            refusals[step] = None
    return refusals


@contextmanager
def _step(kind, document, at):
    """One transition: a transaction holding the document's lock, and where it stands."""
    if at is not None and (timezone.is_naive(at) or at > timezone.now()):
        raise InvalidInput("A backdated step needs a past time with its time zone.")
    with transaction.atomic():
        locked = kind.lock(document)
        last_step = (
            kind.event_model.objects.filter(**kind.document_key(locked)).order_by("-at").first()
        )
        if at is not None and last_step is not None and at < last_step.at:
            raise InvalidInput(f"A backdated step cannot come before {kind.words.last_step}.")
        # Read only once the lock is held: a step that waited sees the one before it.
        yield locked, status_for(kind, locked), at or timezone.now()


def _refuse_if(refusal, error):
    if refusal:
        raise error(refusal)


def _required(text, message):
    text = (text or "").strip()
    if not text:
        raise InvalidInput(message)
    return text


def _open_review(kind, status):
    if status.open_review is None:
        raise WrongState(
            f"There is no open review to decide on; {kind.words.the} is “{status.label}”."
        )
    return status.open_review


def _refuse_if_changed(kind, status, fingerprint):
    if fingerprint and fingerprint != status.fingerprint:
        raise WrongState(
            f"{kind.words.the.capitalize()} changed after you opened it. {kind.words.reload} "
            "to see the latest version before deciding."
        )


def _go_live(go_live_at, when):
    go_live_at = go_live_at or when
    if timezone.is_naive(go_live_at):
        raise InvalidInput("Give the go-live time with its time zone.")
    if go_live_at < when - GO_LIVE_GRACE:
        raise InvalidInput("The go-live time has passed; leave it empty to publish now.")
    return max(go_live_at, when)


def _supersede_scheduled(kind, document, release, user, when):
    """Withdraw the document's releases still waiting for their go-live time.

    They would otherwise go live later than this newer one, or appear in the
    update history though no reader ever had them. Returns them.
    """
    if not kind.withdrawable:
        return []
    superseded = kind.release_model.objects.filter(
        **kind.document_key(document), number__lt=release.number
    ).scheduled()
    rows = list(superseded)
    superseded.update(
        withdrawn_at=when,
        withdrawn_by=user,
        withdrawal_reason=f"Superseded by release {release.number} before it went live.",
    )
    return rows


def _number(release):
    return release.number


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


def _move(kind, document, state, when):
    kind.state_model.objects.update_or_create(
        **kind.state_key(document), defaults={"state": state, "changed_at": when}
    )


def _log(kind, document, action, user, when, detail, *, review=None, release=None, at=None):
    event = kind.event_model.objects.create(
        **kind.document_key(document),
        action=action,
        actor=user,
        at=when,
        detail=detail,
        review=review,
        release=release,
        backdated=at is not None,
    )
    audit.record(event)
