"""Seed 004 loaded as data: the two procedures of the Comune di Crema for 2026-2028 (its own, and the ambito's as
capofila), their path and acts, the co-programming with its adhesions, the programmes with their figures as the act
states them, P5 flagged; loading twice changes nothing."""

from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from coprogettazione import checks, selectors
from coprogettazione.models import CoProgramming, Procedure, ProcedureStep, Programme, ProgrammeFunding
from tests.governance.helpers import seed_provinces_only
from tests.shared_worlds import open_shared_world, take_shared_world

D = Decimal


def load_everything() -> str:
    with seed_provinces_only():
        call_command("load_seeds", stdout=StringIO())
    out = StringIO()
    call_command("load_co_design", stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded_is_shared(request: pytest.FixtureRequest) -> bool:
    return open_shared_world(request, "co_design", load_everything)


@pytest.fixture
def loaded(request: pytest.FixtureRequest, loaded_is_shared: bool, db: Any) -> str:
    return take_shared_world(request, loaded_is_shared, load_everything)


def test_the_two_procedures_of_seed_004(loaded: str) -> None:
    comune = Procedure.objects.get(ambito__isnull=True)
    ambito = Procedure.objects.get(ambito__isnull=False)
    assert comune.promoter.istat_code == ambito.promoter.istat_code == "019035"
    assert ambito.ambito is not None and ambito.ambito.capofila_id == ambito.promoter_id
    assert (comune.first_year, comune.last_year) == (2026, 2028)
    assert list(comune.programmes.values_list("code", flat=True)) == ["P1", "P2", "P3", "P4", "P5", "P6"]
    figures = dict(comune.programmes.values_list("code", "period_contribution"))
    assert figures == {
        "P1": D("2127000.00"),
        "P2": D("294000.00"),
        "P3": D("10500.00"),
        "P4": D("576000.00"),
        "P5": D("2178979.00"),
        "P6": D("375000.00"),
    }
    assert comune.programmes.get(code="P5").annual_contribution == D("726293.00")
    sheet = selectors.procedure_sheet(selectors.procedure_detail(user=_admin(), pk=comune.pk))
    assert sheet.value == D("5561479.00")
    assert [m.programme for m in sheet.mismatches] == ["P5"]
    assert "P5" in loaded and "2.178.979,00" in loaded


def _admin() -> Any:
    from governance.models import User

    return User.objects.create_superuser("admin.test", password="x")


def test_shares_as_the_act_gives_them(loaded: str) -> None:
    p2 = ProgrammeFunding.objects.get(programme__code="P2")
    p6 = ProgrammeFunding.objects.get(programme__code="P6")
    assert p2.funder_ambito is not None
    assert (p2.funder_ambito.name, p2.period_amount, p2.annual_amount) == (
        "Ambito distrettuale Cremasco",
        D("50000.00"),
        None,
    )
    assert (p6.period_amount, p6.annual_amount) == (D("84000.00"), None)
    crema = ProgrammeFunding.objects.get(programme__code="PA")
    assert crema.funder_organization is not None
    assert (crema.funder_organization.istat_code, crema.annual_amount, crema.period_amount) == (
        "019035",
        D("20000.00"),
        D("60000.00"),
    )
    pa = Programme.objects.get(code="PA")
    assert (pa.annual_contribution, pa.period_contribution) == (D("220000.00"), D("660000.00"))
    assert checks.programme_checks(pa, 3, [crema]) == []


def test_the_path_and_its_acts(loaded: str) -> None:
    comune = Procedure.objects.get(ambito__isnull=True)
    acts = {
        (step.act_kind, step.act_number, step.act_date)
        for step in ProcedureStep.objects.filter(procedure=comune).exclude(act_kind="")
    }
    assert ("determina", "361", date(2024, 3, 18)) in acts
    assert ("delibera_giunta", "177", date(2024, 7, 30)) in acts
    assert ("delibera_consiglio", "12", date(2025, 2, 24)) in acts
    assert ("assemblea_sindaci", "", date(2024, 12, 23)) in acts
    months = ProcedureStep.objects.get(procedure=comune, when_label="febbraio - luglio 2025")
    assert months.act_date is None
    path = CoProgramming.objects.get()
    assert (path.local_adhesions, path.zonal_adhesions, len(path.groups)) == (34, 48, 6)
    assert {(m.kind, m.count, m.per_group) for m in path.meetings.all()} == {
        ("introduttiva", 1, False),
        ("gruppo_tematico", 3, True),
        ("plenaria", 3, False),
        ("tecnico_politico", 3, False),
    }


def test_loading_twice_changes_nothing(loaded: str) -> None:
    counts = (Procedure.objects.count(), Programme.objects.count(), ProcedureStep.objects.count())
    out = StringIO()
    call_command("load_co_design", stdout=out)
    assert (Procedure.objects.count(), Programme.objects.count(), ProcedureStep.objects.count()) == counts
    assert "0 programmi, 0 tappe nuove" in out.getvalue()
