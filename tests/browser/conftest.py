"""Browser tests: Debian's Chromium driven by Playwright (sync API) against pytest-django's live_server.

No pytest-playwright plugin: the fixtures below start one browser per test module and one context
(fresh cookies) per test. A failing test that used `page` (or `phone`, a phone-sized second browser) leaves
a screenshot in test-results/<test name>.png (<test name>-phone.png).
"""

import io
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from governance.demo import ensure_demo_users
from tests.browser.helpers import (
    DEMO_PASSWORD,
    browser_context,
    phone_options,
)
from tests.governance.helpers import seed_provinces_only

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API keeps an asyncio loop running in this thread while it is started, and
    Django refuses ORM calls from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set
    (safe here: the loop only waits on the browser). Both last only as long as a browser test module:
    the variable must not leak to the rest of the suite (`check --deploy` in a subprocess flags it),
    nor may the loop outlive the browser tests."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as driver:
            yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    with browser_context(browser, live_server, viewport={"width": 1280, "height": 900}) as context:
        yield context


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def phone(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A second browser, phone-sized (its own cookies): for a user who works from a smartphone."""
    with browser_context(browser, live_server, **phone_options()) as context:
        yield context.new_page()


@pytest.fixture
def registry(transactional_db: Any) -> None:
    """The real registry (all ISTAT comuni, the seed bodies) and the demo users, committed so that the
    live server's thread sees them (the comuni of the seed provinces only). transactional_db empties every table
    after the test."""
    with seed_provinces_only():
        call_command("load_seeds", verbosity=0, stdout=io.StringIO())
    ensure_demo_users(DEMO_PASSWORD)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any]:
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name in ("page", "phone"):
        page = getattr(item, "funcargs", {}).get(name)
        if page is None or page.is_closed():
            continue
        RESULTS_DIR.mkdir(exist_ok=True)
        suffix = "" if name == "page" else f"-{name}"
        path = RESULTS_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', item.name)}{suffix}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # the browser may be the thing that broke
            message = f"screenshot failed: {error}"
        else:
            message = f"screenshot: {path}"
        report.sections.append(("browser", message))
        reporter = item.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"\n{item.nodeid}: {message}")
