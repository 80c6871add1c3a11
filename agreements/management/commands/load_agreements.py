"""Loads the seed acts as agreements, and seed 003 as a template instantiated for one ambito (after `load_seeds`);
running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from agreements.loaders import SEED_AGREEMENTS, SEED_TEMPLATES, load_seed_agreements
from governance.services.imports import analyze, loaded_models


class Command(BaseCommand):
    help = (
        "Carica come accordi gli atti di esempio 000, 001 e 002, e l'atto 003 come modello istanziato per un "
        "ambito (idempotente; richiede load_seeds)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--path", default=str(SEED_AGREEMENTS), help="File YAML degli accordi.")
        parser.add_argument(
            "--templates", default=str(SEED_TEMPLATES), help="File YAML dei modelli (vuoto: nessuno)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from pathlib import Path

        templates = Path(options["templates"]) if options["templates"] else None
        report = load_seed_agreements(Path(options["path"]), templates)
        analyze(*loaded_models("agreements", "guardian"))
        self.stdout.write(str(report) if options["verbosity"] > 0 else str(report).splitlines()[0])
