"""The real data: every ISTAT comune and the bodies of the seed acts, loaded twice without changes."""

from io import StringIO
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Max, Q

from core.models import AuditEvent
from governance import permissions, services
from governance.models import Ambito, Mandate, Organ, Organization, OrganizationKind, Person, Role, User
from subambiti.models import SubAmbito


def table_state() -> dict[str, tuple[int, Any]]:
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"governance", "subambiti"}:
            fields = {field.name for field in model._meta.fields}
            stamp = (
                model._default_manager.aggregate(last=Max("updated_at"))["last"]
                if "updated_at" in fields
                else None
            )
            state[model._meta.label] = (model._default_manager.count(), stamp)
    return state


def test_seeds_load_the_real_registry_and_a_second_run_changes_nothing(db: Any) -> None:
    first = StringIO()
    call_command("load_seeds", stdout=first)
    report = first.getvalue()

    # Every Italian comune of the dataset, with population.
    assert Organization.objects.filter(kind=OrganizationKind.COMUNE).count() == 7899
    soncino = Organization.objects.get(istat_code="019097")
    assert soncino.name == "Soncino" and soncino.cadastral_code == "I827"
    assert soncino.population_figures.get().population == 7490

    cremasco = Ambito.objects.get(name="Ambito distrettuale Cremasco")
    assert cremasco.capofila.istat_code == "019035"
    assert cremasco.ente_gestore is not None
    assert cremasco.ente_gestore.name == "Comunità Sociale Cremasca a.s.c."
    assert cremasco.memberships.count() == 48
    sub4 = SubAmbito.objects.get(ambito=cremasco, number=4)
    assert sub4.referente == soncino
    assert sub4.memberships.count() == 11
    assert sum(sub.memberships.count() for sub in cremasco.subambiti.all()) == 48

    # The five Monza e Brianza ambiti of seed 001, Vimercate and Trezzo represented by Offerta Sociale.
    offerta = Organization.objects.get(name="Offerta Sociale a.s.c.")
    assert set(offerta.ambiti_as_capofila.values_list("name", flat=True)) == {
        "Ambito territoriale di Vimercate",
        "Ambito territoriale di Trezzo sull'Adda",
    }
    capofila = dict(Ambito.objects.filter(province__abbreviation="MB").values_list("name", "capofila__name"))
    assert capofila["Ambito territoriale di Carate Brianza"] == "Biassono"
    assert capofila["Ambito territoriale di Seregno"] == "Seregno"

    # Names spelled differently are matched by code, reported, kept as aliases, never duplicated.
    gombito = Organization.objects.get(istat_code="019049")
    assert gombito.aliases.filter(name="Gomito").exists()
    assert (
        Organization.objects.filter(name__in=["Gomito", "Casale Vidolasco", "Casale Cremasco"]).count() == 0
    )
    assert "«Gomito»" in report and "«Casale Vidolasco»" in report and "«Burago Molgora»" in report

    # Signatories and their mandates; the mayor of Ricengo signs both acts and is one person.
    assert Person.objects.count() == 58
    romanenghi = Person.objects.get(family_name="Romanenghi")
    assert romanenghi.mandates.count() == 2
    assert Mandate.objects.get(person__family_name="Gallina").title == "Sindaco pro tempore"
    assert Person.objects.filter(family_name="Aiolfi", given_name="Doriano").exists()

    # Organs of seed 002 and 001, with their seats.
    ads = Organ.objects.get(name="Assemblea dei Sindaci dell'Ambito Cremasco")
    president = ads.seats.filter(capacity="presidente").get().organization
    assert president is not None and president.name == "Crema"
    assert ads.seats.filter(capacity="membro").count() == 47
    assert ads.seats.filter(has_vote=False).count() == 2
    assert Organ.objects.get(acronym="CIA").ambiti.count() == 6
    assert (
        Organ.objects.get(acronym="UdP").seats.filter(capacity="membro", organization__kind="comune").count()
        == 6
    )
    assert sub4.organs.filter(kind="assemblea_sindaci_subambito").get().seats.count() == 11

    before = table_state()
    audit_before = AuditEvent.objects.exclude(action="import").count()
    second = StringIO()
    call_command("load_seeds", stdout=second)
    assert "nessuna modifica" in second.getvalue()
    assert "0 creati, 0 aggiornati, 7899 invariati" in second.getvalue()
    assert table_state() == before  # the audit trail (core) gets its import rows, checked next
    assert AuditEvent.objects.exclude(action="import").count() == audit_before

    # Shared organs: each organ's managing body as its act names it, and who may edit which seat.
    assert_shared_organs_are_guarded()


def assert_shared_organs_are_guarded() -> None:
    def udp_of(istat_or_name: str) -> User:
        organization = Organization.objects.get(Q(istat_code=istat_or_name) | Q(name=istat_or_name))
        user = services.user_create(actor=None, username=f"udp-{organization.pk}", password="x-Pass-123456")
        services.role_assign(actor=None, user=user, organization=organization, role=Role.UFFICIO_DI_PIANO)
        return user

    cia = Organ.objects.get(acronym="CIA")
    top = Organ.objects.get(acronym="Coord. t.o.p.")
    ads = Organ.objects.get(name="Assemblea dei Sindaci dell'Ambito Cremasco")
    assert cia.managing_body is None
    assert top.managing_body is not None and top.managing_body.istat_code == "019036"  # s002 art. 10: Cremona
    assert ads.managing_body is not None and ads.managing_body.istat_code == "019035"  # its capofila, Crema
    seregno, biassono, offerta = udp_of("108039"), udp_of("108009"), udp_of("Offerta Sociale a.s.c.")
    # Cremona's comune is a member of the Cremona ambito, whose office (at its capofila) acts for it.
    crema, cremona = udp_of("019035"), udp_of("Azienda Sociale Cremonese")
    biassono_seat = cia.seats.get(organization__istat_code="108009")
    offerta_seat = cia.seats.get(organization__name="Offerta Sociale a.s.c.")
    assert not permissions.may_edit_seat(seregno, biassono_seat)
    assert permissions.may_edit_seat(biassono, biassono_seat)
    assert permissions.may_edit_seat(offerta, offerta_seat) and not permissions.may_edit_seat(
        seregno, offerta_seat
    )
    assert not any(permissions.may_change_organ(user, cia) for user in (seregno, biassono, offerta))
    cremona_seat = top.seats.get(organization__istat_code="019036")
    assert not permissions.may_edit_seat(crema, cremona_seat) and permissions.may_edit_seat(
        cremona, cremona_seat
    )
    assert not permissions.may_change_organ(crema, top) and permissions.may_change_organ(cremona, top)
    assert permissions.may_change_organ(crema, ads)


def test_bulk_loads_leave_the_planner_statistics_fresh(db: Any) -> None:
    """After the seed load PostgreSQL knows how big the tables are (ANALYZE ran), instead of planning a
    province + kind filter on 7,899 comuni as if the table were empty."""

    def estimated_rows(table: str) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return float(cursor.fetchone()[0])

    call_command("load_seeds", stdout=StringIO())
    assert estimated_rows("governance_organization") > 7000  # an estimate; never analysed: -1
    assert estimated_rows("governance_populationfigure") > 7000
    assert estimated_rows("governance_seat") > 50
