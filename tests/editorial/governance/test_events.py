"""The audit log: every workflow step across guides, in the admin (with CSV) and the API."""

import csv
import io

import pytest
from django.urls import reverse

from editorial import roles
from editorial.models import WorkflowEvent
from editorial.services import guide_submit
from tests.factories import UserFactory, build_guide
from tests.workflow import build_state

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/editorial/events/"


@pytest.fixture
def guides(people):
    return build_state("withdrawn", people), build_state("in_review", people)


def test_the_admin_lists_every_step_across_guides_filtered_by_guide_person_step_and_date(
    client, guides, people
):
    _, in_review = guides
    client.force_login(people["editor"])
    page = reverse("admin:editorial_workflowevent_changelist")

    everything = client.get(page)
    assert everything.status_code == 200
    assert everything.context["cl"].result_count == WorkflowEvent.objects.count()

    def count(**filters):
        return client.get(page, filters).context["cl"].result_count

    assert count(guide__id__exact=in_review.pk) == 1
    assert count(actor__id__exact=people["publisher"].pk) == 2
    assert count(action__exact="withdrawn") == 1
    today = WorkflowEvent.objects.first().at
    on_the_day = {"at__year": today.year, "at__month": today.month, "at__day": today.day}
    assert count(**on_the_day) == WorkflowEvent.objects.count()
    assert count(at__year=2000) == 0


def test_the_admin_exports_the_filtered_list_as_csv(client, guides, people):
    withdrawn, _ = guides
    client.force_login(people["editor"])
    export = reverse("admin:editorial_workflowevent_export")

    response = client.get(export, {"guide__id__exact": withdrawn.pk})

    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "id", "at", "guide", "action", "actor", "detail", "review", "release", "backdated"
    ]  # fmt: skip
    assert [row[3] for row in rows[1:]] == ["withdrawn", "published", "approved", "submitted"]
    assert {row[2] for row in rows[1:]} == {withdrawn.slug}
    assert (
        "Export CSV"
        in client.get(reverse("admin:editorial_workflowevent_changelist")).content.decode()
    )


def test_text_people_wrote_is_never_a_formula_in_the_export(client, people):
    guide = build_guide(sections=1, tips_per_section=1)
    guide_submit(guide=guide, user=people["editor"], change_summary='=HYPERLINK("http://x")')
    client.force_login(people["editor"])

    response = client.get(reverse("admin:editorial_workflowevent_export"))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][5] == '\'=HYPERLINK("http://x")'


def test_the_api_lists_steps_newest_first_paginated(api_as, guides, people):
    body = api_as(people["editor"]).get(EVENTS, {"page_size": 2}).json()
    assert body["count"] == WorkflowEvent.objects.count()
    assert len(body["results"]) == 2
    first = body["results"][0]
    assert set(first) == {
        "id", "guide", "action", "action_label", "actor", "at", "detail", "review", "release",
        "backdated", "recorded_at",
    }  # fmt: skip
    assert first["action"] == "submitted"
    assert body["next"]


def test_the_api_filters_by_guide_person_step_and_day(api_as, guides, people):
    withdrawn, in_review = guides
    client = api_as(people["reviewer"])

    def actions(**filters):
        return [event["action"] for event in client.get(EVENTS, filters).json()["results"]]

    assert actions(guide=in_review.slug) == ["submitted"]
    assert actions(guide=withdrawn.slug, actor="paul") == ["withdrawn", "published"]
    assert actions(action="approved") == ["approved"]
    today = WorkflowEvent.objects.first().at.date().isoformat()
    assert len(actions(since=today, until=today)) == WorkflowEvent.objects.count()
    assert actions(until="2000-01-01") == []
    published = client.get(EVENTS, {"action": "published"}).json()["results"][0]
    assert published["release"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"guide": "nowhere"}, "guide"),
        ({"actor": "nobody"}, "actor"),
        ({"action": "deleted"}, "action"),
        ({"since": "yesterday"}, "since"),
        ({"gide": "x"}, "gide"),
        ({"page": "0"}, "page"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api_as, guides, people, query, field):
    response = api_as(people["editor"]).get(EVENTS, query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_log_needs_sign_in_and_the_right(api_as, client, guides):
    assert client.get(EVENTS).status_code in (401, 403)
    outsider = UserFactory(username="out", groups=[])
    assert api_as(outsider).get(EVENTS).status_code == 403
    assert (
        api_as(UserFactory(username="ed3", groups=[roles.EDITORS])).get(EVENTS).status_code == 200
    )
