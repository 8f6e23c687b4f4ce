"""GET the editorial list, a guide's working copy and its diff since the live release."""

import pytest

from editorial.snapshot import fingerprint_guide, serialize_guide, serialize_guides
from editorial.status import status_of, statuses_of
from guidance.models import Guide, Tip
from tests.api.editorial.content import editorial_guide, first_tip, part, url
from tests.factories import build_guide
from tests.workflow import STATES, build_state, edit_a_tip, publish

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/editorial/guides/"


def test_the_list_shows_each_working_copy_where_it_stands(api_as, people, guide):
    published = build_state("published_with_edits", people)
    in_review = build_state("in_review", people)

    response = api_as(people["editor"]).get(LIST_URL)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    rows = {row["slug"]: row for row in body["results"]}
    assert set(rows[guide.slug]) == {
        "slug", "title", "state", "state_label", "fingerprint", "updated_at",
        "live_release", "scheduled_release", "open_review",
    }  # fmt: skip
    assert rows[guide.slug]["state"] == "draft"
    assert rows[guide.slug]["fingerprint"] == fingerprint_guide(guide)
    assert rows[published.slug]["state_label"] == "Published, with unpublished edits"
    assert rows[published.slug]["live_release"] == 1
    review = rows[in_review.slug]["open_review"]
    assert (review["submitted_by"], review["change_summary"]) == ("edna", "First version.")
    assert review["submitted_fingerprint"] == fingerprint_guide(in_review)
    assert [row["title"] for row in body["results"]] == sorted(rows[s]["title"] for s in rows)


def test_the_list_is_paginated(api_as, people):
    for number in range(3):
        build_guide(sections=1, tips_per_section=1, title=f"Guide {number}")

    body = api_as(people["editor"]).get(LIST_URL, {"page_size": 2, "page": 2}).json()

    assert body["count"] == 3
    assert [row["title"] for row in body["results"]] == ["Guide 2"]
    response = api_as(people["editor"]).get(LIST_URL, {"page_size": "lots"})
    assert response.status_code == 400


def build_guides(count, people):
    """``count`` guides in different states and of different sizes."""
    states = ["published", "approved", "in_review", "scheduled", "draft", "withdrawn"]
    guides = [build_state(state, people) for state in states[:count]]
    for extra, guide in enumerate(guides):
        # Another guide, off the page: its title sorts after every factory title ("Guide 9"
        # would come after "Guide 10", whichever test made the earlier ones).
        build_guide(sections=0, title=f"~ Off the page {extra}")
        for number in range(extra):
            Tip.objects.create(section=part(guide, 1), position=10 + number, lead="More")
    return guides


# Token (1) and the right to view guides (2), the page's count and rows (2),
# states, open reviews, approvals, live, newest and scheduled releases (6),
# and the working copies' content (7).
LIST_QUERIES = 18


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_reads_a_fixed_number_of_queries(api_as, people, size, django_assert_num_queries):
    build_guides(size, people)
    client = api_as(people["editor"])

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL, {"page_size": size})

    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("state", STATES)
def test_the_lists_batch_read_agrees_with_status_of(people, state):
    guide = build_state(state, people)
    (batch,) = statuses_of([guide])
    single = status_of(guide)

    assert (batch.state, batch.label, batch.fingerprint) == (
        single.state,
        single.label,
        single.fingerprint,
    )
    for name in ["open_review", "approval", "live_release", "newest_release", "scheduled_release"]:
        assert getattr(batch, name) == getattr(single, name), name


def test_serialize_guides_gives_each_guide_its_own_snapshot_in_seven_queries(
    people, django_assert_num_queries
):
    guides = [editorial_guide(slug=f"guide-{n}") for n in range(3)]
    guides.append(build_guide(sections=3, tips_per_section=0))

    with django_assert_num_queries(7):
        snapshots = serialize_guides(guides)

    assert snapshots == {guide.pk: serialize_guide(guide) for guide in guides}


def test_the_detail_carries_the_content_with_section_ids_and_the_steps_allowed(
    api_as, people, guide
):
    response = api_as(people["editor"]).get(url(guide.slug))

    assert response.status_code == 200
    body = response.json()
    assert response.headers["ETag"] == f'"{fingerprint_guide(guide)}"'
    assert body["fingerprint"] == fingerprint_guide(guide)
    content = body["content"]
    assert content["title"] == "Helping a partner"
    first = content["sections"][0]
    assert (first["id"], first["anchor"]) == (part(guide, 1).pk, "part-1")
    assert first["subsections"][0]["anchor"] == "in-depth"
    assert first["tips"][0]["id"] == str(first_tip(guide).public_id)
    without_ids = {
        **content,
        "sections": [strip_ids(section) for section in content["sections"]],
    }
    assert without_ids == serialize_guide(guide)
    assert body["allowed_steps"]["submit"] == {"allowed": True, "why_not": None}
    assert body["allowed_steps"]["approve"] == {
        "allowed": False,
        "why_not": "Only clinical reviewers may sign off guides.",
    }


