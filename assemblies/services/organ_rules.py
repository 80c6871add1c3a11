"""Setting an organ's rules: the Ufficio di Piano that manages the organ sets what the acts leave undefined."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblies import rules
from assemblies.models import MajorityKind, MajorityRequirement, OrganRules, VoteQuota
from core.audit import AuditAction, audit_record, save_changes, save_new, snapshot
from governance.models import Organ, Organization

RULE_FIELDS = frozenset(
    {
        "quorum_numerator",
        "quorum_denominator",
        "quorum_strict",
        "second_call_numerator",
        "second_call_denominator",
        "second_call_strict",
        "abstentions_count_as_present",
        "tie_rule",
        "minutes_regime",
        "weighting",
        "proxies_allowed",
        "proxy_limit",
        "member_check_in",
        "min_sessions_per_year",
        "notice_days",
        "legal_basis",
    }
)


def _require_set(actor: Any, organ: Organ) -> None:
    if actor is not None and not rules.may_set_rules(actor, organ):
        raise PermissionDenied(_("Solo l'Ufficio di Piano che gestisce l'organo ne imposta le regole."))


def _rules_row(organ: Organ) -> OrganRules:
    """The organ's rules row, locked; created empty (every rule "da definire") the first time."""
    OrganRules.objects.get_or_create(
        organ=organ, defaults={"minutes_regime": rules.default_minutes_regime(organ)}
    )
    return OrganRules.objects.select_for_update().get(organ=organ)


@transaction.atomic
def organ_rules_update(*, actor: Any, organ: Organ, **changes: Any) -> OrganRules:
    _require_set(actor, organ)
    unknown = set(changes) - RULE_FIELDS
    if unknown:
        raise ValidationError(_("Campi sconosciuti: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    row = _rules_row(organ)
    for prefix, label in (("quorum", _("il numero legale")), ("second_call", _("la seconda convocazione"))):
        numerator = changes.get(f"{prefix}_numerator", getattr(row, f"{prefix}_numerator"))
        denominator = changes.get(f"{prefix}_denominator", getattr(row, f"{prefix}_denominator"))
        if (numerator is None) != (denominator is None):
            raise ValidationError(
                {
                    f"{prefix}_denominator": _("Per %(what)s indica numeratore e denominatore.")
                    % {"what": label}
                }
            )
    if changes.get("proxies_allowed") is False:
        changes.setdefault("proxy_limit", None)
    save_changes(row, actor=actor, changes=changes)
    return row


@transaction.atomic
def majority_set(
    *,
    actor: Any,
    organ: Organ,
    decision_kind: str,
    kind: str,
    share_numerator: int | None = None,
    share_denominator: int | None = None,
    of_members: bool = True,
    source: str = "",
) -> MajorityRequirement:
    _require_set(actor, organ)
    row = _rules_row(organ)
    if kind != MajorityKind.QUALIFIED:
        share_numerator = share_denominator = None
    existing = MajorityRequirement.objects.filter(rules=row, decision_kind=decision_kind).first()
    values = {
        "kind": kind,
        "share_numerator": share_numerator,
        "share_denominator": share_denominator,
        "of_members": of_members,
        "source": source,
    }
    if existing is not None:
        save_changes(existing, actor=actor, changes=values)
        return existing
    requirement = MajorityRequirement(rules=row, decision_kind=decision_kind, **values)
    save_new(requirement, actor=actor)
    return requirement


@transaction.atomic
def majority_remove(*, actor: Any, organ: Organ, decision_kind: str) -> None:
    _require_set(actor, organ)
    requirement = MajorityRequirement.objects.filter(rules__organ=organ, decision_kind=decision_kind).first()
    if requirement is None:
        return
    audit_record(actor=actor, instance=requirement, action=AuditAction.DELETE, before=snapshot(requirement))
    requirement.delete()


@transaction.atomic
def quota_set(
    *, actor: Any, organ: Organ, organization: Organization, quota: Decimal | None
) -> VoteQuota | None:
    """A member's set quota (None removes it)."""
    _require_set(actor, organ)
    row = _rules_row(organ)
    existing = VoteQuota.objects.filter(rules=row, organization=organization).first()
    if quota is None:
        if existing is not None:
            audit_record(actor=actor, instance=existing, action=AuditAction.DELETE, before=snapshot(existing))
            existing.delete()
        return None
    members = rules.member_bodies(organ, timezone.localdate())
    if not members.filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("%(body)s non è componente dell'organo.") % {"body": organization}}
        )
    if existing is not None:
        save_changes(existing, actor=actor, changes={"quota": quota})
        return existing
    created = VoteQuota(rules=row, organization=organization, quota=quota)
    save_new(created, actor=actor)
    return created
