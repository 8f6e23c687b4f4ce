"""Over-long text and over-size bodies get a clear 4xx naming the problem, and change nothing."""

import json

import pytest

from guidance.models import Guide
from tests.api.editorial.content import if_match, url

pytestmark = pytest.mark.django_db


def test_the_editorial_api_refuses_a_two_megabyte_summary_and_changes_nothing(
    api_as, editor, guide
):
    before = Guide.objects.get(pk=guide.pk).summary

    response = api_as(editor).patch(
        url(guide.slug), {"summary": "x" * 2_000_000}, format="json", **if_match(guide)
    )

    assert response.status_code == 400
    # The input serializer takes the model's limit, so the API refuses before any service.
    assert (
        response.json()["detail"] == "summary: Ensure this field has no more than 1000 characters."
    )
    assert Guide.objects.get(pk=guide.pk).summary == before


def test_an_edit_with_a_body_over_the_size_limit_is_a_413_and_changes_nothing(
    api_as, editor, guide, settings
):
    before = Guide.objects.get(pk=guide.pk).summary
    body = json.dumps({"summary": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})

    response = api_as(editor).patch(
        url(guide.slug), body, content_type="application/json", **if_match(guide)
    )

    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request body is too large")
    assert Guide.objects.get(pk=guide.pk).summary == before
