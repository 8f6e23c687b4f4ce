"""Approving with open checks: a written waiver for each finding and for a high reading grade."""

import pytest
from django.urls import reverse

from editorial.checks import guide_checks
from editorial.exceptions import InvalidInput, WrongState
from editorial.models import ReviewState
from editorial.services import guide_approve, guide_publish, guide_submit
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from guidance.models import Tip
from tests.api.editorial.content import url
from tests.factories import build_guide
from tests.workflow import everything_about

pytestmark = pytest.mark.django_db

UNSAFE = "Her brother committed suicide. Call or text 988 if you need to talk."
DENSE = (
    "Comprehensive psychopharmacological interventions necessitate interdisciplinary "
    "collaboration among specialized practitioners."
)


@pytest.fixture
def submitted(editor):
    guide = build_guide(sections=1, tips_per_section=2)
    Tip.objects.filter(section__guide=guide).filter(position=1).update(body=UNSAFE)
    guide_submit(guide=guide, user=editor, change_summary="First version.")
    return guide


def finding_ids(guide):
    return [finding["id"] for finding in guide_checks(status_of(guide))["safe_messaging"]]


def approve(guide, user, **kwargs):
    return guide_approve(guide=guide, user=user, fingerprint=fingerprint_guide(guide), **kwargs)


def test_approving_with_an_open_finding_and_no_waiver_is_refused_naming_it(submitted, reviewer):
    (finding,) = finding_ids(submitted)
    before = everything_about(submitted)

    with pytest.raises(WrongState, match=finding) as refusal:
        approve(submitted, reviewer)

    assert refusal.value.details == {"open_findings": [finding]}
    assert everything_about(submitted) == before


def test_the_waivers_are_stored_with_the_sign_off_and_the_release(submitted, reviewer, publisher):
    (finding,) = finding_ids(submitted)

    review = approve(submitted, reviewer, waivers={finding: "Quoted from a survivor's account."})

    assert review.state == ReviewState.APPROVED
    assert review.waivers == {
        finding: {
            "reason": "Quoted from a survivor's account.",
            "rule": "committed-suicide",
            "text": "committed suicide",
            "where": review.waivers[finding]["where"],
        }
    }
    release = guide_publish(guide=submitted, user=publisher)
    assert release.review.waivers == review.waivers


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_blank_reason_is_no_waiver(submitted, reviewer, reason):
    (finding,) = finding_ids(submitted)
    with pytest.raises(WrongState, match="needs a written waiver"):
        approve(submitted, reviewer, waivers={finding: reason})


def test_a_waiver_for_nothing_open_is_refused(submitted, reviewer):
    (finding,) = finding_ids(submitted)
    with pytest.raises(InvalidInput, match="Nothing open has the id sm-nothing"):
        approve(submitted, reviewer, waivers={finding: "Quoted.", "sm-nothing": "?"})


def test_a_grade_above_the_limit_needs_a_reading_level_waiver(editor, reviewer, settings):
    settings.GUIDANCE_MAX_READING_GRADE = 8
    guide = build_guide(sections=1, tips_per_section=1)
    Tip.objects.filter(section__guide=guide).update(body=DENSE)
    guide_submit(guide=guide, user=editor, change_summary="First version.")
    assert guide_checks(status_of(guide))["waivers_required"] == ["reading_level"]

    with pytest.raises(WrongState, match="reading_level"):
        approve(guide, reviewer)
    review = approve(guide, reviewer, waivers={"reading_level": "Written for clinicians."})

    assert review.waivers["reading_level"]["reason"] == "Written for clinicians."
    assert review.waivers["reading_level"]["grade"] > 8


def test_a_higher_limit_needs_no_waiver(editor, reviewer, settings):
    settings.GUIDANCE_MAX_READING_GRADE = 40
    guide = build_guide(sections=1, tips_per_section=1)
    Tip.objects.filter(section__guide=guide).update(body=DENSE)
    guide_submit(guide=guide, user=editor, change_summary="First version.")
    assert approve(guide, reviewer).waivers == {}


