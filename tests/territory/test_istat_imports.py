"""The administrator's ISTAT imports: residents by age in ISTAT's own layout (POSAS), and the table of administrative
changes, through which a comune merged or given a new code is followed to today's comune in every population table
and summed indicator, while whatever cannot be followed stays on record as unplaced."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import Organization
from territory import services
from territory.istat_imports import changes_import, population_import
from territory.models import (
    AdministrativeChange,
    AgeStructure,
    Aggregation,
    IndicatorValue,
    PopulationDataset,
)
from tests.governance.factories import ComuneFactory
from tests.territory.helpers import administrator, age_table, ages, changes_csv, values_csv
from tests.worlds import World

pytestmark = pytest.mark.django_db
SOURCE = {"unit": "euro", "source": "Fonte di prova", "licence": "CC BY 4.0"}
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "istat"


def residents(dataset: PopulationDataset, comune: Organization) -> tuple[int, int]:
    rows = {row.sex: row.total for row in AgeStructure.objects.filter(dataset=dataset, comune=comune)}
    return rows.get("M", 0), rows.get("F", 0)


def test_a_posas_table_is_imported_by_an_administrator_whole(world: World) -> None:
    credera = ComuneFactory.create(name="Credera Rubbiano", istat_code="019034", province=world.x.province)
    gombito = ComuneFactory.create(name="Gombito", istat_code="019049", province=world.x.province)
    data = (FIXTURES / "posas_2023_cremona.csv").read_bytes()
    admin = administrator()
    dataset = population_import(actor=admin, data=data, file_name="posas_2023_cremona.csv")
    assert (dataset.reference_date, dataset.comuni, dataset.residents) == (date(2023, 1, 1), 2, 1532 + 625)
    assert (dataset.source, dataset.licence, dataset.loaded_by) == (
        "ISTAT, popolazione residente per età e sesso (demo.istat.it)",
        "CC BY 4.0",
        admin,
    )
    assert residents(dataset, credera) == (772, 760) and residents(dataset, gombito) == (328, 297)
    newborn = AgeStructure.objects.get(dataset=dataset, comune=credera, sex="M")
    assert (
        newborn.counts()[0],
        newborn.counts()[100],
        newborn.over65 + newborn.age15_64 + newborn.under15,
    ) == (6, 0, 772)
    # The same file again changes nothing; another file for the same date is refused.
    assert population_import(actor=admin, data=data, file_name="again.csv").pk == dataset.pk
    with pytest.raises(ValidationError) as refused:
        population_import(actor=admin, data=data + b"\n", file_name="other.csv")
    assert refused.value.messages == [
        "Per il 01/01/2023 è già caricata un'altra tabella (posas_2023_cremona.csv)."
    ]
    with pytest.raises(ValidationError) as tampered:
        population_import(actor=admin, data=data.replace(b";6;5;11", b";7;5;12"), file_name="other.csv")
    assert tampered.value.messages[0] == (
        "riga 104: il totale del comune 019034 (772 maschi, 760 femmine) non è la somma delle età (773 maschi, "
        "760 femmine)"
    )


def test_a_malformed_posas_table_writes_nothing_and_only_an_administrator_imports(world: World) -> None:
    bad = (FIXTURES / "posas_errori.csv").read_bytes()
    with pytest.raises(ValidationError) as refused:
        population_import(actor=administrator(), data=bad, file_name="posas_errori.csv")
    assert "riga 5: codice ISTAT '19O49' non valido: servono 6 cifre" in refused.value.messages
    assert not PopulationDataset.objects.exists()
    good = (FIXTURES / "posas_2023_cremona.csv").read_bytes()
    for who in (world.udp, world.owner):
        with pytest.raises(PermissionDenied):
            population_import(actor=who, data=good, file_name="posas.csv")
        with pytest.raises(PermissionDenied):
            changes_import(actor=who, data=(FIXTURES / "variazioni_2023.csv").read_bytes(), file_name="v.csv")
    assert not PopulationDataset.objects.exists() and not AdministrativeChange.objects.exists()


def test_merged_comuni_are_followed_to_todays_comune_in_population_and_summed_indicators(
    world: World,
) -> None:
    admin = administrator()
    # Made-up old codes: 019905 and 019906 merged into Xanadu; 019909 into 019910, itself later into Ypsilon;
    # 019907 took the new code 019908, which the registry does not have yet.
    table = age_table(
        *[f"{c.istat_code};{sex};{ages(10)}" for c in (world.x, world.y, world.z, world.w) for sex in "MF"],
        f"019905;M;{ages(1, 2)}",
        f"019905;F;{ages(3)}",
        f"019906;M;{ages(0, 0, 4)}",
        f"019909;F;{ages(5)}",
        f"019907;M;{ages(7)}",
    )
    dataset = population_import(actor=admin, data=table, file_name="t.csv", reference_date=date(2023, 1, 1))
    assert dataset.unknown_codes == {"019905": 6, "019906": 4, "019907": 7, "019909": 5}
    assert residents(dataset, world.x) == (10, 10) and dataset.residents == 80
    income = services.indicator_create(
        actor=admin, ambito=None, code="reddito", name="Reddito", aggregation=Aggregation.SUM, **SOURCE
    )
    rate = services.indicator_create(
        actor=admin, ambito=None, code="tasso", name="Tasso", aggregation=Aggregation.MEAN, **SOURCE
    )
    rows = [("019901", 2022, "100"), ("019905", 2022, "20,5"), ("019906", 2022, "1")]
    services.indicator_import(actor=admin, indicator=income, data=values_csv(*rows), file_name="r.csv")
    services.indicator_import(actor=admin, indicator=rate, data=values_csv(*rows), file_name="t.csv")

    changes = changes_csv(
        (2016, "ES", "019909", "Vecchio", "019910"),
        (2020, "ES", "019910", "Intermedio", "019902"),
        (2023, "ES", "019905", "Primo", "019901"),
        (2023, "ES", "019906", "Secondo", "019901"),
        (2023, "AP", "019907", "Spostato", "019908"),
        (2023, "CD", "019903", "Zeta", ""),
    )
    table_record = changes_import(actor=admin, data=changes, file_name="variazioni.csv")
    assert table_record.changes == 6
    assert table_record.followed == {"019905": "019901", "019906": "019901", "019909": "019902"}
    dataset.refresh_from_db()
    # Xanadu keeps its own 10 + 10 and takes 1 + 2 + 4 males and 3 females; Ypsilon the 5 females at the end of a chain.
    assert residents(dataset, world.x) == (17, 13) and residents(dataset, world.y) == (10, 15)
    xanadu_m = AgeStructure.objects.get(dataset=dataset, comune=world.x, sex="M")
    assert (*xanadu_m.counts()[:3], xanadu_m.under15) == (11, 2, 4, 17)
    assert (dataset.residents, dataset.comuni) == (80 + 15, 4)
    assert list(dataset.unplaced) == ["019907"] and dataset.followed["019905"] == "019901"
    # A summed indicator adds the merged comuni's values to Xanadu; a mean cannot be summed and stays unplaced.
    assert IndicatorValue.objects.get(indicator=income, comune=world.x, year=2022).value == Decimal("121.5")
    assert IndicatorValue.objects.get(indicator=rate, comune=world.x, year=2022).value == Decimal("100")
    income_import, rate_import = income.imports.get(), rate.imports.get()
    assert income_import.unknown_codes == {} and income_import.followed == {
        "2022": {"019905": "019901", "019906": "019901"}
    }
    assert (
        rate_import.unknown_codes == {"2022": {"019905": "20.5", "019906": "1"}}
        and rate_import.followed == {}
    )

    # Once the registry has the new code, importing the table again places the last rows; a table loaded after the
    # changes is followed as it loads.
    moved = ComuneFactory.create(name="Spostato", istat_code="019908", province=world.x.province)
    again = changes_import(actor=admin, data=changes, file_name="variazioni.csv")
    assert again.followed == {"019907": "019908"} and AdministrativeChange.objects.count() == 6
    dataset.refresh_from_db()
    assert dataset.unplaced == {} and residents(dataset, moved) == (7, 0)
    later = population_import(actor=admin, data=table, file_name="t.csv", reference_date=date(2024, 1, 1))
    assert later.unplaced == {} and residents(later, world.x) == (17, 13) and later.residents == 80 + 22


def test_a_malformed_changes_table_changes_nothing(world: World) -> None:
    admin = administrator()
    changes_import(actor=admin, data=(FIXTURES / "variazioni_2023.csv").read_bytes(), file_name="v.csv")
    with pytest.raises(ValidationError) as refused:
        changes_import(actor=admin, data=(FIXTURES / "variazioni_errori.csv").read_bytes(), file_name="e.csv")
    assert refused.value.messages[0] == "riga 2: la variazione ES non indica il codice del comune associato"
    assert AdministrativeChange.objects.count() == 7
