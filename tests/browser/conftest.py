"""Browser tests: Selenium drives Debian's chromium against a live server.

They run when a browser is present (``chromium`` and ``chromedriver`` on the
PATH, or named by ``CHROMIUM`` and ``CHROMEDRIVER``) and are skipped with a
reason otherwise; ``.ci/run`` installs both and sets ``BROWSER_TESTS_REQUIRED``,
which turns a missing tool into an error. axe-core, for the accessibility
checks, is installed from the npm registry by ``make browser-tools`` into the
git-ignored ``.browser-tools/``. Each step's screenshot is saved in the
git-ignored ``browser-screenshots/`` and listed at the end of the test output.
"""

import base64
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCREENSHOTS = ROOT / "browser-screenshots"
AXE = ROOT / ".browser-tools" / "node_modules" / "axe-core" / "axe.min.js"
WIDTH, HEIGHT = 1280, 800
# What works here as root, in a container, with nothing to phone home to.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    f"--window-size={WIDTH},{HEIGHT}",
]

_taken = []  # screenshots of this run, for the summary


def _executable(variable, *names):
    path = os.environ.get(variable)
    if path:
        return path if Path(path).exists() else None
    return next((found for name in names if (found := shutil.which(name))), None)


CHROMIUM = _executable("CHROMIUM", "chromium", "chromium-browser")
CHROMEDRIVER = _executable("CHROMEDRIVER", "chromedriver")


def pytest_collection_modifyitems(config, items):
    browser_tests = [
        item for item in items if "tests/browser/" in str(item.fspath).replace(os.sep, "/")
    ]
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[dev]')")
    if not CHROMIUM:
        missing.append("chromium")
    if not CHROMEDRIVER:
        missing.append("chromedriver")
    if not AXE.exists():
        missing.append("axe-core (make browser-tools)")
    if not (browser_tests and missing):
        return
    if os.environ.get("BROWSER_TESTS_REQUIRED"):
        raise pytest.UsageError(f"The browser tests must run, but need {', '.join(missing)}.")
    skip = pytest.mark.skip(reason=f"browser tests need {', '.join(missing)}")
    for item in browser_tests:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if _taken:
        terminalreporter.section("browser screenshots")
        for path in _taken:
            terminalreporter.write_line(str(path.relative_to(ROOT)))


@pytest.fixture(scope="session")
def screenshot_folder():
    SCREENSHOTS.mkdir(exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


@pytest.fixture
def open_browser(screenshot_folder, request):
    """``open_browser()``: a new Chromium with its own empty profile (so its own sign-in)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers, profiles = [], []

    def start():
        profile = tempfile.mkdtemp(prefix="chromium-profile-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        # The page itself is 1,280 by 800, whatever the window's frame takes.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )
        drivers.append(driver)
        profiles.append(profile)
        return driver

    yield start
    for driver in drivers:
        driver.quit()
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def screenshot(screenshot_folder, request):
    """``screenshot(driver, "step")``: the whole page, saved as ``<test>-NN-step.png``."""
    test = request.node.name.removeprefix("test_")[:40]
    counter = iter(range(1, 100))

    def take(driver, step, *, full_page=True):
        path = screenshot_folder / f"{test}-{next(counter):02d}-{step}.png"
        if full_page:
            # From the top: the admin's sticky sidebar would be drawn where the page is scrolled.
            height = driver.execute_script(
                "window.scrollTo(0, 0); return document.documentElement.scrollHeight"
            )
            shot = driver.execute_cdp_cmd(
                "Page.captureScreenshot",
                {
                    "captureBeyondViewport": True,
                    "clip": {
                        "x": 0,
                        "y": 0,
                        "width": WIDTH,
                        "height": min(height, 8000),
                        "scale": 1,
                    },
                },
            )
            path.write_bytes(base64.b64decode(shot["data"]))
        else:
            driver.save_screenshot(str(path))
        _taken.append(path)
        return path

    return take


@pytest.fixture(scope="session")
def axe_source():
    return AXE.read_text() if AXE.exists() else ""
