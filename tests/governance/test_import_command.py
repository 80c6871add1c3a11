"""ISTAT's own CSV files through `manage.py import_istat`: all or nothing, errors by line number."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from governance.models import Organization, PopulationFigure

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "istat"


def test_the_official_list_of_comuni_imports(db: Any) -> None:
    call_command("import_istat", "comuni", str(FIXTURES / "elenco_comuni_2023.csv"))
    crema = Organization.objects.get(istat_code="019035")
    assert crema.name == "Crema" and crema.cadastral_code == "D142"
    assert crema.province is not None
    assert crema.province.abbreviation == "CR" and crema.province.region.name == "Lombardia"


def test_a_malformed_file_is_reported_by_line_and_imports_nothing(db: Any, capsys: Any) -> None:
    with pytest.raises(CommandError, match="nessun dato importato"):
        call_command("import_istat", "comuni", str(FIXTURES / "elenco_comuni_errori.csv"))
    assert "riga 5: codice ISTAT '15A36' non valido" in capsys.readouterr().err
    assert Organization.objects.count() == 0


def test_population_needs_every_comune_to_exist_or_imports_nothing(db: Any, capsys: Any) -> None:
    with pytest.raises(CommandError):
        call_command("import_istat", "popolazione", str(FIXTURES / "posas_2023_cremona.csv"))
    assert "comune sconosciuto" in capsys.readouterr().err
    assert PopulationFigure.objects.count() == 0
    call_command("import_istat", "comuni", str(FIXTURES / "elenco_comuni_2023.csv"))
    call_command("import_istat", "popolazione", str(FIXTURES / "posas_2023_cremona.csv"))
    assert PopulationFigure.objects.filter(organization__istat_code="019049", population=625).exists()
