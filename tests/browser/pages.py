"""What the browser tests do and check on a page: sign in, width, axe-core."""

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BLOCKING = {"serious", "critical"}


def wait_for(driver, condition, timeout=10, ignored_exceptions=None):
    return WebDriverWait(driver, timeout, ignored_exceptions=ignored_exceptions).until(condition)


def visit(driver, url):
    driver.get(url)
    wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def click_and_wait(driver, element):
    """Click ``element`` and wait until the page it leads to has loaded.

    The old page is marked on its ``window``; a new document has no mark. Asking
    about an element of the old page instead races with its teardown: Chromium
    may answer with a generic inspector error rather than "stale element", and
    a script run mid-navigation may fail too, so those errors mean "not yet".
    """
    driver.execute_script("window.__leaving = true;")
    element.click()
    wait_for(
        driver,
        lambda d: d.execute_script(
            "return !window.__leaving && document.readyState === 'complete';"
        ),
        ignored_exceptions=(WebDriverException,),
    )


def click_link(driver, text):
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, text))


def click(driver, selector):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, selector))


def sign_in(driver, live_server, username, password):
    driver.delete_all_cookies()
    visit(driver, f"{live_server.url}/admin/login/?next=/admin/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    click(driver, "input[type=submit]")
    assert driver.find_elements(By.ID, "user-tools"), f"{username} could not sign in"


def type_into(driver, name, text):
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


def text_of(driver, selector="body"):
    return driver.find_element(By.CSS_SELECTOR, selector).text


def horizontal_overflow(driver):
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return driver.execute_script(
        "const root = document.documentElement;"
        "return Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth;"
    )


def widest_elements(driver):
    """The elements that reach past the window's right edge, for a failure message."""
    return driver.execute_script(
        "const edge = document.documentElement.clientWidth; const found = [];"
        "for (const el of document.querySelectorAll('body *')) {"
        "  const box = el.getBoundingClientRect();"
        "  if (box.right > edge + 1 && box.width > 0) {"
        "    found.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} ${box.right}`);"
        "  }"
        "}"
        "return found.slice(0, 15);"
    )


def accessibility_violations(driver, axe_source):
    """axe-core's serious and critical violations on the current page."""
    driver.execute_script(axe_source)
    driver.set_script_timeout(30)
    violations = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        "  .then((results) => done(results.violations))"
        "  .catch((error) => done([{id: 'axe-error', impact: 'critical', help: String(error),"
        "                          nodes: []}]));"
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in BLOCKING
    ]
