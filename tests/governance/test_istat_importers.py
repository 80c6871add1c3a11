"""Tests for governance.importers.istat, on fixture files that reproduce ISTAT's layouts.

Fixtures in tests/fixtures/istat/:

* elenco_comuni_2023.csv: the current "Elenco dei comuni italiani" layout as downloaded (cp1252, ';', CRLF,
  26 columns, two header cells with a line break inside, so the header takes physical lines 1-3), with
  real codes and names of Lombard comuni and of San Floriano del Collio-Števerjan ("Š" exists in cp1252
  but not in Latin-1);
* elenco_comuni_2019.csv: the 2017-2020 layout (separate metropolitan-city and province columns, "-" where
  they do not apply); elenco_comuni_da_foglio_di_calcolo.csv: the same list re-saved by a spreadsheet
  (UTF-8 with BOM, ',', header line breaks flattened, leading zeros lost);
* posas_2023_cremona.csv: demo.istat.it POSAS layout (title line, one row per age 0-100 and Età 999 for
  the total) with the real provisional figures at 1 January 2023 for two comuni;
* popolazione_2020_stato_civile.csv: the 2019-2020 layout (',' separated, split by marital status, no
  "Totale" column, footnotes at the end), synthetic figures;
* elenco_comuni_errori.csv, elenco_comuni_colonne_mancanti.csv, posas_errori.csv,
  posas_colonna_mancante.csv, popolazione_aggregata.csv: malformed or incomplete files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from governance.importers.istat import (
    ComuneRow,
    LineError,
    ParseResult,
    PopulationRow,
    parse_comuni_csv,
    parse_population_csv,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "istat"
JAN_2023 = dt.date(2023, 1, 1)
JAN_2020 = dt.date(2020, 1, 1)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def messages(result: ParseResult[ComuneRow] | ParseResult[PopulationRow]) -> list[str]:
    return [str(error) for error in result.errors]


# --- Elenco dei comuni italiani ---------------------------------------------------------------------


def test_elenco_comuni_current_layout_in_cp1252() -> None:
    result = parse_comuni_csv(fixture("elenco_comuni_2023.csv"))

    assert result.ok
    assert [row.istat_code for row in result.rows] == [
        "015014",
        "015136",
        "015146",
        "015221",
        "019017",
        "019034",
        "019035",
        "019049",
        "019097",
        "031019",
    ]
    crema = result.rows[6]
    assert crema == ComuneRow(
        istat_code="019035",
        name="Crema",
        cadastral_code="D142",
        province_code="019",
        province_name="Cremona",
        province_abbreviation="CR",
        region_code="03",
        region_name="Lombardia",
    )
    milano = result.rows[2]
    # The province code is the historical one (prefix of the ISTAT code), not the UTS code 215.
    assert (milano.province_code, milano.province_name, milano.province_abbreviation) == (
        "015",
        "Milano",
        "MI",
    )
    assert result.rows[3].name == "Trezzo sull'Adda"
    # cp1252, not Latin-1: byte 0x8A is "Š". The official bilingual name is preferred.
    assert result.rows[-1].name == "San Floriano del Collio-Števerjan"
    assert result.rows[-1].region_name == "Friuli-Venezia Giulia"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_elenco_comuni_encoding_and_line_endings_do_not_matter(encoding: str, newline: str) -> None:
    text = fixture("elenco_comuni_2023.csv").decode("cp1252").replace("\r\n", "\n").replace("\n", newline)

    result = parse_comuni_csv(text.encode(encoding))

    assert result == parse_comuni_csv(fixture("elenco_comuni_2023.csv"))


def test_elenco_comuni_2019_layout_with_metropolitan_city_columns() -> None:
    result = parse_comuni_csv(fixture("elenco_comuni_2019.csv"))

    assert result.ok
    assert [(row.istat_code, row.name, row.province_code, row.province_name) for row in result.rows] == [
        ("015146", "Milano", "015", "Milano"),
        ("019035", "Crema", "019", "Cremona"),
    ]


def test_elenco_comuni_resaved_by_a_spreadsheet() -> None:
    original = parse_comuni_csv(fixture("elenco_comuni_2023.csv")).rows

    result = parse_comuni_csv(fixture("elenco_comuni_da_foglio_di_calcolo.csv"))

    assert result.ok
    # "19017" etc. lost their leading zeros in the spreadsheet: padded back.
    assert result.rows == [row for row in original if row.istat_code in {"019017", "019034", "019035"}]


def test_elenco_comuni_malformed_rows_are_reported_with_physical_line_numbers() -> None:
    result = parse_comuni_csv(fixture("elenco_comuni_errori.csv"))

    # The header takes lines 1-3 (line breaks inside two quoted cells); line 7 is blank.
    assert messages(result) == [
        "riga 5: codice ISTAT '15A36' non valido: servono 6 cifre",
        "riga 8: codice catastale 'D14' non valido: serve una lettera e 3 cifre",
        "riga 9: codice ISTAT '019035' duplicato: compare già alla riga 8",
        "riga 10: sigla automobilistica 'C' non valida: servono 2 lettere",
        "riga 11: denominazione del comune mancante",
    ]
    assert result.errors[0] == LineError(5, "codice ISTAT '15A36' non valido: servono 6 cifre")
    # Line 6 has "15221" and region "3", as a spreadsheet leaves them: accepted and padded.
    assert [(row.istat_code, row.region_code) for row in result.rows] == [
        ("015014", "03"),
        ("015221", "03"),
        ("019017", "03"),
    ]


def test_elenco_comuni_missing_columns_give_one_error_on_the_header() -> None:
    result = parse_comuni_csv(fixture("elenco_comuni_colonne_mancanti.csv"))

    assert result.rows == []
    assert messages(result) == [
        "riga 1: mancano le colonne obbligatorie «Codice Catastale del comune», «Sigla automobilistica»"
    ]


def test_elenco_comuni_header_after_title_lines() -> None:
    body = fixture("elenco_comuni_2023.csv").decode("cp1252")
    text = "Elenco dei comuni italiani\r\n\r\n" + body

    result = parse_comuni_csv(text.encode("cp1252"))

    assert result.ok
    assert len(result.rows) == 10


def test_elenco_comuni_error_line_numbers_shift_with_the_preamble() -> None:
    body = fixture("elenco_comuni_errori.csv").decode("cp1252")

    result = parse_comuni_csv(("Titolo\r\n" + body).encode("cp1252"))

    assert [error.line for error in result.errors] == [6, 9, 10, 11, 12]


def test_elenco_comuni_unrelated_file() -> None:
    result = parse_comuni_csv(b"nome;cognome\nMario;Rossi\n")

    assert result.rows == []
    assert len(result.errors) == 1
    assert result.errors[0].line == 1
    assert result.errors[0].message.startswith(
        "intestazione non trovata: il file non sembra un elenco dei comuni"
    )


def test_elenco_comuni_unclosed_quote_is_reported() -> None:
    header = "Codice Comune formato alfanumerico;Denominazione in italiano;Codice Catastale del comune;"
    header += "Denominazione Regione;Codice Regione;Sigla automobilistica;Denominazione provincia\n"
    rows = '019035;"Crema;D142;Lombardia;03;CR;Cremona\n019097;Soncino;I827;Lombardia;03;CR;Cremona\n'

    result = parse_comuni_csv((header + rows).encode())

    assert messages(result) == ["riga 2: la riga prosegue fino alla riga 3: virgolette non chiuse?"]


# --- Popolazione residente -------------------------------------------------------------------------


def test_posas_by_age_keeps_the_total_rows_and_reads_the_date_from_the_title() -> None:
    result = parse_population_csv(fixture("posas_2023_cremona.csv"))

    assert result.ok
    assert result.rows == [
        PopulationRow(istat_code="019034", name="Credera Rubbiano", population=1532, reference_date=JAN_2023),
        PopulationRow(istat_code="019049", name="Gombito", population=625, reference_date=JAN_2023),
    ]


def test_posas_in_cp1252_with_commas() -> None:
    text = fixture("posas_2023_cremona.csv").decode("utf-8-sig").replace(";", ",")

    result = parse_population_csv(text.encode("cp1252"))

    assert result == parse_population_csv(fixture("posas_2023_cremona.csv"))


def test_posas_title_and_given_date_must_agree() -> None:
    agreeing = parse_population_csv(fixture("posas_2023_cremona.csv"), reference_date=JAN_2023)
    assert agreeing.ok

    result = parse_population_csv(fixture("posas_2023_cremona.csv"), reference_date=dt.date(2024, 1, 1))

    assert result.rows == []
    assert messages(result) == [
        "riga 1: la data nel titolo (01/01/2023) non coincide con la data di riferimento "
        "indicata (01/01/2024)"
    ]


def test_posas_malformed_rows_are_reported_with_line_numbers() -> None:
    result = parse_population_csv(fixture("posas_errori.csv"))

    assert messages(result) == [
        "riga 5: codice ISTAT '19O49' non valido: servono 6 cifre",
        "riga 6: popolazione 'abc' non valida: serve un numero intero non negativo",
        "riga 7: popolazione '-5' non valida: serve un numero intero non negativo",
        "riga 8: codice ISTAT '019034' duplicato: compare già alla riga 4",
        "riga 9: popolazione 1809 diversa da maschi + femmine (900 + 900)",
        "riga 10: età 'abc' non riconosciuta",
    ]
    assert [(row.istat_code, row.population) for row in result.rows] == [("019034", 1532), ("019049", 625)]


def test_posas_missing_code_column() -> None:
    result = parse_population_csv(fixture("posas_colonna_mancante.csv"))

    assert result.rows == []
    assert messages(result) == ["riga 2: manca la colonna obbligatoria «Codice comune»"]


def test_population_2020_layout_sums_males_and_females_and_skips_footnotes() -> None:
    result = parse_population_csv(fixture("popolazione_2020_stato_civile.csv"))

    assert result.ok
    assert result.rows == [
        PopulationRow(istat_code="019049", name="Gombito", population=15, reference_date=JAN_2020),
        PopulationRow(istat_code="019097", name="Soncino", population=125, reference_date=JAN_2020),
    ]


def test_aggregated_population_needs_a_reference_date() -> None:
    data = fixture("popolazione_aggregata.csv")

    without = parse_population_csv(data)
    with_date = parse_population_csv(data, reference_date=JAN_2023)

    assert without.rows == []
    assert messages(without) == [
        "riga 1: data di riferimento assente: il titolo non la indica e non è stata fornita"
    ]
    assert with_date.ok
    assert with_date.rows == [
        PopulationRow(istat_code="019035", name="Crema", population=33786, reference_date=JAN_2023),
        PopulationRow(istat_code="019097", name="Soncino", population=7490, reference_date=JAN_2023),
    ]


def test_population_without_a_date_still_reports_row_errors() -> None:
    data = b"Codice comune;Comune;Totale\n19035;Crema;33786\n19097;Soncino;n.d.\n"

    result = parse_population_csv(data)

    assert result.rows == []
    assert messages(result) == [
        "riga 1: data di riferimento assente: il titolo non la indica e non è stata fornita",
        "riga 3: popolazione mancante",
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Popolazione residente al 1° gennaio 2024", dt.date(2024, 1, 1)),
        ('"Popolazione residente al 1° Gennaio 2020 per sesso età (b)"', dt.date(2020, 1, 1)),
        ("Popolazione residente al 1º gennaio 2025 - Comuni", dt.date(2025, 1, 1)),
        ("Popolazione residente al 31 dicembre 2022", dt.date(2022, 12, 31)),
        ("Popolazione residente al 01/01/2024", dt.date(2024, 1, 1)),
    ],
)
def test_reference_date_wordings(title: str, expected: dt.date) -> None:
    data = f"{title}\nCodice comune;Comune;Età;Totale maschi;Totale femmine;Totale\n19035;Crema;999;1;2;3\n"

    result = parse_population_csv(data.encode())

    assert result.ok
    assert result.rows[0].reference_date == expected


def test_by_age_file_without_total_rows() -> None:
    data = "Popolazione residente al 1° gennaio 2024\nCodice comune;Comune;Età;Totale\n19035;Crema;0;200\n"

    result = parse_population_csv(data.encode())

    assert result.rows == []
    assert messages(result) == [
        "riga 2: il file è per età ma non contiene righe di totale (Età 999 o «Totale»)"
    ]


def test_age_column_may_say_totale() -> None:
    data = "Codice comune;Comune;Età;Totale\n019035;Crema;100 e oltre;4\n019035;Crema;Totale;33786\n"

    result = parse_population_csv(data.encode(), reference_date=JAN_2023)

    assert result.ok
    assert [(row.istat_code, row.population) for row in result.rows] == [("019035", 33786)]


def test_short_codes_are_padded_but_too_short_ones_are_not() -> None:
    data = "Codice comune;Comune;Totale\n1001;Agliè;2558\n190;Crema;33786\n0001001;Agliè;2558\n"

    result = parse_population_csv(data.encode(), reference_date=JAN_2023)

    assert [row.istat_code for row in result.rows] == ["001001"]
    assert messages(result) == [
        "riga 3: codice ISTAT '190' non valido: servono 6 cifre",
        "riga 4: codice ISTAT '0001001' non valido: servono 6 cifre",
    ]
