"""What a guide still lacks, in a real browser: listed on its page, asked for at submission.

An editor opens a new guide with no author, no source and an empty section:
its page lists the three under "Not complete" and offers no submission. Once
a writer is credited and the empty section filled, the submit page asks why
it cites no sources, and takes the editor's reason. The pages fit a
1,280-pixel screen and axe-core finds no serious or critical violation.
"""

import pytest
from django.urls import reverse

from editorial.status import status_of
from guidance.models import ContributorRole
from tests.browser.pages import (
    accessibility_violations,
    click,
    click_link,
    horizontal_overflow,
    sign_in,
    text_of,
    type_into,
    visit,
    widest_elements,
)
from tests.factories import ContributorFactory, EditorFactory, SectionFactory, build_guide

# A live server answers from its own thread, so the data must be committed;
# serialized_rollback: the flush after each test would drop the groups the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct horse battery"
REASON = "Rests on clinical consensus; no study covers it."


def check_page(driver, axe_source):
    assert horizontal_overflow(driver) == 0, widest_elements(driver)
    assert accessibility_violations(driver, axe_source) == []


def test_an_incomplete_guide_lists_what_it_lacks_and_goes_without_sources_only_with_a_reason(
    live_server, open_browser, screenshot, axe_source
):
    guide = build_guide(sections=1, tips_per_section=2, authors=0, sources=0)
    empty = SectionFactory(guide=guide, position=2, heading="Coming soon", anchor="soon", body="")
    EditorFactory(username="erin", password=PASSWORD)
    driver = open_browser()
    sign_in(driver, live_server, "erin", PASSWORD)

    page = live_server.url + reverse("admin:guidance_guide_change", args=[guide.pk])
    visit(driver, page)
    missing = text_of(driver, ".workflow-completeness")
    assert "The section “Coming soon” is empty" in missing
    assert "No author is credited" in missing
    assert "It cites no sources." in missing
    assert "Submit for review" not in text_of(driver, ".workflow-steps")
    screenshot(driver, "guide-not-complete")
    check_page(driver, axe_source)

    ContributorFactory(guide=guide, role=ContributorRole.EDITORIAL_WRITER)
    empty.body = "What comes next, and when."
    empty.save()
    visit(driver, page)
    assert "No author" not in text_of(driver, ".workflow-completeness")
    click_link(driver, "Submit for review")
    type_into(driver, "change_summary", "First version.")
    type_into(driver, "waiver-no_sources", REASON)
    screenshot(driver, "submit-without-sources")
    check_page(driver, axe_source)
    click(driver, 'input[value="Submit for review"]')

    assert "Submitted for clinical review." in text_of(driver)
    assert status_of(guide).open_review.waivers["no_sources"]["reason"] == REASON
