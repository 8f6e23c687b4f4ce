"""The editor's desk in the admin (the home page's queues: test_admin_queues), the "see changes"
page, links to the whole-guide preview, the in-review warning, the go-live picker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.models import Section, Tip
from tests.admin_pages import page_data
from tests.factories import ContributorFactory, PersonFactory, TopicFactory
from tests.workflow import build_state, ensure_safety_information_live

pytestmark = pytest.mark.django_db


def change_page(obj):
    return reverse(f"admin:guidance_{obj._meta.model_name}_change", args=[obj.pk])


def step_page(guide, step):
    return reverse("admin:guidance_guide_workflow", args=[guide.pk, step])


def as_user(client, user):
    client.force_login(user)
    return client


def test_see_changes_shows_the_diff_without_the_decision_form(client, people):
    guide = build_state("published_with_edits", people)

    response = as_user(client, people["editor"]).get(step_page(guide, "changes"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Changes since the live release" in page
    assert "editorial-diff" in page
    assert "Only clinical reviewers" not in page
    assert "<form" not in page.split('id="content-main"')[1]
    assert as_user(client, people["editor"]).post(step_page(guide, "changes")).status_code == 405


def test_the_guide_section_tip_and_review_pages_link_to_the_whole_guide_preview(client, people):
    guide = build_state("in_review", people)
    section = guide.sections.first()
    tip = section.tips.first()
    preview = reverse("reader:guide-preview", args=[guide.slug])

    as_user(client, people["reviewer"])
    for url in (change_page(guide), change_page(section), change_page(tip)):
        assert preview in client.get(url).content.decode(), url
    assert preview in client.get(step_page(guide, "review")).content.decode()
    assert (
        reverse("reader:guide", args=[guide.slug])
        in client.get(change_page(guide)).content.decode()
    )


def test_saving_a_section_or_a_tip_returns_to_the_guide_outline(client, people):
    guide = build_state("draft", people)
    section = guide.sections.first()
    tip = section.tips.first()
    outline = f"{change_page(guide)}#sections-group"
    as_user(client, people["editor"])

    for obj in (section, tip):
        data = page_data(client.get(change_page(obj)))
        data["body"] = "A new body."
        response = client.post(change_page(obj), data)
        assert response.status_code == 302
        assert response["Location"] == outline


def test_tips_are_stacked_with_topic_checkboxes_and_bodies_sized_to_their_text(client, people):
    guide = build_state("draft", people)
    section = guide.sections.first()
    Tip.objects.filter(pk=section.tips.first().pk).update(body="word " * 200)
    TopicFactory(name="Denial")

    page = as_user(client, people["editor"]).get(change_page(section)).content.decode()

    assert 'data-inline-type="stacked"' in page
    assert 'type="checkbox" name="tips-0-topics"' in page
    assert 'rows="13"' in page  # 1,000 characters at 90 a line, and one to type in


def test_guide_search_covers_tip_text_topics_and_contributors(client, people):
    guide = build_state("draft", people)
    other = build_state("draft", people)
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body = "Offer a ride to the first appointment."
    tip.save()
    tip.topics.add(TopicFactory(name="Practical support"))
    ContributorFactory(guide=guide, person=PersonFactory(name="Lena Ortiz"))
    as_user(client, people["editor"])

    for words in ("ride to the first", "Practical support", "Ortiz"):
        page = client.get(
            reverse("admin:guidance_guide_changelist"), {"q": words}
        ).content.decode()
        assert guide.title in page, words
        assert other.title not in page, words


def test_a_search_across_tips_keeps_each_guide_s_section_count(client, people):
    guide = build_state("draft", people)
    Tip.objects.filter(section__guide=guide).update(body="Offer a ride.")
    as_user(client, people["editor"])

    found = client.get(reverse("admin:guidance_guide_changelist"), {"q": "ride"})

    (listed,) = found.context["cl"].result_list
    assert listed.section_total == guide.sections.count()


def test_a_save_while_in_review_warns_and_asks_why(client, people):
    guide = build_state("in_review", people)
    section = guide.sections.first()
    as_user(client, people["editor"])

    page = client.get(change_page(section))
    assert "This guide is in clinical review" in page.content.decode()
    data = page_data(page)
    data["body"] = "Changed during review."
    refused = client.post(change_page(section), data)
    assert refused.status_code == 200
    assert Section.objects.get(pk=section.pk).body != "Changed during review."

    data["change_reason"] = "Fix a typo the reviewer spotted."
    assert client.post(change_page(section), data).status_code == 302
    assert Section.objects.get(pk=section.pk).body == "Changed during review."


def test_the_go_live_field_has_date_and_time_pickers_and_names_the_time_zone(client, people):
    guide = build_state("approved", people)

    page = as_user(client, people["publisher"]).get(step_page(guide, "publish")).content.decode()

    assert 'type="date" name="go_live_at_0"' in page
    assert 'type="time" name="go_live_at_1"' in page
    assert f"Go live at ({timezone.get_current_timezone_name()})" in page


def test_the_go_live_time_schedules_a_release(client, people):
    ensure_safety_information_live(**people)  # no guide goes out without it
    guide = build_state("approved", people)
    later = timezone.localtime() + datetime.timedelta(days=2)

    response = as_user(client, people["publisher"]).post(
        step_page(guide, "publish"),
        {"go_live_at_0": later.strftime("%Y-%m-%d"), "go_live_at_1": later.strftime("%H:%M")},
    )

    assert response.status_code == 302
    assert guide.releases.get().go_live_at.strftime("%Y-%m-%d %H:%M") == later.strftime(
        "%Y-%m-%d %H:%M"
    )
