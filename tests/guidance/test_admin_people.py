"""Who may sign off is decided only by holders of the dedicated permission."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from guidance.models import Person
from tests.admin_pages import page_data
from tests.factories import ClinicalReviewerFactory, EditorFactory

pytestmark = pytest.mark.django_db


def restore_url(person, record):
    return reverse("admin:guidance_person_simple_history", args=[person.pk, record.pk])


@pytest.fixture
def revoked_reviewer():
    person = ClinicalReviewerFactory(name="Dr Former")
    person.is_clinical_reviewer = False
    person.name = "Dr Former (retired)"
    person.save()
    return person


def test_restoring_an_old_version_does_not_give_back_sign_off_rights(
    editor_client, revoked_reviewer
):
    url = restore_url(revoked_reviewer, revoked_reviewer.history.earliest())

    response = editor_client.post(url, page_data(editor_client.get(url)))

    assert response.status_code == 302
    revoked_reviewer.refresh_from_db()
    assert revoked_reviewer.name == "Dr Former"
    assert not revoked_reviewer.is_clinical_reviewer


def test_a_holder_of_the_permission_may_restore_sign_off_rights(client, revoked_reviewer):
    manager = EditorFactory(username="clinical-lead")
    manager.user_permissions.add(Permission.objects.get(codename="manage_clinical_reviewers"))
    client.force_login(manager)
    url = restore_url(revoked_reviewer, revoked_reviewer.history.earliest())

    assert client.post(url, page_data(client.get(url))).status_code == 302
    revoked_reviewer.refresh_from_db()
    assert revoked_reviewer.is_clinical_reviewer


def test_an_editor_adding_a_person_cannot_make_them_a_reviewer(editor_client):
    url = reverse("admin:guidance_person_add")
    data = page_data(editor_client.get(url))
    data.update(
        {
            "name": "New Writer",
            "slug": "new-writer",
            "clinical_credential": "LPC",
            "is_clinical_reviewer": "on",
        }
    )

    assert editor_client.post(url, data).status_code == 302
    person = Person.objects.get(slug="new-writer")
    assert (person.clinical_credential, person.is_clinical_reviewer) == ("", False)
