"""Restructuring a guide's outline on its admin page keeps it whole."""

import pytest
from django.urls import reverse

from guidance.models import Section, Tip
from tests.admin_pages import edit_row, page_data
from tests.factories import SectionFactory, TipFactory, build_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    """Part 1 (with subsections Timing and Opening, Timing with a tip), Part 2, Part 3."""
    guide = build_guide(sections=3, tips_per_section=0)
    part_one = guide.sections.get(heading="Part 1")
    timing = SectionFactory(guide=guide, parent=part_one, position=1, heading="Timing")
    SectionFactory(guide=guide, parent=part_one, position=2, heading="Opening")
    TipFactory(section=timing, position=1, lead="Pick a quiet moment")
    return guide


def guide_page(guide):
    return reverse("admin:guidance_guide_change", args=[guide.pk])


def section_id(guide, heading):
    return str(guide.sections.get(heading=heading).pk)


def outline(guide):
    return [
        (s.parent.heading if s.parent else None, s.position, s.heading)
        for s in Section.objects.filter(guide=guide).select_related("parent").in_outline_order()
    ]


def test_a_subsection_moved_out_of_a_deleted_section_survives_with_its_tips(editor_client, guide):
    data = page_data(editor_client.get(guide_page(guide)))
    edit_row(data, "sections", "heading", "Part 1", DELETE="on")
    edit_row(data, "sections", "heading", "Timing", parent=section_id(guide, "Part 2"))

    assert editor_client.post(guide_page(guide), data).status_code == 302
    assert outline(guide) == [(None, 2, "Part 2"), ("Part 2", 1, "Timing"), (None, 3, "Part 3")]
    assert Tip.objects.get(lead="Pick a quiet moment").section.heading == "Timing"


def test_changing_a_subsection_of_a_deleted_section_is_refused_with_a_message(
    editor_client, guide
):
    before = outline(guide)
    data = page_data(editor_client.get(guide_page(guide)))
    edit_row(data, "sections", "heading", "Part 1", DELETE="on")
    edit_row(data, "sections", "heading", "Timing", position="2")
    edit_row(data, "sections", "heading", "Opening", position="1")

    response = editor_client.post(guide_page(guide), data)

    assert response.status_code == 200
    assert "“Part 1” is being deleted in this save, with its subsections" in (
        response.content.decode()
    )
    assert outline(guide) == before


def test_two_sections_cannot_become_each_others_parent(editor_client, guide):
    before = outline(guide)
    data = page_data(editor_client.get(guide_page(guide)))
    edit_row(data, "sections", "heading", "Part 2", parent=section_id(guide, "Part 3"))
    edit_row(data, "sections", "heading", "Part 3", parent=section_id(guide, "Part 2"))

    response = editor_client.post(guide_page(guide), data)

    assert response.status_code == 200
    assert "becomes a subsection in this save" in response.content.decode()
    assert outline(guide) == before


def test_subsections_cannot_nest_two_deep_in_one_save(editor_client, guide):
    before = outline(guide)
    data = page_data(editor_client.get(guide_page(guide)))
    edit_row(data, "sections", "heading", "Part 2", parent=section_id(guide, "Part 3"))
    edit_row(data, "sections", "heading", "Part 2", position="1")
    edit_row(data, "sections", "heading", "Part 3", parent=section_id(guide, "Part 1"))
    edit_row(data, "sections", "heading", "Part 3", position="3")

    response = editor_client.post(guide_page(guide), data)

    assert response.status_code == 200
    assert "subsections go one level deep" in response.content.decode()
    assert outline(guide) == before


def test_sections_and_subsections_swap_places_in_one_save(editor_client, guide):
    data = page_data(editor_client.get(guide_page(guide)))
    for heading, position in [("Part 1", 2), ("Part 2", 1), ("Timing", 2), ("Opening", 1)]:
        edit_row(data, "sections", "heading", heading, position=position)

    assert editor_client.post(guide_page(guide), data).status_code == 302
    assert outline(guide) == [
        (None, 1, "Part 2"),
        (None, 2, "Part 1"),
        ("Part 1", 1, "Opening"),
        ("Part 1", 2, "Timing"),
        (None, 3, "Part 3"),
    ]


