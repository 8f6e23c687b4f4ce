"""The workflow's admin pages run the same number of queries however long the guide is."""

import pytest
from django.urls import reverse

from editorial.models import Release, Review
from editorial.services import guide_submit
from guidance.models import Tip
from tests.admin_pages import count_queries
from tests.guidance.test_admin_queries import LARGE, SMALL, credited_guide
from tests.workflow import publish

pytestmark = pytest.mark.django_db

BUDGET = 40


def in_review_after_two_releases(people, size):
    """A guide with a live release, a superseded one, and an edit waiting for review."""
    guide = credited_guide(**size)
    publish(guide, **people)
    Tip.objects.filter(section__guide=guide).update(body="Second version.")
    publish(guide, summary="Second.", **people)
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body = "Third version."
    tip.save()
    guide_submit(guide=guide, user=people["editor"], change_summary="Third.")
    return guide


def workflow(guide, step):
    return reverse("admin:guidance_guide_workflow", args=[guide.pk, step])


PAGES = {
    "guide change page": lambda g: reverse("admin:guidance_guide_change", args=[g.pk]),
    "review page with the diff": lambda g: workflow(g, "review"),
    "publish page": lambda g: workflow(g, "publish"),
    "guide history with workflow steps": lambda g: reverse(
        "admin:guidance_guide_history", args=[g.pk]
    ),
    "guide list": lambda g: reverse("admin:guidance_guide_changelist"),
    "release list": lambda g: reverse("admin:editorial_release_changelist"),
    "release page": lambda g: reverse(
        "admin:editorial_release_change", args=[Release.objects.filter(guide=g).first().pk]
    ),
    "review list": lambda g: reverse("admin:editorial_review_changelist"),
    "review page": lambda g: reverse(
        "admin:editorial_review_change", args=[Review.objects.filter(guide=g).first().pk]
    ),
    "review queue": lambda g: reverse("admin:editorial_reviewqueueentry_changelist"),
    "guides due for review": lambda g: reverse("admin:editorial_guidedueforreview_changelist"),
}


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_guide(client, people, page, role):
    client.force_login(people[role])
    small = in_review_after_two_releases(people, SMALL)
    client.get(PAGES[page](small))  # warm the per-process caches (content types)
    small_count = count_queries(client, PAGES[page](small))

    large = in_review_after_two_releases(people, LARGE)
    large_count = count_queries(client, PAGES[page](large))

    assert large_count == small_count
    assert large_count <= BUDGET


@pytest.mark.parametrize(
    "page",
    [
        "admin:editorial_guidedueforreview_changelist",
        "admin:editorial_release_changelist",
        "admin:editorial_review_changelist",
        "admin:editorial_reviewqueueentry_changelist",
        "admin:guidance_guide_changelist",
    ],
)
def test_workflow_lists_run_the_same_queries_for_one_row_or_many(client, people, page, settings):
    settings.GUIDANCE_REVIEW_INTERVAL_MONTHS = 0  # every release is due at once
    client.force_login(people["reviewer"])
    in_review_after_two_releases(people, SMALL)
    client.get(reverse(page))
    one = count_queries(client, reverse(page))
    for _ in range(3):
        in_review_after_two_releases(people, SMALL)
    assert count_queries(client, reverse(page)) == one
