"""Issue signing certificates from the local test CA to the people who sign agreements (demos and tests).

Each person gets ``<dir>/people/persona-<pk>.pem`` (certificate, key and chain) and a ``.p12`` for desktop
signing tools; the built-in signer uses the same files, so a person always signs with one certificate.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents import testca
from governance.models import Person


class Command(BaseCommand):
    help = "Rilascia certificati di firma di prova ai firmatari degli accordi (solo demo e test)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", type=int, action="append", default=[], help="id della persona")
        parser.add_argument("--renew", action="store_true", help="rilascia un nuovo certificato")
        parser.add_argument(
            "--p12-password", default="demo", help="password dei file .p12 (predefinita: demo)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SIGNATURE_TEST_CA:
            raise CommandError("La CA di prova è disattivata (SIGNATURE_TEST_CA=false).")
        people = Person.objects.order_by("family_name", "given_name", "pk")
        if options["person"]:
            people = people.filter(pk__in=options["person"])
            missing = set(options["person"]) - set(people.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"Persone inesistenti: {', '.join(map(str, sorted(missing)))}")
        else:
            people = people.filter(agreements_to_sign__isnull=False).distinct()
        directory = settings.SIGNATURE_TEST_CA_DIR
        testca.persistent_test_ca(directory)
        password = options["p12_password"].encode()
        count = 0
        for person in people:
            issued, path = testca.certificate_for(person, renew=options["renew"])
            p12 = path.with_suffix(".p12")
            p12.write_bytes(issued.pkcs12(password))
            p12.chmod(0o600)
            cf = person.tax_code or "senza codice fiscale: verifica per nome"
            self.stdout.write(f"{person.full_name} ({cf}): {p12}")
            count += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} certificati di prova. CA di prova (da considerare attendibile): {directory / 'ca.pem'}"
            )
        )
