"""Loads the committed residents by age and sex (2022 and 2023, after load_seeds); running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from territory.loaders import load_offline_population


class Command(BaseCommand):
    help = "Carica la popolazione per età e sesso degli anni disponibili offline (idempotente; richiede load_seeds)."

    def handle(self, *args: Any, **options: Any) -> None:
        for dataset in load_offline_population():
            unknown = len(dataset.unknown_codes)
            self.stdout.write(
                f"{dataset.reference_date:%d/%m/%Y}: {dataset.comuni} comuni, {dataset.residents} residenti"
                + (f"; {unknown} codici non presenti nel registro" if unknown else "")
            )
