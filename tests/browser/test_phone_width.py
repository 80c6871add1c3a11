"""Every page at 360 px wide, as a logged-in user: nothing scrolls sideways. On the pages mayors use (login,
home, 'to sign', the signature upload and report here; the signing steps again in the agreement flow on a
phone) every button and form control is at least 44 px tall, the size of a fingertip."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Browser, Page

from tests.browser.helpers import assert_touch_targets, browser_context, login, phone_options
from tests.coprogettazione.helpers import ambito_budget_line
from tests.helpers import ADMINISTRATOR_PAGES, named_urls, page_kwargs
from tests.worlds import PASSWORD, World

PHONE_WIDTH = 360

WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const page = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  if (page <= width) return null;
  const culprits = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && el.offsetParent !== null)
    .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > width + 1))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")} ` +
                 `(right edge ${Math.round(el.getBoundingClientRect().right)})`);
  return `${page} px wide; widest: ${culprits.join("; ")}`;
}"""


@pytest.fixture
def narrow(browser: Browser, live_server: Any) -> Iterator[Page]:
    with browser_context(browser, live_server, **phone_options(PHONE_WIDTH, 740)) as context:
        yield context.new_page()


@pytest.mark.browser
def test_no_page_is_wider_than_a_phone(narrow: Page, committed_world: World) -> None:
    kwargs = page_kwargs(committed_world)
    assert named_urls() <= kwargs.keys()
    too_wide: dict[str, str] = {}
    narrow.goto(reverse("login"))
    if (found := narrow.evaluate(WIDER_THAN_VIEWPORT)) is not None:
        too_wide["login"] = found
    login(narrow, committed_world.udp.username, PASSWORD)
    for name, arguments in sorted(kwargs.items()):
        if name == "login" or name in ADMINISTRATOR_PAGES:
            continue
        narrow.goto(reverse(name, kwargs=arguments))
        found = narrow.evaluate(WIDER_THAN_VIEWPORT)
        if found is not None:
            too_wide[name] = found
    narrow.context.clear_cookies()
    get_user_model().objects.create_superuser(username="amministratore-telefono", password=PASSWORD)
    login(narrow, "amministratore-telefono", PASSWORD)
    for name in sorted(ADMINISTRATOR_PAGES):
        narrow.goto(reverse(name, kwargs=kwargs[name]))
        if (found := narrow.evaluate(WIDER_THAN_VIEWPORT)) is not None:
            too_wide[name] = found
    assert not too_wide, "\n".join(f"{name}: {found}" for name, found in too_wide.items())


@pytest.mark.browser
def test_the_mayors_pages_have_fingertip_sized_controls(narrow: Page, committed_world: World) -> None:
    narrow.goto(reverse("login"))
    assert_touch_targets(narrow)
    login(narrow, committed_world.udp.username, PASSWORD)
    kwargs = page_kwargs(committed_world)
    for name in ("home", "agreements:to_sign", "agreements:signature_upload", "agreements:signature_report"):
        narrow.goto(reverse(name, kwargs=kwargs[name]))
        assert_touch_targets(narrow)


@pytest.mark.browser
def test_a_wide_table_scrolls_inside_its_box(narrow: Page, committed_world: World) -> None:
    """A draft budget over three years with a long action: its row's hidden labels ("Modifica — <line>") are
    absolutely positioned and, without a containing block, widened the page to 406 px (found in bin/run)."""
    line = ambito_budget_line(
        committed_world,
        {2026: "20000.00", 2027: "20000.00", 2028: "10000.00"},
        action="Co-progettazione P2 del Comune di Crema",
    )
    login(narrow, committed_world.udp.username, PASSWORD)
    narrow.goto(line.version.budget.get_absolute_url())
    assert narrow.evaluate(WIDER_THAN_VIEWPORT) is None
