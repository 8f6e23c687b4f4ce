"""A guide's fresh answer reads its rows with SQL compiled once per process: the same rows
the querysets give, for any slug and moment, and the querysets themselves whenever the
SQL would not be the same for every value."""

import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from api.public import selectors
from api.public.prepared import PreparedQuery
from editorial.models import PublishedGuide, Release
from editorial.selectors import releases_read_up_to


@pytest.fixture
def two_releases(corpus):
    guide = corpus.guide(slug="helping", sections=2, tips_per_section=2)
    corpus.publish(guide, summary="First version.")
    guide.title = "Helping, revised"
    guide.save()
    corpus.publish(guide, summary="Second version.")
    return guide


def test_a_live_guide_is_read_with_the_prepared_sql(two_releases):
    row = selectors.live_guide("helping", ready_sections=True)

    prepared = selectors._live_guide_answer._prepared[DEFAULT_DB_ALIAS]
    assert prepared is not False  # compiled, not built afresh each time
    live = PublishedGuide.objects.live().get(slug="helping")
    assert row["title"] == "Helping, revised" == live.title
    assert row["number"] == live.release.number == 2
    assert row["sections_json"] == live.sections_json
    assert row["contributors"] == live.content["contributors"]
    assert row["updated_at"] == live.release.go_live_at


def test_the_prepared_sql_takes_each_call_s_slug_and_moment(two_releases):
    before_either = timezone.now() - datetime.timedelta(days=3650)

    assert selectors.live_guide("helping") is not None
    assert selectors.live_guide("no-such-guide") is None
    assert selectors._live_guide_page(slug="helping", at=before_either) == []
    assert selectors._live_guide_page(slug="helping", at=timezone.now())[0]["number"] == 2


def test_the_releases_read_are_the_queryset_s_rows(two_releases):
    live = Release.objects.live().get(guide=two_releases)

    rows = selectors.releases_read(selectors.live_guide("helping"))

    assert selectors._releases_read._prepared[DEFAULT_DB_ALIAS] is not False
    assert rows == list(releases_read_up_to(live.guide_id, live.number))
    assert [row["number"] for row in rows] == [2, 1]
    assert rows[0]["change_summary"] == "Second version."


def test_a_queryset_whose_sql_changes_with_a_value_is_built_afresh_each_time(two_releases):
    def titles(count):
        return PublishedGuide.objects.values("title").order_by("title")[:count]

    query = PreparedQuery(titles, count=(1, 2))

    assert query(count=1) == list(titles(1))
    assert query._prepared[DEFAULT_DB_ALIAS] is False
    assert query(count=5) == list(titles(5))
