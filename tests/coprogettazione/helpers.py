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
    """Every co-design page's arguments: a procedure in preparation (programmes and steps are edited), the ambito's
    with its call open (applications), and one in its partnerships' phase with an active partnership and a report
    under review."""
    from coprogettazione.models import ProcedureStatus

    partnership = active_partnership(world)
    report = submitted(partnership, partnership.ets_user)
    services.expense_review_start(actor=world.udp, report=report)
    running = partnership.programme.procedure
    preparing = services.procedure_create(
        actor=world.udp, promoter=world.x, title="In preparazione", first_year=2026, last_year=2028
    )
    programme = services.programme_save(
        actor=world.udp, procedure=preparing, code="P1", title="Famiglie", annual_contribution=D("1000.00")
    )
    funding = services.funding_add(
        actor=world.udp, programme=programme, funder_ambito=world.ambito_a, period_amount=D(500)
    )
    step = services.step_save(actor=world.udp, procedure=preparing, title="Avviso")
    open_procedure = Procedure.objects.get(ambito=world.ambito_a)
    services.procedure_transition(actor=world.udp, procedure=open_procedure, to=ProcedureStatus.CALL_OPEN)
    procedure = {"pk": preparing.pk}
    programme_kwargs = {**procedure, "programme": programme.pk}
    application = {"pk": running.pk, "application": partnership.application_id}
    partner = {"pk": running.pk, "partnership": partnership.pk}
    expense = {**partner, "number": report.number}
    return {
        "coprogettazione:procedure_list": {},
        "coprogettazione:procedure_create": {},
        "coprogettazione:ets_profile": {"pk": world.ets.pk},
        "coprogettazione:procedure_detail": {"pk": running.pk},
        "coprogettazione:procedure_update": procedure,
        "coprogettazione:procedure_transition": {**procedure, "to": "avviso_aperto"},
        "coprogettazione:step_create": procedure,
        "coprogettazione:step_update": {**procedure, "step": step.pk},
        "coprogettazione:step_remove": {**procedure, "step": step.pk},
        "coprogettazione:programme_create": procedure,
        "coprogettazione:programme_detail": programme_kwargs,
        "coprogettazione:programme_update": programme_kwargs,
        "coprogettazione:programme_remove": programme_kwargs,
        "coprogettazione:funding_add": programme_kwargs,
        "coprogettazione:funding_remove": {**programme_kwargs, "funding": funding.pk},
        "coprogettazione:funding_budget_line": {**programme_kwargs, "funding": funding.pk},
        "coprogettazione:application_create": {"pk": open_procedure.pk},
        "coprogettazione:application_detail": application,
        "coprogettazione:application_admit": application,
        "coprogettazione:application_exclude": application,
        "coprogettazione:application_scores": application,
        "coprogettazione:application_select": application,
        "coprogettazione:criterion_create": {"pk": running.pk},
        "coprogettazione:commission_member_create": {"pk": running.pk},
        "coprogettazione:partnership_detail": partner,
        "coprogettazione:convention_draft": partner,
        "coprogettazione:partnership_activate": partner,
        "coprogettazione:co_financing_create": partner,
        "coprogettazione:extension_create": partner,
        "coprogettazione:stop_notice_create": partner,
        "coprogettazione:cost_revision_create": partner,
        "coprogettazione:liquidation_create": partner,
        "coprogettazione:repayment_create": partner,
        "coprogettazione:expense_report_create": partner,
        "coprogettazione:expense_report_list": partner,
        "coprogettazione:expense_report_detail": expense,
        "coprogettazione:expense_review_start": expense,
        "coprogettazione:expense_review": expense,
    }


@dataclass
class Call:
    """Xanadu's procedure with one programme worth 300,000 over three years (so extensions are capped at 75,000), two
    criteria, three ETS (one with a user) and their two applications: Alfa alone, Beta leading a grouping with Gamma."""

    procedure: Procedure
    programme: Programme
    alfa: Any
    beta: Any
    gamma: Any
    ets_user: Any
    alone: Any
    grouped: Any


def open_call(world: World) -> Call:
    from coprogettazione.models import GroupingKind, ProcedureStatus
    from governance import services as registry
    from governance.models import OrganizationKind, Role
    from tests.worlds import make_user

    built = build_co_design(world)
    procedure = built.comune
    services.criterion_save(
        actor=world.udp, procedure=procedure, name="Qualità del progetto", max_points=D(60)
    )
    services.criterion_save(
        actor=world.udp, procedure=procedure, name="Radicamento territoriale", max_points=D(40)
    )
    services.procedure_transition(actor=world.udp, procedure=procedure, to=ProcedureStatus.CALL_OPEN)
    beta, gamma = (
        registry.organization_create(
            actor=None,
            ambito=world.ambito_a,
            kind=OrganizationKind.ETS,
            name=name,
            ets_category="cooperazione",
        )
        for name in ("Cooperativa Beta", "Associazione Gamma")
    )
    ets_user = make_user("ets.alfa", world.ets, Role.ETS)
    alone = services.application_submit(
        actor=ets_user,
        procedure=procedure,
        programme=built.programme,
        lead=world.ets,
        proposal="Progetto Alfa",
    )
    grouped = services.application_submit(
        actor=world.udp,
        procedure=procedure,
        programme=built.programme,
        lead=beta,
        grouping=GroupingKind.TO_FORM,
        members=[gamma],
    )
    return Call(procedure, built.programme, world.ets, beta, gamma, ets_user, alone, grouped)


