"""No incomplete release: a guide is submitted with its sections filled, an author, sources.

A missing source may be waived with a written reason at submission; an
empty section and a missing author may not. The same rule at the service,
the admin's submit page and the command line (the API: tests/api/editorial).
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from editorial.checks import guide_checks
from editorial.exceptions import InvalidInput, WrongState
from editorial.kinds.safety import SAFETY
from editorial.models import GuideState, ReviewKind
from editorial.services import allowed_steps, guide_approve, guide_publish, guide_submit
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from editorial.workflow import services as workflow
from guidance.models import ContributorRole, SiteNotice
from tests.factories import ContributorFactory, SectionFactory, build_guide
from tests.workflow import everything_about, publish

pytestmark = pytest.mark.django_db

NO_SOURCES_REASON = "Rests on clinical consensus; no study covers it."


def missing(guide):
    return [part["id"] for part in guide_checks(status_of(guide))["completeness"]["missing"]]


@pytest.fixture
def bare_guide():
    """A brand-new guide as in the report: no author, no source, and an empty section."""
    guide = build_guide(sections=2, tips_per_section=1, authors=0, sources=0)
    SectionFactory(guide=guide, position=3, heading="Coming soon", anchor="coming-soon", body="")
    return guide


@pytest.fixture
def sourceless_guide():
    return build_guide(sections=1, tips_per_section=2, sources=0)


# The check.


def test_a_complete_guide_lacks_nothing():
    guide = build_guide(sections=2, tips_per_section=1)
    assert guide_checks(status_of(guide))["completeness"] == {"complete": True, "missing": []}


def test_the_check_lists_the_empty_section_the_missing_author_and_sources(bare_guide):
    completeness = guide_checks(status_of(bare_guide))["completeness"]

    assert completeness["complete"] is False
    assert [
        (part["id"], part["section"], part["waivable"]) for part in completeness["missing"]
    ] == [
        ("empty_section:coming-soon", "coming-soon", False),
        ("no_author", None, False),
        ("no_sources", None, True),
    ]
    assert "“Coming soon” is empty" in completeness["missing"][0]["title"]


@pytest.mark.parametrize(
    ("body", "tips", "subsection", "empty"),
    [
        ("", 0, False, True),
        ("  \n ", 0, False, True),
        ("An introduction.", 0, False, False),
        ("", 1, False, False),
        ("", 0, True, False),
    ],
)
def test_a_section_is_empty_with_no_introduction_tips_steps_or_subsections(
    body, tips, subsection, empty
):
    guide = build_guide(sections=1, tips_per_section=tips)
    section = guide.sections.get()
    section.body = body
    section.save()
    if subsection:
        SectionFactory(guide=guide, parent=section, position=1, anchor="more", body="More.")

    assert ("empty_section:part-1" in missing(guide)) is empty


def test_a_guide_with_no_sections_is_incomplete():
    assert missing(build_guide(sections=0)) == ["no_sections"]


def test_a_medical_reviewer_is_no_author():
    guide = build_guide(sections=1, tips_per_section=1, authors=0)
    ContributorFactory(guide=guide, role=ContributorRole.MEDICAL_REVIEWER)
    assert missing(guide) == ["no_author"]


@pytest.mark.parametrize(
    "role", [ContributorRole.CLINICAL_WRITER, ContributorRole.EDITORIAL_WRITER]
)
def test_a_clinical_or_editorial_writer_is_an_author(role):
    guide = build_guide(sections=1, tips_per_section=1, authors=0)
    ContributorFactory(guide=guide, role=role)
    assert missing(guide) == []


def test_the_original_author_counts_on_the_first_release_only(editor, reviewer, publisher):
    # As the update history credits them: the first entry names the original
    # author, a later one whoever wrote the change.
    guide = build_guide(sections=1, tips_per_section=1, authors=0)
    ContributorFactory(guide=guide, role=ContributorRole.ORIGINAL_AUTHOR)
    assert missing(guide) == []
    publish(guide, editor=editor, reviewer=reviewer, publisher=publisher)
    guide.sections.update(body="A new introduction.")

    assert missing(guide) == ["no_author"]
    with pytest.raises(WrongState, match="No author is credited"):
        guide_submit(guide=guide, user=editor, change_summary="New introduction.")


# Submitting.


def test_submitting_an_incomplete_guide_is_refused_listing_everything_missing(bare_guide, editor):
    before = everything_about(bare_guide)

    with pytest.raises(WrongState) as refusal:
        guide_submit(guide=bare_guide, user=editor, change_summary="First version.")

    message = refusal.value.message
    assert "cannot be submitted until it is complete" in message
    assert "“Coming soon” is empty" in message
    assert "No author is credited" in message
    assert "It cites no sources" in message
    assert refusal.value.details == {
        "incomplete": ["empty_section:coming-soon", "no_author", "no_sources"]
    }
    assert everything_about(bare_guide) == before


def test_no_waiver_stands_for_an_empty_section_or_a_missing_author(bare_guide, editor):
    before = everything_about(bare_guide)
    waivers = dict.fromkeys(missing(bare_guide), "We will add them later.")

    with pytest.raises(WrongState, match="No author is credited"):
        guide_submit(
            guide=bare_guide, user=editor, change_summary="First version.", waivers=waivers
        )
    assert everything_about(bare_guide) == before


def test_the_submit_step_is_not_offered_while_a_part_that_cannot_be_waived_is_missing(
    bare_guide, editor
):
    refusal = allowed_steps(editor, status_of(bare_guide))["submit"]
    assert refusal.startswith("This guide cannot be submitted until it is complete")


def test_a_guide_citing_no_sources_needs_a_written_reason(sourceless_guide, editor):
    before = everything_about(sourceless_guide)
    assert allowed_steps(editor, status_of(sourceless_guide))["submit"] is None

    for waivers in (None, {"no_sources": "  "}):
        with pytest.raises(WrongState, match="It cites no sources") as refusal:
            guide_submit(
                guide=sourceless_guide, user=editor, change_summary="First.", waivers=waivers
            )
        assert refusal.value.details == {"incomplete": ["no_sources"]}
    assert everything_about(sourceless_guide) == before


def test_the_reason_is_kept_with_the_review_and_shown_in_the_checks(sourceless_guide, editor):
    review = guide_submit(
        guide=sourceless_guide,
        user=editor,
        change_summary="First version.",
        waivers={"no_sources": f"  {NO_SOURCES_REASON} "},
    )

    assert review.waivers == {
        "no_sources": {
            "reason": NO_SOURCES_REASON,
            "step": "submit",
            "title": "It cites no sources.",
        }
    }
    (part,) = guide_checks(status_of(sourceless_guide))["completeness"]["missing"]
    assert part["waiver"] == NO_SOURCES_REASON


def test_the_approval_keeps_the_submitters_waiver_beside_its_own(
    sourceless_guide, editor, reviewer
):
    guide_submit(
        guide=sourceless_guide,
        user=editor,
        change_summary="First version.",
        waivers={"no_sources": NO_SOURCES_REASON},
    )
    review = guide_approve(
        guide=sourceless_guide, user=reviewer, fingerprint=fingerprint_guide(sourceless_guide)
    )
    assert review.waivers["no_sources"]["reason"] == NO_SOURCES_REASON


def test_a_reason_to_go_without_what_the_guide_has_is_refused_as_the_guide_stands(editor):
    guide = build_guide(sections=1, tips_per_section=1)
    with pytest.raises(WrongState, match="not missing no_sources"):
        guide_submit(
            guide=guide, user=editor, change_summary="First.", waivers={"no_sources": "Why?"}
        )
    assert status_of(guide).state == GuideState.DRAFT


def test_a_blank_reason_waives_nothing_and_is_no_obstacle(editor):
    guide = build_guide(sections=1, tips_per_section=1)

    guide_submit(guide=guide, user=editor, change_summary="First.", waivers={"no_sources": " "})

    assert status_of(guide).state == GuideState.IN_REVIEW


def test_a_waiver_of_what_no_submitter_may_waive_is_bad_input(editor):
    guide = build_guide(sections=1, tips_per_section=1)
    with pytest.raises(InvalidInput, match="sm-1"):
        guide_submit(guide=guide, user=editor, change_summary="First.", waivers={"sm-1": "Why?"})
    assert status_of(guide).state == GuideState.DRAFT


def test_a_correction_of_a_live_guide_is_held_to_the_same_rule(editor, reviewer, publisher):
    guide = build_guide(sections=1, tips_per_section=1, sources=0)
    waivers = {"no_sources": NO_SOURCES_REASON}
    guide_submit(guide=guide, user=editor, change_summary="First.", waivers=waivers)
    guide_approve(guide=guide, user=reviewer, fingerprint=fingerprint_guide(guide))
    guide_publish(guide=guide, user=publisher)
    guide.sections.update(body="An *Introduction*.")

    def correct(**given):
        return guide_submit(
            guide=guide, user=editor, change_summary="Case.", kind=ReviewKind.CORRECTION, **given
        )

    with pytest.raises(WrongState, match="It cites no sources"):
        correct()
    assert correct(waivers=waivers).waivers["no_sources"]["reason"] == NO_SOURCES_REASON


def test_the_safety_information_is_not_a_guide_and_takes_no_such_waivers(editor):
    SiteNotice.objects.update(body="Not a substitute for professional care, ever.")
    with pytest.raises(InvalidInput, match="nothing a submitter may waive"):
        workflow.submit(
            SAFETY, None, user=editor, change_summary="Clearer.", waivers={"no_sources": "?"}
        )


# The admin: the guide's page and its submit page.


def submit_page(guide):
    return reverse("admin:guidance_guide_workflow", args=[guide.pk, "submit"])


def test_the_guides_page_lists_what_is_missing(client, bare_guide, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:guidance_guide_change", args=[bare_guide.pk])).content
    page = page.decode()

    assert "Not complete:" in page
    assert "“Coming soon” is empty" in page
    assert "No author is credited" in page
    assert "May be waived with a reason when submitting." in page
    assert "Submit for review</a>" not in page


def test_posting_the_submit_form_for_an_incomplete_guide_is_refused_with_the_list(
    client, bare_guide, editor
):
    client.force_login(editor)
    before = everything_about(bare_guide)

    refused = client.post(
        submit_page(bare_guide),
        {"kind": "clinical", "change_summary": "First version.", "waiver-no_author": "Later."},
    )

    assert refused.status_code == 409
    shown = refused.content.decode()
    assert "cannot be submitted until it is complete" in shown
    assert 'id="missing-empty_section:coming-soon"' in shown
    assert 'id="missing-no_author"' in shown
    assert 'name="waiver-no_author"' not in shown
    assert everything_about(bare_guide) == before


def test_the_submit_page_takes_a_reason_for_submitting_without_sources(
    client, sourceless_guide, editor, reviewer
):
    client.force_login(editor)
    form = {"kind": "clinical", "change_summary": "First version."}
    assert 'name="waiver-no_sources"' in client.get(submit_page(sourceless_guide)).content.decode()

    refused = client.post(submit_page(sourceless_guide), form)
    assert refused.status_code == 409
    assert "It cites no sources" in refused.content.decode()
    assert status_of(sourceless_guide).state == GuideState.DRAFT

    taken = client.post(
        submit_page(sourceless_guide), {**form, "waiver-no_sources": NO_SOURCES_REASON}
    )
    assert taken.status_code == 302
    assert status_of(sourceless_guide).open_review.waivers["no_sources"]["reason"] == (
        NO_SOURCES_REASON
    )

    client.force_login(reviewer)
    review_page = reverse("admin:guidance_guide_workflow", args=[sourceless_guide.pk, "review"])
    assert (
        f"Waived at submission: “{NO_SOURCES_REASON}”" in client.get(review_page).content.decode()
    )


# The command line.


def test_the_command_line_submits_only_a_complete_guide_or_with_the_reason(
    bare_guide, sourceless_guide, editor
):
    args = ["guide_workflow", "submit", "--as", editor.username, "--summary", "First."]
    with pytest.raises(CommandError, match="No author is credited"):
        call_command(*args, bare_guide.slug, stdout=StringIO())
    with pytest.raises(CommandError, match="It cites no sources"):
        call_command(*args, sourceless_guide.slug, stdout=StringIO())

    call_command(
        *args,
        sourceless_guide.slug,
        "--waiver",
        f"no_sources={NO_SOURCES_REASON}",
        stdout=StringIO(),
    )
    assert status_of(sourceless_guide).state == GuideState.IN_REVIEW
