"""Publishing prepares each release for readers once: rendered, searchable, by topic and credit."""

import io

import pytest
from django.core.management import call_command

from editorial.models import (
    PublishedCredit,
    PublishedGuide,
    PublishedPerson,
    PublishedTip,
    PublishedTopic,
    PublishedTopicDetail,
)
from guidance.models import ContributorRole, Tip
from tests.factories import ContributorFactory, PersonFactory, TopicFactory, build_guide
from tests.workflow import edit_a_tip, on_postgresql, publish


@pytest.fixture
def guide(people):
    guide = build_guide(sections=2, tips_per_section=3, authors=0, title="Helping", slug="helping")
    stigma = TopicFactory(slug="stigma", name="Stigma")
    guide.topics.add(stigma)
    Tip.objects.get(section__guide=guide, lead="Tip 2.1").topics.add(stigma)
    ContributorFactory(
        guide=guide, person=PersonFactory(slug="maya"), role=ContributorRole.CLINICAL_WRITER
    )
    return guide


def test_a_release_gets_its_public_rows_when_it_is_published(guide, people):
    release = publish(guide, **people)

    published = PublishedGuide.objects.get(release=release)
    tips = list(PublishedTip.objects.filter(release=release).order_by("position"))

    assert published.slug == "helping"
    assert published.reviewer["name"] == "Rita Alvarez"
    assert published.content["sections"][0]["tips"][0]["body_html"] == (
        "<p>Say it <strong>kindly</strong>.</p>"
    )
    assert [tip.lead for tip in tips] == [
        "Tip 1.1",
        "Tip 1.2",
        "Tip 1.3",
        "Tip 2.1",
        "Tip 2.2",
        "Tip 2.3",
    ]
    assert [str(tip.public_id) for tip in tips] == [
        tip["id"] for section in release.snapshot["sections"] for tip in section["tips"]
    ]
    assert tips[3].section_anchor == "part-2"
    assert set(
        PublishedTopic.objects.filter(release=release).values_list("slug", "tip__lead")
    ) == {
        ("stigma", None),
        ("stigma", "Tip 2.1"),
    }
    assert set(
        PublishedCredit.objects.filter(release=release).values_list("person_slug", "role")
    ) == {
        ("maya", "clinical_writer"),
        (people["reviewer"].person.slug, "signed_off"),
    }
    if on_postgresql():
        assert all(tip.search_vector for tip in tips)


def test_editing_the_working_copy_leaves_the_public_rows_as_published(guide, people):
    release = publish(guide, **people)
    before = list(PublishedTip.objects.filter(release=release).values())

    edit_a_tip(guide)

    assert list(PublishedTip.objects.filter(release=release).values()) == before


def test_index_releases_prepares_releases_published_before_the_api_and_is_idempotent(
    guide, people
):
    release = publish(guide, **people)
    PublishedTopicDetail.objects.all().delete()
    PublishedPerson.objects.all().delete()
    PublishedTopic.objects.all().delete()
    PublishedCredit.objects.all().delete()
    PublishedTip.objects.all().delete()
    PublishedGuide.objects.all().delete()

    first, second = io.StringIO(), io.StringIO()
    call_command("index_releases", stdout=first)
    call_command("index_releases", stdout=second)

    assert PublishedGuide.objects.filter(release=release).count() == 1
    assert PublishedTip.objects.filter(release=release).count() == 6
    assert PublishedPerson.objects.filter(release=release).count() == len(
        set(guide.contributors.values_list("person", flat=True))
    )
    assert first.getvalue() == "Prepared 1 release(s) for the public API.\n"
    assert second.getvalue() == "Prepared 0 release(s) for the public API.\n"
