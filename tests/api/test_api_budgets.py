"""Budgets, quotas, co-design procedures, partnerships and expense reports through the API: the pages' rows for
each point of view, the same figures, an ETS submitting a report with a base64 receipt and the office reviewing and
paying it, error codes, and query counts that do not grow with the rows."""

import base64
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coprogettazione import services as co_services
from coprogettazione.models import ExpenseStatus
from governance.models import Role
from tests.api.helpers import api_client
from tests.budgets.helpers import D, approved_budget, draft_quota
from tests.coprogettazione.helpers import (
    PDF,
    active_partnership,
    ambito_budget_line,
    build_co_design,
    submitted,
)
from tests.worlds import World, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]
client = api_client


def test_budgets_and_quotas_as_the_pages_show_them(world: World) -> None:
    budget = approved_budget(world)
    quota = draft_quota(world)
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    url = f"/api/v1/budgets/{budget.pk}/"
    detail = client(world.owner).get(url).json()
    sheet = detail["sheet"]
    assert sheet["version"]["status"] == "approvata" and sheet["total"] == "42000.00"
    assert [line["action"] for line in sheet["lines"]] == [
        "Servizio di assistenza domiciliare",
        "Pronto intervento sociale",
    ]
    assert sum(D(c["amount"]) for c in sheet["fsol_splits"][0]["contributions"]) == D("30000.00")
    assert sheet["mismatches"] == []
    assert client(world.udp).get(url, {"version": 9}).status_code == 404
    for outsider in (world.other, udp_b):
        assert client(outsider).get(url).status_code == 404
        assert client(outsider).get("/api/v1/budgets/").json()["count"] == 0
    assert client().get(url).status_code == 401
    assert client(world.udp).post("/api/v1/budgets/", {}, format="json").status_code == 400
    shares = client(world.owner).get(f"/api/v1/subambito-quotas/{quota.pk}/").json()["shares"]
    assert sorted(D(share["amount"]) for share in shares) == [D("500.00"), D("500.00")]
    assert client(world.other).get(f"/api/v1/subambito-quotas/{quota.pk}/").status_code == 404


def test_procedures_show_their_figures_and_progress_to_whom_it_concerns(world: World) -> None:
    built = build_co_design(world)
    co_services.programme_save(
        actor=world.udp,
        procedure=built.comune,
        code="P5",
        title="Inclusione",
        annual_contribution=D("726293.00"),
        period_contribution=D("2178979.00"),
    )
    detail = client(world.udp).get(f"/api/v1/procedures/{built.comune.pk}/").json()
    p5 = next(p for p in detail["programmes"] if p["code"] == "P5")
    assert p5["period_contribution"] == "2178979.00" and len(p5["mismatches"]) == 1
    assert detail["progress"]["sources"][0]["period"] == "2428979.00"
    assert client(world.owner).get(f"/api/v1/procedures/{built.comune.pk}/").status_code == 404
    ambito = client(world.owner).get(f"/api/v1/procedures/{built.ambito.pk}/").json()
    assert ambito["programmes"][0]["code"] == "PA" and ambito["progress"] is not None


