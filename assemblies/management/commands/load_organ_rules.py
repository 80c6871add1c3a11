"""Loads the organ rules the seed acts state (after load_seeds and load_agreements); running it twice changes
nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from assemblies.loaders import load_organ_rules


class Command(BaseCommand):
    help = (
        "Carica le regole degli organi stabilite dagli atti di esempio; quelle non stabilite restano «da definire» "
        "(idempotente; richiede load_seeds e load_agreements)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(load_organ_rules()))
