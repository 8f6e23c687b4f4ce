import hashlib

import pytest

from editorial.snapshot import canonical_json, fingerprint_guide, serialize_guide
from guidance.models import Tip
from tests.factories import (
    ContributorFactory,
    SectionFactory,
    SourceFactory,
    TipFactory,
    TopicFactory,
    build_guide,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    guide = build_guide(sections=2, tips_per_section=2, authors=0, sources=0)
    guide.topics.add(TopicFactory(slug="partners", name="Partners"))
    SectionFactory(guide=guide, parent=guide.sections.get(position=1), position=1, anchor="sub")
    ContributorFactory(guide=guide, person__name="Maya Okafor", person__credentials="LPC")
    SourceFactory(guide=guide)
    return guide


def test_the_snapshot_holds_the_whole_outline_in_order(guide):
    snapshot = serialize_guide(guide)
    assert [s["anchor"] for s in snapshot["sections"]] == ["part-1", "part-2"]
    assert [s["anchor"] for s in snapshot["sections"][0]["subsections"]] == ["sub"]
    first_tip = Tip.objects.get(lead="Tip 1.1")
    assert snapshot["sections"][0]["tips"][0] == {
        "id": str(first_tip.public_id),
        "lead": "Tip 1.1",
        "body": first_tip.body,
        "topics": [],
    }
    assert snapshot["topics"] == [{"slug": "partners", "name": "Partners"}]
    assert snapshot["contributors"][0]["person"]["name"] == "Maya Okafor"
    assert snapshot["sources"][0]["url"] == "https://example.org/study"


def test_the_fingerprint_is_the_sha256_of_the_canonical_json(guide):
    expected = hashlib.sha256(canonical_json(serialize_guide(guide))).hexdigest()
    assert fingerprint_guide(guide) == expected
    assert fingerprint_guide(guide) == fingerprint_guide(guide)


def test_canonical_json_does_not_depend_on_key_order():
    assert canonical_json({"b": 1, "a": [1, "é"]}) == canonical_json({"a": [1, "é"], "b": 1})
    assert canonical_json({"a": "é"}) == '{"a":"é"}'.encode()


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda g: g.__class__.objects.filter(pk=g.pk).update(title="New"), id="title"
        ),
        pytest.param(lambda g: g.topics.clear(), id="guide-topics"),
        pytest.param(lambda g: g.sections.filter(anchor="part-2").update(body="Hm"), id="section"),
        pytest.param(lambda g: g.sections.filter(anchor="sub").delete(), id="subsection"),
        pytest.param(
            lambda g: Tip.objects.filter(lead="Tip 2.2").update(body="Changed."), id="tip-body"
        ),
        pytest.param(
            lambda g: Tip.objects.get(lead="Tip 2.2").topics.add(TopicFactory()), id="tip-topics"
        ),
        pytest.param(lambda g: TipFactory(section=g.sections.get(anchor="sub")), id="tip-added"),
        pytest.param(lambda g: g.contributors.update(role="editorial_writer"), id="contributor"),
        pytest.param(lambda g: g.sources.update(citation="Other"), id="source"),
    ],
)
def test_any_edit_changes_the_fingerprint(guide, edit):
    before = fingerprint_guide(guide)
    edit(guide)
    assert fingerprint_guide(guide) != before


def test_swapping_two_tips_changes_the_fingerprint(guide):
    before = fingerprint_guide(guide)
    first, second = Tip.objects.filter(section__anchor="part-1").order_by("position")
    Tip.objects.filter(pk=first.pk).update(position=99)
    Tip.objects.filter(pk=second.pk).update(position=1)
    Tip.objects.filter(pk=first.pk).update(position=2)
    assert fingerprint_guide(guide) != before


def test_renumbering_without_reordering_keeps_the_fingerprint(guide):
    before = fingerprint_guide(guide)
    Tip.objects.filter(lead="Tip 1.2").update(position=7)
    assert fingerprint_guide(guide) == before


def test_serializing_a_guide_takes_a_fixed_number_of_queries(guide, django_assert_num_queries):
    with django_assert_num_queries(7):
        serialize_guide(guide)
    bigger = build_guide(sections=8, tips_per_section=6)
    with django_assert_num_queries(7):
        serialize_guide(bigger)


def test_line_endings_sent_by_a_browser_do_not_change_the_fingerprint(guide):
    before = fingerprint_guide(guide)
    section = guide.sections.get(anchor="part-1")
    section.body = section.body + "\n\nA second paragraph."
    section.save()
    with_lf = fingerprint_guide(guide)
    section.body = section.body.replace("\n", "\r\n")
    section.save()
    assert fingerprint_guide(guide) == with_lf != before
    assert "\r" not in serialize_guide(guide)["sections"][0]["body"]
