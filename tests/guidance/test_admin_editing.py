"""An editor builds and maintains a guide in the admin without typing an id."""

import pytest
from django.urls import reverse

from guidance.models import Guide, Section, Tip
from tests.admin_pages import edit_row, page_data
from tests.factories import SectionFactory, TipFactory, TopicFactory, build_guide

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:guidance_{obj._meta.model_name}_change", args=[obj.pk])


def test_an_editor_creates_a_guide_with_sections_topics_and_contributors(editor_client):
    topic = TopicFactory(name="Denial")
    add_page = editor_client.get(reverse("admin:guidance_guide_add"))
    data = page_data(add_page)
    data.update(
        {
            "title": "Helping a friend in denial",
            "slug": "helping-a-friend-in-denial",
            "summary": "What to say and when.",
            "topics": [str(topic.pk)],
            "change_reason": "First draft",
            "sections-TOTAL_FORMS": "2",
            "sections-0-position": "1",
            "sections-0-heading": "Listen first",
            "sections-0-anchor": "listen-first",
            "sections-0-list_style": "bulleted",
            "sections-1-position": "2",
            "sections-1-heading": "What to say",
            "sections-1-anchor": "what-to-say",
            "sections-1-list_style": "numbered",
        }
    )

    response = editor_client.post(reverse("admin:guidance_guide_add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    guide = Guide.objects.get(slug="helping-a-friend-in-denial")
    assert list(guide.topics.all()) == [topic]
    assert [s.heading for s in guide.sections.order_by("position")] == [
        "Listen first",
        "What to say",
    ]
    record = guide.history.earliest()
    assert (record.history_user.username, record.history_change_reason) == ("edna", "First draft")
    section_record = Section.history.get(anchor="what-to-say")
    assert section_record.history_change_reason == "First draft"


def test_an_editor_adds_and_reorders_tips_on_the_section_page(editor_client):
    section = SectionFactory()
    first = TipFactory(section=section, position=1, lead="Listen")
    second = TipFactory(section=section, position=2, lead="Validate")
    data = page_data(editor_client.get(change_url(section)))
    edit_row(data, "tips", "lead", "Listen", position=2)
    edit_row(data, "tips", "lead", "Validate", position=1)
    data.update(
        {
            "tips-TOTAL_FORMS": "3",
            "tips-2-position": "3",
            "tips-2-lead": "Offer a ride",
            "tips-2-body": "Drive them to the first session.",
            "change_reason": "Validation comes first",
        }
    )

    response = editor_client.post(change_url(section), data)

    assert response.status_code == 302
    assert [t.lead for t in section.tips.order_by("position")] == [
        "Validate",
        "Listen",
        "Offer a ride",
    ]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (2, 1)
    latest = first.history.latest()
    assert latest.position == 2
    assert latest.history_change_reason == "Validation comes first"
    assert latest.history_user.username == "edna"


def test_two_tips_given_one_position_keep_the_order_of_the_page(editor_client):
    section = SectionFactory()
    TipFactory(section=section, position=1, lead="Listen")
    TipFactory(section=section, position=2, lead="Validate")
    data = page_data(editor_client.get(change_url(section)))
    edit_row(data, "tips", "lead", "Validate", position=1, lead="Validate them")

    response = editor_client.post(change_url(section), data)

    assert response.status_code == 302
    assert [(t.position, t.lead) for t in section.tips.order_by("position")] == [
        (1, "Validate them"),
        (2, "Listen"),
    ]


def test_a_duplicate_anchor_on_the_guide_page_is_refused_with_a_message(editor_client):
    guide = build_guide(sections=2, tips_per_section=0)
    data = page_data(editor_client.get(change_url(guide)))
    edit_row(data, "sections", "heading", "Part 2", anchor="part-1")

    response = editor_client.post(change_url(guide), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for anchor" in response.content.decode()
    assert guide.sections.get(position=2).anchor == "part-2"


def test_a_guide_slug_cannot_be_changed_once_created(editor_client):
    guide = build_guide(sections=1, tips_per_section=0, slug="stable")
    data = page_data(editor_client.get(change_url(guide)))
    data["slug"] = "moved"
    data["title"] = "Renamed"

    assert editor_client.post(change_url(guide), data).status_code == 302
    guide.refresh_from_db()
    assert (guide.slug, guide.title) == ("stable", "Renamed")


def test_the_markdown_preview_is_rendered_and_sanitized(editor_client):
    section = SectionFactory(body="**Bold** <script>alert('x')</script>")
    TipFactory(section=section, body="[call](javascript:alert(1)) *now*")

    page = editor_client.get(change_url(section)).content.decode()

    assert 'data-markdown-source="body"' in page
    assert "<p><strong>Bold</strong>" in page
    assert "<script>alert('x')</script>" not in page
    assert "<em>now</em>" in page
    assert 'href="javascript:' not in page


def test_a_clinical_reviewer_may_view_content_but_not_change_it(client, reviewer):
    tip = TipFactory(lead="Listen")
    client.force_login(reviewer)
    assert client.get(change_url(tip)).status_code == 200
    data = {"section": tip.section_id, "position": 1, "lead": "Changed"}

    assert client.post(change_url(tip), data).status_code == 403
    tip.refresh_from_db()
    assert tip.lead == "Listen"


def test_deleting_a_tip_on_the_section_page_frees_its_position(editor_client):
    section = SectionFactory()
    TipFactory(section=section, position=1, lead="Old")
    TipFactory(section=section, position=2, lead="Keep")
    data = page_data(editor_client.get(change_url(section)))
    edit_row(data, "tips", "lead", "Old", DELETE="on")
    edit_row(data, "tips", "lead", "Keep", position=1)

    assert editor_client.post(change_url(section), data).status_code == 302
    assert [(t.position, t.lead) for t in Tip.objects.filter(section=section)] == [(1, "Keep")]
    deletion = Tip.history.filter(lead="Old", history_type="-").get()
    assert deletion.history_user.username == "edna"


def test_the_live_preview_renders_and_sanitizes_what_the_editor_types(editor_client):
    response = editor_client.post(
        reverse("markdown-preview"), {"text": "**Call 988** <script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert response.content.decode() == (
        "<p><strong>Call 988</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


def test_the_live_preview_refuses_oversized_text_with_a_message(editor_client):
    response = editor_client.post(reverse("markdown-preview"), {"text": "x" * 50_001})
    assert response.status_code == 400
    assert "Too long to preview" in response.content.decode()


def test_the_live_preview_is_for_signed_in_staff_only(client):
    response = client.post(reverse("markdown-preview"), {"text": "hi"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_section_stays_in_its_guide(editor_client):
    section = SectionFactory(heading="Timing")
    other_guide = build_guide(sections=0)
    data = page_data(editor_client.get(change_url(section)))
    data.update({"guide": other_guide.pk, "heading": "Good timing"})

    assert editor_client.post(change_url(section), data).status_code == 302
    section.refresh_from_db()
    assert section.heading == "Good timing"
    assert section.guide_id != other_guide.pk
