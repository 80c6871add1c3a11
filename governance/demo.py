"""Demo accounts, one per role, on the real organizations of the seeds (for bin/run, never production)."""

from dataclasses import dataclass

from django.db import transaction

from governance import services
from governance.models import (
    Mandate,
    MandateRole,
    Organization,
    OrganizationKind,
    Role,
    RoleAssignment,
    User,
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    istat_code: str | None = None
    organization_name: str | None = None

    def organization(self) -> Organization:
        if self.istat_code:
            return Organization.objects.get(kind=OrganizationKind.COMUNE, istat_code=self.istat_code)
        return Organization.objects.get(name=self.organization_name)


DEMO_USERS = [
    DemoUser(
        "operatore.soncino", "Operatore", "Comune di Soncino", Role.OPERATORE_COMUNALE, istat_code="019097"
    ),
    DemoUser("sindaco.soncino", "Sindaco (demo)", "Comune di Soncino", Role.SINDACO, istat_code="019097"),
    # Three more mayors of the sub-ambito of Soncino and the mayor of Crema (who presides the Assemblea dei Sindaci):
    # enough to run a session of the sub-ambito assembly (6 of its 11 comuni make the quorum) and adopt a proposal
    # with 4 votes of the 6 present, from phones.
    DemoUser("sindaco.offanengo", "Sindaco (demo)", "Comune di Offanengo", Role.SINDACO, istat_code="019062"),
    DemoUser("sindaco.izano", "Sindaco (demo)", "Comune di Izano", Role.SINDACO, istat_code="019054"),
    DemoUser("sindaco.ticengo", "Sindaco (demo)", "Comune di Ticengo", Role.SINDACO, istat_code="019104"),
    DemoUser("sindaco.crema", "Sindaco (demo)", "Comune di Crema", Role.SINDACO, istat_code="019035"),
    DemoUser(
        "udp.cremasco", "Ufficio di Piano", "Ambito Cremasco", Role.UFFICIO_DI_PIANO, istat_code="019035"
    ),
    DemoUser("capofila.crema", "Ente capofila", "Comune di Crema", Role.CAPOFILA, istat_code="019035"),
    DemoUser("revisore.cremasco", "Revisore", "Ambito Cremasco", Role.REVISORE, istat_code="019035"),
    DemoUser(
        "ets.forum",
        "Referente",
        "Forum Cremasco del Terzo Settore",
        Role.ETS,
        organization_name="Forum Cremasco del Terzo Settore",
    ),
    DemoUser(
        "udp.seregno", "Ufficio di Piano", "Ambito di Seregno", Role.UFFICIO_DI_PIANO, istat_code="108039"
    ),
    DemoUser("admin", "Amministratore", "della piattaforma", Role.AMMINISTRATORE, istat_code="019035"),
]


def _link_to_mayor(user: User, organization: Organization) -> None:
    """The demo mayor is the comune's latest mayor in the registry, so that they can sign its agreements."""
    mandate = (
        Mandate.objects.filter(organization=organization, role=MandateRole.SINDACO, person__user__isnull=True)
        .order_by("-start_date", "-attested_on")
        .first()
    )
    if mandate is not None:
        user.person = mandate.person
        user.save(update_fields=["person"])


@transaction.atomic
def ensure_demo_users(password: str) -> list[tuple[DemoUser, Organization]]:
    created = []
    for demo in DEMO_USERS:
        organization = demo.organization()
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = services.user_create(
                actor=None,
                username=demo.username,
                password=password,
                first_name=demo.first_name,
                last_name=demo.last_name,
            )
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if not RoleAssignment.objects.filter(user=user, organization=organization, role=demo.role).exists():
            services.role_assign(actor=None, user=user, organization=organization, role=demo.role)
        if demo.role == Role.SINDACO and user.person_id is None:
            _link_to_mayor(user, organization)
        created.append((demo, organization))
    return created