def test_the_ambitos_office_ties_its_share_to_a_budget_line_through_the_api(world: World) -> None:
    built = build_co_design(world)
    funding = built.programme.fundings.get()
    line = ambito_budget_line(world, {2026: "20000.00", 2027: "20000.00", 2028: "5000.00"})
    url = f"/api/v1/procedures/{built.comune.pk}/funding-budget-line/"
    officer = make_user("xanadu.sociale", world.x, Role.OPERATORE_COMUNALE)
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    body = {"funding": funding.pk, "budget_line": line.pk}
    # The procedure's own officer (not keeping the ambito's budget) is refused; outsiders do not see the procedure.
    assert client(officer).post(url, body, format="json").status_code == 403
    for outsider in (world.other, udp_b):
        assert client(outsider).post(url, body, format="json").status_code == 404
    assert client().post(url, body, format="json").status_code == 401
    refused = client(world.udp).post(url, {"funding": funding.pk, "budget_line": 999999}, format="json")
    assert refused.status_code == 400 and "budget_line" in refused.json()["errors"]
    funding.refresh_from_db()
    assert funding.budget_line is None
    detail = client(world.udp).post(url, body, format="json").json()
    p1 = next(p for p in detail["programmes"] if p["code"] == "P1")
    tied = p1["fundings"][0]["budget_line"]
    assert (tied["id"], tied["budgeted"], tied["first_year"], tied["last_year"], tied["covers_period"]) == (
        line.pk,
        "45000.00",
        2026,
        2028,
        True,
    )
    assert any("stanzia 45.000,00 EUR" in message for message in p1["mismatches"])
    untied = client(world.udp).post(url, {"funding": funding.pk, "budget_line": None}, format="json").json()
    assert next(p for p in untied["programmes"] if p["code"] == "P1")["fundings"][0]["budget_line"] is None


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def test_a_partner_reports_through_the_api_and_the_office_reviews_and_pays(world: World) -> None:
    partnership = active_partnership(world)
    ets = partnership.ets_user
    body: dict[str, Any] = {
        "partnership": partnership.pk,
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "debit_note_number": "1/2026",
        "debit_note_date": "2026-04-10",
        "lines": [
            {"category": "personale", "description": "Educatrici", "amount": "9000.00"},
            {"category": "beni", "description": "Laboratorio", "amount": "1000.00"},
        ],
        "receipts": [{"name": "fattura.pdf", "content": b64(PDF)}],
    }
    assert (
        client(ets)
        .post(
            "/api/v1/expense-reports/", {**body, "receipts": [{"name": "x", "content": "!!"}]}, format="json"
        )
        .status_code
        == 400
    )
    created = client(ets).post("/api/v1/expense-reports/", body, format="json")
    assert created.status_code == 201, created.json()
    report = created.json()
    assert report["claimed"] == "10000.00" and len(report["receipts"][0]["sha256"]) == 64
    url = f"/api/v1/expense-reports/{report['id']}/"
    assert client(ets).post(url + "review-start/").status_code == 403
    stranger = make_user("ets.other", world.w, Role.ETS)
    assert client(stranger).get(url).status_code == 404
    assert client(world.udp).post(url + "review-start/").json()["status"] == ExpenseStatus.UNDER_REVIEW
    decisions = {
        "decisions": [{"line": 1, "approved_amount": "9000.00"}, {"line": 2, "approved_amount": "0.00"}]
    }
    refused = client(world.udp).post(url + "review/", decisions, format="json")
    assert refused.status_code == 400 and "motivo" in str(refused.json())
    decisions["decisions"][1]["reason"] = "Non svolto"
    reviewed = client(world.udp).post(url + "review/", decisions, format="json").json()
    assert reviewed["status"] == ExpenseStatus.REDUCED and reviewed["approved"] == "9000.00"
    pay = {
        "amount": "9000.00",
        "act_number": "Det. 1",
        "act_date": "2026-05-20",
        "paid_on": "2026-05-25",
        "durc_valid_until": "2026-05-24",
        "durc_reference": "INAIL_1",
    }
    assert client(world.udp).post(url + "pay/", pay, format="json").status_code == 400
    paid = (
        client(world.udp).post(url + "pay/", {**pay, "durc_valid_until": "2026-06-30"}, format="json").json()
    )
    assert paid["status"] == ExpenseStatus.PAID
    account = client(ets).get(f"/api/v1/partnerships/{partnership.pk}/").json()["account"]
    assert (account["approved"], account["reduced"], account["paid"], account["to_pay"]) == (
        "9000.00",
        "1000.00",
        "9000.00",
        "0.00",
    )
    assert client(stranger).get(f"/api/v1/partnerships/{partnership.pk}/").status_code == 404


