"""Two editors with the same page open: nothing is silently undone, nothing fails."""

import pytest
from django.urls import reverse

from guidance.models import ContributorRole, Tip
from tests.admin_pages import edit_row, page_data
from tests.factories import ContributorFactory, PersonFactory, SectionFactory, TipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    section = SectionFactory()
    TipFactory(section=section, position=1, lead="A")
    TipFactory(section=section, position=2, lead="B")
    return section


def section_page(section):
    return reverse("admin:guidance_section_change", args=[section.pk])


def order(section):
    return [t.lead for t in section.tips.order_by("position")]


def test_a_reorder_made_meanwhile_is_not_undone(editor_client, section):
    data = page_data(editor_client.get(section_page(section)))
    a, b = section.tips.get(lead="A"), section.tips.get(lead="B")
    for tip, position in [(a, 3), (b, 1), (a, 2)]:  # another editor swaps them
        tip.position = position
        tip.save()
    edit_row(data, "tips", "lead", "A", body="My edit")

    response = editor_client.post(section_page(section), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "changed this at" in page
    assert "Nothing on this page was saved" in page
    assert order(section) == ["B", "A"]
    assert section.tips.get(lead="A").body != "My edit"


def test_a_row_deleted_meanwhile_stays_deleted_and_the_rest_is_saved(editor_client, section):
    data = page_data(editor_client.get(section_page(section)))
    section.tips.get(lead="B").delete()
    edit_row(data, "tips", "lead", "A", lead="A, improved")
    edit_row(data, "tips", "lead", "B", lead="B, improved")

    response = editor_client.post(section_page(section), data, follow=True)

    assert order(section) == ["A, improved"]
    page = response.content.decode()
    assert "(“B, improved”) was deleted by someone else after the page was loaded" in page


def test_an_anchor_taken_meanwhile_is_refused_with_a_message(editor_client):
    section = SectionFactory(position=1, anchor="timing")
    guide = section.guide
    url = reverse("admin:guidance_guide_change", args=[guide.pk])
    data = page_data(editor_client.get(url))
    SectionFactory(guide=guide, position=2, anchor="opening", heading="Opening")
    data.update(
        {
            "sections-TOTAL_FORMS": "2",
            "sections-1-position": "3",
            "sections-1-heading": "Opening words",
            "sections-1-anchor": "opening",
            "sections-1-list_style": "bulleted",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "“opening” was taken by “Opening” after this page was loaded" in (
        response.content.decode()
    )
    assert guide.sections.count() == 2


def test_a_role_freed_by_a_deleted_contributor_can_be_given_in_the_same_save(editor_client):
    writer = ContributorFactory(position=1, role=ContributorRole.CLINICAL_WRITER)
    guide = writer.guide
    other = ContributorFactory(guide=guide, position=2, person=PersonFactory(name="Other"))
    url = reverse("admin:guidance_guide_change", args=[guide.pk])
    data = page_data(editor_client.get(url))
    edit_row(data, "contributors", "person", writer.person.pk, DELETE="on")
    edit_row(data, "contributors", "person", other.person.pk, person=writer.person.pk)

    assert editor_client.post(url, data).status_code == 302
    assert list(guide.contributors.values_list("person_id", "role")) == [
        (writer.person_id, ContributorRole.CLINICAL_WRITER)
    ]


def test_deleting_a_section_from_its_own_page_records_why_for_its_tips(editor_client, section):
    url = reverse("admin:guidance_section_delete", args=[section.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    deletion = Tip.history.get(lead="A", history_type="-")
    assert deletion.history_change_reason == "Deleted in the admin"
    assert deletion.history_user.username == "edna"
