"""Co-design procedures to test on, over the small world: Xanadu is ambito A's capofila, so it promotes both its own
procedure and the ambito's."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coprogettazione import services
from coprogettazione.models import Procedure, Programme
from tests.worlds import World

D = Decimal


@dataclass
class CoDesign:
    comune: Procedure
    ambito: Procedure
    programme: Programme


def build_co_design(world: World) -> CoDesign:
    comune = services.procedure_create(
        actor=world.udp, promoter=world.x, title="Co-progettazione di Xanadu", first_year=2026, last_year=2028
    )
    programme = services.programme_save(
        actor=world.udp,
        procedure=comune,
        code="P1",
        title="Famiglie",
        annual_contribution=D("100000.00"),
        period_contribution=D("300000.00"),
        actions=["Rete dei servizi 0-6", "Conciliazione"],
    )
    services.funding_add(
        actor=world.udp, programme=programme, funder_ambito=world.ambito_a, period_amount=D("50000.00")
    )
    services.step_save(
        actor=world.udp, procedure=comune, title="Avviso", act_kind="determina", act_number="361"
    )
    ambito = services.procedure_create(
        actor=world.udp,
        promoter=world.x,
        ambito=world.ambito_a,
        title="Co-progettazione d'ambito",
        first_year=2026,
        last_year=2028,
    )
    services.programme_save(
        actor=world.udp, procedure=ambito, code="PA", title="Povertà", annual_contribution=D("1000.00")
    )
    return CoDesign(comune, ambito, programme)


def co_design_page_kwargs(world: World) -> dict[str, dict[str, Any]]:
    built = build_co_design(world)
    procedure = {"pk": built.comune.pk}
    programme = {**procedure, "programme": built.programme.pk}
    step = built.comune.steps.get()
    return {
        "coprogettazione:procedure_list": {},
        "coprogettazione:procedure_create": {},
        "coprogettazione:procedure_detail": procedure,
        "coprogettazione:procedure_update": procedure,
        "coprogettazione:procedure_transition": {**procedure, "to": "avviso_aperto"},
        "coprogettazione:step_create": procedure,
        "coprogettazione:step_update": {**procedure, "step": step.pk},
        "coprogettazione:step_remove": {**procedure, "step": step.pk},
        "coprogettazione:programme_create": procedure,
        "coprogettazione:programme_detail": programme,
        "coprogettazione:programme_update": programme,
        "coprogettazione:programme_remove": programme,
        "coprogettazione:funding_add": programme,
        "coprogettazione:funding_remove": {**programme, "funding": built.programme.fundings.get().pk},
    }
