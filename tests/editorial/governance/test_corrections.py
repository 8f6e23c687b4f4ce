"""Corrections: a typo fixed without a clinical review, resting on the last clinical sign-off."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from editorial import roles
from editorial.exceptions import NotAllowed, WrongState
from editorial.models import ReleaseKind, ReviewKind, ReviewState
from editorial.selectors import update_history
from editorial.services import allowed_steps, guide_approve, guide_publish, guide_submit
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from guidance.models import Tip
from tests.api.editorial.content import url
from tests.factories import UserFactory, build_guide
from tests.workflow import everything_about, publish

pytestmark = pytest.mark.django_db

TYPO, FIXED = "Say it **kidnly**, and listen.", "Say it **kindly**, and listen."


@pytest.fixture
def live(people):
    """A guide live with a typo in its first tip, signed off a while ago."""
    guide = build_guide(sections=2, tips_per_section=2)
    Tip.objects.filter(section__guide=guide).update(body=TYPO)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)):
        publish(guide, **people)
    return guide


def first_tip(guide):
    return Tip.objects.filter(section__guide=guide).order_by("section__position", "position")[0]


def write(guide, body):
    tip = first_tip(guide)
    tip.body = body
    tip.save()


def submit_correction(guide, editor, summary="Fixed a typo."):
    return guide_submit(guide=guide, user=editor, change_summary=summary, kind="correction")


def approve(guide, user, **kwargs):
    return guide_approve(guide=guide, user=user, fingerprint=fingerprint_guide(guide), **kwargs)


def test_a_typo_fix_is_submitted_approved_and_published_as_a_correction(live, people):
    clinical = status_of(live).live_release
    write(live, FIXED)

    review = submit_correction(live, people["editor"])
    assert review.kind == ReviewKind.CORRECTION
    assert review.rests_on == clinical.review

    approval = approve(live, people["publisher"])
    assert approval.state == ReviewState.APPROVED
    assert approval.licence == {}  # an editorial approval rests on no licence

    release = guide_publish(guide=live, user=people["publisher"])
    assert release.kind == ReleaseKind.CORRECTION
    assert release.clinical_review == clinical.review
    assert release.review_due == clinical.review_due
    published = release.published
    assert published.reviewer["name"] == "Rita Alvarez"
    assert published.last_reviewed == datetime.date(2026, 6, 1)


def test_the_public_update_history_marks_each_entry_with_its_kind(live, people):
    write(live, "A clinical rewrite of the advice.")
    publish(live, summary="Rewrote the advice.", **people)
    write(live, "A clinical rewrite of the advise.")
    publish(live, summary="Rewrote the advice.", **people)
    write(live, "A clinical rewrite of the advice.")
    submit_correction(live, people["editor"], summary="Fixed “advise”.")
    approve(live, people["publisher"])
    guide_publish(guide=live, user=people["publisher"])

    history = update_history(live)

    assert [entry["kind"] for entry in history] == ["correction", "update", "update", "original"]
    assert history[0]["summary"] == "Fixed “advise”."
    assert history[0]["reviewer"]["name"] == history[1]["reviewer"]["name"]


@pytest.mark.parametrize(
    ("new_body", "reason"),
    [
        ("Say it **kindly**, and listen to 988.", "touches a number"),
        ("Say it **kindly**, and do not listen.", "touches a negation (not)"),
        ("Say it **gently**, and listen.", "changes the wording"),
    ],
)
def test_a_change_that_is_not_a_correction_is_refused_as_one_with_the_reasons(
    live, people, new_body, reason
):
    write(live, new_body)
    before = everything_about(live)

    with pytest.raises(WrongState, match="not a correction") as refusal:
        submit_correction(live, people["editor"])

    assert any(reason in why for why in refusal.value.details["reasons"])
    assert everything_about(live) == before
    # ...and it can be submitted as a clinical change.
    assert guide_submit(guide=live, user=people["editor"], change_summary="Reworded.").kind == (
        ReviewKind.CLINICAL
    )


def test_a_guide_with_nothing_live_has_nothing_to_correct(people):
    guide = build_guide(sections=1, tips_per_section=1)
    with pytest.raises(WrongState, match="no live release to correct"):
        submit_correction(guide, people["editor"])


def test_an_unknown_kind_is_invalid_input(live, people):
    from editorial.exceptions import InvalidInput

    write(live, FIXED)
    with pytest.raises(InvalidInput, match="“clinical” or “correction”"):
        guide_submit(guide=live, user=people["editor"], change_summary="x", kind="cosmetic")


def test_a_clinical_reviewer_may_approve_a_correction_and_needs_no_licence_for_it(live, people):
    write(live, FIXED)
    submit_correction(live, people["editor"])
    people["reviewer"].person.licences.all().delete()
    assert approve(live, people["reviewer"]).state == ReviewState.APPROVED


def test_an_editor_without_the_correction_right_may_not_approve_one(live, people, editor):
    write(live, FIXED)
    submit_correction(live, editor)
    other_editor = UserFactory(username="ed2", groups=[roles.EDITORS])
    with pytest.raises(NotAllowed, match="takes the correction right"):
        approve(live, other_editor)


def test_a_correction_is_never_approved_by_its_author(live, people):
    both = UserFactory(username="pat", groups=[roles.EDITORS, roles.PUBLISHERS])
    write(live, FIXED)
    submit_correction(live, both)
    before = everything_about(live)

    with pytest.raises(NotAllowed, match="a second person must approve it"):
        approve(live, both)

    assert everything_about(live) == before
    assert "second person" in allowed_steps(both, status_of(live))["approve"]


def test_whoever_made_the_fix_may_not_approve_it(live, people):
    fixer = UserFactory(username="pat", groups=[roles.EDITORS, roles.PUBLISHERS])
    tip = first_tip(live)
    tip.body = FIXED
    tip._history_user = fixer
    tip.save()
    submit_correction(live, people["editor"])
    with pytest.raises(NotAllowed, match="You edited this guide"):
        approve(live, fixer)


def test_an_edit_during_review_that_is_no_longer_a_correction_cannot_be_approved_as_one(
    live, people
):
    write(live, FIXED)
    submit_correction(live, people["editor"])
    write(live, "Say it kindly, and never listen.")
    with pytest.raises(WrongState, match="not a correction"):
        approve(live, people["publisher"])


def test_a_correction_can_be_sent_back_by_whoever_may_approve_it(live, people):
    from editorial.services import guide_request_changes

    write(live, FIXED)
    submit_correction(live, people["editor"])
    review = guide_request_changes(guide=live, user=people["publisher"], notes="Also fix part 2.")
    assert review.state == ReviewState.CHANGES_REQUESTED


# The same rules in the admin and the API.


def test_the_admin_submits_a_correction_and_shows_why_a_change_is_not_one(client, live, people):
    write(live, "Say it **kindly**, and never listen.")
    client.force_login(people["editor"])
    page = reverse("admin:guidance_guide_workflow", args=[live.pk, "submit"])

    shown = client.get(page).content.decode()
    assert "Not a correction" in shown
    assert "touches a negation (never)" in shown

    refused = client.post(page, {"kind": "correction", "change_summary": "Typo."})
    assert refused.status_code == 409
    assert "not a correction" in refused.content.decode()

    write(live, FIXED)
    done = client.post(page, {"kind": "correction", "change_summary": "Typo."})
    assert done.status_code == 302
    assert status_of(live).open_review.kind == ReviewKind.CORRECTION


def test_the_api_submits_a_correction_and_refuses_a_clinical_change_as_one(api_as, live, people):
    client = api_as(people["editor"])
    write(live, "Say it **kindly**, and call 988.")
    refused = client.post(
        url(live.slug, "submit"), {"change_summary": "Typo.", "kind": "correction"}, format="json"
    )
    assert refused.status_code == 409
    assert any("touches a number" in reason for reason in refused.json()["reasons"])

    write(live, FIXED)
    taken = client.post(
        url(live.slug, "submit"), {"change_summary": "Typo.", "kind": "correction"}, format="json"
    )
    assert taken.status_code == 200
    assert taken.json()["open_review"]["kind"] == "correction"
    approved = api_as(people["publisher"]).post(
        url(live.slug, "approve"), {"fingerprint": fingerprint_guide(live)}, format="json"
    )
    assert approved.status_code == 200
    assert (
        api_as(people["publisher"]).post(url(live.slug, "publish"), {}, format="json").status_code
        == 200
    )

    public = api_as(people["editor"]).get(f"/api/v1/guides/{live.slug}/").json()
    assert [entry["kind"] for entry in public["update_history"]] == ["correction", "original"]
    assert public["last_reviewed"] == "2026-06-01"


def test_the_api_refuses_an_unknown_kind(api_as, live, people):
    response = api_as(people["editor"]).post(
        url(live.slug, "submit"), {"change_summary": "x", "kind": "cosmetic"}, format="json"
    )
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
