"""GET /api/v1/guides/ and /api/v1/guides/{slug}/: live guides, as their release has them."""

import json

from editorial.selectors import ORIGINALLY_PUBLISHED
from tests.workflow import edit_a_tip


def test_the_list_shows_live_guides_with_the_fields_every_client_relies_on(client, corpus):
    corpus.published_guide(
        title="Helping a partner", slug="helping-a-partner", topics=["partners"]
    )

    response = client.get("/api/v1/guides/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    (guide,) = body["results"]
    assert set(guide) == {
        "slug", "title", "summary", "topics", "published_at", "updated_at",
        "last_reviewed", "review_due", "reviewer", "authors", "reading_level",
    }  # fmt: skip
    assert isinstance(guide["reading_level"], float)
    assert guide["slug"] == "helping-a-partner"
    assert guide["topics"] == [{"slug": "partners", "name": "Partners"}]
    assert guide["reviewer"]["name"] == "Rita Alvarez"
    assert guide["reviewer"]["credentials"] == "MSW, LCSW"
    assert [author["name"] for author in guide["authors"]] == ["Maya Writer", "Sam Author"]


def test_the_detail_carries_the_release_its_history_and_the_safety_information(client, corpus):
    guide = corpus.published_guide(title="Helping a partner", slug="helping-a-partner")

    body = client.get("/api/v1/guides/helping-a-partner/").json()

    assert list(body) == [
        "slug", "title", "summary", "topics", "release", "published_at", "updated_at",
        "last_reviewed", "review_due", "reviewer", "authors", "reading_level", "sections",
        "contributors", "sources", "update_history", "disclaimer", "crisis_resources", "json_ld",
    ]  # fmt: skip
    assert body["release"] == 1
    first = body["sections"][0]
    assert set(first) == {
        "anchor", "heading", "body", "body_html", "list_style", "tips", "subsections"
    }  # fmt: skip
    assert first["anchor"] == "part-1"
    assert first["body_html"] == "<p>An <em>introduction</em>.</p>"
    assert [tip["lead"] for tip in first["tips"]] == ["Tip 1.1", "Tip 1.2"]
    tip = first["tips"][0]
    assert set(tip) == {"id", "lead", "body", "body_html", "topics"}
    assert tip["body_html"] == "<p>Say it <strong>kindly</strong>.</p>"
    assert first["subsections"][0]["anchor"] == "in-depth"
    assert first["subsections"][0]["tips"][0]["lead"] == "A deeper tip"
    assert [section["anchor"] for section in body["sections"]] == ["part-1", "part-2"]
    assert body["contributors"][0] == {
        "person": {
            "slug": body["authors"][0]["slug"],
            "name": "Maya Writer",
            "credentials": "MS, LPC",
        },
        "role": "clinical_writer",
    }
    assert body["sources"][0]["citation"] == "Doe, J. (2021). On listening."
    assert body["update_history"] == [
        {
            "release": 1,
            "kind": "original",
            "date": body["last_reviewed"],
            "summary": ORIGINALLY_PUBLISHED,
            "authors": body["authors"],
            "reviewer": {
                "slug": body["reviewer"]["slug"],
                "name": "Rita Alvarez",
                "credentials": "MSW, LCSW",
            },
        }
    ]
    assert body["disclaimer"]["body_html"] == "<p>This guide is <em>not</em> medical advice.</p>"
    assert body["crisis_resources"][0]["name"] == "988 Suicide & Crisis Lifeline"
    assert body["crisis_resources"][0]["phone"] == "988"
    assert guide.slug == body["slug"]


def test_an_update_keeps_the_first_publication_date_and_adds_to_the_history(client, corpus):
    guide = corpus.published_guide(slug="helping")
    first = client.get("/api/v1/guides/helping/").json()
    edit_a_tip(guide)
    corpus.publish(guide, summary="Softer wording in part 1.")

    body = client.get("/api/v1/guides/helping/").json()

    assert body["release"] == 2
    assert body["published_at"] == first["published_at"]
    assert body["updated_at"] >= first["updated_at"]
    assert [entry["summary"] for entry in body["update_history"]] == [
        "Softer wording in part 1.",
        ORIGINALLY_PUBLISHED,
    ]
    assert body["sections"][0]["tips"][0]["body"].endswith("Edited.")


def test_json_ld_is_a_medical_web_page_naming_its_reviewer_and_sources(client, corpus):
    corpus.published_guide(
        title="Helping a partner", slug="helping-a-partner", topics=["partners"]
    )

    body = client.get("/api/v1/guides/helping-a-partner/").json()
    page = body["json_ld"]

    assert json.loads(json.dumps(page)) == page
    assert page["@context"] == "https://schema.org"
    assert page["@type"] == "MedicalWebPage"
    assert page["headline"] == "Helping a partner"
    assert page["author"] == [
        {"@type": "Person", "name": "Maya Writer", "honorificSuffix": "MS, LPC"},
        {"@type": "Person", "name": "Sam Author", "honorificSuffix": "MA"},
    ]
    assert page["reviewedBy"]["@type"] == "Person"
    assert page["reviewedBy"]["name"] == "Rita Alvarez"
    assert page["reviewedBy"]["honorificSuffix"] == "MSW, LCSW"
    assert page["reviewedBy"]["hasCredential"]["@type"] == "EducationalOccupationalCredential"
    assert page["lastReviewed"] == body["last_reviewed"]
    assert page["datePublished"].startswith(body["published_at"][:19])
    assert page["dateModified"].startswith(body["updated_at"][:19])
    assert page["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Doe, J. (2021). On listening.",
            "url": "https://example.org/study",
        }
    ]
    assert page["about"] == [{"@type": "Thing", "name": "Partners"}]


