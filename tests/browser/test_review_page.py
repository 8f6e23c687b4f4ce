"""The review page in a real browser: the decision after the evidence.

At 1,280 by 800, a reviewer of a guide whose changes run past the window
finds "Approve" unavailable, and saying why, until the end of the changes
has been on screen; the decision bar stays in view meanwhile. Once they
have scrolled there, approving works. A change that fits the window can be
approved at once, and the page fits a 1,024-pixel screen too. The safety
information's page has the same decision bar. axe-core finds no serious or critical violation.
"""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from editorial.models import GuideState, Workflow
from editorial.safety.services import safety_submit
from editorial.services import guide_submit
from guidance.models import Tip
from tests.browser.pages import (
    accessibility_violations,
    click_and_wait,
    horizontal_overflow,
    sign_in,
    text_of,
    type_into,
    visit,
    wait_for,
    widest_elements,
)
from tests.factories import (
    ClinicalReviewerFactory,
    EditorFactory,
    PublisherFactory,
    ReviewerFactory,
    build_guide,
)
from tests.safety import edit_the_crisis_line
from tests.workflow import ensure_safety_information_live, publish

# A live server answers from its own thread, so the data must be committed;
# serialized_rollback: the flush after each test would drop the groups the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct horse battery"  # the factories' own


@pytest.fixture
def people():
    reviewer = ReviewerFactory(username="rita", first_name="Rita", last_name="Alvarez")
    ClinicalReviewerFactory(name="Rita Alvarez", credentials="MSW, LCSW", user=reviewer)
    return {
        "editor": EditorFactory(username="edna"),
        "reviewer": reviewer,
        "publisher": PublisherFactory(username="paul"),
    }


def submitted_update(people, *, tips_changed):
    """A published guide with ``tips_changed`` tips rewritten, submitted for review."""
    guide = build_guide(sections=3, tips_per_section=4)
    publish(guide, **people)
    for tip in Tip.objects.filter(section__guide=guide).order_by("section__position", "position")[
        :tips_changed
    ]:
        tip.body = f"{tip.body} Rewritten so that it reads more gently, and with care."
        tip.save()
    guide_submit(guide=guide, user=people["editor"], change_summary="Gentler tips.")
    return guide


def review_page(live_server, guide):
    return live_server.url + reverse("admin:guidance_guide_workflow", args=[guide.pk, "review"])


def approve_button(driver):
    return driver.find_element(By.CSS_SELECTOR, 'button[value="approve"]')


def in_the_window(driver, element):
    return driver.execute_script(
        "const box = arguments[0].getBoundingClientRect();"
        "return box.top >= 0 && box.bottom <= window.innerHeight;",
        element,
    )


def test_approve_waits_until_the_end_of_the_changes_has_been_seen(
    live_server, open_browser, screenshot, axe_source, people
):
    guide = submitted_update(people, tips_changed=12)
    driver = open_browser()
    sign_in(driver, live_server, "rita", PASSWORD)
    visit(driver, review_page(live_server, guide))
    screenshot(driver, "review-page", full_page=False)

    # The changes run past the window; the decision bar is in view, Approve is not available.
    end = driver.find_element(By.ID, "diff-end")
    assert not in_the_window(driver, end)
    button = approve_button(driver)
    assert in_the_window(driver, button)
    assert button.get_attribute("aria-disabled") == "true"
    hint = text_of(driver, "#workflow-approve-hint")
    assert "once you have scrolled to the end of the changes" in hint
    assert horizontal_overflow(driver) == 0, widest_elements(driver)
    assert accessibility_violations(driver, axe_source) == []

    # Pressed anyway (by mouse or keyboard), it does nothing: the guide is still in review.
    button.click()
    button.send_keys("\n")
    assert driver.current_url == review_page(live_server, guide)
    assert Workflow.objects.get(guide=guide).state == GuideState.IN_REVIEW
    # Request changes never waits.
    assert driver.find_element(By.CSS_SELECTOR, 'button[value="request_changes"]').get_attribute(
        "aria-disabled"
    ) in (None, "false")

    # Scrolled to the end of the changes, Approve becomes available, and approving works.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", end)
    wait_for(driver, lambda d: approve_button(d).get_attribute("aria-disabled") is None)
    assert "you may approve" in text_of(driver, "#workflow-approve-hint")
    screenshot(driver, "review-page-end-seen", full_page=False)
    type_into(driver, "notes", "Kind and accurate.")
    click_and_wait(driver, approve_button(driver))
    assert "Approved." in text_of(driver)
    assert Workflow.objects.get(guide=guide).state == GuideState.APPROVED


def test_a_change_that_fits_the_window_can_be_approved_at_once(live_server, open_browser, people):
    guide = submitted_update(people, tips_changed=1)
    driver = open_browser()
    # A smaller screen: the page still fits its width.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1024, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )
    sign_in(driver, live_server, "rita", PASSWORD)
    visit(driver, review_page(live_server, guide))
    assert horizontal_overflow(driver) == 0, widest_elements(driver)

    wait_for(driver, lambda d: approve_button(d).get_attribute("aria-disabled") is None)
    click_and_wait(driver, approve_button(driver))
    assert "Approved." in text_of(driver)


def test_the_safety_informations_review_has_the_same_decision_bar(
    live_server, open_browser, axe_source, people
):
    ensure_safety_information_live(**people)
    edit_the_crisis_line(user=people["editor"], phone="988 or text 988")
    safety_submit(user=people["editor"], change_summary="The text line.")
    driver = open_browser()
    sign_in(driver, live_server, "rita", PASSWORD)
    visit(driver, live_server.url + reverse("admin:editorial_safetyworkflow_changelist"))

    # A change that fits the window: Approve is available at once, in the bar in view.
    wait_for(driver, lambda d: approve_button(d).get_attribute("aria-disabled") is None)
    assert in_the_window(driver, approve_button(driver))
    assert horizontal_overflow(driver) == 0, widest_elements(driver)
    assert accessibility_violations(driver, axe_source) == []
    click_and_wait(driver, approve_button(driver))
    assert "Approved." in text_of(driver)
