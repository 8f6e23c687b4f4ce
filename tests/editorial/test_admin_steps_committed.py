"""Workflow steps posted from the admin as a browser posts them: each request in
its own transactions, as in production (the other admin tests run inside one)."""

import pytest
from django.urls import reverse

from editorial.models import GuideState, Workflow
from tests.factories import build_guide

pytestmark = [
    # serialized_rollback: the flush after each test would drop the groups the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_submitting_from_the_admin_takes_the_step(client, editor):
    guide = build_guide(sections=1, tips_per_section=1)
    client.force_login(editor)

    response = client.post(
        reverse("admin:guidance_guide_workflow", args=[guide.pk, "submit"]),
        {"change_summary": "First version."},
    )

    assert response.status_code == 302
    assert Workflow.objects.get(guide=guide).state == GuideState.IN_REVIEW