def test_the_release_stores_its_reading_level_and_the_public_answers_serve_it(
    client, editor, reviewer, publisher
):
    guide = build_guide(sections=2, tips_per_section=2)
    guide_submit(guide=guide, user=editor, change_summary="First version.")
    approve(guide, reviewer)
    release = guide_publish(guide=guide, user=publisher)

    level = release.reading_level
    assert [section["anchor"] for section in level["sections"]] == ["part-1", "part-2"]
    assert isinstance(level["grade"], float)
    detail = client.get(f"/api/v1/guides/{guide.slug}/").json()
    assert detail["reading_level"] == level["grade"]
    listed = client.get("/api/v1/guides/").json()["results"][0]
    assert listed["reading_level"] == level["grade"]


# The checks endpoint and the admin's review page: one function.


def test_the_checks_endpoint_answers_findings_readability_and_correction(
    api_as, submitted, reviewer
):
    response = api_as(reviewer).get(url(submitted.slug, "checks"))

    assert response.status_code == 200
    body = response.json()
    assert body == {**guide_checks(status_of(submitted))}
    assert set(body) == {
        "fingerprint", "safe_messaging", "readability", "correction", "waivers_required"
    }  # fmt: skip
    (finding,) = body["safe_messaging"]
    assert set(finding) == {"id", "rule", "title", "where", "span", "advice"}
    assert set(body["readability"]) == {"grade", "sections", "max_grade", "over_limit"}
    assert body["correction"]["eligible"] is False
    assert response["ETag"] == f'"{fingerprint_guide(submitted)}"'


def test_the_checks_endpoint_needs_sign_in_and_a_known_guide(api_as, client, submitted, reviewer):
    assert client.get(url(submitted.slug, "checks")).status_code in (401, 403)
    assert api_as(reviewer).get(url("nowhere", "checks")).status_code == 404


def test_approving_over_the_api_without_waivers_is_a_409_naming_the_findings(
    api_as, submitted, reviewer
):
    (finding,) = finding_ids(submitted)
    client = api_as(reviewer)
    body = {"fingerprint": fingerprint_guide(submitted)}

    refused = client.post(url(submitted.slug, "approve"), body, format="json")
    assert refused.status_code == 409
    assert refused.json()["open_findings"] == [finding]
    assert finding in refused.json()["detail"]

    waived = {**body, "waivers": {finding: "Quoted."}}
    assert client.post(url(submitted.slug, "approve"), waived, format="json").status_code == 200
    assert status_of(submitted).approval.waivers[finding]["reason"] == "Quoted."


@pytest.mark.parametrize("waivers", [["sm-1"], "sm-1", {"sm-1": 3}])
def test_malformed_waivers_over_the_api_are_a_400(api_as, submitted, reviewer, waivers):
    body = {"fingerprint": fingerprint_guide(submitted), "waivers": waivers}
    response = api_as(reviewer).post(url(submitted.slug, "approve"), body, format="json")
    assert response.status_code == 400


def test_the_admin_review_page_shows_the_checks_and_takes_the_waivers(client, submitted, reviewer):
    (finding,) = finding_ids(submitted)
    client.force_login(reviewer)
    page = reverse("admin:guidance_guide_workflow", args=[submitted.pk, "review"])

    shown = client.get(page).content.decode()
    assert "Checks that need attention" in shown
    assert "“committed suicide”" in shown
    assert f'name="waiver-{finding}"' in shown

    decision = {"decision": "approve", "fingerprint": fingerprint_guide(submitted), "notes": ""}
    refused = client.post(page, decision)
    assert refused.status_code == 409
    assert finding in refused.content.decode()

    taken = client.post(page, {**decision, f"waiver-{finding}": "Quoted."})
    assert taken.status_code == 302
    assert status_of(submitted).approval.waivers[finding]["reason"] == "Quoted."


def test_the_command_line_approves_with_waivers(submitted, reviewer):
    from io import StringIO

    from django.core.management import CommandError, call_command

    (finding,) = finding_ids(submitted)
    args = ["guide_workflow", "approve", submitted.slug, "--as", "rita"]
    args += ["--fingerprint", fingerprint_guide(submitted)]
    with pytest.raises(CommandError, match=finding):
        call_command(*args, stdout=StringIO())
    call_command(*args, "--waiver", f"{finding}=Quoted.", stdout=StringIO())
    assert status_of(submitted).approval.waivers[finding]["reason"] == "Quoted."
