"""Every public endpoint runs a fixed number of SQL queries, whatever the corpus and page size.

Counted with empty caches, the process's own included (the most an answer
costs). The budget per endpoint is what it needs: the public version, the
next go-live time, the rows, the count for a paginated list (read with the
page for a search), one query per validated filter, and the Last-Modified
time. A process reads the next go-live time, Last-Modified, the safety
release and which guides are live once per public version.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.public.caching import forget_process_state
from guidance.models import Tip

# Fixed costs, with an empty cache: the public version (also paid by a cached
# answer), the next scheduled go-live and Last-Modified. The disclaimer and
# crisis resources cost one query: the live safety release.
BUDGETS = {
    "/api/v1/guides/": 5,
    # A search's page carries its count: one query for both.
    "/api/v1/guides/?q=part": 4,
    # A topic is checked among the live releases, read once per version.
    "/api/v1/guides/?topic=partners&q=part&ordering=-updated_at": 6,
    "/api/v1/guides/{slug}/": 6,
    "/api/v1/guides/{slug}/?region=gb": 6,
    "/api/v1/tips/": 5,
    "/api/v1/tips/?page_size=100": 5,
    "/api/v1/tips/?page_size=1": 5,
    # On PostgreSQL the ranked ids come with their count, then the page's tips are
    # read, among the live releases (read once per version); SQLite's one query
    # filters every row.
    "/api/v1/tips/?q=tip": 6 if connection.vendor == "postgresql" else 4,
    "/api/v1/tips/?topic=partners&guide={slug}&q=tip&ordering=lead": 7,
    # The topic checked, the live guides' tips on it (once per version), the page.
    "/api/v1/tips/?topic=partners": 7,
    "/api/v1/tips/{tip}/": 5,
    # Here no tip was live at midnight, so the tips live now are read too.
    "/api/v1/tips/daily/": 7,
    "/api/v1/topics/": 5,
    "/api/v1/people/{person}/": 5,
    "/api/v1/crisis-resources/?region=gb": 4,
}


def build(corpus, guides, name):
    """``guides`` published guides beside the one measured; every tip on a topic."""
    for slug in [*(f"{name}-{number}" for number in range(guides)), name]:
        guide = corpus.guide(slug=slug, sections=3, tips_per_section=4, topics=["partners"])
        for tip in Tip.objects.filter(section__guide=guide):
            tip.topics.add(corpus.topic("partners"))
        corpus.publish(guide)
    return guide


def queries_per_endpoint(client, guide):
    tip = Tip.objects.filter(section__guide=guide).first()
    person = guide.contributors.first().person
    counts = {}
    for template in BUDGETS:
        address = template.format(slug=guide.slug, tip=tip.public_id, person=person.slug)
        cache.clear()
        forget_process_state()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, (address, response.content[:300])
        counts[template] = len(queries)
    return counts


@pytest.fixture
def measured(client, corpus):
    def measure(guides, name):
        return queries_per_endpoint(client, build(corpus, guides, name))

    return measure


def test_query_counts_do_not_grow_with_the_corpus(measured):
    small = measured(guides=0, name="alone")
    large = measured(guides=20, name="among-many")

    assert large == small
    assert small == BUDGETS


def test_a_cached_answer_runs_one_query(client, corpus, django_assert_num_queries):
    guide = build(corpus, 2, "cached")
    client.get(f"/api/v1/guides/{guide.slug}/")

    with django_assert_num_queries(1):  # the public version: has anything changed?
        client.get(f"/api/v1/guides/{guide.slug}/")


def test_answers_under_one_version_read_the_shared_state_once(client, corpus):
    """The next go-live, Last-Modified and the safety release are read by the first."""
    guide = build(corpus, 2, "shared")
    client.get("/api/v1/crisis-resources/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/guides/{guide.slug}/")

    assert response.status_code == 200
    assert response.json()["crisis_resources"]
    assert len(queries) == BUDGETS["/api/v1/guides/{slug}/"] - 3


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/guides/?page=2&page_size=1",
        "/api/v1/tips/?page=2",
        "/api/v1/tips/?topic=partners&page=2",
        *(["/api/v1/tips/?q=tip&page=2&page_size=3"] if connection.vendor == "postgresql" else []),
    ],
)
def test_lists_under_one_version_read_which_guides_are_live_once(
    client, corpus, settings, address
):
    """A fresh page of a list (here nothing is kept: API_CACHE_SECONDS=0) reads only its own
    rows once another answer under the same version has read the live guides."""
    settings.API_CACHE_SECONDS = 0
    build(corpus, 2, "lists")
    first = address.replace("page=2", "page=1")
    client.get(first)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)

    assert response.status_code == 200
    # The public version, then the page's rows (a search: its ranked ids, then its tips;
    # a topic: checked, then the page).
    assert len(queries) == (3 if "q=" in address or "topic=" in address else 2)
    assert response.json()["count"] == client.get(first).json()["count"]


def test_a_search_that_finds_nothing_asks_once(client, corpus, settings):
    """No match on the first page means none at all: no count is run besides the page."""
    settings.API_CACHE_SECONDS = 0
    build(corpus, 2, "nothing")
    client.get("/api/v1/tips/")

    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/tips/?q=zebra").json()

    assert body["count"] == 0
    assert body["results"] == []
    # The public version, then the search (on SQLite: its page, then its count).
    assert len(queries) == (2 if connection.vendor == "postgresql" else 3)
