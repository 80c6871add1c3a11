"""The one place that says who may read and change a co-design procedure and what each state allows. Services enforce
it; views, the API and templates only ask. No other module spells a status out.

A procedure is the promoter's: a comune's is run by whoever may change that comune in the registry (its officers,
the Ufficio di Piano of its ambito); one promoted for the ambito is run by the ambito's Ufficio di Piano. It is seen by
whoever sees the promoter, by every member of the ambito it is for, and by the third-sector bodies that applied."""

from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from agreements.calendar import add_months
from budgets import rules as budget_rules
from coprogettazione.models import (
    Application,
    ApplicationStatus,
    ExpenseReport,
    ExpenseStatus,
    Partnership,
    PartnershipStatus,
    Procedure,
    ProcedureStatus,
    ProgrammeFunding,
)
from governance import permissions
from governance.models import Ambito, Organization, Role, RoleAssignment

P = ProcedureStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    P.PREPARATION: frozenset({P.CALL_OPEN}),
    P.CALL_OPEN: frozenset({P.EVALUATION}),
    P.EVALUATION: frozenset({P.PARTNERSHIPS}),
    P.PARTNERSHIPS: frozenset({P.RUNNING}),
    P.RUNNING: frozenset({P.CLOSED}),
    P.CLOSED: frozenset(),
}
# The programmes and their figures are settled before the call: afterwards they change only by the acts that
# follow (extensions, CCNL revisions), which are recorded as such.
PROGRAMMES_EDITABLE = frozenset({P.PREPARATION})


