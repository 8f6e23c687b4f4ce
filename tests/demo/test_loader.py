import datetime
import hashlib

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from demo.loader import read_fixture
from editorial import roles
from editorial.models import Licence, Release
from editorial.selectors import update_history
from editorial.snapshot import canonical_json
from editorial.status import status_of
from guidance.models import CrisisResource, Guide, Person, Section, SiteNotice, Tip, Topic
from tests.factories import UserFactory
from tests.sign_in import log_in

pytestmark = pytest.mark.django_db

DEMO_SLUG = "helping-a-loved-one-embrace-therapy"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-pass-123"
    call_command("load_demo", verbosity=0)
    return Guide.objects.get(slug=DEMO_SLUG)


def days_ago(days):
    return timezone.now().date() - datetime.timedelta(days=days)


def table_sizes():
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Guide, Section, Tip, Person, Topic, SiteNotice, CrisisResource)
    }


def test_the_demo_guide_has_its_full_structure(demo):
    top_level = demo.sections.filter(parent=None)
    assert top_level.count() == 11
    assert demo.sections.count() >= 15
    assert Tip.objects.filter(section__guide=demo).count() >= 60
    numbered = top_level.filter(list_style="numbered")
    assert sorted(s.tips.count() for s in numbered) == [10, 11]
    assert set(demo.contributors.values_list("role", flat=True)) == {
        "clinical_writer",
        "editorial_writer",
        "medical_reviewer",
        "original_author",
    }
    assert demo.sources.get().citation.startswith("Corrigan, P. W. (2002")
    assert demo.topics.count() == 6


def test_the_demo_carries_the_disclaimer_and_the_988_lifeline(demo):
    assert SiteNotice.objects.filter(kind="disclaimer").exists()
    lifeline = CrisisResource.objects.get(phone="988")
    assert lifeline.region == "US"
    assert "988" in lifeline.description


def test_every_demo_row_passes_model_validation(demo):
    for model in (Guide, Section, Tip, Person, Topic, SiteNotice, CrisisResource):
        for row in model.objects.all():
            row.full_clean()


def test_loading_the_demo_twice_changes_nothing(demo):
    before = table_sizes()
    call_command("load_demo", verbosity=0)
    assert table_sizes() == before


def test_the_demo_accounts_are_staff_in_their_groups_and_not_superusers(demo, client):
    User = get_user_model()
    expected = {
        "editor": roles.EDITORS,
        "reviewer": roles.CLINICAL_REVIEWERS,
        "publisher": roles.PUBLISHERS,
    }
    for username, group in expected.items():
        user = User.objects.get(username=username)
        assert user.is_staff
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert log_in(client, username=username, password="demo-pass-123")


def test_the_demo_reviewer_is_the_demo_clinical_reviewer(demo):
    person = Person.objects.get(user__username="reviewer")
    assert person.is_clinical_reviewer
    assert person.clinical_credential == "PMHNP-BC"
    assert demo.contributors.filter(person=person, role="medical_reviewer").exists()


def test_the_demo_content_history_names_its_author_and_reason(demo):
    record = Tip.history.filter(section__guide=demo).earliest()
    assert record.history_user.username == "editor"
    assert record.history_change_reason.startswith("Demo content")


def test_the_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.exists()
    assert not Guide.objects.exists()


def test_demo_accounts_cannot_sign_in_with_debug_off(demo, client, settings):
    settings.DEBUG = False
    assert not log_in(client, username="editor", password="demo-pass-123")
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "demo-pass-123"}, secure=True
    )
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_other_accounts_sign_in_with_debug_off(client, settings):
    settings.DEBUG = False
    UserFactory(username="real-editor", email="editor@provider.example")
    assert log_in(client, username="real-editor", password="correct horse battery")


def test_loading_again_after_editing_the_crisis_resources_adds_nothing(demo):
    lifeline = CrisisResource.objects.get(phone="988")
    lifeline.name = "988 Lifeline"
    lifeline.save()
    CrisisResource.objects.get(phone="911").delete()

    call_command("load_demo", verbosity=0)

    assert CrisisResource.objects.filter(phone="988").get().name == "988 Lifeline"
    restored = CrisisResource.objects.get(phone="911")
    assert restored.position == lifeline.position + 1


def test_the_demo_never_takes_over_an_existing_account(settings):
    settings.DEBUG = True
    existing = UserFactory(username="editor", email="editor@provider.example", is_staff=False)

    with pytest.raises(CommandError, match="already exists and is not a demo account"):
        call_command("load_demo", verbosity=0)

    existing.refresh_from_db()
    assert not existing.is_staff
    assert existing.check_password("correct horse battery")
    assert not Guide.objects.exists()


