"""Aggregation and indices against figures computed by hand from the committed file: two real comuni (Crema, Seregno)
with every index written out, an ambito, a province and a region summed from the file's rows of their comuni, an
ambito as composed at each date, one query whatever the number of areas."""

import gzip
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from governance.models import Ambito, AmbitoMembership
from territory.indices import INDEX_BY_CODE, change_percent
from territory.loaders import OFFLINE_DIR, load_offline_population
from territory.models import PopulationDataset
from territory.selectors import area_figures
from tests.governance.helpers import seed_provinces_only

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def loaded(db: None) -> dict[int, PopulationDataset]:
    with seed_provinces_only():
        call_command("load_seeds", verbosity=0)
    return {dataset.reference_date.year: dataset for dataset in load_offline_population()}


def file_ages(year: int) -> dict[str, list[int]]:
    """Both sexes summed per comune, read straight from the committed file (not through the loader)."""
    ages: dict[str, list[int]] = {}
    text = gzip.decompress((OFFLINE_DIR / f"residents_{year}.csv.gz").read_bytes()).decode()
    for line in text.splitlines()[1:]:
        code, _sex, *values = line.split(";")
        total = ages.setdefault(code, [0] * 101)
        for age, value in enumerate(values):
            total[age] += int(value)
    return ages


def test_two_real_comuni_every_index_by_hand(loaded: dict[int, PopulationDataset]) -> None:
    figures = {
        area.name: area
        for area in area_figures(loaded[2023], "comune", comune__istat_code__in=["019035", "108039"])
    }
    crema, seregno = figures["Crema"], figures["Seregno"]
    # Crema, 1 January 2023: 0-14 3,920; 15-64 20,761; 65+ 9,105; 75+ 4,812; 0-17 4,879; all 33,786.
    assert crema.bands == {
        "under15": 3920,
        "age15_64": 20761,
        "over65": 9105,
        "over75": 4812,
        "minors": 4879,
        "total": 33786,
    }
    assert crema.indices() == {
        "vecchiaia": D("232.27"),  # 9,105 / 3,920 x 100
        "dipendenza_strutturale": D("62.74"),  # (3,920 + 9,105) / 20,761 x 100
        "dipendenza_anziani": D("43.86"),  # 9,105 / 20,761 x 100
        "quota_over65": D("26.95"),  # 9,105 / 33,786 x 100
        "quota_over75": D("14.24"),  # 4,812 / 33,786 x 100
        "quota_minori": D("14.44"),  # 4,879 / 33,786 x 100
    }
    # Seregno: 0-14 5,866; 15-64 28,362; 65+ 10,689; 75+ 5,549; 0-17 7,147; all 44,917.
    assert seregno.indices() == {
        "vecchiaia": D("182.22"),
        "dipendenza_strutturale": D("58.37"),
        "dipendenza_anziani": D("37.69"),
        "quota_over65": D("23.80"),
        "quota_over75": D("12.35"),
        "quota_minori": D("15.91"),
    }
    crema_2022 = area_figures(loaded[2022], "comune", comune__istat_code="019035")[0]
    assert change_percent(crema_2022.residents, crema.residents) == (
        (D(crema.residents - crema_2022.residents) * 100 / crema_2022.residents).quantize(D("0.01"))
    )
    assert INDEX_BY_CODE["vecchiaia"].value({"over65": 5, "under15": 0}) is None


def test_ambito_province_and_region_are_the_sums_of_their_comuni(
    loaded: dict[int, PopulationDataset], django_assert_num_queries: object
) -> None:
    ages = file_ages(2023)
    cremasco = Ambito.objects.get(name__icontains="Cremasco")
    members = list(cremasco.memberships.values_list("organization__istat_code", flat=True))
    by_hand = sum(sum(ages[code]) for code in members if code in ages)
    over65_by_hand = sum(sum(ages[code][65:]) for code in members if code in ages)
    ambiti = area_figures(loaded[2023], "ambito")
    assert all(area.key is not None for area in ambiti)  # comuni in no ambito are not an "ambito"
    ambito = next(area for area in ambiti if area.key == cremasco.pk)
    assert (ambito.residents, ambito.bands["over65"]) == (by_hand, over65_by_hand)
    under15 = sum(sum(ages[code][:15]) for code in members if code in ages)
    assert ambito.index("vecchiaia") == (D(over65_by_hand) * 100 / under15).quantize(D("0.01"))
    province = next(area for area in area_figures(loaded[2023], "provincia") if area.name == "Cremona")
    assert province.residents == sum(sum(v) for code, v in ages.items() if code.startswith("019"))
    with django_assert_num_queries(1):  # type: ignore[operator]
        regions = area_figures(loaded[2023], "regione")
    lombardia = next(area for area in regions if area.name == "Lombardia")
    lombard_codes = {
        code
        for code in loaded[2023]
        .rows.filter(comune__province__region__name="Lombardia")
        .values_list("comune__istat_code", flat=True)
        if code
    }
    assert lombardia.residents == sum(sum(ages[code]) for code in lombard_codes)
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert len(area_figures(loaded[2023], "comune")) == loaded[2023].comuni


def test_an_ambito_is_summed_as_it_was_composed_at_each_date(loaded: dict[int, PopulationDataset]) -> None:
    cremasco = Ambito.objects.get(name__icontains="Cremasco")
    membership = AmbitoMembership.objects.filter(ambito=cremasco).select_related("organization").first()
    assert membership is not None
    before = {
        year: next(a for a in area_figures(loaded[year], "ambito") if a.key == cremasco.pk)
        for year in (2022, 2023)
    }
    # The comune left the ambito on 31 December 2022: it counts at 1 January 2022, not at 1 January 2023.
    AmbitoMembership.objects.filter(pk=membership.pk).update(start_date=None, end_date=date(2022, 12, 31))
    after = {
        year: next(a for a in area_figures(loaded[year], "ambito") if a.key == cremasco.pk)
        for year in (2022, 2023)
    }
    own = area_figures(loaded[2023], "comune", comune=membership.organization)[0]
    assert after[2022].residents == before[2022].residents
    assert after[2023].residents == before[2023].residents - own.residents
