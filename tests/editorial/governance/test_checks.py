"""The checks on their own: the safe-messaging corpus, the reading grade, the classifier."""

import tomllib

import pytest

from editorial.checks.correction import classify, distance
from editorial.checks.readability import grade, reading_level
from editorial.checks.safe_messaging import RULES_FILE, check_snapshot, check_text
from editorial.checks.texts import Text

CORPUS = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
FLAGGED = [(rule["id"], text) for rule in CORPUS["rule"] for text in rule["flag"]]
PASSED = [(rule["id"], text) for rule in CORPUS["rule"] for text in rule["pass"]]


@pytest.mark.parametrize(("rule", "text"), FLAGGED)
def test_each_rule_flags_its_corpus(rule, text):
    assert rule in check_text(text)


@pytest.mark.parametrize(("rule", "text"), PASSED)
def test_each_rule_leaves_its_counter_examples_alone(rule, text):
    assert rule not in check_text(text)


@pytest.mark.parametrize("text", CORPUS["clean"])
def test_safe_wording_is_flagged_by_no_rule(text):
    assert check_text(text) == set()


def guide(*, body="Listen first.", lead="Be there", heading="Being there", title="A guide"):
    return {
        "format": 1,
        "slug": "a-guide",
        "title": title,
        "summary": "",
        "topics": [],
        "contributors": [],
        "sources": [],
        "sections": [
            {
                "anchor": "part-1",
                "heading": heading,
                "body": "Be patient.",
                "list_style": "bulleted",
                "subsections": [],
                "tips": [{"id": "tip-1", "lead": lead, "body": body, "topics": []}],
            }
        ],
    }


def test_a_finding_has_an_id_its_rule_the_exact_span_and_the_advice():
    body = "Her cousin committed suicide. Call or text 988 if you need to talk."
    (finding,) = check_snapshot(guide(body=body))

    assert finding["rule"] == "committed-suicide"
    assert finding["where"] == {"section": "part-1", "tip": "tip-1", "field": "body"}
    assert finding["span"] == {"text": "committed suicide", "start": 11, "end": 28}
    assert body[11:28] == "committed suicide"
    assert "died by suicide" in finding["advice"]
    assert finding["id"].startswith("sm-")


def test_finding_ids_are_the_same_for_the_same_text_and_differ_by_place():
    text = "He committed suicide. Call 988."
    first, again = check_snapshot(guide(body=text)), check_snapshot(guide(body=text))
    assert [f["id"] for f in first] == [f["id"] for f in again]
    moved = check_snapshot(guide(body="Sadly, " + text))
    assert moved[0]["id"] != first[0]["id"]


def test_a_section_about_suicide_needs_a_route_to_help_anywhere_in_it():
    silent = check_snapshot(guide(body="Some people think about suicide."))
    assert [f["rule"] for f in silent] == ["no-help-route"]
    assert silent[0]["span"]["text"] == "suicide"

    helped = guide(body="Some people think about suicide.", lead="Call or text 988")
    assert check_snapshot(helped) == []


# Reading level


def test_plain_short_sentences_read_at_a_low_grade_and_dense_ones_high():
    easy = grade([Text(None, None, "body", "Talk to them. Listen well. Stay calm.")])
    hard = grade(
        [
            Text(
                None,
                None,
                "body",
                "Comprehensive psychopharmacological interventions necessitate "
                "interdisciplinary collaboration among specialized practitioners.",
            )
        ]
    )
    assert easy < 4 < 12 < hard


def test_headings_and_leads_count_as_sentences_of_their_own():
    # "Be there" has no full stop; read into the next sentence it would be one long sentence.
    level = reading_level(guide(lead="Be there", body="Sit with them a while."))
    assert level["sections"][0]["grade"] < 4


def test_markdown_is_read_as_text():
    assert grade([Text(None, None, "body", "**Stay** calm.")]) == grade(
        [Text(None, None, "body", "Stay calm.")]
    )


def test_a_wordless_guide_has_no_grade():
    assert grade([Text(None, None, "body", "")]) is None


def test_the_reading_level_has_the_whole_guide_and_each_section():
    level = reading_level(guide())
    assert set(level) == {"grade", "sections"}
    assert level["sections"][0]["anchor"] == "part-1"
    assert level["sections"][0]["heading"] == "Being there"


# The correction classifier


def corrected(old_body, new_body, **fields):
    return classify(guide(body=old_body, **fields), guide(body=new_body, **fields))


# (old, new, whether it is a correction): the classifier's corpus, both ways.
CLASSIFIER_CORPUS = [
    ("You should recieve teh call.", "You should receive the call.", True),
    ("Listen  to them.", "Listen to them.", True),
    ("listen to them", "Listen to them.", True),
    ("Ask them , gently", "Ask them, gently.", True),
    ("Its hard.", "It's hard.", True),
    ("Call 988 now.", "Call 989 now.", False),
    ("Call 988 now.", "Call 9 8 8 now.", False),
    ("Call (555) 123-4567.", "Call (555) 123-4568.", False),
    ("Take 20 mg daily.", "Take 25 mg daily.", False),
    ("Do argue with them.", "Do not argue with them.", False),
    ("Dont argue with them.", "Don't argue with them.", False),
    ("Never leave them alone.", "Always leave them alone.", False),
    ("Talk about suicde openly.", "Talk about suicide openly.", False),
    ("Ask about their medicaton.", "Ask about their medication.", False),
    ("Be kind to them.", "Be gentle with them.", False),
    ("Be kind.", "Be kind and patient.", False),
]


@pytest.mark.parametrize(("old", "new", "is_correction"), CLASSIFIER_CORPUS)
def test_the_classifier_corpus(old, new, is_correction):
    verdict = corrected(old, new)
    assert verdict["eligible"] is is_correction, verdict["reasons"]
    assert bool(verdict["reasons"]) is not is_correction


def test_it_says_why_for_each_change():
    verdict = corrected("Do argue. Call 988 now.", "Do not argue. Call 989 now.")
    whys = [change["why"] for change in verdict["changes"]]
    assert any("touches a negation (not)" in why for why in whys)
    assert any("touches a number" in why for why in whys)
    assert len(verdict["reasons"]) == 2


def test_added_removed_or_moved_content_is_not_a_correction():
    old = guide()
    new = guide()
    new["sections"][0]["tips"].append({"id": "tip-2", "lead": "New", "body": "", "topics": []})
    verdict = classify(old, new)
    assert not verdict["eligible"]
    assert "Tip “New” was added." in verdict["reasons"]


def test_a_change_outside_sections_and_tips_is_not_a_correction():
    verdict = classify(guide(title="A guide"), guide(title="A gide"))
    assert not verdict["eligible"]
    assert "The guide's title changed." in verdict["reasons"]


def test_a_first_version_has_nothing_to_correct():
    verdict = classify(None, guide())
    assert not verdict["eligible"]
    assert "no live release" in verdict["reasons"][0]


def test_many_small_fixes_add_up_to_more_than_a_correction():
    words = ["teh"] * 12
    verdict = corrected(" ".join(words), " ".join(["the"] * 12))
    assert not verdict["eligible"]
    assert any("a correction makes at most" in reason for reason in verdict["reasons"])


def test_edit_distance_counts_a_swap_of_neighbours_as_one():
    assert distance("teh", "the") == 1
    assert distance("recieve", "receive") == 1
    assert distance("kitten", "sitting") == 3
