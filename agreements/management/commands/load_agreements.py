"""Loads the seed acts as agreements, and seed 003 as a template instantiated for one ambito (after `load_seeds`);
running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from agreements.loaders import SEED_AGREEMENTS, SEED_TEMPLATES, load_seed_agreements, renewal_for_demo
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
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Prepara anche una bozza da portare alla firma nella dimostrazione: il rinnovo dell'atto 000.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from pathlib import Path

        templates = Path(options["templates"]) if options["templates"] else None
        report = load_seed_agreements(Path(options["path"]), templates)
        analyze(*loaded_models("agreements", "guardian"))
        self.stdout.write(str(report) if options["verbosity"] > 0 else str(report).splitlines()[0])
        if options["demo"]:
            renewal = renewal_for_demo("000")
            if renewal is not None:
                self.stdout.write(
                    f"Bozza per la dimostrazione della firma: «{renewal.title}» (n. {renewal.pk})."
                )
