import pytest
from django.contrib.auth.models import Group

from editorial import roles
from tests.factories import EditorFactory, PublisherFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_GROUPS)


def test_editors_add_and_change_content_but_not_site_notices():
    editor = EditorFactory()
    assert editor.has_perms(
        [
            "guidance.add_guide",
            "guidance.change_guide",
            "guidance.change_tip",
            "guidance.delete_tip",
        ]
    )
    assert editor.has_perm("guidance.view_crisisresource")
    assert not editor.has_perm("guidance.change_crisisresource")
    assert not editor.has_perm("guidance.delete_guide")


def test_clinical_reviewers_view_content_only():
    reviewer = ReviewerFactory()
    assert reviewer.has_perms(["guidance.view_guide", "guidance.view_tip", "guidance.view_person"])
    assert not reviewer.has_perm("guidance.change_tip")
    assert not reviewer.has_perm("guidance.add_guide")


def test_publishers_maintain_the_disclaimer_and_crisis_resources():
    publisher = PublisherFactory()
    assert publisher.has_perms(["guidance.change_sitenotice", "guidance.change_crisisresource"])
    assert not publisher.has_perm("guidance.change_tip")
