"""Text fields have maximum lengths, and every way in refuses longer text with the same message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from editorial.editing import guide_update
from editorial.exceptions import InvalidInput
from editorial.snapshot import fingerprint_guide
from guidance.models import Guide, Topic
from tests.admin_pages import page_data
from tests.factories import (
    CrisisResourceFactory,
    GuideFactory,
    PersonFactory,
    SectionFactory,
    SiteNoticeFactory,
    SourceFactory,
    TipFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIMITS = [
    (GuideFactory, "summary", 1_000),
    (SectionFactory, "body", 10_000),
    (TipFactory, "body", 4_000),
    (SourceFactory, "citation", 1_000),
    (PersonFactory, "bio", 5_000),
    (TopicFactory, "description", 1_000),
    (SiteNoticeFactory, "body", 5_000),
    (CrisisResourceFactory, "description", 2_000),
]


@pytest.mark.parametrize(("factory", "field", "limit"), LIMITS)
def test_the_model_refuses_text_over_the_limit_and_accepts_it_at_the_limit(factory, field, limit):
    row = factory()

    setattr(row, field, "x" * limit)
    row.full_clean()

    setattr(row, field, "x" * (limit + 1))
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert refused.value.message_dict == {
        field: [f"Ensure this value has at most {limit} characters (it has {limit + 1})."]
    }


@pytest.mark.parametrize(("factory", "field", "limit"), LIMITS)
def test_the_admin_textarea_carries_the_limit(factory, field, limit):
    form_field = factory._meta.model._meta.get_field(field).formfield()

    assert form_field.widget.attrs["maxlength"] == str(limit)


def test_an_edit_through_the_editing_service_is_refused_with_the_field_named(editor):
    guide = GuideFactory(summary="Short.")

    with pytest.raises(InvalidInput) as refused:
        guide_update(
            guide=guide,
            user=editor,
            data={"summary": "x" * 2_000_000},
            fingerprint=fingerprint_guide(guide),
        )

    assert refused.value.message == (
        "summary: Ensure this value has at most 1000 characters (it has 2000000)."
    )
    assert Guide.objects.get(pk=guide.pk).summary == "Short."


def test_the_admin_refuses_an_overlong_topic_description(admin_client):
    topic = TopicFactory(description="Short.")
    change_url = reverse("admin:guidance_topic_change", args=[topic.pk])
    data = page_data(admin_client.get(change_url))
    data["description"] = "x" * 1_001

    response = admin_client.post(change_url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["description"] == [
        "Ensure this value has at most 1000 characters (it has 1001)."
    ]
    assert Topic.objects.get(pk=topic.pk).description == "Short."
