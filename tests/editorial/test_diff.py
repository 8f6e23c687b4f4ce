"""The reviewer's diff: what changed since the live release, section by section, tip by tip."""

import re

import pytest
from django.template.loader import render_to_string

from editorial.diff import diff_snapshots, word_diff
from editorial.snapshot import serialize_guide
from guidance.models import Tip
from tests.factories import (
    ContributorFactory,
    PersonFactory,
    SourceFactory,
    TopicFactory,
    build_guide,
)

# Snapshots as plain data, shaped like editorial.snapshot.serialize_guide's.


def topic(slug, name=None):
    return {"slug": slug, "name": name or slug.replace("-", " ").capitalize()}


def tip(id_, lead=None, body="Say it kindly.", topics=()):
    return {
        "id": id_,
        "lead": lead or f"Lead of {id_}",
        "body": body,
        "topics": [topic(t) for t in topics],
    }


def section(anchor, *tips, heading=None, body="", list_style="bulleted", subsections=()):
    return {
        "anchor": anchor,
        "heading": heading or anchor.replace("-", " ").capitalize(),
        "body": body,
        "list_style": list_style,
        "tips": list(tips),
        "subsections": list(subsections),
    }


def snapshot(*sections, title="Helping", summary="How to help.", topics=(), **lists):
    return {
        "format": 1,
        "slug": "helping",
        "title": title,
        "summary": summary,
        "topics": [topic(t) for t in topics],
        "sections": list(sections),
        "contributors": lists.get("contributors", []),
        "sources": lists.get("sources", []),
    }


def contributor(slug, role="clinical_writer", credentials="", name=None):
    name = name or slug.capitalize()
    return {"person": {"slug": slug, "name": name, "credentials": credentials}, "role": role}


def source(citation, published_on=None):
    return {"citation": citation, "url": "https://example.org", "published_on": published_on}


def statuses(diff):
    return {s.anchor: s.status for s in diff.sections}


def tip_statuses(section_diff):
    return [(t.id, t.status) for t in section_diff.tips]


def summary_in(html):
    """The diff's one-line summary, as the page shows it."""
    return re.search(r'<p class="diff-summary[^"]*">(.*?)</p>', html).group(1)


def two_parts():
    return snapshot(
        section("part-1", tip("a"), tip("b"), tip("c")),
        section("part-2", tip("d"), tip("e")),
    )


def test_a_first_release_lists_everything_as_added():
    diff = diff_snapshots(None, two_parts())

    assert diff.first_release
    assert diff.has_changes
    assert statuses(diff) == {"part-1": "added", "part-2": "added"}
    assert tip_statuses(diff.sections[0]) == [("a", "added"), ("b", "added"), ("c", "added")]
    assert diff.counts == {"sections added": 2, "tips added": 5}
    title = next(f for f in diff.fields if f.name == "title")
    assert title.html == "<ins>Helping</ins>"
    assert "format" not in [f.name for f in diff.fields]
    assert not diff.other_changes


def test_a_first_release_is_summed_up_as_one_not_as_every_field_changed():
    full = snapshot(
        section("part-1", tip("a", topics=["stigma"]), tip("b")),
        topics=["partners", "self-care"],
        contributors=[contributor("maya")],
        sources=[source("A study")],
    )

    assert diff_snapshots(None, full).summary_line == (
        "first release: 2 topics, 1 section, 2 tips, 1 contributor, 1 source"
    )
    assert diff_snapshots(None, snapshot()).summary_line == "first release"


def test_identical_snapshots_have_no_changes():
    diff = diff_snapshots(two_parts(), two_parts())

    assert diff.is_empty
    assert not diff.has_changes
    assert not diff.first_release
    assert diff.sections == []
    assert not diff.other_changes
    assert diff.summary_line == "no changes"


def test_inserting_a_section_does_not_mark_the_following_ones_as_moved():
    old = snapshot(section("one"), section("two"), section("three"), section("four"))
    new = snapshot(
        section("one"), section("new", tip("x")), section("two"), section("three"), section("four")
    )

    diff = diff_snapshots(old, new)

    assert statuses(diff) == {"new": "added"}
    assert tip_statuses(diff.sections[0]) == [("x", "added")]
    assert diff.summary_line == "1 section added, 1 tip added"


