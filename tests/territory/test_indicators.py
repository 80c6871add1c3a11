"""Indicators from any source: the CSV layout, who defines and loads them, their sums and weighted means per area,
ratios, composite indices and the suppression of small counts of people assisted, against figures worked by hand.

The test world: Xanadu, Ypsilon and Zeta in Ambito A (Ypsilon and Zeta in its sub-ambito), Wu in Ambito B, all in one
province. Residents at 1 January 2022 (made up): X 100, Y 200, Z 300, W 50."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import Role
from territory import services
from territory.indicator_csv import parse_indicator_csv, parse_value
from territory.indicator_selectors import (
    composite_areas,
    indicator_areas,
    missing_comuni,
    ratio_areas,
)
from territory.models import Aggregation, IndicatorImport, IndicatorValue, Normalisation
from tests.territory.helpers import (
    ASSISTED,
    INCOME,
    PRICE,
    UNEMPLOYMENT,
    administrator,
    national,
    residents_table,
    values_csv,
)
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db

D = Decimal


def by_name(areas: list) -> dict[str, object]:
    return {area.name: area.cell.exported() for area in areas}


@pytest.fixture
def admin(world: World):
    return administrator()


@pytest.fixture
def residents(world: World) -> None:
    residents_table(world, {"019901": 100, "019902": 200, "019903": 300, "019904": 50}, on=date(2022, 1, 1))


# --- the layout --------------------------------------------------------------------------------------------------


def test_numbers_are_read_the_italian_way_and_the_plain_way() -> None:
    assert parse_value("1.234,5") == D("1234.5")
    assert parse_value("1234.5") == D("1234.5")
    assert parse_value("-12,25") == D("-12.25")
    assert parse_value("12 345") == D("12345")
    assert parse_value("1,2,3") is None
    assert parse_value("dodici") is None


def test_a_file_with_a_title_its_own_headers_and_the_year_given_apart() -> None:
    data = "Reddito imponibile per comune\nCodice comune;Comune;Valore\n19901;Xanadu;1.000,50\n".encode(
        "cp1252"
    )
    parsed = parse_indicator_csv(data, year=2022)
    assert parsed.errors == []
    assert [(row.istat_code, row.year, row.value) for row in parsed.rows] == [("019901", 2022, D("1000.50"))]


def test_every_bad_line_is_reported_and_no_row_is_returned() -> None:
    data = values_csv(
        ("019901", 2022, "10"),
        ("19A", 2022, "10"),
        ("019902", 22, "10"),
        ("019903", 2022, "tanti"),
        ("019901", 2022, "11"),
        ("019904", 2022, ""),
    )
    parsed = parse_indicator_csv(data)
    assert parsed.rows == []
    assert [str(error) for error in parsed.errors] == [
        "riga 3: codice ISTAT '19A' non valido: servono 6 cifre",
        "riga 4: anno '22' non valido: servono 4 cifre",
        "riga 5: valore 'tanti' non numerico",
        "riga 6: comune 019901 per il 2022 già alla riga 2",
        "riga 7: valore mancante",
    ]


def test_a_file_without_a_year_needs_one_given() -> None:
    parsed = parse_indicator_csv(b"codice_istat;valore\n019901;3\n")
    assert [str(error) for error in parsed.errors] == [
        "riga 1: manca la colonna obbligatoria «anno» (oppure l'anno indicato con il file)"
    ]


# --- who ---------------------------------------------------------------------------------------------------------


def test_national_indicators_are_the_administrators(world: World, admin) -> None:
    fields = {"code": "reddito", "name": "Reddito", "unit": "euro", "source": "MEF", "licence": "CC BY 4.0"}
    for user in (world.udp, world.owner):
        with pytest.raises(PermissionDenied):
            services.indicator_create(actor=user, ambito=None, **fields)
    indicator = services.indicator_create(actor=admin, ambito=None, **fields)
    with pytest.raises(PermissionDenied):
        services.indicator_import(
            actor=world.udp, indicator=indicator, data=values_csv(*INCOME), file_name="r.csv"
        )


def test_an_ambitos_own_indicator_is_its_ufficio_di_piano_s_and_covers_only_its_comuni(world: World) -> None:
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    fields = {"code": "assistiti", "name": "Assistiti", "unit": "persone", "source": "ASST", "licence": "-"}
    with pytest.raises(PermissionDenied):
        services.indicator_create(actor=udp_b, ambito=world.ambito_a, **fields)
    with pytest.raises(PermissionDenied):
        services.indicator_create(actor=world.owner, ambito=world.ambito_a, **fields)
    indicator = services.indicator_create(actor=world.udp, ambito=world.ambito_a, **fields)
    with pytest.raises(PermissionDenied):
        services.indicator_import(
            actor=udp_b, indicator=indicator, data=values_csv(*ASSISTED), file_name="a.csv"
        )

    with pytest.raises(ValidationError) as refused:
        services.indicator_import(
            actor=world.udp, indicator=indicator, data=values_csv(*ASSISTED), file_name="a.csv"
        )
    assert refused.value.messages == ["riga 5: il comune 019904 non faceva parte dell'ambito nel 2022"]
    assert not IndicatorValue.objects.exists() and not IndicatorImport.objects.exists()

    services.indicator_import(
        actor=world.udp, indicator=indicator, data=values_csv(*ASSISTED[:3]), file_name="a.csv"
    )
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 3


# --- loading -----------------------------------------------------------------------------------------------------


def test_a_file_replaces_the_years_it_holds_and_keeps_the_codes_it_cannot_place(world: World, admin) -> None:
    indicator = national(admin, "reddito", [*INCOME, ("019901", 2021, "900")])
    again = services.indicator_import(
        actor=admin,
        indicator=indicator,
        data=values_csv(("019901", 2022, "1100"), ("099999", 2022, "12,5")),
        file_name="reddito-2022.csv",
    )
    assert (again.years, again.values, again.replaced) == ([2022], 1, 4)
    assert again.unknown_codes == {"2022": {"099999": "12.5"}}
    assert dict(IndicatorValue.objects.filter(indicator=indicator).values_list("year", "value")) == {
        2021: D("900"),
        2022: D("1100"),
    }


def test_a_malformed_file_changes_nothing(world: World, admin) -> None:
    indicator = national(admin, "reddito", INCOME)
    with pytest.raises(ValidationError) as refused:
        services.indicator_import(
            actor=admin,
            indicator=indicator,
            data=values_csv(("019901", 2022, "1"), ("019902", 2022, "x")),
            file_name="bad.csv",
        )
    assert refused.value.messages == ["riga 3: valore 'x' non numerico"]
    assert IndicatorImport.objects.count() == 1
    assert IndicatorValue.objects.get(indicator=indicator, comune=world.x).value == D("1000")


def test_a_comune_without_a_value_is_listed_as_missing(world: World, admin) -> None:
    indicator = national(admin, "reddito", INCOME[:2])
    assert [comune.name for comune in missing_comuni(indicator, 2022)] == ["Wu", "Zeta"]


# --- aggregation ------------------------------------------------------------------------------------------------


def test_a_sum_per_comune_sub_ambito_ambito_and_province(
    world: World, admin, django_assert_num_queries
) -> None:
    indicator = national(admin, "reddito", INCOME)
    assert by_name(indicator_areas(indicator, 2022, "comune")) == {
        "Xanadu": D("1000"),
        "Ypsilon": D("2500"),
        "Zeta": D("3500"),
        "Wu": D("500"),
    }
    with django_assert_num_queries(1):
        ambiti = indicator_areas(indicator, 2022, "ambito")
    assert by_name(ambiti) == {"Ambito A": D("7000"), "Ambito B": D("500")}
    assert [area.comuni for area in ambiti] == [3, 1]
    assert by_name(indicator_areas(indicator, 2022, "sub_ambito")) == {"Sub-ambito 1 – Ypsilon": D("6000")}
    assert list(by_name(indicator_areas(indicator, 2022, "provincia")).values()) == [D("7500")]


def test_a_mean_weighted_by_the_residents_of_the_same_year(world: World, admin, residents) -> None:
    indicator = national(admin, "prezzo", PRICE, aggregation=Aggregation.MEAN, unit="€/m²")
    # (1000 × 100 + 2000 × 200 + 1500 × 300) / 600 = 950000 / 600; with Wu: (950000 + 900 × 50) / 650
    assert by_name(indicator_areas(indicator, 2022, "ambito")) == {
        "Ambito A": D("1583.3333"),
        "Ambito B": D("900"),
    }
    assert list(by_name(indicator_areas(indicator, 2022, "provincia")).values()) == [D("1530.7692")]
    assert by_name(indicator_areas(indicator, 2022, "comune"))["Ypsilon"] == D("2000")


def test_an_indicator_published_per_comune_is_not_summed(world: World, admin) -> None:
    indicator = national(admin, "ivsm", UNEMPLOYMENT, aggregation=Aggregation.NONE, unit="indice")
    assert indicator_areas(indicator, 2022, "ambito") == []
    assert len(indicator_areas(indicator, 2022, "comune")) == 4


# --- suppression -------------------------------------------------------------------------------------------------


def test_counts_of_people_assisted_under_three_are_never_shown(world: World, admin) -> None:
    indicator = national(admin, "assistiti", ASSISTED, people_assisted=True, unit="persone")
    assert by_name(indicator_areas(indicator, 2022, "comune")) == {
        "Xanadu": "<3",
        "Ypsilon": "<3",
        "Zeta": D("0"),
        "Wu": D("7"),
    }
    hidden = [area for area in indicator_areas(indicator, 2022, "comune") if area.cell.suppressed]
    assert [(area.name, area.cell.value) for area in hidden] == [("Xanadu", None), ("Ypsilon", None)]
    assert by_name(indicator_areas(indicator, 2022, "ambito")) == {"Ambito A": D("3"), "Ambito B": D("7")}
    assert by_name(indicator_areas(indicator, 2022, "sub_ambito")) == {"Sub-ambito 1 – Ypsilon": "<3"}


def test_an_area_total_that_would_give_a_hidden_count_away_is_hidden_too(world: World, admin) -> None:
    """Made-up counts: Xanadu 1 (hidden), Ypsilon 5, Zeta 4, Wu 2 (hidden). Ambito A's 10 minus Ypsilon's 5 and Zeta's 4
    would give Xanadu's 1, so Ambito A is hidden too; Ambito B is Wu alone (2: hidden anyway). The sub-ambito (Ypsilon
    and Zeta) hides nothing and is shown; so is the province, whose hidden comuni sum to 1 + 2 = 3 (not under 3)."""
    rows = [("019901", 2022, "1"), ("019902", 2022, "5"), ("019903", 2022, "4"), ("019904", 2022, "2")]
    indicator = national(admin, "assistiti", rows, people_assisted=True, unit="persone")
    assert by_name(indicator_areas(indicator, 2022, "ambito")) == {"Ambito A": "<3", "Ambito B": "<3"}
    assert by_name(indicator_areas(indicator, 2022, "sub_ambito")) == {"Sub-ambito 1 – Ypsilon": D("9")}
    assert [area.cell.exported() for area in indicator_areas(indicator, 2022, "provincia")] == [D("12")]
    # Not a count of people assisted: nothing is hidden.
    plain = national(admin, "pratiche", rows, unit="pratiche")
    assert by_name(indicator_areas(plain, 2022, "ambito")) == {"Ambito A": D("10"), "Ambito B": D("2")}


def test_the_threshold_is_a_setting(world: World, admin, settings) -> None:
    settings.TERRITORY_SMALL_COUNT_THRESHOLD = 5
    indicator = national(admin, "assistiti", ASSISTED, people_assisted=True, unit="persone")
    assert by_name(indicator_areas(indicator, 2022, "ambito")) == {"Ambito A": "<5", "Ambito B": D("7")}


# --- ratios ------------------------------------------------------------------------------------------------------


def test_income_per_inhabitant_sums_each_side_over_the_area(world: World, admin, residents) -> None:
    income = national(admin, "reddito", INCOME)
    ratio = services.ratio_create(
        actor=admin, ambito=None, code="reddito_pro_capite", name="Reddito pro capite",
        numerator_indicator=income, denominator_band="total", unit="euro",
    )  # fmt: skip
    assert by_name(ratio_areas(ratio, 2022, "comune")) == {
        "Xanadu": D("10.00"),
        "Ypsilon": D("12.50"),
        "Zeta": D("11.67"),
        "Wu": D("10.00"),
    }
    # 7000 / 600, 6000 / 500, 7500 / 650
    assert by_name(ratio_areas(ratio, 2022, "ambito")) == {"Ambito A": D("11.67"), "Ambito B": D("10.00")}
    assert by_name(ratio_areas(ratio, 2022, "sub_ambito")) == {"Sub-ambito 1 – Ypsilon": D("12.00")}
    assert list(by_name(ratio_areas(ratio, 2022, "provincia")).values()) == [D("11.54")]


def test_a_ratio_of_a_suppressed_count_is_suppressed(world: World, admin, residents) -> None:
    assisted = national(admin, "assistiti", ASSISTED, people_assisted=True, unit="persone")
    ratio = services.ratio_create(
        actor=admin, ambito=None, code="assistiti_per_mille", name="Assistiti per mille residenti",
        numerator_indicator=assisted, denominator_band="total", multiplier=1000,
    )  # fmt: skip
    assert by_name(ratio_areas(ratio, 2022, "comune")) == {
        "Xanadu": "<3",
        "Ypsilon": "<3",
        "Zeta": D("0.00"),
        "Wu": D("140.00"),
    }


def test_an_ambito_defines_on_national_indicators_and_its_own_only(world: World, admin) -> None:
    other = services.indicator_create(
        actor=admin, ambito=world.ambito_b, code="propri", name="Propri", unit="n", source="s", licence="l"
    )
    with pytest.raises(ValidationError) as refused:
        services.ratio_create(
            actor=world.udp, ambito=world.ambito_a, code="r", name="R",
            numerator_indicator=other, denominator_band="total",
        )  # fmt: skip
    assert "appartiene a un altro ambito" in refused.value.messages[0]


# --- composite indices -----------------------------------------------------------------------------------------


def test_a_composite_index_normalises_weighs_and_inverts(world: World, admin, residents) -> None:
    income = national(admin, "reddito", INCOME)
    unemployment = national(admin, "disoccupazione", UNEMPLOYMENT, aggregation=Aggregation.MEAN, unit="%")
    composite = services.composite_create(
        actor=admin,
        ambito=None,
        code="vulnerabilita",
        name="Vulnerabilità",
        normalisation=Normalisation.MIN_MAX,
        components=[(income, D("1"), True), (unemployment, D("2"), False)],
    )
    # Income 500..3500 inverted: X 83.33, Y 33.33, Z 0, W 100; unemployment 5..15: X 0, Y 50, Z 20, W 100.
    # (1 × income + 2 × unemployment) / 3
    assert by_name(composite_areas(composite, 2022, "comune")) == {
        "Xanadu": D("27.78"),
        "Ypsilon": D("44.44"),
        "Zeta": D("13.33"),
        "Wu": D("100.00"),
    }
    # Per ambito: income 7000 and 500, unemployment (500 + 2000 + 2100) / 600 = 7.67 and 15.
    assert by_name(composite_areas(composite, 2022, "ambito")) == {
        "Ambito A": D("0.00"),
        "Ambito B": D("100.00"),
    }


def test_z_scores_and_a_comune_lacking_a_component(world: World, admin) -> None:
    first = national(
        admin,
        "primo",
        [("019901", 2022, "10"), ("019902", 2022, "20"), ("019903", 2022, "30"), ("019904", 2022, "9")],
    )
    second = national(admin, "secondo", [("019901", 2022, "1"), ("019902", 2022, "1"), ("019903", 2022, "4")])
    composite = services.composite_create(
        actor=admin, ambito=None, code="z_score", name="Z", normalisation=Normalisation.Z_SCORE,
        components=[(first, D("1"), False), (second, D("1"), False)],
    )  # fmt: skip
    # first: mean 20, sd sqrt(200/3) = 8.165: -1.2247, 0, 1.2247; second: mean 2, sd sqrt(6/3): -0.7071, -0.7071, 1.4142
    assert by_name(composite_areas(composite, 2022, "comune")) == {
        "Xanadu": D("-0.97"),
        "Ypsilon": D("-0.35"),
        "Zeta": D("1.32"),
        "Wu": None,
    }
    with pytest.raises(ValidationError):
        services.composite_create(
            actor=admin, ambito=None, code="uno", name="Uno", components=[(first, D("1"), False)]
        )


def test_an_indicator_in_use_is_not_deleted(world: World, admin, residents) -> None:
    income = national(admin, "reddito", INCOME)
    ratio = services.ratio_create(
        actor=admin,
        ambito=None,
        code="pc",
        name="Pro capite",
        numerator_indicator=income,
        denominator_band="total",
    )
    with pytest.raises(ValidationError) as refused:
        services.indicator_delete(actor=admin, indicator=income)
    assert refused.value.messages == ["L'indicatore è usato da: Pro capite. Eliminare prima questi."]
    services.ratio_delete(actor=admin, ratio=ratio)
    services.indicator_delete(actor=admin, indicator=income)
    assert not IndicatorValue.objects.exists()
