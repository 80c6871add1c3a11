"""ISTAT's population by single year of age (governance.importers.istat_by_age) and its table of administrative
changes (governance.importers.istat_changes), on files in ISTAT's layouts (tests/fixtures/istat/):

* posas_2023_cremona.csv: demo.istat.it POSAS, real provisional figures at 1 January 2023 for two comuni;
* variazioni_2023.csv: the changes table's layout (cp1252, ';', CRLF) with the mergers of 1 January 2023 that the
  offline 2023 table does not follow (Moransengo and Tonengo; Bardello, Bregano and Malgesso), act columns left empty;
* posas_errori.csv, variazioni_errori.csv, popolazione_aggregata.csv: malformed or of another kind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from governance.importers.istat_by_age import parse_population_by_age_csv
from governance.importers.istat_changes import parse_changes_csv

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "istat"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_posas_by_age_keeps_every_age_and_sex_per_comune() -> None:
    result = parse_population_by_age_csv(read("posas_2023_cremona.csv"))
    assert result.errors == []
    credera, gombito = result.rows
    assert (credera.istat_code, credera.name, credera.reference_date) == (
        "019034",
        "Credera Rubbiano",
        dt.date(2023, 1, 1),
    )
    assert len(credera.male) == len(credera.female) == 101
    # The file's first and last ages, and the totals its Età 999 rows state (772 + 760 = 1,532; 328 + 297 = 625).
    assert (credera.male[0], credera.female[0], credera.male[100], credera.female[100]) == (6, 5, 0, 1)
    assert (sum(credera.male), sum(credera.female)) == (772, 760)
    assert (sum(gombito.male), sum(gombito.female), gombito.line) == (328, 297, 105)


def test_posas_by_age_reports_every_malformed_line_and_returns_nothing() -> None:
    result = parse_population_by_age_csv(read("posas_errori.csv"))
    assert result.rows == []
    assert [str(error) for error in result.errors] == [
        "riga 3: il comune 019034 non ha le righe delle età 1, 2, 3, 4, 5 …",
        "riga 5: codice ISTAT '19O49' non valido: servono 6 cifre",
        "riga 6: popolazione 'abc' non valida: serve un numero intero non negativo",
        "riga 7: popolazione '-5' non valida: serve un numero intero non negativo",
        "riga 8: il totale del comune 019034 compare già alla riga 4",
        "riga 9: popolazione 1809 diversa da maschi + femmine (900 + 900)",
        "riga 10: età 'abc' non riconosciuta",
        "riga 12: il comune 019049 non ha le righe delle età 0, 1, 2, 3, 4 …",
    ]


def test_posas_by_age_checks_the_total_against_the_ages_and_folds_the_oldest() -> None:
    lines = [
        "Popolazione residente al 1° gennaio 2024 per età e sesso",
        "Codice comune;Comune;Età;Totale maschi;Totale femmine;Totale",
    ]
    lines += [f"19034;Credera Rubbiano;{age};1;0;1" for age in range(100)]
    lines += ["19034;Credera Rubbiano;100 e oltre;1;1;2", "19034;Credera Rubbiano;999;101;2;103"]
    result = parse_population_by_age_csv("\n".join(lines).encode())
    assert [str(error) for error in result.errors] == [
        "riga 104: il totale del comune 019034 (101 maschi, 2 femmine) non è la somma delle età (101 maschi, 1 femmine)"
    ]
    fixed = parse_population_by_age_csv(
        "\n".join([*lines[:-1], "19034;Credera Rubbiano;999;101;1;102"]).encode()
    )
    assert (
        fixed.errors == []
        and fixed.rows[0].male[100] == 1
        and fixed.rows[0].reference_date == dt.date(2024, 1, 1)
    )


def test_a_table_without_ages_is_not_taken_for_one_by_age() -> None:
    result = parse_population_by_age_csv(read("popolazione_aggregata.csv"))
    assert [str(error) for error in result.errors] == [
        "riga 1: mancano le colonne obbligatorie «Età», «Totale maschi», «Totale femmine»"
    ]


def test_the_changes_table_is_read_in_istats_layout() -> None:
    result = parse_changes_csv(read("variazioni_2023.csv"))
    assert result.errors == []
    assert [(row.kind, row.old_code, row.new_code) for row in result.rows] == [
        ("ES", "005079", "005122"),
        ("ES", "005110", "005122"),
        ("CS", "005122", ""),
        ("ES", "012009", "012144"),
        ("ES", "012018", "012144"),
        ("ES", "012095", "012144"),
        ("CS", "012144", ""),
    ]
    bardello = result.rows[3]
    assert (bardello.line, bardello.year, bardello.old_name, bardello.new_name, bardello.effective) == (
        5,
        2023,
        "Bardello",
        "Bardello con Malgesso e Bregano",
        dt.date(2023, 1, 1),
    )


def test_a_malformed_changes_table_reports_every_line_and_returns_nothing() -> None:
    result = parse_changes_csv(read("variazioni_errori.csv"))
    assert result.rows == []
    assert [str(error) for error in result.errors] == [
        "riga 2: la variazione ES non indica il codice del comune associato",
        "riga 3: tipo di variazione 'es!' non riconosciuto (per esempio ES, CS, CD)",
        "riga 4: anno '20x3' non valido",
        "riga 5: codice ISTAT '12O95' non valido: servono 6 cifre",
        "riga 6: data di decorrenza '31/02/2023' non valida (gg/mm/aaaa)",
        "riga 7: denominazione del comune mancante",
    ]
    other = parse_changes_csv(read("posas_2023_cremona.csv"))
    assert other.rows == [] and "variazioni amministrative" in str(other.errors[0])
