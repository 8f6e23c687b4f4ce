"""Who may take which workflow step.

Group permissions say what a role may do in general; this module adds what
permissions cannot say: that only a licensed reviewer signs off, and never
on work of their own (separation of duties), whatever their other rights,
superusers included. Each ``*_refusal`` function returns why the user may
not take the step, or None.
"""

from django.db.models import Case, Q, Value, When
from django.utils import timezone

from editorial.models import Licence, Release, SafetyRelease
from guidance.models import (
    Contributor,
    ContributorRole,
    CrisisResource,
    Guide,
    Person,
    Section,
    SiteNotice,
    Source,
    Tip,
    Topic,
)

AUTHOR_ROLES = {
    ContributorRole.CLINICAL_WRITER,
    ContributorRole.EDITORIAL_WRITER,
    ContributorRole.ORIGINAL_AUTHOR,
}


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


def submit_refusal(user):
    if not user.has_perm("editorial.submit_guide"):
        return "You may not submit guides for review: that takes the Editors' right."
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


def sign_off_refusal(user, guide, *, on=None):
    """Why ``user`` may not approve ``guide`` on the day ``on`` (default today), or None."""
    if not user.has_perm("editorial.sign_off_guide"):
        return "Only clinical reviewers may sign off guides."
    person = clinical_reviewer_of(user)
    if person is None:
        return (
            "Your account is not linked to a clinical reviewer with a clinical credential, "
            "so you cannot sign off."
        )
    refusal = licence_refusal(person, on or timezone.localdate())
    if refusal:
        return refusal
    if _is_author(person, guide):
        return (
            f"{person.name} is credited as an author of this guide; a different clinical "
            "reviewer must sign it off."
        )
    if edited_since_last_release(user, guide):
        return (
            "You edited this guide since its last release; a different clinical reviewer "
            "must sign it off."
        )
    return None


def request_changes_refusal(user, review=None):
    """Clinical reviewers; on a correction, also whoever may approve it."""
    if (
        review is not None
        and review.is_correction
        and not correction_approval_refusal(user, review)
    ):
        return None
    if not user.has_perm("editorial.sign_off_guide") or clinical_reviewer_of(user) is None:
        return "Only clinical reviewers may request changes."
    return None


def correction_approval_refusal(user, review):
    """Why ``user`` may not approve the correction under ``review``, or None.

    The correction right (Clinical reviewers and Publishers by default), and
    a second person: never whoever submitted it or edited the guide since
    its last release.
    """
    if not user.has_perm("editorial.approve_correction"):
        return "You may not approve corrections: that takes the correction right."
    if review.submitted_by_id == user.pk:
        return "You submitted this correction; a second person must approve it."
    if edited_since_last_release(user, review.guide):
        return (
            "You edited this guide since its last release; a second person must approve "
            "the correction."
        )
    return None


def publish_refusal(user):
    if not user.has_perm("editorial.publish_guide"):
        return "You may not publish guides: that takes the publishing right."
    return None


def withdraw_refusal(user):
    if not user.has_perm("editorial.withdraw_guide"):
        return "You may not withdraw guides: that takes the withdrawal right."
    return None


# Safety information takes the guides' rights: editors submit, clinical
# reviewers sign off (never on their own edits), publishers publish.


def safety_submit_refusal(user):
    if not user.has_perm("editorial.submit_guide"):
        return (
            "You may not submit the safety information for review: that takes the Editors' right."
        )
    return None


def safety_sign_off_refusal(user, *, on=None):
    """Why ``user`` may not approve the safety information on the day ``on`` (default
    today), or None. The rights of a guide's sign-off, licence included."""
    if not user.has_perm("editorial.sign_off_guide"):
        return "Only clinical reviewers may sign off the safety information."
    person = clinical_reviewer_of(user)
    if person is None:
        return (
            "Your account is not linked to a clinical reviewer with a clinical credential, "
            "so you cannot sign off."
        )
    refusal = licence_refusal(person, on or timezone.localdate())
    if refusal:
        return refusal
    if edited_safety_information_since_last_release(user):
        return (
            "You edited the safety information since its last release; a different clinical "
            "reviewer must sign it off."
        )
    return None


def safety_publish_refusal(user):
    if not user.has_perm("editorial.publish_guide"):
        return "You may not publish the safety information: that takes the publishing right."
    return None


def edited_safety_information_since_last_release(user):
    """Whether ``user`` changed a site notice or crisis resource since the last safety release.

    Read from the row history, deleted rows included; before any release,
    any edit ever counts.
    """
    by_user = Q(history_user=user)
    last_release = SafetyRelease.objects.live().first()
    if last_release is not None:
        by_user &= Q(history_date__gt=last_release.recorded_at)
    return (
        SiteNotice.history.filter(by_user).exists()
        or CrisisResource.history.filter(by_user).exists()
    )


def _is_author(person, guide):
    return Contributor.objects.filter(guide=guide, person=person, role__in=AUTHOR_ROLES).exists()


def edited_since_last_release(user, guide):
    """Whether ``user`` changed any row of the guide's working copy since its last release.

    Read from the row history, so a row edited and deleted since still counts.
    A withdrawn release does not count: its content was taken back, and
    whatever the user wrote into it is still theirs to have reviewed by others.
    """
    last_release = Release.objects.filter(guide=guide).not_withdrawn().order_by("-number").first()
    by_user = Q(history_user=user)
    if last_release is not None:
        by_user &= Q(history_date__gt=last_release.recorded_at)
    return any(
        model.history.filter(by_user & rows).exists() for model, rows in rows_of(guide).items()
    )


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
