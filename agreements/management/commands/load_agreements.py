"""Loads the seed acts as agreements (after `load_seeds`); running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from agreements.loaders import SEED_AGREEMENTS, load_seed_agreements


class Command(BaseCommand):
    help = "Carica come accordi gli atti di esempio 000, 001 e 002 (idempotente; richiede load_seeds)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--path", default=str(SEED_AGREEMENTS), help="File YAML degli accordi.")

    def handle(self, *args: Any, **options: Any) -> None:
        from pathlib import Path

        report = load_seed_agreements(Path(options["path"]))
        self.stdout.write(str(report) if options["verbosity"] > 0 else str(report).splitlines()[0])