def test_the_list_filters_by_topic_and_an_unknown_topic_is_a_400(client, corpus):
    corpus.published_guide(slug="for-partners", topics=["partners"])
    corpus.published_guide(slug="for-friends", topics=["friends"])

    on_partners = client.get("/api/v1/guides/?topic=partners").json()
    unknown = client.get("/api/v1/guides/?topic=no-such-topic")

    assert [guide["slug"] for guide in on_partners["results"]] == ["for-partners"]
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "topic: No live guide or tip is on a topic with this slug."


def test_the_list_searches_titles_summaries_and_the_guides_text(client, corpus):
    corpus.published_guide(slug="listening", title="Listening without judging")
    corpus.published_guide(
        slug="boundaries", title="Setting boundaries", summary="Protect your own health."
    )

    by_title = client.get("/api/v1/guides/?q=listening").json()
    by_summary = client.get("/api/v1/guides/?q=health").json()
    nothing = client.get("/api/v1/guides/?q=zebra").json()

    assert [guide["slug"] for guide in by_title["results"]] == ["listening"]
    assert [guide["slug"] for guide in by_summary["results"]] == ["boundaries"]
    assert nothing["count"] == 0


def test_the_list_orders_by_title_unless_asked_otherwise(client, corpus):
    corpus.published_guide(slug="b", title="Boundaries")
    corpus.published_guide(slug="a", title="Anxiety")

    by_title = client.get("/api/v1/guides/").json()
    newest_first = client.get("/api/v1/guides/?ordering=-updated_at").json()

    assert [guide["slug"] for guide in by_title["results"]] == ["a", "b"]
    assert [guide["slug"] for guide in newest_first["results"]] == ["a", "b"]
    assert client.get("/api/v1/guides/?ordering=secret").status_code == 400


def test_the_pages_of_the_list_follow_the_title_order_without_gaps(client, corpus):
    titles = ["Calm", "Anxiety", "Boundaries", "Anxiety"]
    for number, title in enumerate(titles):
        corpus.published_guide(slug=f"guide-{number}", title=title)
    scheduled = corpus.guide(slug="later", title="Aardvark")
    corpus.schedule(scheduled)

    pages = [client.get("/api/v1/guides/", {"page": n, "page_size": 3}).json() for n in (1, 2)]

    assert [page["count"] for page in pages] == [4, 4]
    listed = [(guide["title"], guide["slug"]) for page in pages for guide in page["results"]]
    assert listed == sorted((title, f"guide-{n}") for n, title in enumerate(titles))
    assert client.get("/api/v1/guides/", {"page": 3, "page_size": 3}).status_code == 404


def test_an_unknown_slug_is_a_404_with_a_message(client, corpus):
    response = client.get("/api/v1/guides/no-such-guide/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No live guide has the slug “no-such-guide”."}


def test_a_guide_summary_is_what_its_declared_fields_give(corpus):
    """The guides list writes each summary out in one step; the declared fields (the
    schema) must give the same, from a published row or from its columns."""
    from rest_framework import serializers

    from api.public.selectors import live_guides
    from api.public.serializers import GuideSummarySerializer

    corpus.published_guide(slug="helping", topics=["partners"])
    guide = live_guides().get(slug="helping")
    row = live_guides().filter(slug="helping").values(*GuideSummarySerializer.SUMMARY_COLUMNS)[0]

    field_by_field = serializers.Serializer.to_representation(GuideSummarySerializer(), guide)

    assert guide.topics
    assert guide.authors
    assert guide.published_at is not None
    assert GuideSummarySerializer(guide).data == field_by_field
    assert GuideSummarySerializer(row).data == field_by_field
    assert list(GuideSummarySerializer(row).data) == list(field_by_field)