def test_a_removed_section_is_shown_where_it_was_with_its_tips():
    old = snapshot(section("one"), section("two", tip("a")), section("three"))
    new = snapshot(section("one"), section("three"))

    diff = diff_snapshots(old, new)

    assert statuses(diff) == {"two": "removed"}
    assert not diff.sections[0].moved
    assert tip_statuses(diff.sections[0]) == [("a", "removed")]
    assert diff.summary_line == "1 section removed, 1 tip removed"


def test_a_section_moved_out_of_order_is_the_only_one_marked_moved():
    old = snapshot(section("one"), section("two"), section("three"), section("four"))
    new = snapshot(section("four"), section("one"), section("two"), section("three"))

    diff = diff_snapshots(old, new)

    assert statuses(diff) == {"four": "moved"}
    assert diff.sections[0].move_note == "reordered"


def test_a_subsection_moved_under_another_section_says_where_from():
    old = snapshot(section("one", subsections=[section("deep")]), section("two"))
    new = snapshot(section("one"), section("two", subsections=[section("deep")]))

    (moved,) = diff_snapshots(old, new).sections

    assert (moved.anchor, moved.status, moved.parent) == ("deep", "moved", "two")
    assert moved.move_note == "moved from “One”"


def test_a_section_both_edited_and_moved_reads_changed_and_keeps_the_move():
    old = snapshot(section("one"), section("two", heading="Two"))
    new = snapshot(section("two", heading="Second"), section("one"))

    (edited,) = [s for s in diff_snapshots(old, new).sections if s.anchor == "two"]

    assert (edited.status, edited.moved) == ("changed", True)
    assert edited.fields[0].html == "<del>Two</del><ins>Second</ins>"


def test_a_tip_moved_to_another_section_is_read_under_its_new_section():
    old = two_parts()
    new = snapshot(
        section("part-1", tip("a"), tip("c")),
        section("part-2", tip("d"), tip("b"), tip("e")),
    )

    diff = diff_snapshots(old, new)

    assert statuses(diff) == {"part-2": "unchanged"}
    (moved,) = diff.sections[0].tips
    assert (moved.id, moved.status, moved.move_note) == ("b", "moved", "moved from “Part 1”")
    assert diff.counts == {"tips moved": 1}


def test_a_reordered_tip_is_the_only_one_marked_moved():
    old = two_parts()
    new = snapshot(
        section("part-1", tip("c"), tip("a"), tip("b")),
        section("part-2", tip("d"), tip("e")),
    )

    diff = diff_snapshots(old, new)

    assert tip_statuses(diff.sections[0]) == [("c", "moved")]
    assert diff.sections[0].tips[0].move_note == "reordered"


def test_a_changed_tip_shows_a_word_diff_of_its_text():
    old = snapshot(section("part-1", tip("a", body="Listen without judging them.")))
    new = snapshot(section("part-1", tip("a", body="Listen calmly, without blaming them.")))

    (part,) = diff_snapshots(old, new).sections
    (changed,) = part.tips

    assert (part.status, changed.status) == ("unchanged", "changed")
    assert [f.name for f in changed.fields] == ["body"]
    assert changed.fields[0].html == (
        "Listen <ins>calmly, </ins>without <del>judging</del><ins>blaming</ins> them."
    )


def test_a_removed_tip_is_shown_where_it_was_before_its_replacement():
    old = snapshot(section("part-1", tip("a"), tip("b"), tip("c")))
    new = snapshot(section("part-1", tip("a"), tip("n"), tip("c")))

    (part,) = diff_snapshots(old, new).sections

    assert tip_statuses(part) == [("b", "removed"), ("n", "added")]


def test_topic_changes_are_listed_by_name_on_the_guide_and_on_tips():
    old = snapshot(section("part-1", tip("a", topics=["sleep"])), topics=["anxiety", "sleep"])
    new = snapshot(section("part-1", tip("a", topics=["stress"])), topics=["anxiety", "stress"])

    diff = diff_snapshots(old, new)

    assert (diff.topics_added, diff.topics_removed) == (["Stress"], ["Sleep"])
    assert diff.fields[0].html == "Anxiety, <ins>Stress</ins>, <del>Sleep</del>"
    (changed,) = diff.sections[0].tips
    assert (changed.topics_added, changed.topics_removed) == (["Stress"], ["Sleep"])
    assert diff.summary_line == "1 topic added, 1 topic removed, 1 tip changed"


