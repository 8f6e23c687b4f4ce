"""GET /api/v1/topics/ and /api/v1/people/{slug}/."""

from editorial.people import person_save, topic_save
from guidance.models import Tip
from tests.factories import PersonFactory, TopicFactory


def test_topics_count_live_guides_and_tips(client, corpus):
    first = corpus.published_guide(slug="first", topics=["partners", "stigma"])
    corpus.published_guide(slug="second", topics=["partners"])
    Tip.objects.filter(section__guide=first, lead="Tip 1.1").get().topics.add(
        corpus.topic("stigma")
    )
    corpus.publish(first, summary="Tagged a tip.")
    corpus.guide(slug="draft", topics=["denial"])
    TopicFactory(slug="unused", name="Unused", description="On no guide.")

    body = client.get("/api/v1/topics/").json()

    assert body["results"] == [
        {
            "slug": "partners",
            "name": "Partners",
            "description": "",
            "guide_count": 2,
            "tip_count": 0,
        },
        {"slug": "stigma", "name": "Stigma", "description": "", "guide_count": 1, "tip_count": 1},
    ]


def test_a_topic_shows_its_current_name_and_description(client, corpus, editor):
    corpus.published_guide(slug="first", topics=["partners"])
    topic = corpus.topic("partners")
    topic.name = "Partners and spouses"
    topic.description = "Supporting the person you live with."
    topic_save(topic=topic, user=editor, reason="Renamed")

    (shown,) = client.get("/api/v1/topics/").json()["results"]

    assert shown["name"] == "Partners and spouses"
    assert shown["description"] == "Supporting the person you live with."


def test_a_credited_persons_profile_lists_their_live_guides(client, corpus, reviewer, editor):
    guide = corpus.published_guide(slug="helping", title="Helping")
    writer = guide.contributors.get(role="clinical_writer").person
    writer.bio = "Writes about **families**."
    writer.specialties = "couples, grief ,"
    person_save(person=writer, user=editor, reason="Bio")

    body = client.get(f"/api/v1/people/{writer.slug}/").json()
    signer = client.get(f"/api/v1/people/{reviewer.person.slug}/").json()

    assert body == {
        "slug": writer.slug,
        "name": "Maya Writer",
        "credentials": "MS, LPC",
        "job_title": writer.job_title,
        "bio": "Writes about **families**.",
        "bio_html": "<p>Writes about <strong>families</strong>.</p>",
        "photo_url": "",
        "specialties": ["couples", "grief"],
        "guides": [{"slug": "helping", "title": "Helping", "roles": ["clinical_writer"]}],
    }
    assert signer["guides"] == [{"slug": "helping", "title": "Helping", "roles": ["signed_off"]}]


def test_a_profile_follows_the_person_not_a_slug_someone_else_takes(client, corpus, editor):
    guide = corpus.published_guide(slug="helping")
    writer = guide.contributors.get(role="clinical_writer").person
    old_slug = writer.slug
    writer.slug = "maya-writer"
    person_save(person=writer, user=editor, reason="New address")
    PersonFactory(slug=old_slug, name="Someone Else")

    assert client.get(f"/api/v1/people/{old_slug}/").status_code == 404
    moved = client.get("/api/v1/people/maya-writer/").json()
    assert moved["name"] == "Maya Writer"
    assert moved["guides"][0]["roles"] == ["clinical_writer"]