def strip_ids(section):
    return {
        **{key: value for key, value in section.items() if key != "id"},
        "subsections": [strip_ids(subsection) for subsection in section["subsections"]],
    }


def test_the_steps_allowed_are_the_requesting_users(api_as, people):
    guide = build_state("in_review", people)

    steps = api_as(people["reviewer"]).get(url(guide.slug)).json()["allowed_steps"]

    assert steps["approve"]["allowed"]
    assert steps["request_changes"]["allowed"]
    assert steps["submit"]["why_not"] == (
        "You may not submit guides for review: that takes the Editors' right."
    )


@pytest.mark.parametrize("sections", [1, 5])
def test_the_detail_reads_as_many_queries_whatever_the_guides_size(
    api_as, people, sections, django_assert_num_queries
):
    guide = build_state("published_with_edits", people)
    for number in range(2, sections + 1):
        build_guide_part(guide, number)
    client = api_as(people["reviewer"])

    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(url(guide.slug))


# Token and rights (3), the guide (1), its status (5) and content (7), the
# section ids (1), and the policy's reads for a reviewer's steps allowed (12,
# their licence included).
DETAIL_QUERIES = 29


def build_guide_part(guide, number):
    section = guide.sections.create(position=10 + number, heading="More", anchor=f"more-{number}")
    for tip in range(3):
        Tip.objects.create(section=section, position=tip + 1, lead=f"More {tip}")


def test_an_unknown_slug_is_404(api_as, people):
    response = api_as(people["editor"]).get(url("nowhere"))

    assert response.status_code == 404
    assert response.json() == {"detail": "No guide has the slug “nowhere”."}


def test_the_diff_before_any_release_reads_everything_as_added(api_as, people, guide):
    body = api_as(people["reviewer"]).get(url(guide.slug, "diff")).json()

    assert body["since"] is None
    assert body["fingerprint"] == fingerprint_guide(guide)
    assert body["has_changes"]
    assert {section["status"] for section in body["sections"]} == {"added"}
    assert body["counts"]["sections added"] == 3
    assert body["summary"] == "first release: 1 topic, 3 sections, 5 tips, 1 contributor, 1 source"


def test_the_diff_shows_what_changed_since_the_live_release_word_by_word(api_as, people, guide):
    publish(guide, **people)
    tip = first_tip(guide)
    tip.body = "Say it <b>gently</b>."
    tip.save()
    guide.topics.clear()

    response = api_as(people["reviewer"]).get(url(guide.slug, "diff"))

    assert response.status_code == 200
    body = response.json()
    assert body["since"] == {"release": 1, "withdrawn": False}
    assert body["summary"] == "1 topic removed, 1 tip changed"
    assert body["topics_removed"] == ["Partners"]
    (section,) = body["sections"]
    assert (section["anchor"], section["status"]) == ("part-1", "unchanged")
    (changed,) = section["tips"]
    assert (changed["id"], changed["status"]) == (str(tip.public_id), "changed")
    (field,) = changed["fields"]
    assert (field["name"], field["old"], field["new"]) == (
        "body",
        "Say it **kindly**.",
        "Say it <b>gently</b>.",
    )
    assert field["html"] == "Say it <del>**kindly**</del><ins>&lt;b&gt;gently&lt;/b&gt;</ins>."


def test_after_a_withdrawal_the_diff_is_since_the_last_release_readers_had(api_as, people):
    guide = build_state("withdrawn", people)
    edit_a_tip(guide)

    body = api_as(people["editor"]).get(url(guide.slug, "diff")).json()

    assert body["since"] == {"release": 1, "withdrawn": True}
    assert body["counts"] == {"tips changed": 1}


def test_a_guide_with_nothing_changed_since_its_release_has_an_empty_diff(api_as, people):
    guide = build_state("published", people)

    body = api_as(people["editor"]).get(url(guide.slug, "diff")).json()

    assert (body["has_changes"], body["summary"], body["sections"]) == (False, "no changes", [])
    assert Guide.objects.count() == 1
