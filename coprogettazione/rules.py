"""The one place that says who may read and change a co-design procedure and what each state allows. Services enforce
it; views, the API and templates only ask. No other module spells a status out.

A procedure is the promoter's: a comune's is run by whoever may change that comune in the registry (its officers,
the Ufficio di Piano of its ambito); one promoted for the ambito is run by the ambito's Ufficio di Piano. It is seen by
whoever sees the promoter, by every member of the ambito it is for, and by the third-sector bodies that applied."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from coprogettazione.models import Procedure, ProcedureStatus
from governance import permissions
from governance.models import Ambito, Organization, RoleAssignment

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
    return Procedure.objects.filter(Q(promoter__in=promoters, ambito__isnull=True) | Q(ambito__in=ambiti))


def may_manage(user: Any, procedure: Procedure) -> bool:
    if procedure.ambito is not None:
        return permissions.has_object_permission(user, procedure.ambito, permissions.CHANGE)
    return permissions.has_object_permission(user, procedure.promoter, permissions.CHANGE)


def require_manage(user: Any, procedure: Procedure) -> None:
    if user is not None and not may_manage(user, procedure):
        raise PermissionDenied(_("Solo l'amministrazione procedente gestisce questa procedura."))


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
