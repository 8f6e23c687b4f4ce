"""The editor's desk in a real browser: the admin and the reader page, as people use them.

On the demo guide: an editor edits a tip and submits it; a clinical reviewer
reads the whole-guide preview and the diff, and approves; a publisher
publishes; readers then get the new text. On the way, the guide and section
pages fit a 1,280-pixel screen, and axe-core finds no serious or critical
accessibility violation on them, on the preview and on the reader page.
Then two editors save the same tip from two browsers: the second is refused.
"""

import json
import urllib.request

import pytest
from django.core.management import call_command
from django.urls import reverse

from guidance.models import Guide, Tip
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
from tests.factories import EditorFactory, build_guide

# A live server answers from its own thread, so the data must be committed;
# serialized_rollback: the flush after each test would drop the groups the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "demo-pass-123"
NEW_BODY = "Ask gently what worries them about therapy, then listen without arguing back."


@pytest.fixture
def demo(settings):
    # The demo accounts sign in only with DEBUG on, as on a developer's machine.
    settings.DEBUG = True
    settings.DEMO_PASSWORD = PASSWORD
    call_command("load_demo", verbosity=0)
    return Guide.objects.get()


def admin_url(obj):
    return reverse(f"admin:guidance_{obj._meta.model_name}_change", args=[obj.pk])


def check_page(driver, axe_source, *, fits=True):
    """The page fits the screen and axe-core finds nothing serious or critical on it."""
    if fits:
        assert horizontal_overflow(driver) == 0, widest_elements(driver)
    assert accessibility_violations(driver, axe_source) == []


def test_an_edit_goes_from_the_editor_through_review_and_publishing_to_readers(
    demo, live_server, open_browser, screenshot, axe_source
):
    guide = demo
    section = guide.sections.filter(parent=None).order_by("position").first()
    tip = section.tips.order_by("position").first()
    driver = open_browser()

    # The editor finds the section from the guide's outline and edits its first tip.
    sign_in(driver, live_server, "editor", PASSWORD)
    visit(driver, live_server.url + admin_url(guide))
    screenshot(driver, "editor-guide-page")
    check_page(driver, axe_source)
    click(driver, f'#sections-group a[href="{admin_url(section)}"]')
    screenshot(driver, "editor-section-page")
    check_page(driver, axe_source)
    type_into(driver, "tips-0-body", NEW_BODY)
    type_into(driver, "change_reason", "Gentler opening")
    click(driver, "input[name=_save]")
    assert driver.current_url.endswith(f"{admin_url(guide)}#sections-group")
    screenshot(driver, "editor-back-on-the-outline", full_page=False)

    click_link(driver, "Submit for review")
    type_into(driver, "change_summary", "A gentler first tip on reservations.")
    click(driver, 'input[value="Submit for review"]')
    assert "Submitted for clinical review." in text_of(driver)
    screenshot(driver, "editor-submitted")

    # The reviewer starts from their desk, reads the whole guide, then the diff.
    sign_in(driver, live_server, "reviewer", PASSWORD)
    assert "Awaiting my review" in text_of(driver, "#desk")
    screenshot(driver, "reviewer-desk")
    click(driver, "#desk a")
    click_link(driver, "Read the whole guide as readers will see it")
    assert "Preview of the working copy" in text_of(driver)
    assert NEW_BODY in text_of(driver, "main")
    screenshot(driver, "reviewer-preview")
    check_page(driver, axe_source)
    driver.back()
    assert "gently" in text_of(driver, ".editorial-diff ins")
    screenshot(driver, "reviewer-diff")
    type_into(driver, "notes", "Kind and accurate.")
    click(driver, 'button[value="approve"]')
    assert "Approved." in text_of(driver)

    # The publisher publishes now; the go-live pickers are left empty.
    sign_in(driver, live_server, "publisher", PASSWORD)
    visit(driver, live_server.url + admin_url(guide))
    click(driver, ".workflow-steps a.button[href$='/workflow/publish/']")
    screenshot(driver, "publisher-publish-page")
    click(driver, 'input[value="Publish"]')
    assert "Published release 3" in text_of(driver)

    # Readers get the new text, with the API's JSON-LD.
    driver.delete_all_cookies()
    visit(driver, f"{live_server.url}/guides/{guide.slug}/")
    assert NEW_BODY in text_of(driver, f"#tip-{tip.public_id}")
    assert "Preview" not in text_of(driver, "body")
    screenshot(driver, "reader-page")
    check_page(driver, axe_source)
    embedded = driver.execute_script(
        "return JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
        ".textContent);"
    )
    with urllib.request.urlopen(f"{live_server.url}/api/v1/guides/{guide.slug}/") as answer:
        assert embedded == json.load(answer)["json_ld"]


def test_two_editors_save_the_same_tip_and_the_second_is_refused(
    live_server, open_browser, screenshot, axe_source
):
    guide = build_guide(sections=1, tips_per_section=2)
    section = guide.sections.get()
    for username, first, last in [("anna", "Anna", "Berg"), ("ben", "Ben", "Cho")]:
        EditorFactory(username=username, first_name=first, last_name=last, password=PASSWORD)
    anna, ben = open_browser(), open_browser()
    for driver, username in [(anna, "anna"), (ben, "ben")]:
        sign_in(driver, live_server, username, PASSWORD)
        visit(driver, live_server.url + admin_url(section))

    type_into(anna, "tips-0-lead", "Listen before you speak")
    click(anna, "input[name=_save]")
    screenshot(anna, "anna-saved")
    type_into(ben, "tips-0-lead", "Listen without judging")
    click(ben, "input[name=_save]")

    assert "Nothing was saved: Anna Berg changed a row you changed" in text_of(ben)
    assert ben.find_element("name", "tips-0-lead").get_attribute("value") == (
        "Listen without judging"
    )
    assert Tip.objects.get(section=section, position=1).lead == "Listen before you speak"
    screenshot(ben, "ben-refused")
    check_page(ben, axe_source)
