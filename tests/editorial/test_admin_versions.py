"""Two editors on the same admin pages: no edit is lost, and nobody is blocked needlessly.

Each editor has their own signed-in browser (client). A page is loaded by
both, then saved by each in turn, as it happens in an editorial team.
"""

import pytest
from django.test import Client
from django.urls import reverse

from editorial import roles
from guidance.models import Guide, Section, Tip
from tests.admin_pages import edit_row, page_data
from tests.factories import (
    ContributorFactory,
    CrisisResourceFactory,
    EditorFactory,
    PersonFactory,
    SectionFactory,
    SiteNoticeFactory,
    SourceFactory,
    TipFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# Editors edit guides; publishers edit the safety information's working copy.
TEAM = [roles.EDITORS, roles.PUBLISHERS]


def browser_of(first_name, last_name):
    """A browser signed in as an editor who also edits the safety information."""
    user = EditorFactory(
        username=first_name.lower(), first_name=first_name, last_name=last_name, groups=TEAM
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anna():
    return browser_of("Anna", "Berg")


@pytest.fixture
def ben():
    return browser_of("Ben", "Cho")


@pytest.fixture
def section():
    section = SectionFactory(body="The old introduction.")
    TipFactory(section=section, position=1, lead="Listen first", body="Let them talk.")
    TipFactory(section=section, position=2, lead="Stay calm", body="Breathe.")
    return section


def change_url(obj):
    return reverse(f"admin:guidance_{obj._meta.model_name}_change", args=[obj.pk])


def lead_of(section, position):
    return section.tips.get(position=position).lead


def test_the_second_save_of_the_same_tip_is_refused_and_keeps_what_its_editor_typed(
    anna, ben, section
):
    page_a = page_data(anna.get(change_url(section)))
    page_b = page_data(ben.get(change_url(section)))
    edit_row(page_a, "tips", "lead", "Listen first", lead="Listen before you speak")
    edit_row(page_b, "tips", "lead", "Listen first", lead="Listen without judging")
    page_b["body"] = "Ben's new introduction."

    assert anna.post(change_url(section), page_a).status_code == 302
    response = ben.post(change_url(section), page_b)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna Berg changed this at" in page
    assert "Nothing on this page was saved" in page
    assert "Nothing was saved: Anna Berg changed a row you changed" in page
    assert "now “Listen before you speak”; yours “Listen without judging”" in page
    assert 'value="Listen without judging"' in page  # Ben's text is still in the form
    section.refresh_from_db()
    assert lead_of(section, 1) == "Listen before you speak"
    assert section.body == "The old introduction."  # all or nothing


def test_after_a_conflict_the_merged_text_saves(anna, ben, section):
    page_a = page_data(anna.get(change_url(section)))
    page_b = page_data(ben.get(change_url(section)))
    edit_row(page_a, "tips", "lead", "Listen first", lead="Listen before you speak")
    edit_row(page_b, "tips", "lead", "Listen first", lead="Listen without judging")
    anna.post(change_url(section), page_a)
    refused = ben.post(change_url(section), page_b)

    merged = page_data(refused)
    edit_row(merged, "tips", "lead", "Listen without judging", lead="Listen, without judging")

    assert ben.post(change_url(section), merged).status_code == 302
    assert lead_of(section, 1) == "Listen, without judging"


def test_a_row_the_editor_did_not_touch_is_not_written_back(anna, ben, section):
    page_a = page_data(anna.get(change_url(section)))
    page_b = page_data(ben.get(change_url(section)))
    edit_row(page_a, "tips", "lead", "Listen first", lead="Listen before you speak")
    page_b["body"] = "Ben's new introduction."
    page_b["change_reason"] = "Clearer introduction"

    assert anna.post(change_url(section), page_a).status_code == 302
    assert ben.post(change_url(section), page_b).status_code == 302

    section.refresh_from_db()
    assert section.body == "Ben's new introduction."
    assert lead_of(section, 1) == "Listen before you speak"
    tip = section.tips.get(position=1)
    reasons = list(tip.history.values_list("history_user__username", flat=True))
    assert "ben" not in reasons


def test_two_editors_changing_different_rows_of_one_page_both_succeed(anna, ben, section):
    page_a = page_data(anna.get(change_url(section)))
    page_b = page_data(ben.get(change_url(section)))
    edit_row(page_a, "tips", "lead", "Listen first", lead="Listen before you speak")
    edit_row(page_b, "tips", "lead", "Stay calm", lead="Stay calm yourself")

    assert anna.post(change_url(section), page_a).status_code == 302
    assert ben.post(change_url(section), page_b).status_code == 302

    assert [lead_of(section, 1), lead_of(section, 2)] == [
        "Listen before you speak",
        "Stay calm yourself",
    ]


def test_a_reorder_by_one_editor_and_an_edit_elsewhere_by_the_other_both_hold(anna, ben, section):
    page_a = page_data(anna.get(change_url(section)))
    page_b = page_data(ben.get(change_url(section)))
    edit_row(page_a, "tips", "lead", "Listen first", position=2)
    edit_row(page_a, "tips", "lead", "Stay calm", position=1)
    page_b["body"] = "Ben's new introduction."

    assert anna.post(change_url(section), page_a).status_code == 302
    assert ben.post(change_url(section), page_b).status_code == 302

    assert [lead_of(section, 1), lead_of(section, 2)] == ["Stay calm", "Listen first"]


def test_the_tips_own_page_refuses_the_second_save(anna, ben, section):
    tip = section.tips.get(position=1)
    page_a = page_data(anna.get(change_url(tip)))
    page_b = page_data(ben.get(change_url(tip)))
    page_a["body"] = "Let them talk; do not interrupt."
    page_b["body"] = "Let them finish."

    assert anna.post(change_url(tip), page_a).status_code == 302
    response = ben.post(change_url(tip), page_b)

    assert response.status_code == 200
    assert "Anna Berg changed this at" in response.content.decode()
    tip.refresh_from_db()
    assert tip.body == "Let them talk; do not interrupt."


def test_the_guide_page_refuses_a_second_save_of_the_same_section_row(anna, ben, section):
    guide = section.guide
    page_a = page_data(anna.get(change_url(guide)))
    page_b = page_data(ben.get(change_url(guide)))
    edit_row(page_a, "sections", "heading", section.heading, heading="Before you talk")
    edit_row(page_b, "sections", "heading", section.heading, heading="First steps")
    page_b["title"] = "Ben's title"

    assert anna.post(change_url(guide), page_a).status_code == 302
    response = ben.post(change_url(guide), page_b)

    assert response.status_code == 200
    assert "Anna Berg changed this at" in response.content.decode()
    guide.refresh_from_db()
    assert guide.title != "Ben's title"
    assert guide.sections.get().heading == "Before you talk"


def test_the_guide_page_saves_only_what_was_changed_on_it(anna, ben, section):
    guide = section.guide
    topic = TopicFactory()
    page_b = page_data(ben.get(change_url(guide)))
    guide.topics.add(topic)  # Anna adds a topic meanwhile, elsewhere
    edit_row(page_b, "sections", "heading", section.heading, heading="First steps")

    assert ben.post(change_url(guide), page_b).status_code == 302

    assert list(guide.topics.all()) == [topic]
    assert Guide.history.filter(history_user__username="ben").count() == 0


SINGLE_ROW_PAGES = {
    "topic": (lambda: TopicFactory(description="Old."), "description"),
    "person": (lambda: PersonFactory(bio="Old."), "bio"),
    "contributor": (lambda: ContributorFactory(), "role"),
    "source": (lambda: SourceFactory(citation="Old."), "citation"),
    "site notice": (lambda: SiteNoticeFactory(body="Old."), "body"),
    "crisis resource": (lambda: CrisisResourceFactory(description="Old."), "description"),
}


@pytest.mark.parametrize("kind", SINGLE_ROW_PAGES)
def test_every_content_page_refuses_a_stale_overwrite(anna, ben, kind):
    make, field = SINGLE_ROW_PAGES[kind]
    row = make()
    page_a = page_data(anna.get(change_url(row)))
    page_b = page_data(ben.get(change_url(row)))
    if field == "role":
        page_a[field], page_b[field] = "editorial_writer", "medical_reviewer"
    else:
        page_a[field], page_b[field] = "Anna's text.", "Ben's text."

    assert anna.post(change_url(row), page_a).status_code == 302
    response = ben.post(change_url(row), page_b)

    assert response.status_code == 200
    assert "Anna Berg changed this at" in response.content.decode()
    row.refresh_from_db()
    assert getattr(row, field) in ("Anna's text.", "editorial_writer")


def test_restoring_an_old_version_still_writes_it(anna, section):
    tip = section.tips.get(position=1)
    tip.lead = "A later lead"
    tip.save()
    old = tip.history.earliest()
    url = reverse("admin:guidance_tip_simple_history", args=[tip.pk, old.pk])

    assert anna.post(url, page_data(anna.get(url))).status_code == 302

    tip.refresh_from_db()
    assert tip.lead == "Listen first"


def test_the_guide_and_section_pages_say_who_else_opened_them(anna, ben, section):
    anna.get(change_url(section))

    page = ben.get(change_url(section)).content.decode()
    alone = anna.get(change_url(section.guide)).content.decode()

    assert "Also open for editing: Anna Berg (just now)" in page
    assert "Also open for editing" not in alone


def test_presence_is_a_notice_not_a_lock(anna, ben, section):
    anna.get(change_url(section))
    page_b = page_data(ben.get(change_url(section)))
    page_b["body"] = "Ben's new introduction."

    assert ben.post(change_url(section), page_b).status_code == 302
    assert Section.objects.get(pk=section.pk).body == "Ben's new introduction."


def test_tips_keep_their_public_id_through_a_conflicting_save(anna, ben, section):
    tip = section.tips.get(position=1)
    public_id = tip.public_id
    page_a = page_data(anna.get(change_url(section)))
    page_b = page_data(ben.get(change_url(section)))
    edit_row(page_a, "tips", "lead", "Listen first", lead="One")
    edit_row(page_b, "tips", "lead", "Listen first", lead="Two")
    anna.post(change_url(section), page_a)
    ben.post(change_url(section), page_b)

    assert Tip.objects.get(pk=tip.pk).public_id == public_id


def test_someone_who_may_only_read_a_page_is_not_counted_as_editing_it(anna, section, people):
    reader = Client()
    reader.force_login(people["reviewer"])
    anna.get(change_url(section))

    read = reader.get(change_url(section))
    page = anna.get(change_url(section)).content.decode()

    assert read.status_code == 200
    assert "Being edited by Anna Berg (just now)" in read.content.decode()
    assert "Also open for editing" not in page