def test_demo_people_are_recorded_as_added_by_the_demo_editor(demo):
    record = Person.history.filter(slug="demo-priya-lindqvist").earliest()
    assert record.history_user.username == "editor"


def test_the_demo_guide_was_released_twice_through_the_workflow(demo):
    fixture = read_fixture("guide")
    releases = list(Release.objects.filter(guide=demo).order_by("number"))
    assert [r.number for r in releases] == [1, 2]
    for release, expected in zip(releases, fixture["release"], strict=True):
        assert release.go_live_at.date() == days_ago(expected["days_ago"])
        assert release.backdated
        assert release.review.backdated
        assert release.review.reviewer.slug == expected["reviewer"]
        assert release.review.decided_by.username == "reviewer"
        assert release.published_by.username == "publisher"
        digest = hashlib.sha256(canonical_json(release.snapshot)).hexdigest()
        assert digest == release.fingerprint == release.review.fingerprint
    original_sections = [s["anchor"] for s in releases[0].snapshot["sections"]]
    assert len(original_sections) == 3
    assert len(releases[1].snapshot["sections"]) == 11
    assert Release.objects.live().get(guide=demo) == releases[1]
    assert status_of(demo).matches_newest_release


def test_the_demo_update_history_reads_as_the_fixture_says(demo):
    fixture = read_fixture("guide")
    history = update_history(demo)
    expected = list(reversed(fixture["release"]))
    assert [entry["date"] for entry in history] == [
        days_ago(r["days_ago"]).isoformat() for r in expected
    ]
    assert [[a["slug"] for a in entry["authors"]] for entry in history] == [
        r["authors"] for r in expected
    ]
    assert history[-1]["summary"] == "Originally published."
    assert history[0]["summary"] == expected[0]["summary"]


def test_the_demo_safety_information_was_released_through_the_workflow_first(demo):
    from editorial.models import SafetyEvent, SafetyRelease

    release = SafetyRelease.objects.live().get()
    steps = [
        (event.action, event.actor.username) for event in SafetyEvent.objects.order_by("at", "pk")
    ]
    first_guide_release = demo.releases.order_by("number").first()

    assert steps == [("submitted", "editor"), ("approved", "reviewer"), ("published", "publisher")]
    assert release.review.reviewer_name
    assert release.published_at < first_guide_release.published_at
    assert [line["phone"] for line in release.snapshot["crisis_resources"]] == ["988", "911"]


def test_a_fresh_demo_shows_a_service_in_good_health(demo, client):
    """Its dates count back from today: nothing overdue, nothing due soon, no licence expiring."""
    live = Release.objects.live().get(guide=demo)
    assert live.review_due > timezone.localdate() + datetime.timedelta(days=300)
    assert not Release.objects.due_for_review().exists()
    assert not Licence.objects.expiring_soon().exists()
    for username in ("editor", "reviewer", "publisher"):
        client.force_login(get_user_model().objects.get(username=username))
        home = client.get(reverse("admin:index")).content.decode()
        assert "No guide is due for clinical review in the next 30 days." in home, username
        assert "No licence expires in the next 30 days." in home, username
        assert "overdue" not in home, username


@pytest.mark.parametrize("day", ["2031-03-01", "2040-11-16"])
def test_the_demo_is_in_good_health_whenever_it_is_first_loaded(settings, day):
    settings.DEBUG = True
    today = datetime.date.fromisoformat(day)
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(8), datetime.UTC)):
        call_command("load_demo", verbosity=0)
        guide = Guide.objects.get(slug=DEMO_SLUG)

        assert not Release.objects.due_for_review().exists()
        assert not Licence.objects.expiring_soon().exists()
        assert [entry["date"] for entry in update_history(guide)] == [
            (today - datetime.timedelta(days=release["days_ago"])).isoformat()
            for release in reversed(read_fixture("guide")["release"])
        ]


def test_a_first_run_s_queues_are_empty_until_the_tour_starts(demo, client):
    """The one demo guide is live, its working copy as released; the editor's edit (the
    README's tour) puts it on their home page, ready to submit."""
    editor = get_user_model().objects.get(username="editor")
    assert status_of(demo).matches_newest_release
    client.force_login(editor)
    assert (
        "You have no draft and no edit waiting"
        in client.get(reverse("admin:index")).content.decode()
    )

    tip = Tip.objects.filter(section__guide=demo).first()
    tip.body += " Edited."
    tip._history_user = editor
    tip.save()

    home = client.get(reverse("admin:index")).content.decode()
    assert "edits to the live guide, not yet submitted" in home
