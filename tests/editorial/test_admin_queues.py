"""Every role's home page is its queue.

Editors: their drafts, their guides with changes requested, the checks open
on them. Clinical reviewers: what awaits review, longest waiting first.
Publishers: approved and ready to publish, scheduled, withdrawn in the last
30 days. Everyone: reviews due and licences expiring, counted. Each item
links to the page where its work is done; the page's queries do not grow
with the number of guides.
"""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from editorial import roles
from editorial.safety.services import safety_approve, safety_request_changes, safety_submit
from editorial.safety.snapshot import fingerprint_safety_information
from editorial.services import guide_request_changes, guide_submit, guide_withdraw
from guidance.models import CrisisResource, Tip
from tests.admin_pages import count_queries
from tests.factories import (
    ClinicalReviewerFactory,
    EditorFactory,
    LicenceFactory,
    UserFactory,
    build_guide,
)
from tests.workflow import approve, build_state, edit_a_tip, publish

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


def change_page(guide):
    return reverse("admin:guidance_guide_change", args=[guide.pk])


def step_page(guide, step):
    return reverse("admin:guidance_guide_workflow", args=[guide.pk, step])


def home_of(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def queue(page, name):
    """The HTML of one queue of the home page, or None if the page has none by that name."""
    found = re.search(rf'<section [^>]*id="{name}">(.*?)</section>', page, re.DOTALL)
    return found and found[1]


def edit_as(user, guide, text=" Edited."):
    """Save a tip of ``guide`` in ``user``'s name, as the admin's history records it."""
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body += text
    tip._history_user = user
    tip.save()


def draft_by(user, **fields):
    guide = build_guide(sections=1, tips_per_section=1, **fields)
    edit_as(user, guide)
    return guide


def linked(item_url, title):
    return f'<a href="{item_url}">{title}</a>'


# Editors


def test_an_editor_s_home_lists_their_drafts_and_edits_not_yet_submitted(client, people):
    editor = people["editor"]
    mine = draft_by(editor, title="My new guide")
    someone_elses = draft_by(EditorFactory(), title="Another editor's guide")
    live_and_edited = build_state("published", people)
    edit_as(editor, live_and_edited)
    live_untouched = build_state("published", people)
    submitted = draft_by(editor, title="Already submitted")
    guide_submit(guide=submitted, user=editor, change_summary="Ready.")

    drafts = queue(home_of(client, editor), "queue-drafts")

    assert linked(change_page(mine), "My new guide") in drafts
    assert linked(change_page(live_and_edited), live_and_edited.title) in drafts
    assert "edits to the live guide, not yet submitted" in drafts
    for absent in (someone_elses, live_untouched, submitted):
        assert absent.title not in drafts


def test_an_editor_s_drafts_come_most_recently_edited_first(client, people):
    editor = people["editor"]
    older = draft_by(editor, title="Edited first")
    newer = draft_by(editor, title="Edited last")
    edit_as(editor, older)  # now the most recent

    drafts = queue(home_of(client, editor), "queue-drafts")

    assert drafts.index(older.title) < drafts.index(newer.title)


def test_an_editor_s_home_lists_their_guides_with_changes_requested_and_the_notes(client, people):
    sent_back = build_state("changes_requested", people)

    page = home_of(client, people["editor"])
    changes = queue(page, "queue-changes-requested")

    assert linked(change_page(sent_back), sent_back.title) in changes
    assert "Soften section 2." in changes
    assert "Rita Alvarez, MSW, LCSW" in changes


def test_changes_requested_lists_only_the_guides_the_editor_submitted(client, people):
    theirs = EditorFactory()
    guide = draft_by(theirs)
    guide_submit(guide=guide, user=theirs, change_summary="First version.")
    guide_request_changes(guide=guide, user=people["reviewer"], notes="Not this.")

    changes = queue(home_of(client, people["editor"]), "queue-changes-requested")

    assert guide.title not in changes
    assert "None of your guides is waiting for changes." in changes


def test_an_editor_s_home_flags_the_checks_open_on_their_working_copies(client, people, settings):
    settings.GUIDANCE_MAX_READING_GRADE = 0  # every text reads above it
    mine = draft_by(people["editor"], title="Hard to read")
    someone_elses = draft_by(EditorFactory(), title="Not mine")

    checks = queue(home_of(client, people["editor"]), "queue-open-checks")

    assert linked(step_page(mine, "submit"), "Hard to read") in checks
    assert "1 open check a reviewer would have to waive" in checks
    assert someone_elses.title not in checks


def test_no_open_check_is_said_so(client, people, settings):
    settings.GUIDANCE_MAX_READING_GRADE = 99
    draft_by(people["editor"])

    checks = queue(home_of(client, people["editor"]), "queue-open-checks")

    assert "No check is open on your drafts." in checks


def edit_the_safety_information_as(user):
    lifeline = CrisisResource.objects.first()
    lifeline.description += " Text too."
    lifeline._history_user = user
    lifeline.save()


def test_an_editor_s_edit_of_the_safety_information_waits_on_their_home_page(
    client, people, live_safety_information
):
    safety_page = reverse("admin:editorial_safetyworkflow_changelist")
    other_editor = EditorFactory()
    edit_the_safety_information_as(people["editor"])

    assert safety_page in queue(home_of(client, people["editor"]), "queue-drafts")
    assert safety_page not in queue(home_of(client, other_editor), "queue-drafts")

    safety_submit(user=people["editor"], change_summary="Say that texting works.")
    safety_request_changes(user=people["reviewer"], notes="Name the text line too.")

    page = home_of(client, people["editor"])
    assert safety_page not in queue(page, "queue-drafts")
    sent_back = queue(page, "queue-changes-requested")
    assert safety_page in sent_back
    assert "Name the text line too." in sent_back


# Clinical reviewers


def test_a_reviewer_s_home_lists_what_awaits_review_longest_waiting_first(client, people):
    now = timezone.now()
    guides = {}
    for title, days_ago in [("Two days", 2), ("Nine days", 9), ("Five days", 5)]:
        guide = build_guide(sections=1, tips_per_section=1, title=title)
        guide_submit(
            guide=guide,
            user=people["editor"],
            change_summary=f"Waiting {title.lower()}.",
            at=now - datetime.timedelta(days=days_ago),
        )
        guides[title] = guide

    waiting = queue(home_of(client, people["reviewer"]), "queue-awaiting-review")

    positions = [waiting.index(title) for title in ("Nine days", "Five days", "Two days")]
    assert positions == sorted(positions)
    assert linked(step_page(guides["Nine days"], "review"), "Nine days") in waiting
    assert "waiting 5\xa0days" in waiting
    assert "Waiting nine days." in waiting


def test_what_was_just_submitted_has_waited_less_than_a_minute(client, people):
    guide_submit(
        guide=build_guide(sections=1, tips_per_section=1),
        user=people["editor"],
        change_summary="Just now.",
    )

    waiting = queue(home_of(client, people["reviewer"]), "queue-awaiting-review")

    assert "waiting less than a minute" in waiting
    assert "0\xa0minutes" not in waiting


def test_a_reviewer_is_told_which_waiting_guide_is_not_theirs_to_sign(client, people):
    guide = build_guide(sections=1, tips_per_section=1)
    edit_as(people["reviewer"], guide)
    guide_submit(guide=guide, user=people["editor"], change_summary="With the reviewer's edit.")

    waiting = queue(home_of(client, people["reviewer"]), "queue-awaiting-review")

    assert "not yours to sign off: you edited it since its last release" in waiting


def test_the_safety_information_in_review_is_in_the_reviewer_s_queue(
    client, people, live_safety_information
):
    lifeline = CrisisResource.objects.first()
    lifeline.description += " Text too."
    lifeline.save()
    safety_submit(user=people["editor"], change_summary="Say that texting works.")

    waiting = queue(home_of(client, people["reviewer"]), "queue-awaiting-review")

    assert (
        linked(
            reverse("admin:editorial_safetyworkflow_changelist"),
            "Safety information (disclaimer and crisis lines)",
        )
        in waiting
    )


def test_a_publisher_s_home_lists_the_corrections_awaiting_a_second_person(client, people):
    guide = build_state("published", people)
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body = tip.body.rstrip(".") + "!"
    tip.save()
    guide_submit(
        guide=guide, user=people["editor"], change_summary="Punctuation.", kind="correction"
    )
    build_state("in_review", people)  # a clinical change: not theirs to approve

    corrections = queue(home_of(client, people["publisher"]), "queue-corrections")

    assert linked(step_page(guide, "review"), guide.title) in corrections
    assert corrections.count("<li>") == 1
    assert queue(home_of(client, people["reviewer"]), "queue-corrections") is None


def test_an_editor_or_a_publisher_has_no_review_queue(client, people):
    build_state("in_review", people)

    for role in ("editor", "publisher"):
        assert queue(home_of(client, people[role]), "queue-awaiting-review") is None


# Publishers


def test_a_publisher_s_home_lists_the_approved_guide_with_a_link_to_publish_it(client, people):
    approved = build_state("approved", people)
    build_state("in_review", people)

    ready = queue(home_of(client, people["publisher"]), "queue-ready-to-publish")

    assert linked(step_page(approved, "publish"), approved.title) in ready
    assert "approved by Rita Alvarez, MSW, LCSW" in ready


def test_an_approval_edited_since_is_shown_as_needing_review_again(client, people):
    guide = build_state("needs_review_again", people)

    ready = queue(home_of(client, people["publisher"]), "queue-ready-to-publish")

    assert linked(change_page(guide), guide.title) in ready
    assert step_page(guide, "publish") not in ready
    assert "needs review again" in ready


def test_approved_guides_come_longest_waiting_first(client, people):
    now = timezone.now()
    for title, days_ago in [("Approved lately", 1), ("Approved long ago", 6)]:
        guide = build_guide(sections=1, tips_per_section=1, title=title)
        with time_machine.travel(now - datetime.timedelta(days=days_ago)):
            approve(guide, editor=people["editor"], reviewer=people["reviewer"])

    ready = queue(home_of(client, people["publisher"]), "queue-ready-to-publish")

    assert ready.index("Approved long ago") < ready.index("Approved lately")


def test_approved_safety_information_is_in_the_publisher_s_queue(
    client, people, live_safety_information
):
    lifeline = CrisisResource.objects.first()
    lifeline.description += " Text too."
    lifeline.save()
    safety_submit(user=people["editor"], change_summary="Say that texting works.")
    safety_approve(user=people["reviewer"], fingerprint=fingerprint_safety_information())

    ready = queue(home_of(client, people["publisher"]), "queue-ready-to-publish")

    assert "Safety information (disclaimer and crisis lines)" in ready


def test_a_publisher_s_home_lists_scheduled_releases(client, people):
    scheduled = build_state("scheduled", people)

    listed = queue(home_of(client, people["publisher"]), "queue-scheduled")

    assert linked(change_page(scheduled), scheduled.title) in listed
    assert "release 1 goes live" in listed


def test_withdrawn_shows_the_last_30_days_only(client, people):
    now = timezone.now()
    titles = {}
    for days_ago in (29, 31):
        guide = build_guide(sections=1, tips_per_section=1, title=f"Withdrawn {days_ago} days ago")
        with time_machine.travel(now - datetime.timedelta(days=days_ago)):
            publish(guide, **people)
            guide_withdraw(guide=guide, user=people["publisher"], reason="Outdated advice.")
        titles[days_ago] = guide.title

    withdrawn = queue(home_of(client, people["publisher"]), "queue-withdrawn")

    assert "Withdrawn in the last 30 days" in withdrawn
    assert titles[29] in withdrawn
    assert "Outdated advice." in withdrawn
    assert titles[31] not in withdrawn


# Everyone


def test_reviews_due_are_counted_with_a_link_to_the_list(client, people, settings):
    settings.GUIDANCE_REVIEW_INTERVAL_MONTHS = 0  # due the day it is signed off
    for _ in range(3):
        build_state("published", people)
    overdue = build_guide(sections=1, tips_per_section=1)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        publish(overdue, **people)

    for role in ("editor", "reviewer", "publisher"):
        counts = queue(home_of(client, people[role]), "desk-counts")
        assert "3 guides due for review in the next 30 days, 1 overdue" in counts, role
        assert reverse("admin:editorial_guidedueforreview_changelist") in counts, role
        assert "overdue since" not in counts


def test_overdue_alone_is_counted_as_overdue(client, people, settings):
    settings.GUIDANCE_REVIEW_INTERVAL_MONTHS = 0
    overdue = build_guide(sections=1, tips_per_section=1)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        publish(overdue, **people)

    counts = queue(home_of(client, people["publisher"]), "desk-counts")

    assert "1 guide overdue for review" in counts
    assert "due for review in the next" not in counts


def test_nothing_due_is_said_in_one_line(client, people):
    build_state("published", people)

    counts = queue(home_of(client, people["editor"]), "desk-counts")

    assert "No guide is due for clinical review in the next 30 days." in counts
    assert "No licence expires in the next 30 days." in counts


def test_licences_expiring_are_counted_and_the_reviewer_is_told_of_their_own(client, people):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    LicenceFactory(person=people["reviewer"].person, expires_on=soon, number="RN-SOON")
    LicenceFactory(expires_on=soon)

    reviewer_counts = queue(home_of(client, people["reviewer"]), "desk-counts")
    editor_counts = queue(home_of(client, people["editor"]), "desk-counts")

    assert "2 licences expiring in the next 30 days" in reviewer_counts
    assert reverse("admin:editorial_licenceexpiringsoon_changelist") in reviewer_counts
    assert f"yours, PMHNP-BC RN-SOON, expires {soon:%Y-%m-%d}" in reviewer_counts
    # Editors may not open the list of licences: the count, without the link.
    assert "2 licences expiring in the next 30 days" in editor_counts
    assert reverse("admin:editorial_licenceexpiringsoon_changelist") not in editor_counts


# Several roles, and none


def test_a_person_with_several_roles_sees_each_of_their_queues(client, people):
    everyone = UserFactory(
        username="all-roles",
        groups=[roles.EDITORS, roles.CLINICAL_REVIEWERS, roles.PUBLISHERS],
    )
    ClinicalReviewerFactory(name="Alex Morgan", user=everyone)
    in_review = build_state("in_review", people)
    approved = build_state("approved", people)
    mine = draft_by(everyone, title="Their own draft")

    page = home_of(client, everyone)

    assert step_page(in_review, "review") in queue(page, "queue-awaiting-review")
    assert change_page(mine) in queue(page, "queue-drafts")
    assert queue(page, "queue-changes-requested") is not None
    assert step_page(approved, "publish") in queue(page, "queue-ready-to-publish")
    for name in ("queue-scheduled", "queue-withdrawn", "desk-counts"):
        assert queue(page, name) is not None, name
    # Their queues first, then the counts: the first link of the desk is work to do.
    assert page.index('id="queue-awaiting-review"') < page.index('id="desk-counts"')


def test_a_view_only_user_sees_the_counts_and_no_queue(client, people):
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_guide", "view_release", "view_review", "view_licence"]
        )
    )
    build_state("in_review", people)
    build_state("approved", people)

    page = home_of(client, viewer)

    assert queue(page, "desk-counts") is not None
    for name in (
        "queue-awaiting-review",
        "queue-drafts",
        "queue-changes-requested",
        "queue-open-checks",
        "queue-ready-to-publish",
        "queue-scheduled",
        "queue-withdrawn",
    ):
        assert queue(page, name) is None, name


