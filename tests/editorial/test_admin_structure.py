"""The admin's inline rows are checked and saved by editorial.structure: same rules, same words.

The guide and section pages hand their rows to ``rows_check`` and
``rows_apply``; what the page says about a refused row is the service's
problem, put on that row's field.
"""

import pytest
from django.urls import reverse

from guidance.models import Section, Tip
from tests.admin_pages import edit_row, page_data
from tests.factories import SectionFactory, TipFactory, build_guide

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:guidance_{obj._meta.model_name}_change", args=[obj.pk])


def test_the_section_page_puts_a_tip_on_a_taken_position_and_shifts_the_one_there(
    editor_client,
):
    section = SectionFactory()
    TipFactory(section=section, position=1, lead="Listen")
    TipFactory(section=section, position=2, lead="Validate")
    data = page_data(editor_client.get(change_url(section)))
    edit_row(data, "tips", "lead", "Validate", position=1)

    response = editor_client.post(change_url(section), data)

    assert response.status_code == 302
    assert [(t.position, t.lead) for t in section.tips.order_by("position")] == [
        (1, "Validate"),
        (2, "Listen"),
    ]


def test_a_guide_page_save_is_written_by_the_service_with_the_editor_and_reason(
    editor_client, editor
):
    guide = build_guide(sections=2, tips_per_section=1)
    part_one = guide.sections.get(heading="Part 1")
    SectionFactory(guide=guide, parent=part_one, position=1, heading="Timing")
    data = page_data(editor_client.get(change_url(guide)))
    edit_row(data, "sections", "heading", "Part 1", DELETE="on")
    edit_row(data, "sections", "heading", "Part 2", position=1)
    data["change_reason"] = "Part 1 said it twice"
    # Added by someone else after the page was loaded: the page does not list it.
    SectionFactory(guide=guide, position=3, heading="Added meanwhile")

    assert editor_client.post(change_url(guide), data).status_code == 302

    assert list(guide.sections.order_by("position").values_list("heading", flat=True)) == [
        "Part 2",
        "Added meanwhile",
    ]
    for heading, kind in [("Part 1", "-"), ("Timing", "-"), ("Part 2", "~")]:
        record = Section.history.filter(heading=heading).latest()
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            kind,
            editor,
            "Part 1 said it twice",
        )
    deleted_tip = Tip.history.get(lead="Tip 1.1", history_type="-")
    assert deleted_tip.history_change_reason == "Part 1 said it twice"