def test_editor_markup_comes_out_inert():
    old = snapshot(section("part-1", tip("a", body="Be kind.")), title="Helping")
    new = snapshot(
        section("part-1", tip("a", body="Be <script>alert(1)</script> kind.")),
        title="Helping <b>now</b>",
    )

    diff = diff_snapshots(old, new)
    html = diff.sections[0].tips[0].fields[0].html + diff.fields[0].html

    assert "<script>" not in html
    assert "<b>" not in html
    assert "Be<ins> &lt;script&gt;alert(1)&lt;/script&gt;</ins> kind." in html


def test_word_diff_keeps_unchanged_text_and_escapes_it():
    assert word_diff("a < b", "a < c") == "a &lt; <del>b</del><ins>c</ins>"
    assert word_diff("", "") == ""


def test_contributors_and_sources_added_removed_and_changed():
    old = snapshot(
        contributors=[contributor("ann"), contributor("bob", credentials="RN")],
        sources=[source("Study A", "2020-01-01"), source("Study B")],
    )
    new = snapshot(
        contributors=[contributor("bob", credentials="RN, PhD"), contributor("cy")],
        sources=[source("Study A", "2021-01-01"), source("Study C")],
    )

    diff = diff_snapshots(old, new)

    assert [(c.label, c.status) for c in diff.contributors] == [
        ("Ann (clinical writer)", "removed"),
        ("Bob (clinical writer)", "changed"),
        ("Cy (clinical writer)", "added"),
    ]
    assert diff.contributors[1].fields[0].html == "RN<ins>, PhD</ins>"
    assert [(s.label, s.status) for s in diff.sources] == [
        ("Study A https://example.org", "changed"),
        ("Study B https://example.org", "removed"),
        ("Study C https://example.org", "added"),
    ]
    html = render_to_string("editorial/diff.html", {"diff": diff})
    assert "<h3>Contributors</h3>" in html
    assert "<h3>Sources</h3>" in html
    assert "RN<ins>, PhD</ins>" in html
    assert html.count('<span class="diff-badge diff-removed">removed</span>') == 2


def test_the_template_renders_badges_word_diffs_and_tips():
    old = two_parts()
    new = snapshot(
        section("part-1", tip("a", body="Say it <em>gently</em>."), tip("c")),
        section("part-3", tip("z", lead="Breathe")),
        section("part-2", tip("d"), tip("e")),
        title="Helping well",
    )

    html = render_to_string("editorial/diff.html", {"diff": diff_snapshots(old, new)})

    assert "Changes since the live release: title changed, 1 section added" in html
    assert '<span class="diff-badge diff-added">added</span>' in html
    assert '<span class="diff-badge diff-removed">removed</span>' in html
    assert "Helping<ins> well</ins>" in html
    assert "Say it <del>kindly</del><ins>&lt;em&gt;gently&lt;/em&gt;</ins>." in html
    assert "<strong>Breathe</strong>" in html
    assert "<em>" not in html


def test_the_template_says_when_nothing_changed_and_when_everything_is_new():
    unchanged = render_to_string(
        "editorial/diff.html", {"diff": diff_snapshots(two_parts(), two_parts())}
    )
    first = render_to_string("editorial/diff.html", {"diff": diff_snapshots(None, two_parts())})

    assert "No changes since the live release." in unchanged
    assert 'class="diff-section' not in unchanged
    assert summary_in(first) == (
        "First release: 2 sections, 5 tips. Nothing is live yet, so everything below is new."
    )
    assert first.count('class="diff-section diff-added"') == 2
    assert first.count('class="diff-tip diff-added"') == 5


