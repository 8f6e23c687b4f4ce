"""The shape of a guide, declared once (editorial.shape), and every place that spells it out.

Adding a content model or field to guidance fails here until the
declaration says what it is, and until the snapshot, the diff, the policy's
edited-since check, publishing and both APIs' serializers know it.
"""

import pytest
from django.apps import apps

from api.editorial import serializers as editorial_api
from api.public import serializers as public_api
from editorial.diff.compare import _KNOWN
from editorial.kinds.guide import GUIDE
from editorial.publishing import index_release
from editorial.shape import FIELDS, NOT_IN_A_GUIDE, SNAPSHOT_KEYS
from editorial.snapshot import serialize_guide
from tests.api.editorial.content import editorial_guide

pytestmark = pytest.mark.django_db


def content_models():
    return {
        model.__name__: model
        for model in apps.get_app_config("guidance").get_models()
        if not model.__name__.startswith("Historical") and model.__name__ not in NOT_IN_A_GUIDE
    }


def fields_of(model):
    return {field.name for field in model._meta.get_fields() if field.concrete}


def test_every_content_model_and_field_is_declared():
    assert set(content_models()) == set(FIELDS), "declare the model in editorial/shape.py"
    for name, model in content_models().items():
        assert fields_of(model) == set(FIELDS[name]), (
            f"declare {name}'s fields in editorial/shape.py"
        )


def test_every_declared_snapshot_key_is_one_the_snapshot_has():
    keys = set().union(*SNAPSHOT_KEYS.values())
    for name, fields in FIELDS.items():
        for field, key in fields.items():
            assert " " in key or key in keys, f"{name}.{field} → {key!r} is no snapshot key"


def every(snapshot, kind):
    """Each object of ``kind`` in a snapshot."""
    sections = [s for top in snapshot["sections"] for s in (top, *top["subsections"])]
    tips = [tip for section in sections for tip in section["tips"]]
    return {
        "guide": [snapshot],
        "topic": [*snapshot["topics"], *(t for tip in tips for t in tip["topics"])],
        "section": sections,
        "tip": tips,
        "contributor": snapshot["contributors"],
        "person": [c["person"] for c in snapshot["contributors"]],
        "source": snapshot["sources"],
        "profile": snapshot["people"],
        "topic_detail": snapshot["topic_details"],
    }[kind]


@pytest.fixture
def snapshot():
    guide = editorial_guide()
    tip = guide.sections.first().tips.first()
    tip.topics.add(guide.topics.first())
    return serialize_guide(guide)


def test_the_snapshot_writes_exactly_the_declared_keys(snapshot):
    for kind, keys in SNAPSHOT_KEYS.items():
        objects = every(snapshot, kind)
        assert objects, f"the test guide has no {kind}"
        for data in objects:
            assert set(data) == keys, kind


def test_the_diff_itemizes_exactly_the_declared_keys():
    assert _KNOWN == SNAPSHOT_KEYS


def test_the_edited_since_check_reads_every_content_model(snapshot):
    from guidance.models import Guide

    guide = Guide.objects.get(slug=snapshot["slug"])
    assert {model.__name__ for model in GUIDE.history_rows(guide)} == set(content_models())


def test_publishing_carries_every_key_to_readers(people):
    from tests.workflow import publish

    guide = editorial_guide()
    release = publish(guide, **people)
    published = release.published
    content = published.content
    sections = [s for top in content["sections"] for s in (top, *top["subsections"])]
    for section in sections:
        assert SNAPSHOT_KEYS["section"] <= set(section)
        for tip in section["tips"]:
            assert SNAPSHOT_KEYS["tip"] <= set(tip)
    assert {"slug", "title", "summary", "topics"} <= {f.name for f in type(published)._meta.fields}
    assert all(set(c) == SNAPSHOT_KEYS["contributor"] for c in content["contributors"])
    assert all(set(s) == SNAPSHOT_KEYS["source"] for s in content["sources"])
    assert index_release  # what wrote them


def declared(serializer_class):
    return set(serializer_class().fields)


def test_the_editorial_api_describes_every_key():
    assert declared(editorial_api.WorkingCopyContentSerializer) == SNAPSHOT_KEYS["guide"]
    assert declared(editorial_api.ContentSectionSerializer) == SNAPSHOT_KEYS["section"] | {"id"}
    assert declared(editorial_api.ContentTipSerializer) == SNAPSHOT_KEYS["tip"]
    assert declared(editorial_api.ContentContributorSerializer) == SNAPSHOT_KEYS["contributor"]
    assert declared(editorial_api.ContentPersonSerializer) == SNAPSHOT_KEYS["person"]
    assert declared(editorial_api.ContentSourceSerializer) == SNAPSHOT_KEYS["source"]
    assert declared(editorial_api.ContentProfileSerializer) == SNAPSHOT_KEYS["profile"]
    assert declared(editorial_api.ContentTopicDetailSerializer) == SNAPSHOT_KEYS["topic_detail"]
    assert declared(editorial_api.EditorialTopicSerializer) == SNAPSHOT_KEYS["topic"]


def test_the_public_api_describes_every_key():
    # People and topic details are served by the profile and the topics list.
    guide_keys = SNAPSHOT_KEYS["guide"] - {"format", "people", "topic_details"}
    assert guide_keys <= declared(public_api.GuideDetailSerializer)
    assert SNAPSHOT_KEYS["profile"] <= declared(public_api.PersonProfileSerializer)
    assert SNAPSHOT_KEYS["topic_detail"] <= declared(public_api.TopicSerializer)
    assert SNAPSHOT_KEYS["section"] <= declared(public_api.SectionSerializer)
    assert SNAPSHOT_KEYS["tip"] <= declared(public_api.TipSerializer)
    assert declared(public_api.ContributorSerializer) == SNAPSHOT_KEYS["contributor"]
    assert declared(public_api.PersonRefSerializer) == SNAPSHOT_KEYS["person"]
    assert declared(public_api.SourceSerializer) == SNAPSHOT_KEYS["source"]
    assert declared(public_api.TopicRefSerializer) == SNAPSHOT_KEYS["topic"]