def test_a_position_taken_after_the_page_was_loaded_goes_to_the_row_saved_and_shifts_the_other(
    editor_client,
):
    section = SectionFactory()
    TipFactory(section=section, position=1, lead="Listen")
    url = reverse("admin:guidance_section_change", args=[section.pk])
    data = page_data(editor_client.get(url))
    TipFactory(section=section, position=2, lead="Added in another tab")
    data.update({"tips-TOTAL_FORMS": "2", "tips-1-position": "2", "tips-1-lead": "Mine"})

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert [(t.position, t.lead) for t in section.tips.order_by("position")] == [
        (1, "Listen"),
        (2, "Mine"),
        (3, "Added in another tab"),
    ]


def test_rows_far_down_the_list_swap_places(editor_client):
    section = SectionFactory()
    TipFactory(section=section, position=9998, lead="Second to last")
    TipFactory(section=section, position=9999, lead="Last")
    url = reverse("admin:guidance_section_change", args=[section.pk])
    data = page_data(editor_client.get(url))
    edit_row(data, "tips", "lead", "Last", position=9998)
    edit_row(data, "tips", "lead", "Second to last", position=9999)

    assert editor_client.post(url, data).status_code == 302
    assert [t.lead for t in section.tips.order_by("position")] == ["Last", "Second to last"]


def test_a_row_moved_past_the_end_while_another_takes_its_place(editor_client):
    section = SectionFactory()
    TipFactory(section=section, position=1, lead="A")
    TipFactory(section=section, position=2, lead="B")
    url = reverse("admin:guidance_section_change", args=[section.pk])
    data = page_data(editor_client.get(url))
    edit_row(data, "tips", "lead", "A", position=4)
    edit_row(data, "tips", "lead", "B", position=1)

    assert editor_client.post(url, data).status_code == 302
    assert [(t.position, t.lead) for t in section.tips.order_by("position")] == [
        (1, "B"),
        (4, "A"),
    ]


def test_deleting_a_section_while_moving_another_past_the_end(editor_client, guide):
    data = page_data(editor_client.get(guide_page(guide)))
    edit_row(data, "sections", "heading", "Part 1", DELETE="on")
    edit_row(data, "sections", "heading", "Part 2", position="4")

    assert editor_client.post(guide_page(guide), data).status_code == 302
    assert outline(guide) == [(None, 3, "Part 3"), (None, 4, "Part 2")]


@pytest.mark.parametrize("position", ["0", "-1", "10000", "99999999999"])
def test_a_position_out_of_range_is_refused_with_a_message(editor_client, position):
    section = SectionFactory()
    TipFactory(section=section, position=1, lead="A")
    url = reverse("admin:guidance_section_change", args=[section.pk])
    data = page_data(editor_client.get(url))
    edit_row(data, "tips", "lead", "A", position=position)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "Ensure this value is" in response.content.decode()
    assert section.tips.get().position == 1


def test_an_anchor_freed_by_a_deleted_section_can_be_reused_in_the_same_save(editor_client, guide):
    data = page_data(editor_client.get(guide_page(guide)))
    edit_row(data, "sections", "heading", "Part 1", DELETE="on")
    edit_row(data, "sections", "heading", "Part 2", anchor="part-1")

    assert editor_client.post(guide_page(guide), data).status_code == 302
    assert guide.sections.get(heading="Part 2").anchor == "part-1"


def test_swapping_two_anchors_in_one_save_is_refused_with_a_message(editor_client, guide):
    data = page_data(editor_client.get(guide_page(guide)))
    edit_row(data, "sections", "heading", "Part 2", anchor="part-3")
    edit_row(data, "sections", "heading", "Part 3", anchor="part-2")

    response = editor_client.post(guide_page(guide), data)

    assert response.status_code == 200
    assert "still belongs to “Part 3” while this row is saved" in response.content.decode()
    assert guide.sections.get(heading="Part 2").anchor == "part-2"


def test_deleting_a_section_and_its_subsection_records_each_deletion_once(editor_client, guide):
    data = page_data(editor_client.get(guide_page(guide)))
    edit_row(data, "sections", "heading", "Part 1", DELETE="on")
    edit_row(data, "sections", "heading", "Timing", DELETE="on")

    assert editor_client.post(guide_page(guide), data).status_code == 302
    assert Section.history.filter(heading="Timing", history_type="-").count() == 1
    assert Section.history.filter(heading="Part 1", history_type="-").count() == 1
