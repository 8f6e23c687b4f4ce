"""Who may take which workflow step.

Group permissions say what a role may do in general; this module adds what
permissions cannot say: that only a licensed reviewer signs off, and never
on work of their own (separation of duties), whatever their other rights,
superusers included. Each ``*_refusal`` function returns why the user may
not take the step, or None.
"""

from django.db.models import Case, Q, Value, When
from django.utils import timezone

from editorial.models import Licence
from guidance.models import ContributorRole, Person

AUTHOR_ROLES = {
    ContributorRole.CLINICAL_WRITER,
    ContributorRole.EDITORIAL_WRITER,
    ContributorRole.ORIGINAL_AUTHOR,
}


def release_author_roles(*, first_release):
    """The roles a release credits as its authors (its update-history entry, its byline).

    Every writing role; the original author only on the first release, as
    later releases are the work of whoever wrote the change.
    """
    if first_release:
        return AUTHOR_ROLES
    return AUTHOR_ROLES - {ContributorRole.ORIGINAL_AUTHOR}


def clinical_reviewer_of(user):
    """The Person who signs off as ``user``, if they are a licensed clinical reviewer.

    Read afresh, not from ``user.person``: a credential revoked a moment ago counts.
    """
    if not user.is_authenticated:
        return None
    return (
        Person.objects.filter(user=user, is_clinical_reviewer=True)
        .exclude(clinical_credential="")
        .first()
    )


# Who may sign off clinical content is not an editor's call: these fields of a
# Person decide it (a credential, the reviewer flag, the account that signs).
SIGN_OFF_FIELDS = ("clinical_credential", "is_clinical_reviewer", "user")


def may_grant_sign_off(user):
    return user.has_perm("guidance.manage_clinical_reviewers")


def sign_off_rights_refusal(user, person):
    """Why ``user`` may not save ``person`` as it is, or None.

    Changing who may sign off (a new person included) takes
    ``guidance.manage_clinical_reviewers``; everything else about a person
    is an editor's to change.
    """
    if may_grant_sign_off(user):
        return None
    changed = [
        name for name, (before, after) in _sign_off_values(person).items() if before != after
    ]
    if changed:
        return (
            f"You may not change {', '.join(changed)}: who may sign off clinical content "
            "is decided by holders of the right to manage clinical reviewers."
        )
    return None


def keep_sign_off_fields(user, person):
    """Put back the saved sign-off fields of ``person`` where ``user`` may not change them."""
    if may_grant_sign_off(user):
        return
    for name, (before, _after) in _sign_off_values(person).items():
        setattr(person, Person._meta.get_field(name).attname, before)


def _sign_off_values(person):
    saved = Person.objects.filter(pk=person.pk).first() if person.pk else None
    saved = saved or Person()
    return {
        name: (getattr(saved, attname), getattr(person, attname))
        for name in SIGN_OFF_FIELDS
        for attname in [Person._meta.get_field(name).attname]
    }


def submit_refusal(user, kind):
    if not user.has_perm("editorial.submit_guide"):
        return f"You may not submit {kind.words.plural} for review: that takes the Editors' right."
    return None


def licence_for_sign_off(person, day):
    """The licence ``person`` signs under on ``day``, or None if none is valid that day.

    A licence is valid up to and including its expiry date. Of several, the
    one of the person's clinical credential, then the one valid longest.
    """
    return (
        Licence.objects.filter(person=person)
        .valid_on(day)
        .order_by(
            Case(When(type=person.clinical_credential, then=Value(0)), default=Value(1)),
            "-expires_on",
            "pk",
        )
        .first()
    )


def licence_refusal(person, day):
    if licence_for_sign_off(person, day) is not None:
        return None
    last = Licence.objects.filter(person=person).order_by("-expires_on").first()
    record = (
        f"the last one on record expired on {last.expires_on}" if last else "none is on record"
    )
    return (
        f"{person.name} holds no licence valid on {day} ({record}): a clinical sign-off "
        "needs one. Licences are kept by holders of the right to manage clinical reviewers."
    )


