"""GET /api/v1/tips/, /tips/{id}/ and /tips/daily/: live tips across guides."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from guidance.models import Guide, Tip
from tests.factories import TipFactory
from tests.workflow import on_postgresql


def leads(response):
    return [tip["lead"] for tip in response.json()["results"]]


def every_page(client, **asked):
    """The results of every page of ``GET /api/v1/tips/`` with ``asked``, in turn, and the
    counts the pages gave."""
    results, counts, page = [], [], 1
    while True:
        body = client.get("/api/v1/tips/", {**asked, "page": page}).json()
        results += body["results"]
        counts.append(body["count"])
        if body["next"] is None:
            return results, counts
        page += 1


def test_a_tip_in_the_list_names_its_guide_section_and_review_date(client, corpus):
    guide = corpus.published_guide(slug="helping", title="Helping")
    tip = Tip.objects.get(section__guide=guide, lead="Tip 1.1")

    body = client.get("/api/v1/tips/").json()
    first = body["results"][0]

    assert body["count"] == 5  # 2 sections of 2 tips, and the subsection's tip
    assert first == {
        "id": str(tip.public_id),
        "lead": "Tip 1.1",
        "body": "Say it **kindly**.",
        "body_html": "<p>Say it <strong>kindly</strong>.</p>",
        "topics": [],
        "guide": {"slug": "helping", "title": "Helping"},
        "section": {"anchor": "part-1", "heading": "Part 1"},
        "last_reviewed": first["last_reviewed"],
    }
    datetime.date.fromisoformat(first["last_reviewed"])


def test_tips_come_in_guide_order_with_subsections_after_their_section(client, corpus):
    corpus.published_guide(slug="helping")

    assert leads(client.get("/api/v1/tips/")) == [
        "Tip 1.1", "Tip 1.2", "A deeper tip", "Tip 2.1", "Tip 2.2",
    ]  # fmt: skip


def test_the_tip_detail_carries_its_context_and_the_safety_information(client, corpus):
    guide = corpus.published_guide(slug="helping")
    tip = Tip.objects.get(section__guide=guide, lead="A deeper tip")

    body = client.get(f"/api/v1/tips/{tip.public_id}/").json()

    assert body["section"] == {"anchor": "in-depth", "heading": "In more depth"}
    assert body["guide"]["slug"] == "helping"
    assert body["disclaimer"]["title"] == "Medical disclaimer"
    assert body["crisis_resources"][0]["phone"] == "988"


def test_filter_by_topic_and_by_guide(client, corpus):
    corpus.published_guide(slug="first")
    second = corpus.published_guide(slug="second")
    tip = Tip.objects.get(section__guide=second, lead="Tip 2.1")
    tip.topics.add(corpus.topic("stigma"))
    corpus.publish(second, summary="Tagged a tip.")

    assert leads(client.get("/api/v1/tips/?topic=stigma")) == ["Tip 2.1"]
    assert client.get("/api/v1/tips/?guide=first").json()["count"] == 5
    assert leads(client.get("/api/v1/tips/?guide=second&topic=stigma")) == ["Tip 2.1"]
    assert client.get("/api/v1/tips/?guide=first&topic=stigma").json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("patience", ["Be patient"]),
        ("listen", ["Listen first"]),
        ("LISTEN", ["Listen first"]),
        ("patient listen", []),  # every word must match
        ("kindly", None),  # the four factory tips say it
        ("🙂", []),
        ("zebra", []),
    ],
)
def test_search_finds_tips_by_their_words(client, corpus, query, expected):
    guide = corpus.guide(slug="helping")
    section = guide.sections.get(anchor="part-2")
    TipFactory(section=section, position=3, lead="Listen first", body="Hear them out.")
    TipFactory(section=section, position=4, lead="Be patient", body="Change takes patience.")
    corpus.publish(guide)

    response = client.get("/api/v1/tips/", {"q": query})

    assert response.status_code == 200
    if expected is None:
        assert response.json()["count"] == 4
    else:
        assert leads(response) == expected


def test_search_matches_word_forms(client, corpus):
    guide = corpus.guide(slug="helping")
    TipFactory(section=guide.sections.get(anchor="part-2"), position=3, lead="Listen first")
    corpus.publish(guide)

    assert leads(client.get("/api/v1/tips/?q=listening")) == ["Listen first"]


def test_search_puts_a_match_in_the_lead_before_a_match_in_the_body(client, corpus):
    guide = corpus.guide(slug="helping")
    section = guide.sections.get(anchor="part-2")
    TipFactory(section=section, position=3, lead="Ask gently", body="Boundaries matter here.")
    TipFactory(section=section, position=4, lead="Keep boundaries", body="Say no kindly.")
    corpus.publish(guide)

    found = leads(client.get("/api/v1/tips/?q=boundaries"))

    assert set(found) == {"Ask gently", "Keep boundaries"}
    if on_postgresql():  # ranked; SQLite keeps guide order
        assert found == ["Keep boundaries", "Ask gently"]


def test_ordering_by_lead_and_a_refused_ordering(client, corpus):
    corpus.published_guide(slug="helping")

    assert leads(client.get("/api/v1/tips/?ordering=-lead"))[:2] == ["Tip 2.2", "Tip 2.1"]
    refused = client.get("/api/v1/tips/?ordering=password")
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("ordering: ")


def test_pages_cover_every_tip_once_and_page_size_is_capped_at_100(client, corpus):
    guide = corpus.guide(slug="long", sections=1, tips_per_section=103)
    corpus.publish(guide)

    first = client.get("/api/v1/tips/?page_size=40").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    capped = client.get("/api/v1/tips/?page_size=1000").json()

    assert first["count"] == 104
    ids = [tip["id"] for page in (first, second, third) for tip in page["results"]]
    assert len(ids) == len(set(ids)) == 104
    assert third["next"] is None
    assert len(capped["results"]) == 100


def test_the_tip_of_the_day_is_the_same_all_day_and_changes_the_next(client, corpus):
    corpus.published_guide(slug="helping")
    day = datetime.datetime(2027, 3, 1, 0, 5, tzinfo=datetime.UTC)

    with time_machine.travel(day):
        morning = client.get("/api/v1/tips/daily/").json()
    with time_machine.travel(day + datetime.timedelta(hours=23)):
        evening = client.get("/api/v1/tips/daily/").json()
    with time_machine.travel(day + datetime.timedelta(days=1)):
        tomorrow = client.get("/api/v1/tips/daily/").json()

    assert morning == evening
    assert morning["date"] == "2027-03-01"
    assert tomorrow["date"] == "2027-03-02"
    assert tomorrow["id"] != morning["id"]
    assert morning["crisis_resources"][0]["phone"] == "988"


def test_every_live_tip_takes_its_turn_as_tip_of_the_day(client, corpus):
    corpus.published_guide(slug="helping")
    day = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)

    seen = []
    for offset in range(5):
        with time_machine.travel(day + datetime.timedelta(days=offset)):
            seen.append(client.get("/api/v1/tips/daily/").json()["id"])

    assert len(set(seen)) == 5


def test_the_tip_of_the_day_stays_when_more_tips_are_published_that_day(client, corpus):
    corpus.published_guide(slug="helping")
    day = timezone.now() + datetime.timedelta(days=1)

    with time_machine.travel(day.replace(hour=8)):
        morning = client.get("/api/v1/tips/daily/").json()
        corpus.published_guide(slug="listening", sections=4, tips_per_section=5)
    with time_machine.travel(day.replace(hour=20)):
        evening = client.get("/api/v1/tips/daily/").json()
        live_tips = client.get("/api/v1/tips/").json()["count"]

    assert live_tips == 5 + 21
    assert evening["id"] == morning["id"]


def test_the_tip_of_the_day_is_served_as_live_now(client, corpus):
    guide = corpus.published_guide(slug="helping")
    day = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(day.replace(hour=8)):
        morning = client.get("/api/v1/tips/daily/").json()
        tip = Tip.objects.get(public_id=morning["id"])
        tip.body = "Updated advice."
        tip.save()
        corpus.publish(guide, summary="Updated a tip.")
        updated = client.get("/api/v1/tips/daily/").json()
        corpus.withdraw(guide)
        withdrawn = client.get("/api/v1/tips/daily/")

    assert updated["id"] == morning["id"]
    assert updated["body"] == "Updated advice."
    assert withdrawn.status_code == 404


def test_the_unfiltered_pages_are_the_live_tips_in_guide_order(client, corpus):
    """Pages found from the live guides' tip counts hold what ordering the rows gives."""
    updated = corpus.published_guide(slug="b-updated", title="B updated")
    Tip.objects.filter(section__guide=updated).update(body="Second version.")
    corpus.publish(updated, summary="Rewrote the tips.")  # its first release is no longer live
    corpus.published_guide(slug="a-first", title="A first", sections=3)
    corpus.published_guide(slug="c-withdrawn", title="C withdrawn")
    corpus.withdraw(Guide.objects.get(slug="c-withdrawn"))
    corpus.published_guide(slug="d-last", title="D last", sections=1)
    ordered = client.get("/api/v1/tips/?ordering=guide&page_size=100").json()

    pages, counts = every_page(client, page_size=4)

    assert set(counts) == {ordered["count"]}
    assert ordered["count"] == 7 + 5 + 3
    assert pages == ordered["results"]
    assert {tip["guide"]["slug"] for tip in pages} == {"a-first", "b-updated", "d-last"}
    assert all(
        tip["body"] == "Second version." for tip in pages if tip["guide"]["slug"] == "b-updated"
    )


