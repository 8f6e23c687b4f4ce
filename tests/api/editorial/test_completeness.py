"""POST .../submit/ of an incomplete guide: a 409 naming what is missing; the checks list it.

The rule is the service's (tests/editorial/governance/test_completeness.py);
here, how the API says it, and how its schema documents it.
"""

import pytest
import yaml

from editorial.status import status_of
from guidance.models import Contributor, Source
from tests.api.editorial.content import url
from tests.factories import SectionFactory, build_guide
from tests.workflow import everything_about, publish

pytestmark = pytest.mark.django_db

SUBMIT = {"change_summary": "First version."}


def submit(api_as, user, guide, body=SUBMIT):
    return api_as(user).post(url(guide.slug, "submit"), body, format="json")


@pytest.fixture
def bare_guide():
    guide = build_guide(sections=1, tips_per_section=1, authors=0, sources=0)
    SectionFactory(guide=guide, position=2, heading="Coming soon", anchor="coming-soon", body="")
    return guide


def test_submitting_an_incomplete_guide_is_a_409_naming_what_is_missing(
    api_as, editor, bare_guide
):
    before = everything_about(bare_guide)

    refused = submit(api_as, editor, bare_guide)

    assert refused.status_code == 409
    body = refused.json()
    assert body["incomplete"] == ["empty_section:coming-soon", "no_author", "no_sources"]
    assert "“Coming soon” is empty" in body["detail"]
    assert "No author is credited" in body["detail"]
    assert "It cites no sources" in body["detail"]
    assert everything_about(bare_guide) == before


def test_a_reason_does_not_stand_for_an_author(api_as, editor, bare_guide):
    before = everything_about(bare_guide)
    waivers = {"no_author": "Later.", "no_sources": "Consensus."}
    refused = submit(api_as, editor, bare_guide, {**SUBMIT, "waivers": waivers})

    assert refused.status_code == 400
    assert "credit" in refused.json()["errors"]["waivers"]["no_author"][0]
    assert everything_about(bare_guide) == before


def test_a_guide_citing_no_sources_is_submitted_with_the_reason(api_as, editor):
    guide = build_guide(sections=1, tips_per_section=1, sources=0)

    refused = submit(api_as, editor, guide)
    assert refused.status_code == 409
    assert refused.json()["incomplete"] == ["no_sources"]
    assert '"waivers"' in refused.json()["detail"]

    reason = "Rests on clinical consensus."
    taken = submit(api_as, editor, guide, {**SUBMIT, "waivers": {"no_sources": reason}})
    assert taken.status_code == 200, taken.json()
    assert taken.json()["state"] == "in_review"
    assert status_of(guide).open_review.waivers["no_sources"]["reason"] == reason


@pytest.mark.parametrize(
    ("waivers", "status"),
    [
        ({"no_sources": "Consensus."}, 409),  # the guide cites sources: needless_waivers
        ({"sm-1": "Quoted."}, 400),  # a finding is waived at approval, not here
        (["no_sources"], 400),
        ({"no_sources": 3}, 400),
    ],
)
def test_waivers_of_nothing_missing_or_malformed_are_refused(api_as, editor, waivers, status):
    guide = build_guide(sections=1, tips_per_section=1)
    response = submit(api_as, editor, guide, {**SUBMIT, "waivers": waivers})

    assert response.status_code == status
    assert response.json()["detail"]
    if status == 409:
        assert response.json()["needless_waivers"] == ["no_sources"]
    assert status_of(guide).open_review is None


def test_the_checks_list_what_is_missing(api_as, editor, bare_guide):
    checks = api_as(editor).get(url(bare_guide.slug, "checks")).json()

    assert checks["completeness"]["complete"] is False
    empty, author, sources = checks["completeness"]["missing"]
    assert empty == {
        "id": "empty_section:coming-soon",
        "title": "The section “Coming soon” is empty: it has no introduction, tips or steps.",
        "advice": "Write its introduction, add its tips or steps, or delete it.",
        "section": "coming-soon",
        "waivable": False,
        "waiver": None,
    }
    assert (author["id"], author["waivable"]) == ("no_author", False)
    assert (sources["id"], sources["waivable"]) == ("no_sources", True)


@pytest.mark.usefixtures("live_safety_information")
def test_a_correction_over_the_api_is_held_to_the_same_rule(api_as, people):
    guide = build_guide(sections=1, tips_per_section=1)
    publish(guide, **people)
    Contributor.objects.filter(guide=guide).delete()
    Source.objects.filter(guide=guide).delete()
    guide.sections.update(body="An *Introduction*.")

    refused = submit(api_as, people["editor"], guide, {**SUBMIT, "kind": "correction"})

    assert refused.status_code == 409
    assert refused.json()["incomplete"] == ["no_author", "no_sources"]


# The schema.


@pytest.fixture
def schema(client, db):
    return yaml.safe_load(client.get("/api/schema/").content)


def component(schema, answer):
    return schema["components"]["schemas"][answer["$ref"].rsplit("/", 1)[-1]]


def test_the_schema_documents_the_waivers_and_the_refusal(schema):
    operation = schema["paths"]["/api/v1/editorial/guides/{slug}/submit/"]["post"]
    request = component(schema, operation["requestBody"]["content"]["application/json"]["schema"])
    conflict = operation["responses"]["409"]

    assert "no_sources" in request["properties"]["waivers"]["description"]
    (waivers,) = request["properties"]["waivers"]["allOf"]
    waivers = component(schema, waivers)
    assert set(waivers["properties"]) == {"no_sources"}
    assert waivers["additionalProperties"] is False
    assert "not complete" in conflict["description"]
    refusal = component(schema, conflict["content"]["application/json"]["schema"])
    assert set(refusal["properties"]) == {"detail", "incomplete", "reasons", "needless_waivers"}
    assert refusal["required"] == ["detail"]


def test_the_schema_documents_the_completeness_check(schema):
    checks = schema["paths"]["/api/v1/editorial/guides/{slug}/checks/"]["get"]
    answer = component(schema, checks["responses"]["200"]["content"]["application/json"]["schema"])
    completeness = component(schema, answer["properties"]["completeness"])
    missing = component(schema, completeness["properties"]["missing"]["items"])

    assert set(missing["properties"]) == {
        "id", "title", "advice", "section", "waivable", "waiver"
    }  # fmt: skip


def test_the_safety_informations_submission_takes_no_waivers(schema):
    operation = schema["paths"]["/api/v1/editorial/safety-information/submit/"]["post"]
    request = component(schema, operation["requestBody"]["content"]["application/json"]["schema"])
    assert "waivers" not in request["properties"]
