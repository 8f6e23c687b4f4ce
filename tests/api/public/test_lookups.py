"""OneOf: a column among a list of values sent as one parameter, on either database."""

from django.db.models import F

from api.public.lookups import OneOf
from api.public.prepared import PreparedQuery
from editorial.models import PublishedTip


def test_one_of_finds_the_rows_whose_value_is_listed(corpus):
    corpus.published_guide(slug="first")
    corpus.published_guide(slug="second")
    corpus.published_guide(slug="third")
    releases = dict(PublishedTip.objects.values_list("guide_slug", "release_id").distinct())

    def slugs(ids):
        found = PublishedTip.objects.filter(OneOf(F("release_id"), ids))
        return set(found.values_list("guide_slug", flat=True))

    assert slugs([releases["first"], releases["third"]]) == {"first", "third"}
    assert slugs([releases["second"]]) == {"second"}
    assert slugs([]) == set()


def test_one_of_compiles_once_for_lists_of_any_length(corpus):
    for slug in ("first", "second", "third"):
        corpus.published_guide(slug=slug)
    releases = sorted(set(PublishedTip.objects.values_list("release_id", flat=True)))
    count = PreparedQuery(
        lambda ids: (
            PublishedTip.objects.filter(OneOf(F("release_id"), ids))
            .order_by()
            .values("release_id")
            .distinct()
        ),
        ids=([1], [2, 3]),
    )

    assert {row["release_id"] for row in count(ids=releases)} == set(releases)
    assert count._prepared["default"] is not False  # compiled once, not built each call
    assert {row["release_id"] for row in count(ids=releases[:1])} == set(releases[:1])
    assert count(ids=[]) == []