def test_the_pages_on_a_topic_are_its_live_tips_in_guide_order(client, corpus):
    """Pages on one topic, found from each live guide's tips on it, hold what the
    filtered and ordered rows give: across guides, with superseded and withdrawn
    releases left out."""
    partners = corpus.topic("partners")

    def published(slug, title, tagged, **fields):
        guide = corpus.guide(slug=slug, title=title, **fields)
        for tip in Tip.objects.filter(section__guide=guide).order_by("pk")[:tagged]:
            tip.topics.add(partners)
        corpus.publish(guide)
        return guide

    updated = published("b-updated", "B updated", 3)
    Tip.objects.filter(section__guide=updated).update(body="Second version.")
    corpus.publish(updated, summary="Rewrote the tips.")
    published("a-first", "A first", 5, sections=3)
    published("c-untagged", "C untagged", 0)
    corpus.withdraw(published("d-withdrawn", "D withdrawn", 2))
    published("e-last", "E last", 1, sections=1)
    ordered = client.get("/api/v1/tips/?topic=partners&ordering=guide&page_size=100").json()

    pages, counts = every_page(client, topic="partners", page_size=2)

    assert set(counts) == {ordered["count"]}
    assert ordered["count"] == 5 + 3 + 1
    assert pages == ordered["results"]
    assert [tip["guide"]["slug"] for tip in pages] == ["a-first"] * 5 + ["b-updated"] * 3 + [
        "e-last"
    ]
    assert all(tip["body"] == "Second version." for tip in pages[5:8])
    assert client.get("/api/v1/tips/?topic=partners&page_size=2&page=6").status_code == 404
    assert client.get("/api/v1/tips/?topic=").json()["count"] == 7 + 5 + 5 + 3


