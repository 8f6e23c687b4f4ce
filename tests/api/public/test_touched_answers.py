"""A publish or withdrawal empties only the answers it touches: its own guide's, and the
lists. Every other guide's detail and page are carried over to the new version."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import SiteNotice
from tests.workflow import edit_a_tip

DETAIL = "/api/v1/guides/a-guide/"
PAGE = "/guides/a-guide/"


def queries_for(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    return response, len(queries)


def test_publishing_another_guide_leaves_a_guide_answer_as_it_was(client, corpus):
    corpus.published_guide(slug="a-guide")
    other = corpus.guide(slug="b-guide")  # its contributors are saved: answers change
    before = client.get(DETAIL)

    corpus.publish(other)
    after, queries = queries_for(client, DETAIL)

    assert after.content == before.content
    assert after["ETag"] == before["ETag"]
    assert queries == 1  # the public version: the answer is carried over, not computed


def test_the_reader_page_is_carried_over_too(client, corpus):
    corpus.published_guide(slug="a-guide")
    other = corpus.guide(slug="b-guide")
    before = client.get(PAGE)

    corpus.publish(other)
    after, queries = queries_for(client, PAGE)

    assert after.content == before.content
    assert queries == 1


def test_a_carried_answer_survives_the_shared_cache_losing_the_process_copy(client, corpus):
    from api.public.caching import local_answers

    corpus.published_guide(slug="a-guide")
    other = corpus.guide(slug="b-guide")
    before = client.get(DETAIL)
    local_answers.clear()  # another process: only the shared cache has it

    corpus.publish(other)
    after, queries = queries_for(client, DETAIL)

    assert after.content == before.content
    assert queries == 1


def test_the_lists_are_computed_again(client, corpus):
    corpus.published_guide(slug="a-guide")
    client.get("/api/v1/guides/")

    corpus.published_guide(slug="b-guide")
    listed = client.get("/api/v1/guides/").json()

    assert [guide["slug"] for guide in listed["results"]] == ["a-guide", "b-guide"]


def test_publishing_the_guide_itself_changes_its_answer(client, corpus):
    guide = corpus.published_guide(slug="a-guide")
    client.get(DETAIL)

    edit_a_tip(guide)
    corpus.publish(guide, summary="Edited a tip.")

    assert b"Edited." in client.get(DETAIL).content


def test_withdrawing_the_guide_itself_is_a_404_at_once(client, corpus):
    guide = corpus.published_guide(slug="a-guide")
    corpus.published_guide(slug="b-guide")
    client.get(DETAIL)

    corpus.withdraw(guide)

    assert client.get(DETAIL).status_code == 404
    assert client.get(PAGE).status_code == 404


def test_a_change_not_of_one_guide_touches_every_answer(client, corpus):
    corpus.published_guide(slug="a-guide")
    client.get(DETAIL)

    SiteNotice.objects.filter(kind="disclaimer").update(body="A new disclaimer.")
    corpus.publish_safety_information(summary="A new disclaimer.")
    after_safety, safety_queries = queries_for(client, DETAIL)

    assert safety_queries > 1  # computed again
    assert after_safety.json()["disclaimer"]["body"] == "A new disclaimer."


def test_an_edit_of_a_person_touches_no_answer(client, corpus):
    guide = corpus.published_guide(slug="a-guide")
    before = client.get(DETAIL)
    person = guide.contributors.get(role="clinical_writer").person
    person.name = "Renamed Writer"
    person.bio = "An unreviewed bio."
    person.save()

    after, queries = queries_for(client, DETAIL)
    profile = client.get(f"/api/v1/people/{person.slug}/").json()

    # People are served as released: the answer still holds, from memory.
    assert queries == 1
    assert after.content == before.content
    assert profile["name"] == "Maya Writer"
    assert profile["bio"] != "An unreviewed bio."


def test_without_a_record_of_what_changed_the_answer_is_computed_again(client, corpus):
    corpus.published_guide(slug="a-guide")
    other = corpus.guide(slug="b-guide")
    client.get(DETAIL)

    corpus.publish(other)
    cache.delete_many([f"api:public:change:{number}" for number in range(1, 50)])
    _, queries = queries_for(client, DETAIL)

    assert queries > 1
