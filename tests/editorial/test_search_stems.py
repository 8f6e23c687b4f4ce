"""Word stems for search on SQLite: the same reduction PostgreSQL's english configuration makes."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from editorial.models import PublishedGuide, PublishedTip
from editorial.search_stems import ENGLISH_STOP_WORDS, query_terms, searchable, stems
from tests.factories import build_guide
from tests.workflow import on_postgresql, publish

MIGRATION = importlib.import_module("editorial.migrations.0018_search_stems")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Listening", ["listen"]),
        ("listened listens listen", ["listen", "listen", "listen"]),
        ("Partners", ["partner"]),
        ("therapy", ["therapi"]),
        ("without judging", ["without", "judg"]),
        ("Call 988 now", ["call", "988"]),
        ("self-care", ["self", "care"]),
        ("the and of to", []),  # stop words, as PostgreSQL leaves them out
        ("don't", []),  # "don" and "t", both stop words there too
        ("🙂 !!!", []),
    ],
)
def test_words_are_reduced_to_their_snowball_stems_stop_words_left_out(text, expected):
    assert stems(text, "english") == expected


def test_a_configuration_with_no_stemmer_only_lowercases():
    assert stems("Listening to The Partners", "simple") == ["listening", "to", "the", "partners"]


def test_the_stop_words_are_postgresqls_english_list():
    assert len(ENGLISH_STOP_WORDS) == 127
    assert {"the", "and", "or", "not", "no", "t", "don", "should"} <= ENGLISH_STOP_WORDS


def test_the_stored_text_holds_each_stem_whole_and_keeps_fields_apart():
    stored = searchable("Listen first", "Hear them out.", config="english")

    assert stored == " listen first | hear "
    assert " listen " in stored
    assert " first hear " not in stored  # a phrase never runs across two fields


def patterns(text):
    return [[(term.pattern, term.excluded) for term in group] for group in query_terms(text)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("listening", [[(" listen ", False)]]),
        ("listen partner", [[(" listen ", False)], [(" partner ", False)]]),
        ('"listening first"', [[(" listen first ", False)]]),
        ('"listen first', [[(" listen first ", False)]]),  # unclosed: to the end
        ("listen -judging", [[(" listen ", False)], [(" judg ", True)]]),
        ('-"say no"', [[(" say ", True)]]),
        ("listen or hear", [[(" listen ", False), (" hear ", False)]]),
        ("calm listen OR hear", [[(" calm ", False)], [(" listen ", False), (" hear ", False)]]),
        ("or listen or", [[(" listen ", False)]]),
        ("self-care", [[(" self care ", False)]]),
        ("how to listen", [[(" listen ", False)]]),
        ("the", []),
        ('- " !!!', []),
    ],
)
def test_a_query_reads_as_postgresqls_websearch_syntax(query, expected, settings):
    settings.GUIDANCE_SEARCH_CONFIG = "english"

    assert patterns(query) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("live_safety_information")
def test_publishing_stores_the_stems_search_reads_on_sqlite_and_only_there(people):
    guide = build_guide(sections=1, tips_per_section=1, title="Listening well")
    release = publish(guide, **people)
    tip = PublishedTip.objects.get(release=release)
    published = PublishedGuide.objects.get(release=release)

    if on_postgresql():  # its own tsvector
        assert "'listen':1A" in published.search_vector
    else:
        assert tip.search_vector == searchable(tip.lead, tip.body, tip.section_heading)
        assert published.search_vector.startswith(" listen well | ")


@pytest.mark.django_db
@pytest.mark.usefixtures("live_safety_information")
def test_the_migration_gives_rows_published_before_it_their_stems(people):
    if on_postgresql():
        pytest.skip("PostgreSQL searches its own vectors: the migration leaves them as they are")
    release = publish(build_guide(sections=1, tips_per_section=2), **people)
    written = {tip.pk: tip.search_vector for tip in PublishedTip.objects.filter(release=release)}
    assert all(written.values())
    PublishedTip.objects.update(search_vector=None)
    PublishedGuide.objects.update(search_vector=None)

    MIGRATION.stem_published_rows(apps, SimpleNamespace(connection=connection))

    tips = PublishedTip.objects.filter(release=release)
    assert {tip.pk: tip.search_vector for tip in tips} == written
    assert PublishedGuide.objects.get(release=release).search_vector.strip()
