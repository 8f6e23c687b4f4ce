"""Each role's home page is its queue, in a real browser.

On the demo: an edit of the demo guide is submitted and approved through the
services; the publisher signs in and finds it on their home page under
"Approved, ready to publish", with the link that leads to publishing it.
Every demo account's home page fits a 1,280-pixel screen, axe-core finds no
serious or critical violation on it, and none says a review is overdue.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from editorial.services import guide_approve, guide_submit
from editorial.snapshot import fingerprint_guide
from guidance.models import Guide, Tip
from tests.browser.pages import (
    accessibility_violations,
    click,
    horizontal_overflow,
    sign_in,
    text_of,
    widest_elements,
)

# A live server answers from its own thread, so the data must be committed;
# serialized_rollback: the flush after each test would drop the groups the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "demo-pass-123"


@pytest.fixture
def demo(settings):
    # The demo accounts sign in only with DEBUG on, as on a developer's machine.
    settings.DEBUG = True
    settings.DEMO_PASSWORD = PASSWORD
    call_command("load_demo", verbosity=0)
    return Guide.objects.get(slug="helping-a-loved-one-embrace-therapy")


def approve_an_edit(guide):
    users = {user.username: user for user in get_user_model().objects.all()}
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body += " Take your time."
    tip._history_user = users["editor"]
    tip.save()
    guide_submit(guide=guide, user=users["editor"], change_summary="A calmer first tip.")
    guide_approve(
        guide=guide,
        user=users["reviewer"],
        notes="Kind and accurate.",
        fingerprint=fingerprint_guide(guide),
    )


def check_home(driver, axe_source):
    assert horizontal_overflow(driver) == 0, widest_elements(driver)
    assert accessibility_violations(driver, axe_source) == []
    assert "overdue" not in text_of(driver, "#desk")


def test_a_publisher_s_home_page_lists_the_approved_guide(
    demo, live_server, open_browser, screenshot, axe_source
):
    approve_an_edit(demo)
    driver = open_browser()

    sign_in(driver, live_server, "publisher", PASSWORD)
    ready = text_of(driver, "#queue-ready-to-publish")
    assert demo.title in ready
    assert "approved by Priya Lindqvist (demo profile), DNP, PMHNP-BC" in ready
    screenshot(driver, "publisher-home")
    check_home(driver, axe_source)

    click(driver, "#queue-ready-to-publish li a")
    assert driver.current_url.endswith(f"/guide/{demo.pk}/workflow/publish/")


def test_every_demo_account_s_home_page_is_accessible_and_nothing_is_overdue(
    demo, live_server, open_browser, screenshot, axe_source
):
    driver = open_browser()
    for username in ("editor", "reviewer", "publisher"):
        sign_in(driver, live_server, username, PASSWORD)
        assert "No guide is due for clinical review in the next 30 days." in text_of(
            driver, "#desk-counts"
        )
        screenshot(driver, f"{username}-home")
        check_home(driver, axe_source)