def user_organizations(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(
        pk__in=RoleAssignment.objects.filter(user=user).values("organization_id")
    )


def visible_procedures(user: Any) -> QuerySet[Procedure]:
    if not (user.is_authenticated and user.is_active):
        return Procedure.objects.none()
    if permissions.is_platform_admin(user):
        return Procedure.objects.all()
    promoters = permissions.filter_visible(user, Organization.objects.all())
    ambiti = permissions.filter_visible(user, Ambito.objects.all())
    # A third-sector body sees the open calls (they are public notices) and the procedures it applied to.
    applied = Application.objects.filter(members__organization__in=user_organizations(user)).values(
        "procedure_id"
    )
    third_sector = RoleAssignment.objects.filter(user=user, role=Role.ETS).exists()
    open_calls = Q(status=P.CALL_OPEN) if third_sector else Q(pk__in=[])
    return Procedure.objects.filter(
        Q(promoter__in=promoters, ambito__isnull=True) | Q(ambito__in=ambiti) | Q(pk__in=applied) | open_calls
    )


def may_manage(user: Any, procedure: Procedure) -> bool:
    if procedure.ambito is not None:
        return permissions.has_object_permission(user, procedure.ambito, permissions.CHANGE)
    return permissions.has_object_permission(user, procedure.promoter, permissions.CHANGE)


def require_manage(user: Any, procedure: Procedure) -> None:
    if user is not None and not may_manage(user, procedure):
        raise PermissionDenied(_("Solo l'amministrazione procedente gestisce questa procedura."))


def may_link_budget(user: Any, funding: ProgrammeFunding) -> bool:
    """An ambito's share is tied to its budget by whoever keeps that budget (its Ufficio di Piano), who need not run
    the procedure (P2 and P6 of the Comune di Crema are paid by the Cremasco ambito)."""
    ambito = funding.funder_ambito
    if user is None or ambito is None:
        return False
    return budget_rules.may_manage(user, ambito)


def may_promote(user: Any, promoter: Organization, ambito: Ambito | None) -> bool:
    if ambito is not None:
        return permissions.has_object_permission(user, ambito, permissions.CHANGE)
    return permissions.has_object_permission(user, promoter, permissions.CHANGE)


def check_promoter(promoter: Organization, ambito: Ambito | None) -> None:
    """The ambito's procedures are run by its capofila (seed 004: "Comune di Crema capofila d'Ambito")."""
    if ambito is not None and ambito.capofila_id != promoter.pk:
        raise ValidationError(
            {
                "promoter": _("La procedura dell'ambito la conduce il suo ente capofila, %(capofila)s.")
                % {"capofila": ambito.capofila}
            }
        )


def check_transition(procedure: Procedure, target: str) -> None:
    if target not in TRANSITIONS[procedure.status]:
        raise ValidationError(
            _("Una procedura «%(status)s» non passa a «%(target)s».")
            % {"status": procedure.get_status_display(), "target": ProcedureStatus(target).label},
            code="status",
        )


def next_statuses(procedure: Procedure) -> list[str]:
    return sorted(TRANSITIONS[procedure.status])


def programmes_editable(procedure: Procedure) -> bool:
    return procedure.status in PROGRAMMES_EDITABLE


def require_programmes_editable(procedure: Procedure) -> None:
    if not programmes_editable(procedure):
        raise ValidationError(
            _("La procedura è «%(status)s»: i programmi e i loro importi sono fissati dall'avviso.")
            % {"status": procedure.get_status_display()},
            code="status",
        )


# --- the call's rules (seed 004), each with its base -------------------------------------------------------

# "nel limite del 25% del valore complessivo della co-progettazione": over all extensions of the procedure.
EXTENSION_SHARE = Decimal("0.25")
# "Obbligo di co-finanziamento ... per un valore almeno pari a 10% del contributo comunale" (money and/or in kind).
CO_FINANCING_SHARE = Decimal("0.10")
# "Con preavviso di almeno 6 mesi ... comunicare la cessazione delle attività".
STOP_NOTICE_MONTHS = 6
CENT = Decimal("0.01")


def extension_cap(value: Decimal) -> Decimal:
    """25% of the co-design's value, rounded down to the cent (the cap is never exceeded by rounding)."""
    return (value * EXTENSION_SHARE).quantize(CENT, rounding=ROUND_FLOOR)


def co_financing_required(contribution: Decimal) -> Decimal:
    """10% of the municipal contribution over the convention's period, rounded up to the cent (never below 10%)."""
    return (contribution * CO_FINANCING_SHARE).quantize(CENT, rounding=ROUND_CEILING)


def earliest_stop(notified_on: date) -> date:
    return add_months(notified_on, STOP_NOTICE_MONTHS)


# --- applications, evaluation, partnerships -------------------------------------------------------------

A = ApplicationStatus
PS = PartnershipStatus


def accepts_applications(procedure: Procedure) -> bool:
    return procedure.status == P.CALL_OPEN


def in_evaluation(procedure: Procedure) -> bool:
    return procedure.status == P.EVALUATION


def selects_partners(procedure: Procedure) -> bool:
    return procedure.status in (P.EVALUATION, P.PARTNERSHIPS)


def criteria_editable(procedure: Procedure) -> bool:
    return procedure.status in (P.PREPARATION, P.CALL_OPEN)


def is_admitted(application: Application) -> bool:
    return application.status == A.ADMITTED


def admissible(application: Application) -> bool:
    return application.status in (A.SUBMITTED, A.EXCLUDED)


def application_statuses() -> type[ApplicationStatus]:
    return ApplicationStatus


def partnership_negotiating(partnership: Partnership) -> bool:
    return partnership.status == PS.NEGOTIATION


def partnership_active(partnership: Partnership) -> bool:
    return partnership.status == PS.ACTIVE


def partnership_statuses() -> type[PartnershipStatus]:
    return PartnershipStatus


def acts_for(user: Any, organization: Organization) -> bool:
    """The user holds a role for this body (an ETS's own users)."""
    return RoleAssignment.objects.filter(user=user, organization=organization).exists()


def may_apply(user: Any, procedure: Procedure, lead: Organization) -> bool:
    """An ETS applies for itself; the administration may register an application received on paper."""
    return acts_for(user, lead) or may_manage(user, procedure)


# --- expense reports --------------------------------------------------------------------------------------

E = ExpenseStatus

# Submitted by the partner, reviewed by the administration (approved whole, or with lines reduced for a reason), then
# paid through one or more liquidations.
EXPENSE_TRANSITIONS: dict[str, frozenset[str]] = {
    E.SUBMITTED: frozenset({E.UNDER_REVIEW}),
    E.UNDER_REVIEW: frozenset({E.APPROVED, E.REDUCED}),
    E.APPROVED: frozenset({E.PAID}),
    E.REDUCED: frozenset({E.PAID}),
    E.PAID: frozenset(),
}
REVIEWED = frozenset({E.APPROVED, E.REDUCED, E.PAID})
# What a receipt may be, by its first bytes: a PDF, a JPEG or a PNG.
RECEIPT_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def check_expense_transition(report: ExpenseReport, target: str) -> None:
    if target not in EXPENSE_TRANSITIONS[report.status]:
        raise ValidationError(
            _("Una rendicontazione «%(status)s» non passa a «%(target)s».")
            % {"status": report.get_status_display(), "target": ExpenseStatus(target).label},
            code="status",
        )


def expense_statuses() -> type[ExpenseStatus]:
    return ExpenseStatus


def reviewable(report: ExpenseReport) -> bool:
    return report.status == E.UNDER_REVIEW


def review_can_start(report: ExpenseReport) -> bool:
    return report.status == E.SUBMITTED


def payable(report: ExpenseReport) -> bool:
    return report.status in (E.APPROVED, E.REDUCED)


def is_reviewed(status: str) -> bool:
    return status in REVIEWED


def reviewed_statuses() -> frozenset[str]:
    return REVIEWED


def may_report(user: Any, partnership: Partnership) -> bool:
    """The partner's own users submit its reports (the lead of a grouping reports for it); the administration may
    register one received on paper."""
    return acts_for(user, partnership.application.lead) or may_manage(user, partnership.programme.procedure)


def visible_partnerships(user: Any) -> QuerySet[Partnership]:
    """The administration's partnerships, and a partner's own (any member of its grouping)."""
    if not (user.is_authenticated and user.is_active):
        return Partnership.objects.none()
    own = Partnership.objects.filter(application__members__organization__in=user_organizations(user)).values(
        "pk"
    )
    return Partnership.objects.filter(Q(programme__procedure__in=visible_procedures(user)) | Q(pk__in=own))


def sees_accounts(user: Any, procedure: Procedure) -> bool:
    """Who sees the procedure's money per programme (budgeted, reported, approved, paid): the administration and the
    bodies it concerns (the ambito's members for the ambito's procedure), not a third-sector body that only applied
    (it sees its own partnership's)."""
    owner = procedure.ambito if procedure.ambito is not None else procedure.promoter
    return permissions.has_object_permission(user, owner, permissions.VIEW)
