"""WCAG 2.1 AA checks by axe-core (vendor/axe-4.10.3.min.js, MPL-2.0) on every kind of page, as the
people who use them: contrast, labels, landmarks, names of links and buttons, document language."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from agreements import services
from tests.agreements.helpers.drafting import draft
from tests.browser.helpers import login, violations
from tests.worlds import PASSWORD, World


@pytest.mark.browser
def test_pages_meet_wcag_21_aa(page: Page, committed_world: World) -> None:
    world = committed_world
    agreement = draft(world)
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=1,
        title="Finalità",
        body="Testo.",
        expected_revision=None,
    )
    page.goto("/accounts/login/")
    assert violations(page) == [], "login"
    login(page, "udp", PASSWORD)
    pages = [
        reverse("home"),
        reverse("governance:organization_list"),
        reverse("governance:organization_detail", args=[world.y.pk]),
        reverse("governance:ambito_list"),
        reverse("governance:ambito_detail", args=[world.ambito_a.pk]),
        reverse("governance:organ_detail", args=[world.organ_a.pk]),
        reverse("governance:person_detail", args=[world.person_y.pk]),
        reverse("subambiti:subambito_detail", args=[world.subambito.pk]),
        reverse("governance:organ_create", args=[world.ambito_a.pk]),
        reverse("governance:mandate_create", args=[world.y.pk]),
        reverse("agreements:agreement_list"),
        reverse("agreements:agreement_detail", args=[agreement.pk]),
        reverse("agreements:agreement_create"),
        reverse("agreements:agreement_update", args=[agreement.pk]),
        reverse("agreements:party_create", args=[agreement.pk]),
        reverse("agreements:article_update", args=[agreement.pk, 1]),
        reverse("agreements:agreement_transition", args=[agreement.pk, "in_approvazione"]),
        reverse("agreements:clause_create", args=[agreement.pk]),
        reverse("agreements:article_delete", args=[agreement.pk, 1]),
        reverse("agreements:to_sign"),
    ]
    found = {}
    for url in pages:
        page.goto(url)
        found[url] = violations(page)
    # A form showing its errors.
    page.goto(reverse("governance:organization_update", args=[world.z.pk]))
    page.fill("#id_tax_code", "12345678901")
    # Wait for the answer: axe run while the page is being replaced finds no document.
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    found["form with errors"] = violations(page)
    assert {url: problems for url, problems in found.items() if problems} == {}


@pytest.mark.browser
def test_the_checker_finds_a_real_violation(page: Page, transactional_db: Any) -> None:
    # Guards against a silently broken axe run: a low-contrast text and an unlabelled input must be caught.
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend", '<p style="color:#bbb;background:#fff">testo chiaro</p><input id="x">');
    }"""
    )
    found = " ".join(violations(page))
    assert "color-contrast" in found and "label" in found
