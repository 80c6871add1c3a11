"""The committed residents by age and sex: loaded whole, the same file twice changes nothing, codes the registry does
not know kept with their residents, every problem of a malformed table reported by line and nothing written."""

import gzip
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance.models import Organization
from territory.loaders import OFFLINE_DIR, load_age_table, load_offline_population, parse_age_table
from territory.models import AgeStructure, PopulationDataset
from tests.governance.helpers import seed_provinces_only
from tests.territory.helpers import age_table, ages

pytestmark = pytest.mark.django_db


def load(data: bytes, on: date = date(2024, 1, 1)) -> PopulationDataset:
    return load_age_table(
        data=data, reference_date=on, source="ISTAT (prova)", licence="CC BY 4.0", file_name="t.csv"
    )


def test_the_offline_years_load_once_with_what_the_registry_cannot_place(db: None) -> None:
    from django.core.management import call_command

    with seed_provinces_only():
        call_command("load_seeds", verbosity=0)
    first = load_offline_population()
    assert [d.reference_date for d in first] == [date(2022, 1, 1), date(2023, 1, 1)]
    crema = Organization.objects.get(istat_code="019035")
    rows = {row.sex: row for row in AgeStructure.objects.filter(dataset=first[1], comune=crema)}
    # Crema at 1 January 2023 in the package: the sum of both sexes equals the registry's population for that date.
    assert (
        rows["M"].total + rows["F"].total
        == crema.population_figures.get(reference_date=date(2023, 1, 1)).population
    )
    assert len(rows["F"].counts()) == 101 and sum(rows["M"].counts()) == rows["M"].total
    # The seed provinces only are in this registry: the rest of Italy is kept as codes, with its residents.
    in_file = gzip.decompress((OFFLINE_DIR / "residents_2023.csv.gz").read_bytes()).decode().splitlines()[1:]
    file_total = sum(sum(map(int, line.split(";")[2:])) for line in in_file)
    assert first[1].residents + sum(first[1].unknown_codes.values()) == file_total == 58_840_177
    # The five comuni merged on 1 January 2023 are still in the 2023 table under their old codes (Bardello, VA).
    assert "012009" in first[1].unknown_codes
    again = load_offline_population()
    assert [d.pk for d in again] == [d.pk for d in first]
    assert PopulationDataset.objects.count() == 2


def test_the_comuni_merged_in_2023_land_on_their_successor_once_istats_changes_are_imported(db: None) -> None:
    """The offline years still carry Bardello, Bregano and Malgesso under their old codes; with the comune they formed
    in the registry and ISTAT's changes imported, their residents are that comune's, in 2022 and 2023 alike."""
    from pathlib import Path

    from territory.istat_imports import changes_import
    from tests.governance.factories import ComuneFactory
    from tests.territory.helpers import administrator

    with seed_provinces_only():
        from django.core.management import call_command

        call_command("load_seeds", verbosity=0)
    # Varese is not a seed province: the comune comes with a province of its own (the factory's).
    successor = ComuneFactory.create(name="Bardello con Malgesso e Bregano", istat_code="012144")
    datasets = load_offline_population()
    old = {code: datasets[1].unknown_codes[code] for code in ("012009", "012018", "012095")}
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "istat" / "variazioni_2023.csv"
    table = changes_import(actor=administrator(), data=fixture.read_bytes(), file_name=fixture.name)
    assert {code: table.followed.get(code) for code in old} == dict.fromkeys(old, "012144")
    for dataset in datasets:
        dataset.refresh_from_db()
        placed = sum(row.total for row in AgeStructure.objects.filter(dataset=dataset, comune=successor))
        assert placed == sum(dataset.unknown_codes[code] for code in old) > 0
        assert not set(old) & set(dataset.unplaced)
    # Moransengo-Tonengo is not in this registry: its two old comuni stay unplaced, with their residents.
    assert {"005079", "005110"} <= set(datasets[1].unplaced)


def test_a_malformed_table_is_refused_whole_with_its_lines(world: object) -> None:
    code = Organization.objects.filter(istat_code__isnull=False).values_list("istat_code", flat=True).first()
    bad = age_table(
        f"{code};M;{ages(1, 2)}",
        f"{code};X;{ages(1)}",
        f"12345;F;{ages(1)}",
        f"{code};F;1;2",
        f"{code};F;{ages(-1)}",
        f"{code};M;{ages(3)}",
    )
    parsed = parse_age_table(bad)
    assert [str(error) for error in parsed.errors] == [
        "riga 3: sesso non valido: «X» (M o F)",
        "riga 4: codice ISTAT non valido: «12345» (6 cifre)",
        "riga 5: 4 colonne invece di 103",
        "riga 6: i residenti per età sono numeri interi non negativi",
        f"riga 7: il comune {code} (M) compare due volte",
    ]
    with pytest.raises(ValidationError):
        load(bad)
    assert not PopulationDataset.objects.exists() and not AgeStructure.objects.exists()
    assert [str(e) for e in parse_age_table(b"codice;sesso\n").errors] == [
        "riga 1: intestazione attesa: istat_code;sex;a0;…;a100"
    ]
    assert [str(e) for e in parse_age_table(b"\x1f\x8b broken").errors] == [
        "riga 1: il file compresso è danneggiato"
    ]


def test_another_table_for_a_loaded_date_is_refused(world: object) -> None:
    code = Organization.objects.filter(istat_code__isnull=False).values_list("istat_code", flat=True).first()
    dataset = load(age_table(f"{code};M;{ages(1, 2, 3)}", f"{code};F;{ages(4)}"))
    assert (dataset.comuni, dataset.residents, dataset.unknown_codes) == (1, 10, {})
    with pytest.raises(ValidationError) as refused:
        load(age_table(f"{code};M;{ages(9)}"))
    assert "già caricata un'altra tabella" in str(refused.value)
    assert AgeStructure.objects.get(dataset=dataset, sex="M").total == 6