def _count(api: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_reports_or_lines(world: World) -> None:
    partnership = active_partnership(world)
    submitted(partnership, partnership.ets_user)
    api = client(world.udp)
    urls = [
        "/api/v1/expense-reports/",
        f"/api/v1/partnerships/{partnership.pk}/",
        "/api/v1/budgets/",
        "/api/v1/procedures/",
    ]
    approved_budget(world)
    small = [_count(api, url) for url in urls]
    from tests.coprogettazione.helpers import receipt

    for month in range(4, 9):
        submitted(
            partnership,
            partnership.ets_user,
            period_start=date(2026, month, 1),
            period_end=date(2026, month, 28),
            receipts=[receipt(content=PDF + bytes([month]))],
        )
    approved_budget(world, first_year=2027, last_year=2027)
    assert [_count(api, url) for url in urls] == small


def test_a_budget_written_through_the_api_by_its_office_only(world: World) -> None:
    from budgets.models import Budget

    body = {"ambito": world.ambito_a.pk, "title": "Bilancio API", "first_year": 2026, "last_year": 2026}
    assert client(world.owner).post("/api/v1/budgets/", body, format="json").status_code == 403
    assert client(world.other).post("/api/v1/budgets/", body, format="json").status_code == 400  # not visible
    created = client(world.udp).post("/api/v1/budgets/", body, format="json")
    assert created.status_code == 201
    url = f"/api/v1/budgets/{created.json()['id']}/"
    udp = client(world.udp)
    assert (
        udp.post(
            url + "allocations/", {"year": 2027, "source": "fsol", "amount": "1.00"}, format="json"
        ).status_code
        == 400
    )
    udp.post(url + "allocations/", {"year": 2026, "source": "fsol", "amount": "900.00"}, format="json")
    line = {
        "area": "Famiglie",
        "action": "Spazio compiti",
        "fundings": [{"year": 2026, "source": "fsol", "amount": "900.00"}],
    }
    assert udp.post(url + "lines/", line, format="json").status_code == 200
    refused = udp.post(url + "approve/", {"reference": "Delib. 1/2026", "on": "2026-03-10"}, format="json")
    assert refused.status_code == 400 and "non è ancora ripartito" in str(refused.json())
    split = udp.post(url + "fsol-split/", {"year": 2026, "criterion": "popolazione"}, format="json")
    assert split.status_code == 400 and "31/12/2025" in str(split.json())
    sheet = udp.post(url + "fsol-split/", {"year": 2026, "criterion": "parti_uguali"}, format="json").json()[
        "sheet"
    ]
    assert sheet["mismatches"] == [] and len(sheet["fsol_splits"][0]["contributions"]) == 3
    approved = udp.post(
        url + "approve/", {"reference": "Delib. 1/2026", "on": "2026-03-10"}, format="json"
    ).json()
    assert approved["sheet"]["version"]["status"] == "approvata"
    assert client(world.owner).post(url + "variation/", {"reason": "x"}, format="json").status_code == 403
    varied = udp.post(url + "variation/", {"reason": "Nuove risorse"}, format="json").json()
    assert varied["sheet"]["version"]["number"] == 2
    assert Budget.objects.count() == 1


def test_a_quota_written_through_the_api(world: World) -> None:
    body = {"subambito": world.subambito.pk, "year": 2026, "total": "1000.00", "criterion": "parti_uguali"}
    assert client(world.owner).post("/api/v1/subambito-quotas/", body, format="json").status_code == 403
    created = client(world.udp).post("/api/v1/subambito-quotas/", body, format="json").json()
    url = f"/api/v1/subambito-quotas/{created['id']}/"
    pay = {"organization": world.y.pk, "paid_on": "2026-05-01", "amount": "100.00"}
    assert client(world.udp).post(url + "payments/", pay, format="json").status_code == 400  # not decided yet
    client(world.udp).post(url + "decide/", {"reference": "Delib. 2/2026", "on": "2026-02-01"}, format="json")
    assert (
        client(world.udp).post(url + "payments/", {**pay, "amount": "500.01"}, format="json").status_code
        == 400
    )
    paid = client(world.udp).post(url + "payments/", pay, format="json").json()
    assert {share["organization"]["id"]: share["paid"] for share in paid["shares"]}[world.y.pk] == "100.00"
    assert (
        client(world.udp)
        .post(url + "payments/", {**pay, "organization": world.w.pk}, format="json")
        .status_code
        == 400
    )


def test_the_annual_report_through_the_api(world: World) -> None:
    budget = approved_budget(world)
    url = f"/api/v1/budgets/{budget.pk}/reports/"
    assert client(world.owner).post(url, {"year": 2026}, format="json").status_code == 403
    created = client(world.udp).post(url, {"year": 2026, "notes": "Attuazione regolare"}, format="json")
    assert created.status_code == 201 and created.json()["version"] == 1
    report_url = f"{url}2026/"
    assert (
        client(world.udp)
        .post(report_url + "actuals/", {"line": 9, "source": "fsol", "amount": "1.00"}, format="json")
        .status_code
        == 400
    )
    body = (
        client(world.udp)
        .post(report_url + "actuals/", {"line": 1, "source": "fsol", "amount": "29500.00"}, format="json")
        .json()
    )
    first = body["rows"][0]
    assert (first["planned"], first["actual"], first["difference"]) == ("32000.00", "29500.00", "-2500.00")
    assert client(world.owner).get(report_url).json()["rows"][0]["actual"] == "29500.00"
    assert client(world.other).get(report_url).status_code == 404
    assert client(world.udp).get(f"{url}2027/").status_code == 404
    approved = (
        client(world.udp)
        .post(report_url + "approve/", {"reference": "Delib. 1/2027", "on": "2027-01-20"}, format="json")
        .json()
    )
    assert approved["status"] == "approvata"
