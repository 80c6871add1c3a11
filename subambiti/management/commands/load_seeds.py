"""Loads all Italian comuni and the bodies of the seed acts; running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from governance import permissions
from governance.loaders import load_comuni_dataset, load_seed_registry
from governance.services.imports import analyze, loaded_models
from subambiti.loaders import load_subambiti


class Command(BaseCommand):
    help = "Carica i comuni ISTAT e gli enti, le persone e gli organi degli atti di esempio (idempotente)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--skip-comuni", action="store_true", help="Non ricaricare l'elenco dei comuni.")

    def handle(self, *args: Any, skip_comuni: bool = False, **options: Any) -> None:
        with transaction.atomic():
            if not skip_comuni:
                comuni, population = load_comuni_dataset()
                self.stdout.write(f"Comuni ISTAT: {comuni}. Popolazione: {population}.")
            context = load_seed_registry()
            load_subambiti(context)
            added, removed = permissions.regrant_all()
        # The tables just filled get their planner statistics now, not whenever autovacuum comes by.
        analyze(*loaded_models("governance", "subambiti", "guardian", "auth"))
        written = dict(sorted(context.counts.items()))
        self.stdout.write(f"Atti di esempio: {written or 'nessuna modifica'}.")
        if added or removed:
            self.stdout.write(f"Permessi: {added} concessi, {removed} revocati.")
        if options["verbosity"] > 0 and context.report:
            self.stdout.write("Nomi scritti diversamente da ISTAT e correzioni (abbinati per codice):")
            for line in context.report:
                self.stdout.write(f"  - {line}")