@pytest.mark.django_db
def test_editing_a_tip_through_the_orm_reports_exactly_that_tip():
    guide = build_guide(sections=2, tips_per_section=2)
    guide.topics.add(TopicFactory())
    live = serialize_guide(guide)
    edited = Tip.objects.get(section__guide=guide, lead="Tip 2.1")
    edited.body = "Say it calmly and **kindly**."
    edited.save()

    diff = diff_snapshots(live, serialize_guide(guide))

    assert diff.counts == {"tips changed": 1}
    (part,) = diff.sections
    assert (part.anchor, part.status) == ("part-2", "unchanged")
    (changed,) = part.tips
    assert (changed.id, changed.lead) == (str(edited.public_id), "Tip 2.1")
    assert changed.fields[0].html == "Say it<ins> calmly and</ins> **kindly**."


# Blind spots: whatever changes the fingerprint must show in the diff.


def test_a_changed_slug_is_a_guide_field_change():
    old = two_parts()
    new = {**two_parts(), "slug": "helping-well"}

    diff = diff_snapshots(old, new)

    (slug,) = diff.fields
    assert (slug.name, slug.label) == ("slug", "Address (slug)")
    assert slug.html == "helping<ins>-well</ins>"
    assert diff.summary_line == "address (slug) changed"
    html = render_to_string("editorial/diff.html", {"diff": diff})
    assert "<dt>Address (slug)</dt>" in html


def test_a_changed_snapshot_format_is_a_guide_field_change():
    diff = diff_snapshots(two_parts(), {**two_parts(), "format": 2})

    (change,) = diff.fields
    assert (change.label, change.html) == ("Snapshot format", "<del>1</del><ins>2</ins>")
    assert not diff.other_changes


def test_a_topic_renamed_on_the_guide_reads_as_old_name_out_new_name_in():
    old = snapshot(topics=["anxiety", "sleep"])
    new = snapshot(topics=["anxiety", "sleep"])
    new["topics"][1] = topic("sleep", "Sleep hygiene")

    diff = diff_snapshots(old, new)

    assert (diff.topics_added, diff.topics_removed) == (["Sleep hygiene"], ["Sleep"])
    assert diff.fields[0].html == "Anxiety, <ins>Sleep hygiene</ins>, <del>Sleep</del>"
    assert diff.summary_line == "1 topic added, 1 topic removed"


def test_a_topic_renamed_on_a_tip_marks_the_tip_changed():
    old = snapshot(section("part-1", tip("a", topics=["sleep"])))
    new = snapshot(section("part-1", tip("a", topics=["sleep"])))
    new["sections"][0]["tips"][0]["topics"] = [topic("sleep", "Sleep hygiene")]

    (part,) = diff_snapshots(old, new).sections
    (changed,) = part.tips

    assert changed.status == "changed"
    assert (changed.topics_added, changed.topics_removed) == (["Sleep hygiene"], ["Sleep"])


def test_a_duplicated_source_is_reported_added_and_removed():
    one, two = snapshot(sources=[source("Study A")]), snapshot(sources=[source("Study A")] * 2)

    assert [s.status for s in diff_snapshots(one, two).sources] == ["added"]
    assert [s.status for s in diff_snapshots(two, one).sources] == ["removed"]


def test_a_changed_date_on_a_duplicated_source_is_reported():
    old = snapshot(sources=[source("Study A", "2020-01-01"), source("Study A", "2020-01-01")])
    new = snapshot(sources=[source("Study A", "2020-01-01"), source("Study A", "2021-01-01")])

    (changed,) = diff_snapshots(old, new).sources

    assert changed.status == "changed"
    assert changed.fields[0].html == "<del>2020</del><ins>2021</ins>-01-01"


def test_a_date_removed_from_a_source_is_reported():
    old = snapshot(sources=[source("Study A", "2020-01-01")])
    new = snapshot(sources=[source("Study A")])

    (changed,) = diff_snapshots(old, new).sources

    assert changed.fields[0].label == "Published on"
    assert changed.fields[0].html == "<del>2020-01-01</del>"


def test_duplicated_and_reordered_contributors_are_reported():
    ann, bob = contributor("ann"), contributor("bob")

    (duplicate,) = diff_snapshots(
        snapshot(contributors=[ann]), snapshot(contributors=[ann, ann])
    ).contributors
    assert (duplicate.label, duplicate.status) == ("Ann (clinical writer)", "added")
    (moved,) = diff_snapshots(
        snapshot(contributors=[ann, bob]), snapshot(contributors=[bob, ann])
    ).contributors
    assert (moved.status, moved.moved) == ("moved", True)


