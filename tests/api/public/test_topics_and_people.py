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


def test_a_topic_shows_its_name_and_description_as_released(client, corpus, editor):
    guide = corpus.published_guide(slug="first", topics=["partners"])
    topic = corpus.topic("partners")
    topic.name = "Partners and spouses"
    topic.description = "Supporting the person you live with."
    topic_save(topic=topic, user=editor, reason="Renamed")

    (before,) = client.get("/api/v1/topics/").json()["results"]
    corpus.publish(guide, summary="Described the topic.")
    (after,) = client.get("/api/v1/topics/").json()["results"]

    assert (before["name"], before["description"]) == ("Partners", "")
    assert after["name"] == "Partners and spouses"
    assert after["description"] == "Supporting the person you live with."


def test_a_topic_shows_as_the_latest_live_release_using_it_has_it(client, corpus):
    corpus.published_guide(slug="first", topics=["partners"])
    second = corpus.published_guide(slug="second", topics=["partners"])
    topic = corpus.topic("partners")
    topic.description = "Described since."
    topic.save()
    corpus.publish(second, summary="Carries the description.")

    (shown,) = client.get("/api/v1/topics/").json()["results"]
    corpus.withdraw(second)
    (after_withdrawal,) = client.get("/api/v1/topics/").json()["results"]

    assert shown["description"] == "Described since."
    assert shown["guide_count"] == 2
    # The release still live is the one readers see the topic as.
    assert after_withdrawal["description"] == ""
    assert after_withdrawal["guide_count"] == 1


def test_a_topic_no_live_release_uses_is_not_listed(client, corpus):
    guide = corpus.published_guide(slug="first", topics=["partners"])
    corpus.guide(slug="draft", topics=["denial"])
    corpus.withdraw(guide)

    assert client.get("/api/v1/topics/").json()["results"] == []


def test_a_profile_shows_the_person_as_the_latest_live_release_has_them(client, corpus):
    guide = corpus.published_guide(slug="helping", title="Helping")
    writer = guide.contributors.get(role="clinical_writer").person
    released_bio = writer.bio
    writer.bio = "A bio no one has signed off."
    writer.credentials = "PhD"
    writer.save()

    before = client.get(f"/api/v1/people/{writer.slug}/").json()
    corpus.publish(guide, summary="New bio.")
    after = client.get(f"/api/v1/people/{writer.slug}/").json()

    assert (before["bio"], before["credentials"]) == (released_bio, "MS, LPC")
    assert (after["bio"], after["credentials"]) == ("A bio no one has signed off.", "PhD")


def test_a_person_on_no_live_guide_has_no_profile(client, corpus):
    guide = corpus.published_guide(slug="helping")
    writer = guide.contributors.get(role="clinical_writer").person
    draft_only = corpus.guide(slug="draft").contributors.get(role="clinical_writer").person
    corpus.withdraw(guide)

    assert client.get(f"/api/v1/people/{writer.slug}/").status_code == 404
    assert client.get(f"/api/v1/people/{draft_only.slug}/").status_code == 404
    assert client.get("/api/v1/people/no-one/").status_code == 404


def test_a_clinician_credited_only_for_signing_off_shows_as_signed(client, corpus, reviewer):
    corpus.published_guide(slug="helping", title="Helping")
    person = reviewer.person
    person.bio = "Never signed off by anyone."
    person.save()

    body = client.get(f"/api/v1/people/{person.slug}/").json()

    assert (body["name"], body["credentials"]) == ("Rita Alvarez", "MSW, LCSW")
    assert body["bio"] == ""
    assert body["guides"] == [{"slug": "helping", "title": "Helping", "roles": ["signed_off"]}]


def test_a_credited_persons_profile_lists_their_live_guides(client, corpus, reviewer):
    guide = corpus.guide(slug="helping", title="Helping")
    writer = guide.contributors.get(role="clinical_writer").person
    writer.bio = "Writes about **families**."
    writer.specialties = "couples, grief ,"
    writer.save()
    corpus.publish(guide)

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
