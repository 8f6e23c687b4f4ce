"""Who may take which workflow step.

Group permissions say what a role may do in general; this module adds what
permissions cannot say: that only a licensed reviewer signs off, and never
on work of their own (separation of duties), whatever their other rights,
superusers included. Each ``*_refusal`` function returns why the user may
not take the step, or None.
"""

from django.db.models import Q

from editorial.models import Release
from guidance.models import (
    Contributor,
    ContributorRole,
    Guide,
    Person,
    Section,
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


def sign_off_refusal(user, guide):
    """Why ``user`` may not approve or request changes on ``guide`` now, or None."""
    if not user.has_perm("editorial.sign_off_guide"):
        return "Only clinical reviewers may sign off guides."
    person = clinical_reviewer_of(user)
    if person is None:
        return (
            "Your account is not linked to a clinical reviewer with a clinical credential, "
            "so you cannot sign off."
        )
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


def request_changes_refusal(user):
    if not user.has_perm("editorial.sign_off_guide") or clinical_reviewer_of(user) is None:
        return "Only clinical reviewers may request changes."
    return None


def publish_refusal(user):
    if not user.has_perm("editorial.publish_guide"):
        return "You may not publish guides: that takes the publishing right."
    return None


def withdraw_refusal(user):
    if not user.has_perm("editorial.withdraw_guide"):
        return "You may not withdraw guides: that takes the withdrawal right."
    return None


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
    section_ids = Section.history.filter(guide_id=guide.pk).values("id")
    # People and topics are shown in the guide (a byline, a credential, a
    # topic's name), so editing those that appear in it counts too.
    person_ids = Contributor.objects.filter(guide=guide).values("person_id")
    topic_ids = Topic.objects.filter(Q(guides=guide) | Q(tips__section__guide=guide)).values("id")
    return (
        Guide.history.filter(by_user, id=guide.pk).exists()
        or Section.history.filter(by_user, guide_id=guide.pk).exists()
        or Tip.history.filter(by_user, section_id__in=section_ids).exists()
        or Contributor.history.filter(by_user, guide_id=guide.pk).exists()
        or Source.history.filter(by_user, guide_id=guide.pk).exists()
        or Person.history.filter(by_user, id__in=person_ids).exists()
        or Topic.history.filter(by_user, id__in=topic_ids).exists()
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