def test_a_contributors_name_and_credentials_changes_are_reported():
    old = snapshot(contributors=[contributor("ann", credentials="RN")])
    new = snapshot(contributors=[contributor("ann", name="Ann Lee", credentials="RN, PhD")])

    (changed,) = diff_snapshots(old, new).contributors

    assert (changed.label, changed.status) == ("Ann Lee (clinical writer)", "changed")
    assert [(f.label, f.html) for f in changed.fields] == [
        ("Name", "Ann<ins> Lee</ins>"),
        ("Credentials", "RN<ins>, PhD</ins>"),
    ]


def test_empty_text_becoming_none_is_still_a_change():
    old = snapshot(contributors=[contributor("ann")])
    new = snapshot(contributors=[contributor("ann")])
    new["contributors"][0]["person"]["credentials"] = None

    (changed,) = diff_snapshots(old, new).contributors

    assert [f.label for f in changed.fields] == ["Credentials"]


def test_a_change_deeper_than_a_subsection_is_reported():
    deep = section("deep", tip("a"))
    old = snapshot(section("one", subsections=[section("sub", subsections=[deep])]))
    new = snapshot(
        section("one", subsections=[section("sub", subsections=[{**deep, "body": "New"}])])
    )

    (changed,) = diff_snapshots(old, new).sections

    assert (changed.anchor, changed.parent, changed.status) == ("deep", "sub", "changed")


def test_an_unknown_key_trips_the_safety_net():
    new = {**two_parts(), "extra": 1}

    diff = diff_snapshots(two_parts(), new)

    assert diff.other_changes
    assert diff.has_changes
    assert not diff.is_empty
    assert (diff.fields, diff.sections, diff.contributors, diff.sources) == ([], [], [], [])
    assert diff.summary_line == "other changes"
    html = render_to_string("editorial/diff.html", {"diff": diff})
    assert "No changes since the live release." not in html
    assert "Changes since the live release: other changes." in html
    assert (
        "Other changes: the content differs from the live release in ways not itemized above."
        in html
    )


def test_an_unknown_key_on_a_tip_or_source_trips_it_alongside_itemized_changes():
    old = snapshot(section("part-1", tip("a")), sources=[source("Study A")])
    new = snapshot(section("part-1", tip("a")), sources=[source("Study A")], title="Helping well")
    new["sections"][0]["tips"][0]["audience"] = "teens"

    assert diff_snapshots(old, new).other_changes
    new["sections"][0]["tips"][0].pop("audience")
    new["sources"][0]["doi"] = "10.1000/1"
    assert diff_snapshots(old, new).other_changes


def test_the_safety_net_compares_canonical_json_when_nothing_was_itemized():
    # 1 == True in Python, but the fingerprint tells them apart.
    diff = diff_snapshots(two_parts(), {**two_parts(), "format": True})

    assert diff.fields == []
    assert diff.other_changes


@pytest.mark.django_db
def test_a_duplicated_source_added_through_the_orm_is_reported():
    guide = build_guide(sections=1, tips_per_section=1)
    SourceFactory(guide=guide, position=1)
    live = serialize_guide(guide)
    SourceFactory(guide=guide, position=2)

    diff = diff_snapshots(live, serialize_guide(guide))

    assert [(s.label, s.status) for s in diff.sources] == [
        ("Author, A. (2020). A study. A journal. https://example.org/study", "added")
    ]


@pytest.mark.django_db
def test_a_person_renamed_through_the_orm_is_reported():
    guide = build_guide(sections=1, tips_per_section=1)
    person = PersonFactory(name="Ann", credentials="RN")
    ContributorFactory(guide=guide, person=person)
    live = serialize_guide(guide)
    person.name, person.credentials = "Ann Lee", "RN, PhD"
    person.save()

    (changed,) = diff_snapshots(live, serialize_guide(guide)).contributors

    assert [f.name for f in changed.fields] == ["name", "credentials"]


def test_a_reworded_phrase_reads_as_words_removed_and_added_not_swapped():
    assert word_diff("then really listen to them", "then listen closely to them") == (
        "then <del>really </del>listen <ins>closely </ins>to them"
    )
