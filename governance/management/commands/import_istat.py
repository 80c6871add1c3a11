"""Imports ISTAT's own published CSV files: the list of comuni, or resident population.

All or nothing: a file with any malformed line is reported with line numbers and imports nothing.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from governance.importers.istat import parse_comuni_csv, parse_population_csv
from governance.services.imports import ImportRejected, comuni_import, population_import


class Command(BaseCommand):
    help = "Importa un file CSV pubblicato da ISTAT: elenco dei comuni o popolazione residente."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=["comuni", "popolazione"], help="Che cosa contiene il file.")
        parser.add_argument("path", type=Path, help="Il file CSV così come scaricato da ISTAT.")
        parser.add_argument(
            "--data",
            type=dt.date.fromisoformat,
            default=None,
            help="Data di riferimento della popolazione (AAAA-MM-GG), se il titolo del file non la indica.",
        )

    def handle(self, *args: Any, kind: str, path: Path, data: dt.date | None, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"File non trovato: {path}")
        raw = path.read_bytes()
        source = f"ISTAT, file {path.name}"
        result: Any = (
            parse_comuni_csv(raw) if kind == "comuni" else parse_population_csv(raw, reference_date=data)
        )
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} righe non valide: nessun dato importato.")
        try:
            if kind == "comuni":
                summary = comuni_import(actor=None, rows=result.rows, source=source)
            else:
                summary = population_import(actor=None, rows=result.rows, source=source)
        except ImportRejected as rejected:
            for message in rejected.messages:
                self.stderr.write(message)
            raise CommandError("Il file non è coerente con il registro: nessun dato importato.") from rejected
        self.stdout.write(f"{path.name}: {summary}.")
        for note in summary.notes:
            self.stdout.write(f"  - {note}")
