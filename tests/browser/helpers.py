"""Helpers of the browser tests: a browser context with axe and the CSP check, phone sizes, log in, touch targets."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

DEMO_PASSWORD = "browser-demo-password-2026"
TIMEOUT_MS = 10_000
AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.10.3.min.js"
TOUCH_TARGET_PX = 44
SMALL_CONTROLS = """(minimum) => [...document.querySelectorAll(
    "button, .btn, input:not([type=hidden]), select, textarea")]
  .filter((el) => el.offsetParent !== null && !el.closest(".visually-hidden, .visually-hidden-focusable"))
  .filter((el) => el.getBoundingClientRect().height < minimum)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ` +
               `«${(el.innerText || el.value || el.name || el.getAttribute("aria-label") || "").trim().slice(0, 30)}» ` +
               `${Math.round(el.getBoundingClientRect().height)} px`)"""
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
}"""


def violations(page: Page) -> list[str]:
    """axe is already in the page (conftest.with_axe)."""
    return list(page.evaluate(RUN_AXE, WCAG_AA))


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


def follow(locator: Locator) -> None:
    """Click, and wait for the page it leads to: the checks that follow see the new page at once instead
    of polling the old one (Playwright's retries back off to a second)."""
    with locator.page.expect_navigation():
        locator.click()


def submit(page: Page) -> None:
    follow(page.locator("#submit-button"))


def success(page: Page) -> Locator:
    return page.locator("main .alert-success")


def confirm_transition(page: Page, state: str, label: str) -> None:
    """A lifecycle step from the detail page: its button, the confirmation page, the new state."""
    follow(page.locator(f"#transition-{state}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Passa a «{label}»")
    expect(page.locator("#confirm-facts")).to_contain_text(label)
    submit(page)
    expect(success(page)).to_have_text(f"Stato aggiornato: «{label}».")
    expect(page.locator("main h1 + p .badge")).to_have_text(label)
