"""The render-and-sign benchmark runs end to end and prints the table it promises. No time is asserted:
speed is read from bin/bench, as ratios to a baseline measured in the same run."""

import io
import json
from typing import Any

import pytest

from agreements import services
from agreements.models import Agreement, AgreementDocument
from benchmarks import render_sign, writes
from benchmarks.__main__ import main
from governance.models import Organization
from tests.agreements.helpers.drafting import draft
from tests.worlds import World

STEP_KEYS = [key for key, _label in render_sign.STEPS]


def small_agreement(world: World) -> Agreement:
    agreement = draft(world)  # three signing parties
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=1,
        title="Finalità",
        body="I comuni gestiscono insieme il servizio sociale.",
        expected_revision=None,
    )
    return agreement


def test_one_run_gives_every_step_as_a_row_with_its_ratio(world: World) -> None:
    case = render_sign.case_for(small_agreement(world), label="prova")
    assert "Finalità" in case.html and [s.field_name for s in case.signatories] == [
        "Firma_1",
        "Firma_2",
        "Firma_3",
    ]

    result = render_sign.run([case], repeat=1, signers=2)

    assert [row.step for row in result.rows] == STEP_KEYS
    assert all(row.agreement == "prova" and len(row.seconds) == 1 for row in result.rows)
    rows = {row.step: row for row in result.rows}
    assert rows["baseline"].median_ratio == 1.0
    pages = rows["render"].pages
    assert rows["html"].pages is None and pages is not None and pages >= 1
    assert rows["sign_all_verify"].pages == pages
    assert rows["sign_all_verify"].label == "sign x2 in turn + verify"
    assert AgreementDocument.objects.count() == 0  # the benchmark writes nothing

    lines = render_sign.format_table(result).splitlines()
    header = next(line for line in lines if line.startswith("agreement"))
    assert header.split() == [
        "agreement",
        "step",
        "pages",
        "median",
        "s",
        "x",
        "base",
        "min",
        "s",
        "x",
        "base",
    ]
    body = [line for line in lines if line.startswith("prova")]
    assert len(body) == len(STEP_KEYS)
    # agreement, then the step label, then pages (or "-") and four figures.
    for line, row in zip(body, result.rows, strict=True):
        assert row.label.strip() in line
        figures = line.split()[-5:]
        assert figures[0] == ("-" if row.pages is None else str(row.pages))
        assert all(float(figure) >= 0 for figure in figures[1:])
    assert any(line.startswith("Environment: ") for line in lines)

    data = json.loads(render_sign.to_json(result))
    assert [row["step"] for row in data["rows"]] == STEP_KEYS and data["repeat"] == 1 and data["signers"] == 2


@pytest.mark.django_db
def test_missing_seed_agreements_are_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--repeat", "1", "--agreement", "000"]) == 2
    assert "esegui manage.py load_seeds e load_agreements" in capsys.readouterr().err
    assert main(["--agreement", "999"]) == 2
    assert "L'atto 999 non esiste" in capsys.readouterr().err


def test_the_writes_benchmark_measures_each_write_in_both_ambiti_and_leaves_nothing_behind(db: Any) -> None:
    """bin/bench's second table, on small ambiti: every write counted in both, with the same queries (the
    property the benchmark is there to show); the rows it built are rolled back."""
    organizations = Organization.objects.count()
    result = writes.run(sizes=(3, 8), agreements_count=12, repeat=2)
    assert [row.write for row in result.rows] == [key for key, _label in writes.WRITES]
    for row in result.rows:
        assert len(row.small.seconds) == len(row.large.seconds) == 2
        assert row.small.queries == row.large.queries > 0, row.label
    assert Organization.objects.count() == organizations and not Agreement.objects.exists()
    lines = writes.format_table(result).splitlines()
    assert lines[0].startswith("Writes in an ambito of 3 and of 8 comuni (12 agreements each")
    assert (
        sum(
            line.startswith(("agreement create", "party add", "comune joins", "role assigned"))
            for line in lines
        )
        == 4
    )
    data = json.loads(writes.to_json(result))
    assert data["sizes"] == [3, 8] and len(data["rows"]) == len(writes.WRITES)


def test_bench_can_run_the_writes_alone(db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["--only", "writes", "--agreements-per-ambito", "4", "--repeat", "1"]
    assert main([*arguments, "--sizes", "3", "4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Writes in an ambito of 3 and of 4 comuni") and "render" not in out
    with pytest.raises(SystemExit):
        main([*arguments, "--sizes", "2", "4"])
    assert "almeno 3 comuni" in capsys.readouterr().err


def test_the_budgets_benchmark_runs_and_leaves_the_database_as_it_was(world: World) -> None:
    from datetime import date

    from benchmarks import budgets
    from budgets.models import Budget
    from coprogettazione.models import ExpenseReport
    from governance.models import PopulationFigure

    for body, people in ((world.x, 1000), (world.y, 2000), (world.z, 3001)):
        PopulationFigure.objects.create(organization=body, reference_date=date(2025, 1, 1), population=people)
    result = budgets.run(repeat=1, sizes=(2, 5))
    assert [page.name for page in result.pages] == [
        "budget page",
        "procedure dashboard",
        "partnership dashboard",
        "API: expense reports",
    ]
    # The same queries with 2 and with 5 reports: what the benchmark shows at 10 and 1,000.
    assert all(page.queries[2] == page.queries[5] for page in result.pages)
    assert result.split is not None and result.split.comuni == 3 and result.split.population_year == 2024
    assert "rapporto" in budgets.format_table(result)
    assert json.loads(budgets.to_json(result))["split"]["comuni"] == 3
    assert not Budget.objects.exists() and not ExpenseReport.objects.exists()


def test_the_territory_benchmark_aggregates_every_level_as_the_baseline_does(db: Any) -> None:
    from django.core.management import call_command

    from benchmarks import territory
    from tests.governance.helpers import seed_provinces_only

    assert "load_population" in territory.format_table(territory.run(repeat=1))  # nothing loaded yet
    with seed_provinces_only():
        call_command("load_seeds", verbosity=0)
    call_command("load_population", stdout=io.StringIO())
    result = territory.run(repeat=1)
    assert result is not None and [level.name for level in result.levels] == ["provincia", "regione"]
    assert all(level.areas > 0 and level.ratio > 0 for level in result.levels)
    assert "rapporto" in territory.format_table(result)
    assert json.loads(territory.to_json(result))["comuni"] == result.comuni
    assert (
        result.map is not None
        and 0 < result.map.boundaries_bytes < 1_000_000 < result.map.boundaries_raw_bytes * 3
    )
