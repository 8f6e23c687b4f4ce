"""Licences: only a reviewer holding one valid that day signs off, and the sign-off records it."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from editorial.exceptions import NotAllowed
from editorial.models import Licence, ReviewState
from editorial.safety.services import safety_approve, safety_submit
from editorial.safety.snapshot import fingerprint_safety_information
from editorial.services import guide_approve, guide_submit
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from tests.api.editorial.content import url
from tests.factories import LicenceFactory, UserFactory, build_guide
from tests.safety import edit_the_crisis_line, everything_about_safety_information
from tests.workflow import everything_about

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 10)


@pytest.fixture(autouse=True)
def on_a_known_day():
    noon = datetime.datetime(2027, 3, 10, 12, tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def submitted(editor):
    guide = build_guide(sections=1, tips_per_section=2)
    guide_submit(guide=guide, user=editor, change_summary="First version.")
    return guide


def licences_of(user):
    return Licence.objects.filter(person__user=user)


def only_licence(user, expires_on):
    licences_of(user).delete()
    return LicenceFactory(person=user.person, type="LCSW", number="LCSW-77", expires_on=expires_on)


def approve(guide, user):
    return guide_approve(guide=guide, user=user, fingerprint=fingerprint_guide(guide))


def test_a_sign_off_is_refused_when_the_reviewers_licence_expired_yesterday(submitted, reviewer):
    only_licence(reviewer, TODAY - datetime.timedelta(days=1))
    before = everything_about(submitted)

    with pytest.raises(NotAllowed, match="holds no licence valid on 2027-03-10") as refusal:
        approve(submitted, reviewer)

    assert "the last one on record expired on 2027-03-09" in refusal.value.message
    assert everything_about(submitted) == before


def test_a_licence_expiring_today_is_still_valid_and_the_sign_off_records_it(submitted, reviewer):
    only_licence(reviewer, TODAY)

    review = approve(submitted, reviewer)

    assert review.state == ReviewState.APPROVED
    assert review.licence == {
        "type": "LCSW",
        "number": "LCSW-77",
        "jurisdiction": "CA",
        "expires_on": "2027-03-10",
    }


def test_the_sign_off_keeps_the_licence_as_it_was_when_it_is_renewed_later(submitted, reviewer):
    licence = only_licence(reviewer, TODAY)
    review = approve(submitted, reviewer)

    licence.expires_on = TODAY + datetime.timedelta(days=730)
    licence.save()
    review.refresh_from_db()

    assert review.licence["expires_on"] == "2027-03-10"


def test_a_reviewer_with_no_licence_on_record_is_told_so(submitted, reviewer):
    licences_of(reviewer).delete()
    with pytest.raises(NotAllowed, match="none is on record"):
        approve(submitted, reviewer)


def test_the_licence_of_the_reviewers_own_credential_is_the_one_recorded(submitted, reviewer):
    LicenceFactory(person=reviewer.person, type="LCSW", expires_on=TODAY + datetime.timedelta(9))
    review = approve(submitted, reviewer)
    assert review.licence["type"] == reviewer.person.clinical_credential == "PMHNP-BC"


def test_the_approve_step_is_not_offered_without_a_valid_licence(submitted, reviewer):
    from editorial.services import allowed_steps

    only_licence(reviewer, TODAY - datetime.timedelta(days=1))
    assert "holds no licence valid" in allowed_steps(reviewer, status_of(submitted))["approve"]


def test_the_api_refuses_the_sign_off_with_403_and_the_reason(api_as, submitted, reviewer):
    only_licence(reviewer, TODAY - datetime.timedelta(days=1))
    response = api_as(reviewer).post(
        url(submitted.slug, "approve"),
        {"fingerprint": fingerprint_guide(submitted)},
        format="json",
    )
    assert response.status_code == 403
    assert "holds no licence valid on 2027-03-10" in response.json()["detail"]


def test_the_admin_refuses_the_sign_off_with_the_reason(client, submitted, reviewer):
    only_licence(reviewer, TODAY - datetime.timedelta(days=1))
    client.force_login(reviewer)
    page = reverse("admin:guidance_guide_workflow", args=[submitted.pk, "review"])
    response = client.post(
        page, {"decision": "approve", "fingerprint": fingerprint_guide(submitted), "notes": ""}
    )
    assert response.status_code == 403
    assert "holds no licence valid on 2027-03-10" in response.content.decode()


# The admin's list of licences expiring soon.


def test_licences_expiring_within_30_days_are_listed_in_the_admin(client, reviewer):
    person = reviewer.person
    soon = LicenceFactory(
        person=person, number="SOON-1", expires_on=TODAY + datetime.timedelta(30)
    )
    LicenceFactory(person=person, number="LATER-1", expires_on=TODAY + datetime.timedelta(31))
    LicenceFactory(person=person, number="GONE-1", expires_on=TODAY - datetime.timedelta(1))
    client.force_login(reviewer)

    page = client.get(reverse("admin:editorial_licenceexpiringsoon_changelist"))

    assert page.status_code == 200
    text = page.content.decode()
    assert soon.number in text
    assert "30 days" in text
    assert "LATER-1" not in text
    assert "GONE-1" not in text


def test_only_holders_of_the_right_to_manage_reviewers_change_licences(client, reviewer):
    licence = licences_of(reviewer).get()
    client.force_login(reviewer)
    change = reverse("admin:editorial_licence_change", args=[licence.pk])
    assert client.post(change, {"expires_on": "2099-01-01"}).status_code == 403

    admin = UserFactory(username="admin", is_superuser=True)
    client.force_login(admin)
    assert client.get(change).status_code == 200


# manage.py import_licences


def import_file(tmp_path, text):
    path = tmp_path / "licences.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_licences", str(path), stdout=out)
    return out.getvalue()


HEADER = "username,type,number,jurisdiction,expires\n"


def test_the_file_is_the_complete_record_of_each_person_it_names(
    tmp_path, reviewer, second_reviewer
):
    kept = licences_of(reviewer).get()
    others = set(licences_of(second_reviewer))

    report = import_file(
        tmp_path,
        HEADER
        + f"rita,{kept.type},{kept.number},{kept.jurisdiction},2030-01-31\n"
        + "rita,LCSW,LCSW-1234,NY,2028-06-30\n",
    )

    assert {(lic.type, lic.number, lic.expires_on) for lic in licences_of(reviewer)} == {
        (kept.type, kept.number, datetime.date(2030, 1, 31)),
        ("LCSW", "LCSW-1234", datetime.date(2028, 6, 30)),
    }
    assert set(licences_of(second_reviewer)) == others
    assert "added LCSW LCSW-1234 (NY), expires 2028-06-30" in report
    assert f"now expires 2030-01-31 (was {kept.expires_on})" in report
    assert "1 people in the file: 1 added, 1 renewed, 0 removed, 0 unchanged." in report


def test_a_licence_missing_from_the_file_is_removed(tmp_path, reviewer):
    old = licences_of(reviewer).get()
    report = import_file(tmp_path, HEADER + "rita,LCSW,LCSW-9,CA,2029-01-01\n")
    assert not Licence.objects.filter(pk=old.pk).exists()
    assert f"removed {old}" in report


def test_an_imported_expired_licence_stops_the_reviewer_signing_off(tmp_path, submitted, reviewer):
    report = import_file(tmp_path, HEADER + "rita,PMHNP-BC,RN-1,CA,2027-03-09\n")
    assert "holds no licence valid today" in report
    with pytest.raises(NotAllowed):
        approve(submitted, reviewer)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("rita,LCSW,LCSW-1,CA,2028-02-30", "is not a date as YYYY-MM-DD"),
        ("rita,LCSW,LCSW-1,CA,03/10/2028", "is not a date as YYYY-MM-DD"),
        ("nobody,LCSW,LCSW-1,CA,2028-01-01", "no user “nobody”"),
        ("rita,ASTROLOGER,X-1,CA,2028-01-01", "type “ASTROLOGER” is none of"),
        ("rita,LCSW,,CA,2028-01-01", "number must be 1 to 60 characters"),
        ("rita,LCSW,LCSW-1,CA", "it has 5 columns"),
        ("rita,LCSW,LCSW-1,CA,2028-01-01,extra", "it has 5 columns"),
    ],
)
def test_a_malformed_row_is_refused_and_nothing_changes(tmp_path, reviewer, row, problem):
    before = list(Licence.objects.values())
    text = HEADER + "rita,LCSW,LCSW-2,CA,2029-01-01\n" + row + "\n"

    with pytest.raises(CommandError, match="Nothing was imported") as refusal:
        import_file(tmp_path, text)

    assert "line 3" in str(refusal.value)
    assert problem in str(refusal.value)
    assert list(Licence.objects.values()) == before


def test_a_file_without_the_columns_is_refused(tmp_path, reviewer):
    with pytest.raises(CommandError, match="columns must be username, type, number"):
        import_file(tmp_path, "user,kind\nrita,LCSW\n")


def test_the_same_licence_twice_in_a_file_is_refused(tmp_path, reviewer):
    with pytest.raises(CommandError, match="line 3: the same licence as line 2"):
        import_file(
            tmp_path, HEADER + "rita,LCSW,L-1,CA,2029-01-01\nrita,LCSW,L-1,CA,2030-01-01\n"
        )


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_licences", str(tmp_path / "nowhere.csv"))


def test_the_licence_check_uses_the_day_of_a_backdated_sign_off(editor, reviewer):
    only_licence(reviewer, datetime.date(2027, 1, 31))  # expired today, valid back then
    guide = build_guide(sections=1, tips_per_section=1)
    then = timezone.now() - datetime.timedelta(days=60)
    guide_submit(guide=guide, user=editor, change_summary="Imported.", at=then)
    review = guide_approve(
        guide=guide,
        user=reviewer,
        fingerprint=fingerprint_guide(guide),
        at=then + datetime.timedelta(hours=1),
    )
    assert review.licence["expires_on"] == "2027-01-31"


def test_a_safety_sign_off_takes_a_licence_valid_that_day_too(people, reviewer):
    edit_the_crisis_line(people["publisher"])
    safety_submit(user=people["editor"], change_summary="The 988 line.")
    only_licence(reviewer, TODAY - datetime.timedelta(days=1))
    before = everything_about_safety_information()

    with pytest.raises(NotAllowed, match="holds no licence valid on 2027-03-10"):
        safety_approve(user=reviewer, fingerprint=fingerprint_safety_information())

    assert everything_about_safety_information() == before


def test_a_safety_sign_off_records_the_licence_it_was_signed_under(people, reviewer):
    edit_the_crisis_line(people["publisher"])
    safety_submit(user=people["editor"], change_summary="The 988 line.")
    only_licence(reviewer, TODAY)

    review = safety_approve(user=reviewer, fingerprint=fingerprint_safety_information())

    review.refresh_from_db()
    assert review.licence["number"] == "LCSW-77"
    assert review.licence["expires_on"] == "2027-03-10"
