"""?q= on the public lists finds word forms on every database: on PostgreSQL by its
full-text search, on SQLite by the stems publishing stored (editorial.search_stems)."""

import pytest

from tests.factories import TipFactory

EVERY_LISTENING_TIP = {"Listen first", "Keep calm", "Set boundaries"}


@pytest.fixture
def helping(corpus):
    guide = corpus.guide(slug="helping", title="Helping without judging")
    section = guide.sections.get(anchor="part-2")
    TipFactory(section=section, position=3, lead="Listen first", body="Hear them out.")
    TipFactory(section=section, position=4, lead="Keep calm", body="Listening takes patience.")
    TipFactory(section=section, position=5, lead="Set boundaries", body="Say no, then listen.")
    corpus.publish(guide)
    return guide


def found(client, address, key, **asked):
    body = client.get(address, asked).json()
    names = {row[key] for row in body["results"]}
    assert body["count"] == len(names)
    return names


def tips_found(client, **asked):
    return found(client, "/api/v1/tips/", "lead", **asked)


def guides_found(client, **asked):
    return found(client, "/api/v1/guides/", "slug", **asked)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("listening", EVERY_LISTENING_TIP),
        ("LISTENED", EVERY_LISTENING_TIP),
        ("listeners", EVERY_LISTENING_TIP),  # Snowball: listener → listen
        ("boundary", {"Set boundaries"}),
        ("listens hearing", {"Listen first"}),  # every word, in any field of the tip
        ('"listening first"', {"Listen first"}),
        ('"first listen"', set()),  # a phrase keeps its order
        ("listen -patience", {"Listen first", "Set boundaries"}),
        ("patience or boundaries", {"Keep calm", "Set boundaries"}),
        ("how to listen", EVERY_LISTENING_TIP),  # "how" and "to" are stop words
        ("the", set()),  # only stop words: nothing, as on PostgreSQL
        ("list", set()),  # whole stems: "list" is not "listen"
    ],
)
def test_the_tips_search_matches_word_stems(client, helping, query, expected):
    assert tips_found(client, q=query) == expected


def test_the_guides_search_matches_word_stems_in_title_summary_and_text(client, helping):
    assert guides_found(client, q="judged") == {"helping"}  # the title's "judging"
    assert guides_found(client, q="listens hearing") == {"helping"}  # its tips' text
    assert guides_found(client, q="judged -patience") == set()


def test_a_search_beside_a_filter_matches_word_stems_too(client, helping):
    assert tips_found(client, q="listening", guide="helping") == EVERY_LISTENING_TIP
    assert guides_found(client, q="judged", ordering="-title") == {"helping"}
