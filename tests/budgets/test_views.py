"""The budget and quota pages from every point of view (the ambito's Ufficio di Piano, a member comune's officer,
another organization, another ambito's Ufficio di Piano, also through an organ the ambiti share, and anonymous),
reads and writes; query counts that do not grow with the rows; the exports; a budget built through the pages."""

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import services
from budgets.models import Budget, FundSource, QuotaPayment, SourceAllocation, VersionStatus
from tests.budgets.helpers import D, approved_budget, budget_page_kwargs, budget_pages
from tests.governance.factories import ComuneFactory
from tests.governance.helpers import build_shared_organ
from tests.worlds import PASSWORD, World, matrix_mismatches, points_of_view

pytestmark = pytest.mark.django_db

# (Ufficio di Piano of ambito A, Ypsilon's officer (member), Wu's officer (ambito B), Ufficio di Piano of ambito B,
# anonymous). 404: not visible; 403: visible, not this user's to change.
READ = (200, 200, 404, 404, 302)
EDIT = (200, 403, 404, 404, 302)
LIST = (200, 200, 200, 200, 302)
MATRIX = {
    "budgets:budget_list": LIST,
    "budgets:budget_create": (200, 403, 403, 200, 302),
    "budgets:budget_detail": READ,
    "budgets:version_detail": READ,
    "budgets:allocation": EDIT,
    "budgets:line_create": EDIT,
    "budgets:line_update": EDIT,
    "budgets:line_remove": EDIT,
    "budgets:fsol_split": EDIT,
    "budgets:version_approve": EDIT,
    "budgets:variation_start": EDIT,
    "budgets:variation_discard": EDIT,
    "budgets:budget_delete": EDIT,
    "budgets:report_start": EDIT,
    "budgets:report_detail": READ,
    "budgets:report_edit": EDIT,
    "budgets:report_approve": EDIT,
    "budgets:quota_list": LIST,
    "budgets:quota_detail": READ,
    "budgets:quota_update": EDIT,
    "budgets:quota_decide": EDIT,
    "budgets:quota_delete": EDIT,
    "budgets:quota_payment": EDIT,
    "budgets:quota_create": EDIT,
}


def test_every_page_for_every_point_of_view(world: World) -> None:
    kwargs = budget_page_kwargs(world)
    assert set(kwargs) == set(MATRIX)
    seen = points_of_view(world)
    assert matrix_mismatches(seen, kwargs, MATRIX) == []
    listed = seen["udp_b"].get(reverse("budgets:budget_list")).content.decode()
    assert "Bilancio 2026" not in listed
    assert "Bilancio 2026" in seen["owner"].get(reverse("budgets:budget_list")).content.decode()


def test_writes_from_outside_are_refused_and_change_nothing(world: World) -> None:
    pages = budget_pages(world)
    seen = points_of_view(world)
    budget = pages.budget
    before = (SourceAllocation.objects.count(), QuotaPayment.objects.count(), Budget.objects.count())
    for view in ("owner", "other", "udp_b"):
        client = seen[view]
        assert client.post(
            reverse("budgets:allocation", args=[budget.pk]),
            {"year": 2026, "source": "fnps", "amount": "5,00"},
        ).status_code in (403, 404)
        assert client.post(
            reverse("budgets:quota_payment", args=[pages.decided_quota.pk]),
            {"share": pages.decided_quota.shares.all()[0].pk, "paid_on": "2025-05-01", "amount": "1,00"},
        ).status_code in (403, 404)
        assert client.post(
            reverse("budgets:budget_create"),
            {"ambito": world.ambito_a.pk, "title": "Intruso", "first_year": 2027, "last_year": 2027},
        ).status_code in (200, 403)
    assert seen["anonymous"].post(reverse("budgets:allocation", args=[budget.pk]), {}).status_code == 302
    assert (SourceAllocation.objects.count(), QuotaPayment.objects.count(), Budget.objects.count()) == before


def test_a_payment_pointed_at_another_quotas_share_is_refused(world: World) -> None:
    pages = budget_pages(world)
    foreign_share = pages.draft_quota.shares.all()[0]
    response = world.client_for("udp").post(
        reverse("budgets:quota_payment", args=[pages.decided_quota.pk]),
        {"share": foreign_share.pk, "paid_on": "2025-05-01", "amount": "1,00"},
    )
    assert response.status_code == 200 and "Non è stato salvato nulla" in response.content.decode()
    assert not QuotaPayment.objects.exists()


