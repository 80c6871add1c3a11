"""Loads seed 004's co-design procedures and programmes (after load_seeds); running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from coprogettazione.loaders import load_co_design


class Command(BaseCommand):
    help = "Carica le procedure di co-progettazione del seed 004 (idempotente; richiede load_seeds)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(load_co_design()))
