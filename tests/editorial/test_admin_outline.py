"""The guide page is the whole guide: its outline edited in place and saved in one go.

Sections, subsections, tips and steps are edited, added, moved and deleted
on the guide's one page, through editorial.structure as every other door.
"""

import pytest
from django.test import Client
from django.urls import reverse

from guidance.models import Guide, Section, Tip
from tests.admin_pages import count_queries, edit_row, inline_prefix_of, page_data
from tests.factories import EditorFactory, SectionFactory, build_guide

pytestmark = pytest.mark.django_db


def guide_url(guide):
    return reverse("admin:guidance_guide_change", args=[guide.pk])


def outline(guide):
    return [
        (
            section.heading,
            [tip.lead for tip in section.tips.order_by("position")],
        )
        for section in Section.objects.filter(guide=guide).in_outline_order()
    ]


def test_the_guide_page_shows_every_section_tip_and_step_in_place(editor_client):
    guide = build_guide(sections=2, tips_per_section=2)
    part_one = guide.sections.get(heading="Part 1")
    SectionFactory(guide=guide, parent=part_one, position=1, heading="In depth")

    response = editor_client.get(guide_url(guide))

    page = response.content.decode()
    assert response.status_code == 200
    for tip in Tip.objects.filter(section__guide=guide):
        assert f">\n{tip.lead}</textarea>" in page
    assert ">\nIn depth</textarea>" in page
    assert 'name="sections-0-tips-TOTAL_FORMS"' in page
    assert 'class="markdown-preview"' in page


def errors_of(response):
    """Every error the page shows, for a failure message."""
    if response.status_code != 200:
        return []
    errors = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        errors += [formset.non_form_errors(), *(form.errors for form in formset.forms)]
        for nested in getattr(formset, "tip_formsets", {}).values():
            errors += [nested.non_form_errors(), *(form.errors for form in nested.forms)]
    return [error for error in errors if error]


def section_prefix(data, heading):
    """The page's form prefix of the section headed ``heading`` (e.g. ``sections-2``)."""
    return inline_prefix_of(data, "sections", "heading", heading)


def add_tip(data, section_prefix, **fields):
    """A tip added under the section of the page's ``section_prefix``, as the script adds it."""
    total = f"{section_prefix}-tips-TOTAL_FORMS"
    index = int(data[total])
    data[total] = str(index + 1)
    for name, value in fields.items():
        data[f"{section_prefix}-tips-{index}-{name}"] = str(value)


def test_one_save_edits_a_body_adds_a_tip_moves_a_section_and_deletes_a_tip(editor_client, editor):
    guide = build_guide(sections=3, tips_per_section=2)
    data = page_data(editor_client.get(guide_url(guide)))
    part_one = section_prefix(data, "Part 1")
    edit_row(data, "sections", "lead", "Tip 1.1", body="Listen first, then ask.")
    add_tip(data, part_one, lead="Stay calm", body="Breathe.", position=3)
    edit_row(data, "sections", "heading", "Part 3", position=1)
    edit_row(data, "sections", "heading", "Part 1", position=2)
    edit_row(data, "sections", "heading", "Part 2", position=3)
    edit_row(data, "sections", "lead", "Tip 2.2", DELETE="on")
    data["change_reason"] = "Reordered"

    response = editor_client.post(guide_url(guide), data)

    assert response.status_code == 302, errors_of(response)
    assert outline(guide) == [
        ("Part 3", ["Tip 3.1", "Tip 3.2"]),
        ("Part 1", ["Tip 1.1", "Tip 1.2", "Stay calm"]),
        ("Part 2", ["Tip 2.1"]),
    ]
    edited = Tip.objects.get(section__guide=guide, lead="Tip 1.1")
    assert edited.body == "Listen first, then ask."
    record = edited.history.latest()
    assert (record.history_user, record.history_change_reason) == (editor, "Reordered")


def test_a_page_saved_as_rendered_changes_nothing(editor_client):
    """Without the page's script, nothing moves: positions are sent back as rendered."""
    guide = build_guide(sections=2, tips_per_section=2)
    before = outline(guide)
    history = Tip.history.count() + Section.history.count()

    response = editor_client.post(guide_url(guide), page_data(editor_client.get(guide_url(guide))))

    assert response.status_code == 302, errors_of(response)
    assert outline(guide) == before
    assert Tip.history.count() + Section.history.count() == history


def test_a_new_section_with_its_first_tips_and_a_new_subsection_are_saved_at_once(editor_client):
    guide = build_guide(sections=1, tips_per_section=1)
    data = page_data(editor_client.get(guide_url(guide)))
    part_one = guide.sections.get()
    new = f"sections-{data['sections-TOTAL_FORMS']}"
    data["sections-TOTAL_FORMS"] = str(int(data["sections-TOTAL_FORMS"]) + 2)
    data.update({f"{new}-heading": "When to wait", f"{new}-position": "2"})
    data.update({f"{new}-list_style": "numbered", f"{new}-tips-TOTAL_FORMS": "0"})
    data.update({f"{new}-tips-INITIAL_FORMS": "0"})
    add_tip(data, new, lead="Give it a day", position=1)
    sub = f"sections-{int(new.split('-')[1]) + 1}"
    data.update({f"{sub}-heading": "Timing", f"{sub}-position": "1"})
    data.update({f"{sub}-parent": str(part_one.pk), f"{sub}-list_style": "bulleted"})
    data.update({f"{sub}-tips-TOTAL_FORMS": "0", f"{sub}-tips-INITIAL_FORMS": "0"})

    response = editor_client.post(guide_url(guide), data)

    assert response.status_code == 302, errors_of(response)
    assert outline(guide) == [
        ("Part 1", ["Tip 1.1"]),
        ("Timing", []),
        ("When to wait", ["Give it a day"]),
    ]
    assert guide.sections.get(heading="When to wait").anchor == "when-to-wait"
    assert guide.sections.get(heading="Timing").parent == part_one