def test_a_page_past_the_last_is_a_404(client, corpus):
    corpus.published_guide(slug="helping")

    response = client.get("/api/v1/tips/?page=3")

    assert response.status_code == 404
    assert "There is no page 3" in response.json()["detail"]


def test_a_search_ranks_at_most_the_configured_number_of_matches(client, corpus, settings):
    if not on_postgresql():
        pytest.skip("the candidate bound is on PostgreSQL's index; SQLite filters every row")
    settings.API_SEARCH_CANDIDATES = 3
    guide = corpus.guide(slug="helping", sections=2, tips_per_section=3)
    Tip.objects.filter(section__guide=guide).update(body="Boundaries matter.")
    corpus.publish(guide)

    body = client.get("/api/v1/tips/?q=boundaries").json()

    assert Tip.objects.filter(section__guide=guide).count() == 7
    assert body["count"] == 3
    assert len(body["results"]) == 3


def test_the_pages_of_a_search_hold_every_match_once_and_each_says_how_many(client, corpus):
    guide = corpus.guide(slug="helping", sections=2, tips_per_section=3)
    Tip.objects.filter(section__guide=guide).update(body="Boundaries matter.")
    corpus.publish(guide)
    other = corpus.guide(slug="other", sections=1, tips_per_section=2)
    corpus.publish(other)

    pages = [
        client.get("/api/v1/tips/", {"q": "boundaries", "page_size": 3, "page": n})
        for n in (1, 2, 3)
    ]

    bodies = [page.json() for page in pages]
    assert [body["count"] for body in bodies] == [7, 7, 7]
    assert [len(body["results"]) for body in bodies] == [3, 3, 1]
    ids = [tip["id"] for body in bodies for tip in body["results"]]
    assert len(set(ids)) == 7
    assert {tip["guide"]["slug"] for body in bodies for tip in body["results"]} == {"helping"}
    past = client.get("/api/v1/tips/", {"q": "boundaries", "page_size": 3, "page": 4})
    assert past.status_code == 404
    assert "There is no page 4" in past.json()["detail"]
    malformed = client.get("/api/v1/tips/", {"q": "boundaries", "page": "two"})
    assert malformed.status_code == 400


def test_a_tip_item_is_what_its_declared_fields_give(corpus):
    """The tips list writes each item out in one step; the declared fields (the schema)
    must give the same, from a published row or from its columns."""
    from rest_framework import serializers

    from api.public.serializers import TipListItemSerializer
    from editorial.models import PublishedTip

    guide = corpus.guide(slug="helping")
    first = Tip.objects.filter(section__guide=guide).first()
    first.topics.add(corpus.topic("partners"))
    Tip.objects.filter(pk=first.pk).update(lead="Say “no” <kindly>")
    corpus.publish(guide)
    tip = PublishedTip.objects.get(public_id=first.public_id)
    row = PublishedTip.objects.filter(pk=tip.pk).values(*TipListItemSerializer.TIP_COLUMNS)[0]

    field_by_field = serializers.Serializer.to_representation(TipListItemSerializer(), tip)

    assert tip.topics
    assert tip.lead == "Say “no” <kindly>"
    assert TipListItemSerializer(tip).data == field_by_field
    assert TipListItemSerializer(row).data == field_by_field
    assert list(TipListItemSerializer(row).data) == list(field_by_field)


def test_matches_that_rank_alike_come_in_the_tips_list_order_page_after_page(client, corpus):
    for slug, title in [("c-guide", "C guide"), ("a-guide", "A guide"), ("b-guide", "B guide")]:
        guide = corpus.guide(slug=slug, title=title)
        Tip.objects.filter(section__guide=guide).update(body="Boundaries matter.")
        corpus.publish(guide)
    in_order = client.get("/api/v1/tips/?page_size=100").json()["results"]

    found, _ = every_page(client, q="boundaries", page_size=2)

    assert len(in_order) == 3 * 5
    assert found == in_order
