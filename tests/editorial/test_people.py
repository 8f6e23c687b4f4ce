"""Who may sign off is decided by one policy, wherever a person is saved."""

import pytest
from django.contrib.auth.models import Permission

from editorial.exceptions import NotAllowed
from editorial.people import person_save
from guidance.models import Person
from tests.factories import ClinicalReviewerFactory, EditorFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinical_lead():
    user = EditorFactory(username="clinical-lead")
    user.user_permissions.add(Permission.objects.get(codename="manage_clinical_reviewers"))
    return user


def test_an_editor_may_change_a_persons_profile(editor):
    person = PersonFactory(bio="Old bio.")
    person.bio = "New bio."

    person_save(person=person, user=editor, reason="Bio update")

    record = Person.history.filter(id=person.pk).latest()
    assert (record.bio, record.history_user, record.history_change_reason) == (
        "New bio.",
        editor,
        "Bio update",
    )


@pytest.mark.parametrize(
    "change",
    [
        {"is_clinical_reviewer": True, "clinical_credential": "LPC"},
        {"clinical_credential": "LPC"},
        {"user_id": "new account"},
    ],
)
def test_an_editor_may_not_change_who_signs_off(editor, change):
    person = PersonFactory()
    if change.get("user_id") == "new account":
        change = {"user_id": EditorFactory().pk}
    for name, value in change.items():
        setattr(person, name, value)

    with pytest.raises(NotAllowed, match="manage clinical reviewers"):
        person_save(person=person, user=editor, reason="Promotion")

    saved = Person.objects.get(pk=person.pk)
    assert (saved.is_clinical_reviewer, saved.clinical_credential, saved.user_id) == (
        False,
        "",
        None,
    )


def test_an_editor_may_not_revoke_sign_off_rights_either(editor):
    reviewer = ClinicalReviewerFactory()
    reviewer.is_clinical_reviewer = False

    with pytest.raises(NotAllowed):
        person_save(person=reviewer, user=editor, reason="Revoked")

    assert Person.objects.get(pk=reviewer.pk).is_clinical_reviewer


def test_an_editor_may_not_create_a_reviewer(editor):
    person = PersonFactory.build(clinical_credential="LPC", is_clinical_reviewer=True)

    with pytest.raises(NotAllowed):
        person_save(person=person, user=editor, reason="New")

    assert not Person.objects.filter(slug=person.slug).exists()


def test_a_holder_of_the_right_grants_and_revokes_sign_off(clinical_lead):
    person = PersonFactory()
    person.clinical_credential, person.is_clinical_reviewer = "LPC", True

    person_save(person=person, user=clinical_lead, reason="Licensed reviewer")

    assert Person.objects.get(pk=person.pk).is_clinical_reviewer