def test_two_editors_save_the_guide_page_and_the_second_sees_both_versions(editor_client):
    guide = build_guide(sections=2, tips_per_section=2)
    other = Client()
    other.force_login(EditorFactory(username="ben", first_name="Ben", last_name="Cho"))
    mine = page_data(editor_client.get(guide_url(guide)))
    theirs = page_data(other.get(guide_url(guide)))
    edit_row(theirs, "sections", "lead", "Tip 1.1", body="Their words.")
    edit_row(theirs, "sections", "lead", "Tip 2.2", body="Their other words.")
    assert other.post(guide_url(guide), theirs).status_code == 302
    edit_row(mine, "sections", "lead", "Tip 1.1", body="My words.")
    edit_row(mine, "sections", "lead", "Tip 2.1", body="Untouched by them.")

    refused = editor_client.post(guide_url(guide), mine)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Nothing was saved: Ben Cho changed a row you changed" in page
    assert "Body: now “Their words.”; yours “My words.”" in page
    assert "My words." in page  # the editor's text is kept on the page
    tips = Tip.objects.filter(section__guide=guide)
    assert tips.get(lead="Tip 1.1").body == "Their words."
    assert tips.get(lead="Tip 2.1").body != "Untouched by them."

    merged = page_data(refused)
    again = editor_client.post(guide_url(guide), merged)

    assert again.status_code == 302, errors_of(again)
    assert tips.get(lead="Tip 1.1").body == "My words."
    assert tips.get(lead="Tip 2.1").body == "Untouched by them."
    assert tips.get(lead="Tip 2.2").body == "Their other words."


def test_a_view_only_user_reads_the_outline_with_nothing_to_edit(client, reviewer):
    guide = build_guide(sections=1, tips_per_section=1)
    client.force_login(reviewer)

    page = client.get(guide_url(guide)).content.decode()

    assert "Tip 1.1" in page
    assert 'name="sections-0-tips-0-lead"' not in page
    assert 'name="sections-0-heading"' not in page
    assert "outline-readonly" in page


def test_the_guide_page_runs_as_many_queries_however_many_tips(editor_client):
    small = build_guide(sections=2, tips_per_section=1)
    large = build_guide(sections=2, tips_per_section=9)
    SectionFactory(guide=large, parent=large.sections.first(), position=1)

    assert count_queries(editor_client, guide_url(large)) == count_queries(
        editor_client, guide_url(small)
    )


def test_a_new_guide_is_written_with_its_first_section_and_tips_in_one_save(editor_client):
    add_url = reverse("admin:guidance_guide_add")
    data = page_data(editor_client.get(add_url))
    data.update({"title": "Supporting a friend", "slug": "supporting-a-friend"})
    data.update({"sections-TOTAL_FORMS": "1", "sections-0-heading": "Start here"})
    data.update({"sections-0-position": "1", "sections-0-list_style": "bulleted"})
    data.update({"sections-0-tips-TOTAL_FORMS": "0", "sections-0-tips-INITIAL_FORMS": "0"})
    add_tip(data, "sections-0", lead="Reach out", position=1)

    response = editor_client.post(add_url, data)

    assert response.status_code == 302, errors_of(response)
    guide = Guide.objects.get(slug="supporting-a-friend")
    assert outline(guide) == [("Start here", ["Reach out"])]


def test_a_tip_deleted_by_someone_else_meanwhile_stays_deleted_and_the_editor_is_told(
    editor_client,
):
    guide = build_guide(sections=1, tips_per_section=2)
    data = page_data(editor_client.get(guide_url(guide)))
    edit_row(data, "sections", "lead", "Tip 1.1", body="My edit of a tip now gone.")
    edit_row(data, "sections", "lead", "Tip 1.2", body="My other edit.")
    Tip.objects.get(section__guide=guide, lead="Tip 1.1").delete()

    response = editor_client.post(guide_url(guide), data, follow=True)

    assert "A tip on this page (“Tip 1.1”) was deleted by someone else" in (
        response.content.decode()
    )
    assert outline(guide) == [("Part 1", ["Tip 1.2"])]
    assert Tip.objects.get(section__guide=guide).body == "My other edit."


def test_a_tip_moved_to_another_section_takes_its_place_there(editor_client, editor):
    guide = build_guide(sections=2, tips_per_section=2)
    part_two = guide.sections.get(heading="Part 2")
    data = page_data(editor_client.get(guide_url(guide)))
    # As the page's script leaves it after a drag: Tip 1.2 first in Part 2.
    edit_row(data, "sections", "lead", "Tip 1.2", section=part_two.pk, position=1)
    edit_row(data, "sections", "lead", "Tip 2.1", position=2)
    edit_row(data, "sections", "lead", "Tip 2.2", position=3)

    response = editor_client.post(guide_url(guide), data)

    assert response.status_code == 302, errors_of(response)
    assert outline(guide) == [
        ("Part 1", ["Tip 1.1"]),
        ("Part 2", ["Tip 1.2", "Tip 2.1", "Tip 2.2"]),
    ]
    moved = Tip.objects.get(lead="Tip 1.2")
    assert moved.history.latest().history_user == editor
