"""The whole guide on one page, in a real browser: edited, reordered and saved once.

An editor changes a tip's body, adds a tip, moves a section with its "Move
down" button from the keyboard and another by dragging it with the mouse,
drags a tip above another and deletes one, then saves the page once; the
guide then holds exactly that. Two editors saving the same page from two
browsers lose nothing: the second is shown both versions, and saves again.
The page fits 1,280 and 1,024 pixels without horizontal scrolling, and
axe-core finds nothing serious on it.
"""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from guidance.models import Section, Tip
from tests.browser.pages import (
    accessibility_violations,
    click,
    sign_in,
    text_of,
    visit,
    wait_for,
    widest_elements,
)
from tests.factories import EditorFactory, build_guide

# A live server answers from its own thread, so the data must be committed;
# serialized_rollback: the flush after each test would drop the groups the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "demo-pass-123"


def drag_above(driver, source, target):
    """Drag ``source`` by its handle onto the top of ``target``, as a mouse would.

    In two steps: a section folds the outline once picked up, so where its
    target lies is read after that.
    """
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", target)
    handle = source.find_element(By.CSS_SELECTOR, ":scope > .outline-head .outline-handle")
    ActionChains(driver).click_and_hold(handle).pause(0.2).perform()
    driver.execute_script("arguments[0].scrollIntoView({block: 'nearest'});", target)
    (
        ActionChains(driver)
        .move_to_element_with_offset(target, 0, -target.size["height"] // 2 + 4)
        .pause(0.2)
        .release()
        .perform()
    )


def guide_url(live_server, guide):
    return f"{live_server.url}/admin/guidance/guide/{guide.pk}/change/"


def editor_browser(open_browser, live_server, username, first, last):
    EditorFactory(username=username, first_name=first, last_name=last, password=PASSWORD)
    driver = open_browser()
    sign_in(driver, live_server, username, PASSWORD)
    return driver


def at_width(driver, width):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False},
    )


def scrolls_sideways(driver):
    return driver.execute_script(
        "return document.scrollingElement.scrollWidth > window.innerWidth;"
    )


def row(driver, obj):
    kind = "section" if isinstance(obj, Section) else "tip"
    return driver.find_element(By.ID, f"outline-{kind}-{obj.pk}")


def field_of(element, name):
    return element.find_element(
        By.CSS_SELECTOR, f':scope > .outline-text textarea[name$="-{name}"]'
    )


def outline_of(guide):
    return [
        (section.heading, list(section.tips.order_by("position").values_list("lead", flat=True)))
        for section in Section.objects.filter(guide=guide, parent=None).order_by("position")
    ]


def test_an_editor_rewrites_reorders_and_saves_the_whole_guide_once(
    live_server, open_browser, screenshot, axe_source
):
    guide = build_guide(sections=3, tips_per_section=3)
    part_one, part_two, part_three = (guide.sections.get(heading=f"Part {n}") for n in (1, 2, 3))
    driver = editor_browser(open_browser, live_server, "anna", "Anna", "Berg")
    visit(driver, guide_url(live_server, guide))
    screenshot(driver, "guide-outline")

    for width in (1280, 1024):
        at_width(driver, width)
        assert not scrolls_sideways(driver), (width, widest_elements(driver))
    at_width(driver, 1280)
    assert accessibility_violations(driver, axe_source) == []

    # A tip's body, rewritten in place: its preview follows.
    first_tip = part_one.tips.get(lead="Tip 1.1")
    body = field_of(row(driver, first_tip), "body")
    body.clear()
    body.send_keys("Ask **gently** what worries them.")
    preview = row(driver, first_tip).find_element(By.CSS_SELECTOR, ".markdown-preview")
    wait_for(driver, lambda d: "gently" in preview.get_attribute("innerHTML"))
    assert "<strong>gently</strong>" in preview.get_attribute("innerHTML")

    # A new tip at the end of Part 2.
    section_two = row(driver, part_two)
    section_two.find_element(By.CSS_SELECTOR, ":scope > .outline-tips-block .outline-add").click()
    driver.switch_to.active_element.send_keys("Keep the door open")
    new_tip = section_two.find_elements(By.CSS_SELECTOR, ".outline-tips > li.outline-tip")[-1]
    field_of(new_tip, "body").send_keys("Say you will ask again another day.")

    # Part 1 moves down, from the keyboard.
    move_down = row(driver, part_one).find_element(
        By.CSS_SELECTOR, ":scope > .outline-head .outline-move-down"
    )
    move_down.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element == move_down
    assert text_of(driver, "#outline-status") == (
        "“Part 1” is now 2 of 3. Save to keep this order."
    )
    numbers = driver.find_elements(
        By.CSS_SELECTOR, ".outline-sections > li > .outline-head .outline-number"
    )
    assert [number.text for number in numbers] == ["1", "2", "3"]

    # Part 3 is dragged above Part 1, folded while it moves.
    drag_above(driver, row(driver, part_three), row(driver, part_one))
    headings = driver.find_elements(
        By.CSS_SELECTOR, ".outline-sections > li > .outline-head textarea[name$='-heading']"
    )
    assert [heading.get_attribute("value") for heading in headings] == [
        "Part 2",
        "Part 3",
        "Part 1",
    ]
    assert not driver.find_elements(By.CSS_SELECTOR, ".outline-group.is-folded")

    # Tip 3.3 is dragged above Tip 3.1, and Tip 3.2 deleted.
    drag_above(
        driver,
        row(driver, part_three.tips.get(lead="Tip 3.3")),
        row(driver, part_three.tips.get(lead="Tip 3.1")),
    )
    row(driver, part_three.tips.get(lead="Tip 3.2")).find_element(
        By.CSS_SELECTOR, 'input[name$="-DELETE"]'
    ).click()
    screenshot(driver, "guide-outline-edited")

    driver.find_element(By.NAME, "change_reason").send_keys("A gentler opening")
    click(driver, "input[name=_save]")

    assert "was changed successfully" in text_of(driver)
    assert outline_of(guide) == [
        ("Part 2", ["Tip 2.1", "Tip 2.2", "Tip 2.3", "Keep the door open"]),
        ("Part 3", ["Tip 3.3", "Tip 3.1"]),
        ("Part 1", ["Tip 1.1", "Tip 1.2", "Tip 1.3"]),
    ]
    assert Tip.objects.get(pk=first_tip.pk).body == "Ask **gently** what worries them."
    added = Tip.objects.get(lead="Keep the door open")
    assert added.body == "Say you will ask again another day."
    assert added.history.latest().history_change_reason == "A gentler opening"


