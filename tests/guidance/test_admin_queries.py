"""Admin pages run the same number of queries however long the guide is."""

import pytest
from django.urls import reverse

from guidance.models import ContributorRole
from tests.admin_pages import count_queries
from tests.factories import (
    ContributorFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    build_guide,
)

pytestmark = pytest.mark.django_db

# The demo guide's size and a small one.
LARGE = {"sections": 15, "tips_per_section": 4}
SMALL = {"sections": 3, "tips_per_section": 1}
BUDGET = 30


def first_section(guide):
    return guide.sections.filter(parent=None).order_by("position").first()


def credited_guide(**size):
    """A guide of ``size`` whose first section has two subsections, with credits and topics."""
    guide = build_guide(authors=0, sources=0, **size)
    first = first_section(guide)
    for position in (1, 2):
        SectionFactory(guide=guide, parent=first, position=position)
    topics = TopicFactory.create_batch(3)
    guide.topics.set(topics)
    for number, role in enumerate(ContributorRole.values, start=1):
        ContributorFactory(guide=guide, role=role, position=number)
    SourceFactory(guide=guide, position=1)
    for section in guide.sections.all():
        for tip in section.tips.all():
            tip.topics.set(topics[:2])
    return guide


PAGES = {
    "guide change page": lambda g: reverse("admin:guidance_guide_change", args=[g.pk]),
    "section change page with its tips": lambda g: reverse(
        "admin:guidance_section_change", args=[first_section(g).pk]
    ),
    "guide list": lambda g: reverse("admin:guidance_guide_changelist"),
    "section list": lambda g: reverse("admin:guidance_section_changelist"),
    "tip list": lambda g: reverse("admin:guidance_tip_changelist"),
    "tip history": lambda g: reverse(
        "admin:guidance_tip_history", args=[first_section(g).tips.first().pk]
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_guide(editor_client, page):
    small = credited_guide(**SMALL)
    editor_client.get(PAGES[page](small))  # warm the per-process caches (content types)
    small_count = count_queries(editor_client, PAGES[page](small))

    large = credited_guide(**LARGE)  # list pages now show both guides' rows
    large_count = count_queries(editor_client, PAGES[page](large))

    assert large_count == small_count
    assert large_count <= BUDGET