def sign_off_refusal(user, kind, document, *, on=None):
    """Why ``user`` may not approve ``document`` of ``kind`` on the day ``on`` (default
    today), or None: the sign-off rule, for every kind.

    The clinical sign-off right; an account linked to a Person who is a
    clinical reviewer with a clinical credential; a licence valid that day;
    and separation of duties: not credited as an author of the document, and
    no edit of it since its last release. Superusers included: holding every
    permission gives no credential, licence or distance from one's own work.
    """
    words = kind.words
    if not user.has_perm("editorial.sign_off_guide"):
        return f"Only clinical reviewers may sign off {words.plural}."
    person = clinical_reviewer_of(user)
    if person is None:
        return (
            "Your account is not linked to a clinical reviewer with a clinical credential, "
            "so you cannot sign off."
        )
    refusal = licence_refusal(person, on or timezone.localdate())
    if refusal:
        return refusal
    if kind.credits_as_author(person, document):
        return (
            f"{person.name} is credited as an author of {words.this}; a different clinical "
            "reviewer must sign it off."
        )
    if edited_since_last_release(user, kind, document):
        return (
            f"You edited {words.this} since its last release; a different clinical reviewer "
            "must sign it off."
        )
    return None


def request_changes_refusal(user, kind, review=None):
    """Clinical reviewers; on a correction, also whoever may approve it."""
    if (
        review is not None
        and review.is_correction
        and not correction_approval_refusal(user, kind, review)
    ):
        return None
    if not user.has_perm("editorial.sign_off_guide") or clinical_reviewer_of(user) is None:
        return "Only clinical reviewers may request changes."
    return None


def correction_approval_refusal(user, kind, review):
    """Why ``user`` may not approve the correction under ``review``, or None.

    The correction right (Clinical reviewers and Publishers by default), and
    a second person: never whoever submitted it or edited the document since
    its last release.
    """
    if not user.has_perm("editorial.approve_correction"):
        return "You may not approve corrections: that takes the correction right."
    if review.submitted_by_id == user.pk:
        return "You submitted this correction; a second person must approve it."
    document = getattr(review, kind.document_field) if kind.document_field else None
    if edited_since_last_release(user, kind, document):
        return (
            f"You edited {kind.words.this} since its last release; a second person must approve "
            "the correction."
        )
    return None


def publish_refusal(user, kind):
    if not user.has_perm("editorial.publish_guide"):
        return f"You may not publish {kind.words.plural}: that takes the publishing right."
    return None


def withdraw_refusal(user, kind):
    if not user.has_perm("editorial.withdraw_guide"):
        return f"You may not withdraw {kind.words.plural}: that takes the withdrawal right."
    return None


def edited_since_last_release(user, kind, document):
    """Whether ``user`` changed any row of ``document``'s working copy since its last release.

    Read from the row history (``kind.history_rows``), so a row edited and
    deleted since still counts; before any release, any edit ever counts. A
    withdrawn release does not count: its content was taken back, and
    whatever the user wrote into it is still theirs to have reviewed by others.
    """
    releases = kind.release_model.objects.filter(**kind.document_key(document))
    if kind.withdrawable:
        releases = releases.not_withdrawn()
    last_release = releases.order_by("-number").first()
    by_user = Q(history_user=user)
    if last_release is not None:
        by_user &= Q(history_date__gt=last_release.recorded_at)
    return any(
        model.history.filter(by_user & rows).exists()
        for model, rows in kind.history_rows(document).items()
    )


CONTENT_VERBS = {"add": "add", "change": "edit", "delete": "delete"}


def content_refusal(user, action, model):
    """Why ``user`` may not ``action`` (add, change, delete) rows of ``model``, or None.

    The admin's own rule: Django's model permissions (``guidance.add_section``
    and so on), so an editor may do over the API exactly what the admin lets
    them do.
    """
    opts = model._meta
    if user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        return None
    plural = opts.verbose_name_plural
    return (
        f"You may not {CONTENT_VERBS[action]} {plural}: that takes the right to {action} {plural}."
    )
