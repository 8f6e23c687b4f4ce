"""List pages find content by search and filters."""

import pytest
from django.urls import reverse

from tests.factories import GuideFactory, TipFactory, TopicFactory

pytestmark = pytest.mark.django_db

TIPS = reverse("admin:guidance_tip_changelist")


def listed(response):
    return [str(row) for row in response.context["cl"].result_list]


def test_tips_are_found_by_words_in_their_lead_or_body(editor_client):
    TipFactory(lead="Offer a ride", body="To the first appointment.")
    TipFactory(lead="Listen", body="Without judging.")
    assert listed(editor_client.get(TIPS, {"q": "appointment"})) == ["Offer a ride"]
    assert listed(editor_client.get(TIPS, {"q": "listen"})) == ["Listen"]


@pytest.mark.parametrize("term", ["not-a-uuid", "🙂" * 50, "x" * 2000])
def test_an_odd_search_term_finds_nothing_and_does_not_fail(editor_client, term):
    TipFactory(lead="Listen")
    response = editor_client.get(TIPS, {"q": term})
    assert response.status_code == 200
    assert listed(response) == []


def test_a_nul_byte_in_a_search_does_not_fail(editor_client):
    TipFactory(lead="Listen")
    assert editor_client.get(TIPS, {"q": "lis\x00ten"}).status_code == 200


def test_a_tip_is_found_by_its_public_id(editor_client):
    tip = TipFactory(lead="Listen")
    TipFactory(lead="Other")
    assert listed(editor_client.get(TIPS, {"q": str(tip.public_id)})) == ["Listen"]


def test_tips_are_filtered_by_topic_and_guide(editor_client):
    denial = TopicFactory(name="Denial")
    tagged = TipFactory(lead="Name what you see")
    tagged.topics.add(denial)
    TipFactory(lead="Untagged")
    assert listed(editor_client.get(TIPS, {"topics__id__exact": denial.pk})) == [
        "Name what you see"
    ]
    guide = tagged.section.guide
    assert listed(editor_client.get(TIPS, {"section__guide__id__exact": guide.pk})) == [
        "Name what you see"
    ]


def test_guides_are_found_by_title_and_filtered_by_topic(editor_client):
    stigma = TopicFactory(name="Stigma")
    GuideFactory(title="Talking about stigma").topics.add(stigma)
    GuideFactory(title="Self-care for carers")
    guides = reverse("admin:guidance_guide_changelist")
    assert listed(editor_client.get(guides, {"q": "carers"})) == ["Self-care for carers"]
    assert listed(editor_client.get(guides, {"topics__id__exact": stigma.pk})) == [
        "Talking about stigma"
    ]