def test_an_organ_the_ambiti_share_does_not_open_the_other_ambitos_budget(world: World) -> None:
    shared = build_shared_organ(ambito_a=world.ambito_a, ambito_b=world.ambito_b, password=PASSWORD)
    budget = approved_budget(world)
    udp_b = Client()
    udp_b.force_login(shared.udp_b)
    assert udp_b.get(reverse("budgets:budget_detail", args=[budget.pk])).status_code == 404
    assert udp_b.get(reverse("budgets:budget_detail", args=[budget.pk]) + "?format=xlsx").status_code == 404


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_lines_comuni_or_versions(world: World) -> None:
    budget = approved_budget(world)
    client = world.client_for("udp")
    pages: dict[str, Any] = {
        "detail": reverse("budgets:budget_detail", args=[budget.pk]),
        "version": reverse("budgets:version_detail", args=[budget.pk, 1]),
        "list": reverse("budgets:budget_list"),
        "quotas": reverse("budgets:quota_list"),
    }
    quota = services.quota_create(
        actor=world.udp, subambito=world.subambito, year=2026, total=D(100), criterion="parti_uguali"
    )
    pages["quota"] = reverse("budgets:quota_detail", args=[quota.pk])
    small = {name: _queries(client, url) for name, url in pages.items()}
    # Grow everything the pages show: comuni, lines, versions, budgets, quotas.
    from governance import services as registry

    for number in range(6):
        comune = ComuneFactory.create(
            name=f"Nuovo {number}", istat_code=f"01998{number}", province=world.x.province
        )
        registry.ambito_member_add(actor=None, ambito=world.ambito_a, organization=comune)
    draft = services.variation_start(actor=world.udp, budget=budget, reason="Più voci")
    services.allocation_set(
        actor=world.udp, version=draft, year=2026, source=FundSource.FSR, amount=D("800.00")
    )
    for number in range(8):
        services.line_save(
            actor=world.udp,
            version=draft,
            area="Area",
            action=f"Azione {number}",
            fundings={(2026, FundSource.FSR): D("100.00")},
        )
    services.fsol_split_set(actor=world.udp, version=draft, year=2026, criterion="parti_uguali")
    services.version_approve_outside(
        actor=world.udp, version=draft, reference="Delib. 4", on=date(2026, 6, 1)
    )
    services.budget_create(
        actor=world.udp, ambito=world.ambito_a, title="Altro", first_year=2027, last_year=2029
    )
    for year in (2027, 2028):
        services.quota_create(
            actor=world.udp, subambito=world.subambito, year=year, total=D(100), criterion="parti_uguali"
        )
    pages["version"] = reverse("budgets:version_detail", args=[budget.pk, 2])
    large = {name: _queries(client, url) for name, url in pages.items()}
    assert large == small


def test_the_tables_export_as_csv_and_xlsx(world: World) -> None:
    budget = approved_budget(world)
    client = world.client_for("owner")
    url = reverse("budgets:budget_detail", args=[budget.pk])
    csv_response = client.get(url, {"format": "csv", "table": "fonti"})
    text = csv_response.content.decode("utf-8-sig")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "F.SOL" in text and "30000,00" in text and "42000,00" in text
    assert "Xanadu" in client.get(url, {"format": "csv", "table": "fsol"}).content.decode("utf-8-sig")
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as book:
        names = book.namelist()
        assert sum(1 for name in names if name.startswith("xl/worksheets/sheet")) == 3
        assert "Pronto intervento sociale" in book.read("xl/sharedStrings.xml").decode()


def test_a_budget_built_and_approved_through_the_pages(world: World) -> None:
    client = world.client_for("udp")
    created = client.post(
        reverse("budgets:budget_create"),
        {"ambito": world.ambito_a.pk, "title": "Bilancio 2027", "first_year": 2027, "last_year": 2027},
    )
    budget = Budget.objects.get(title="Bilancio 2027")
    assert created.status_code == 302 and created["Location"] == budget.get_absolute_url()
    refused = client.post(
        reverse("budgets:allocation", args=[budget.pk]), {"year": 2027, "source": "fsol", "amount": "-1"}
    )
    assert refused.status_code == 200 and "Non è stato salvato nulla" in refused.content.decode()
    client.post(
        reverse("budgets:allocation", args=[budget.pk]), {"year": 2027, "source": "fsol", "amount": "900,00"}
    )
    client.post(
        reverse("budgets:line_create", args=[budget.pk]),
        {"area": "Famiglie", "action": "Spazio compiti", "f_2027_fsol": "900,00"},
    )
    page = client.get(budget.get_absolute_url()).content.decode()
    assert "non è ancora ripartito" in page
    client.post(reverse("budgets:fsol_split", args=[budget.pk]), {"year": 2027, "criterion": "parti_uguali"})
    page = client.get(budget.get_absolute_url()).content.decode()
    assert "Ogni totale corrisponde" in page
    approved = client.post(
        reverse("budgets:version_approve", args=[budget.pk]),
        {"reference": "Assemblea dei Sindaci, deliberazione n. 1/2027", "on": "2027-03-15"},
    )
    assert approved.status_code == 302
    version = budget.versions.get()
    assert version.status == VersionStatus.APPROVED
    assert "entro il 31/03/2027" in client.get(budget.get_absolute_url()).content.decode()
