from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance.demo import ensure_demo_users
from governance.models import Role


class Command(BaseCommand):
    help = (
        "Crea (o riallinea) un utente dimostrativo per ciascun ruolo e li elenca. Solo per ambienti di prova."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--password", default="demo-ambiti-2026", help="Password comune degli utenti demo."
        )

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Gli utenti dimostrativi si creano solo con DEBUG attivo, mai in produzione.")
        rows = ensure_demo_users(password)
        self.stdout.write(f"Utenti dimostrativi (password: {password}):")
        for demo, organization in rows:
            self.stdout.write(f"  {demo.username:<20} {Role(demo.role).label:<26} {organization}")
