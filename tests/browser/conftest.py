"""Browser tests: Debian's Chromium driven by Playwright (sync API) against pytest-django's live_server.

No pytest-playwright plugin: the fixtures below start one browser per test module and one context
(fresh cookies) per test. A failing test that used `page` (or `phone`, a phone-sized second browser) leaves
a screenshot in test-results/<test name>.png (<test name>-phone.png).
"""

import io
import re
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from governance.demo import ensure_demo_users

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
DEMO_PASSWORD = "browser-demo-password-2026"
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT_MS = 10_000


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


AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.10.3.min.js"


def with_axe(context: BrowserContext) -> None:
    """axe-core in every page, injected by the browser itself: the pages' Content-Security-Policy allows no
    inline script, so it cannot be added as a <script> tag once the page is loaded. And every page is
    watched for what the policy blocks: a blocked script is a page that silently does not work."""
    context.add_init_script(path=str(AXE))
    blocked: list[str] = []
    context.csp_violations = blocked  # type: ignore[attr-defined]

    def watch(page: Page) -> None:
        page.on(
            "console",
            lambda message: (
                blocked.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    context.on("page", watch)


def assert_no_csp_violation(context: BrowserContext) -> None:
    blocked: list[str] = context.csp_violations  # type: ignore[attr-defined]
    assert not blocked, "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


@contextmanager
def browser_context(browser: Browser, live_server: Any, **options: Any) -> Iterator[BrowserContext]:
    """A browser context on the live server, Italian and in Rome's time, with axe-core in every page; it
    fails at the end if the Content-Security-Policy blocked anything."""
    context = browser.new_context(
        base_url=live_server.url, locale="it-IT", timezone_id="Europe/Rome", accept_downloads=True, **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    with_axe(context)
    yield context
    context.close()
    assert_no_csp_violation(context)


def phone_options(width: int = 390, height: int = 844) -> dict[str, Any]:
    return {
        "viewport": {"width": width, "height": height},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    }


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
    live server's thread sees them. transactional_db empties every table after the test."""
    call_command("load_seeds", verbosity=0, stdout=io.StringIO())
    ensure_demo_users(DEMO_PASSWORD)


TOUCH_TARGET_PX = 44

SMALL_CONTROLS = """(minimum) => [...document.querySelectorAll(
    "button, .btn, input:not([type=hidden]), select, textarea")]
  .filter((el) => el.offsetParent !== null && !el.closest(".visually-hidden, .visually-hidden-focusable"))
  .filter((el) => el.getBoundingClientRect().height < minimum)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ` +
               `«${(el.innerText || el.value || el.name || el.getAttribute("aria-label") || "").trim().slice(0, 30)}» ` +
               `${Math.round(el.getBoundingClientRect().height)} px`)"""


def assert_touch_targets(page: Page) -> None:
    """Every visible button and form control is at least 44 px tall (WCAG 2.5.5, a fingertip)."""
    small = page.evaluate(SMALL_CONTROLS, TOUCH_TARGET_PX)
    assert not small, f"{page.url}: controls under {TOUCH_TARGET_PX} px: {small}"


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main button[type=submit]").click()
    # The home page (the login page's own URL also ends with "/": match the whole path).
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))


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