# Queries


def submit_a_correction(people):
    guide = build_state("published", people)
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body = tip.body.rstrip(".") + "!"
    tip.save()
    guide_submit(
        guide=guide, user=people["editor"], change_summary="Punctuation.", kind="correction"
    )


def fill_every_queue(people, user, count):
    """``count`` guides in each queue (the drafts and those sent back: ``user``'s)."""
    for _ in range(count):
        build_state("in_review", people)
        build_state("approved", people)
        build_state("needs_review_again", people)
        build_state("scheduled", people)
        build_state("withdrawn", people)
        build_state("published", people)
        submit_a_correction(people)
        draft_by(user)
        sent_back = draft_by(user)
        guide_submit(guide=sent_back, user=user, change_summary="Mine.")
        guide_request_changes(guide=sent_back, user=people["reviewer"], notes="Again.")
        edit_a_tip(build_state("published", people))


def all_roles():
    user = UserFactory(
        username="all-roles",
        groups=[roles.EDITORS, roles.CLINICAL_REVIEWERS, roles.PUBLISHERS],
    )
    ClinicalReviewerFactory(name="Alex Morgan", user=user)
    return user


@pytest.mark.parametrize("who", ["editor", "reviewer", "publisher", "all roles"])
def test_the_home_page_runs_the_same_queries_for_one_guide_per_queue_or_many(
    client, people, settings, who
):
    settings.GUIDANCE_REVIEW_INTERVAL_MONTHS = 0  # every live guide is due
    user = all_roles() if who == "all roles" else people[who]
    writer = user if user.has_perm("editorial.submit_guide") else people["editor"]
    client.force_login(user)

    def home_queries_with(guides_per_queue):
        settings.GUIDANCE_MAX_READING_GRADE = 99  # so that the guides can be approved
        fill_every_queue(people, writer, guides_per_queue)
        settings.GUIDANCE_MAX_READING_GRADE = 0  # and now every draft has an open check
        client.get(HOME)  # warm the per-process caches (content types)
        return count_queries(client, HOME)

    one = home_queries_with(1)
    many = home_queries_with(3)

    assert many == one
    assert many <= 45


def test_every_queue_lists_every_guide_waiting_in_it(client, people, settings):
    user = all_roles()
    fill_every_queue(people, user, 2)
    settings.GUIDANCE_MAX_READING_GRADE = 0  # now every draft has an open check

    page = home_of(client, user)

    listed = {
        "queue-awaiting-review": 4,  # two clinical changes, two corrections
        "queue-drafts": 2,
        "queue-changes-requested": 2,
        "queue-open-checks": 4,  # the drafts and the guides sent back
        "queue-ready-to-publish": 4,  # approved, and approved then edited
        "queue-scheduled": 2,
        "queue-withdrawn": 2,
    }
    assert {name: queue(page, name).count("<li>") for name in listed} == listed