def test_two_editors_save_the_guide_page_and_nothing_is_lost(
    live_server, open_browser, screenshot, axe_source
):
    guide = build_guide(sections=2, tips_per_section=2)
    tip_one, tip_two = Tip.objects.filter(section__heading="Part 1").order_by("position")
    anna = editor_browser(open_browser, live_server, "anna", "Anna", "Berg")
    ben = editor_browser(open_browser, live_server, "ben", "Ben", "Cho")
    for driver in (anna, ben):
        visit(driver, guide_url(live_server, guide))

    field_of(row(anna, tip_one), "body").send_keys(" Anna was here.")
    click(anna, "input[name=_save]")
    assert "was changed successfully" in text_of(anna)
    field_of(row(ben, tip_one), "body").send_keys(" Ben was here.")
    field_of(row(ben, tip_two), "body").send_keys(" Ben too.")
    click(ben, "input[name=_save]")

    assert "Nothing was saved: Anna Berg changed a row you changed" in text_of(ben)
    refused = text_of(ben, f"#outline-tip-{tip_one.pk}")
    assert "Anna was here." in refused  # theirs, beside
    assert "Ben was here." in field_of(row(ben, tip_one), "body").get_attribute("value")
    screenshot(ben, "ben-refused-on-the-outline")
    assert accessibility_violations(ben, axe_source) == []

    # Ben merges by hand and saves again: both edits are kept.
    body = field_of(row(ben, tip_one), "body")
    body.send_keys(" Anna was here.")
    click(ben, "input[name=_save]")
    assert "was changed successfully" in text_of(ben)
    assert Tip.objects.get(pk=tip_one.pk).body.endswith("Ben was here. Anna was here.")
    assert Tip.objects.get(pk=tip_two.pk).body.endswith("Ben too.")


def test_headings_and_anchors_are_shown_whole_at_1024_pixels(live_server, open_browser):
    guide = build_guide(sections=1, tips_per_section=1)
    guide.sections.update(
        heading="When your partner doesn't want to go to therapy",
        anchor="when-your-partner-doesnt-want-to-go-to-therapy",
    )
    driver = editor_browser(open_browser, live_server, "anna", "Anna", "Berg")
    at_width(driver, 1024)
    visit(driver, guide_url(live_server, guide))

    cut = driver.execute_script(
        "return Array.from(document.querySelectorAll("
        "'.outline-head textarea[name$=\"-heading\"], .outline-field-anchor input'))"
        ".filter((box) => box.scrollWidth > box.clientWidth"
        "  || box.scrollHeight > box.clientHeight)"
        ".map((box) => box.name);"
    )
    assert cut == []
    assert not scrolls_sideways(driver), widest_elements(driver)


def test_a_tip_dragged_into_another_section_is_saved_there(live_server, open_browser):
    guide = build_guide(sections=2, tips_per_section=2)
    part_one, part_two = (guide.sections.get(heading=f"Part {n}") for n in (1, 2))
    driver = editor_browser(open_browser, live_server, "anna", "Anna", "Berg")
    visit(driver, guide_url(live_server, guide))

    drag_above(
        driver,
        row(driver, part_one.tips.get(lead="Tip 1.2")),
        row(driver, part_two.tips.get(lead="Tip 2.1")),
    )
    click(driver, "input[name=_save]")

    assert "was changed successfully" in text_of(driver)
    assert outline_of(guide) == [
        ("Part 1", ["Tip 1.1"]),
        ("Part 2", ["Tip 1.2", "Tip 2.1", "Tip 2.2"]),
    ]