def scored(
    world: World, call: Call, alone: tuple[int, int] = (50, 30), grouped: tuple[int, int] = (40, 35)
) -> None:
    """Evaluation: both admitted and scored on both criteria."""
    from coprogettazione.models import ProcedureStatus

    services.procedure_transition(actor=world.udp, procedure=call.procedure, to=ProcedureStatus.EVALUATION)
    criteria = list(call.procedure.criteria.order_by("position"))
    for application, points in ((call.alone, alone), (call.grouped, grouped)):
        services.application_admit(actor=world.udp, application=application)
        for criterion, value in zip(criteria, points, strict=True):
            services.score_set(actor=world.udp, application=application, criterion=criterion, points=D(value))


def chosen(world: World, call: Call) -> Any:
    """Alfa (80 points) chosen for 240,000 over 2026-2028, with a 7% flat-rate management share."""
    from datetime import date

    scored(world, call)
    return services.partner_select(
        actor=world.udp,
        application=call.alone,
        municipal_contribution=D("240000.00"),
        start_date=date(2026, 1, 1),
        end_date=date(2028, 12, 31),
        management_share_percent=D("7.00"),
    )


def signed(partnership: Any) -> None:
    """The convention taken as signed by every party (the signing flow itself is tested in tests/agreements)."""
    from agreements.models import Agreement, AgreementStatus
    from governance import permissions

    Agreement.objects.filter(pk=partnership.agreement_id).update(status=AgreementStatus.IN_FORCE)
    permissions.regrant(Agreement, [partnership.agreement_id])
    partnership.refresh_from_db()


def active_partnership(world: World) -> Any:
    """Alfa's partnership, convention signed, co-financing of 24,000 (10%) pledged, activities started."""
    from coprogettazione.loaders import load_partnership_template
    from coprogettazione.models import CoFinancingKind

    load_partnership_template()
    call = open_call(world)
    partnership = chosen(world, call)
    services.convention_draft(actor=world.udp, partnership=partnership)
    signed(partnership)
    services.co_financing_add(
        actor=world.udp,
        partnership=partnership,
        kind=CoFinancingKind.MONEY,
        description="Fondi propri",
        amount=D(24000),
    )
    services.partnership_activate(actor=world.udp, partnership=partnership)
    partnership.ets_user = call.ets_user
    return partnership


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def receipt(name: str = "fattura.pdf", content: bytes = PDF) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submitted(partnership: Any, actor: Any, **overrides: Any) -> Any:
    """A first report for January-March 2026: personnel 10,000, materials 2,000, with one receipt."""
    from datetime import date

    fields: dict[str, Any] = {
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 3, 31),
        "debit_note_number": "1/2026",
        "debit_note_date": date(2026, 4, 10),
        "lines": [
            {"category": "personale", "description": "Educatrici, gennaio-marzo", "amount": D("10000.00")},
            {"category": "beni", "description": "Materiali didattici", "amount": D("2000.00")},
        ],
        "receipts": [receipt()],
        "co_financing": [
            {"kind": "non_monetario", "description": "Volontari: 100 ore", "amount": D("1500.00")}
        ],
    }
    fields.update(overrides)
    return services.expense_report_submit(actor=actor, partnership=partnership, **fields)


def ambito_budget_line(
    world: World,
    amounts: dict[int, str],
    *,
    first_year: int = 2026,
    last_year: int = 2028,
    approve: bool = False,
    action: str = "Co-progettazione P1",
) -> Any:
    """Ambito A's budget over the years with one line, «Famiglie e minori — Co-progettazione P1», funded by the FNPS
    with `amounts` per year (and allocated exactly that, so that every total adds up); approved when asked."""
    from datetime import date

    from budgets import services as budgets
    from budgets.models import FundSource

    budget = budgets.budget_create(
        actor=world.udp,
        ambito=world.ambito_a,
        title=f"Bilancio {first_year}-{last_year}",
        first_year=first_year,
        last_year=last_year,
    )
    version = budget.versions.get()
    for year, amount in amounts.items():
        budgets.allocation_set(
            actor=world.udp, version=version, year=year, source=FundSource.FNPS, amount=D(amount)
        )
    line = budgets.line_save(
        actor=world.udp,
        version=version,
        area="Famiglie e minori",
        action=action,
        fundings={(year, FundSource.FNPS): D(amount) for year, amount in amounts.items()},
    )
    if approve:
        budgets.version_approve_outside(
            actor=world.udp,
            version=version,
            reference="Assemblea dei Sindaci, n. 3/2026",
            on=date(first_year, 3, 20),
        )
    return line
