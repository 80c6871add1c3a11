"""Amendments approved by every party; withdrawal with notice; later adhesion."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.calendar import add_months
from agreements.models import (
    Agreement,
    AgreementVersion,
    AmendmentApproval,
    Article,
    Party,
    PartyRole,
    Premise,
    VersionStatus,
)
from agreements.services.base import S, _require_manage, _require_status, _sync_grants
from core.audit import audit_record, save_changes, save_new
from governance.models import Organization

# --- amendments ----------------------------------------------------------------------------------------


@transaction.atomic
def amendment_propose(*, actor: Any, agreement: Agreement, reason: str) -> AgreementVersion:
    """A new version, copied from the one in force, to edit and then have approved by every party."""
    _require_manage(actor, agreement.ambito)
    _require_status(agreement, S.IN_FORCE)
    if agreement.versions.filter(status=VersionStatus.PROPOSED).exists():
        raise ValidationError(_("C'è già una modifica in corso di approvazione."))
    base = agreement.versions.get(status=VersionStatus.CURRENT)
    proposed = AgreementVersion.objects.create(
        agreement=agreement,
        number=base.number + 1,
        status=VersionStatus.PROPOSED,
        reason=reason,
        created_by=actor,
    )
    Article.objects.bulk_create(
        [Article(version=proposed, number=a.number, title=a.title, body=a.body) for a in base.articles.all()]
    )
    Premise.objects.bulk_create(
        [
            Premise(version=proposed, section=p.section, position=p.position, text=p.text)
            for p in base.premises.all()
        ]
    )
    audit_record(actor=actor, instance=proposed, action="create")
    return proposed


def parties_in_force(agreement: Agreement, day: date) -> list[Party]:
    return [
        party
        for party in agreement.parties.all()
        if (party.joined_on is None or party.joined_on <= day)
        and (party.withdrawal_effective_on is None or day < party.withdrawal_effective_on)
    ]


@transaction.atomic
def amendment_approve(
    *, actor: Any, version: AgreementVersion, party: Party, organ_name: str, act_number: str, act_date: date
) -> AgreementVersion:
    """Record one party's deliberation; when every party in force has approved, the version takes effect."""
    agreement = version.agreement
    _require_manage(actor, agreement.ambito)
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError(_("Questa versione non è una modifica in approvazione."))
    if party.agreement_id != agreement.pk:
        raise ValidationError(_("L'ente non è parte di questo accordo."))
    approval = AmendmentApproval(
        version=version, party=party, organ_name=organ_name, act_number=act_number, act_date=act_date
    )
    save_new(approval, actor=actor)
    needed = {p.pk for p in parties_in_force(agreement, act_date)}
    approved = set(version.approvals.values_list("party_id", flat=True))
    if needed <= approved:
        agreement.versions.filter(status=VersionStatus.CURRENT).update(status=VersionStatus.SUPERSEDED)
        version.status = VersionStatus.CURRENT
        version.save(update_fields=["status", "updated_at"])
    return version


# --- withdrawal and adhesion ---------------------------------------------------------------------------


@transaction.atomic
def party_withdraw(*, actor: Any, party: Party, notified_on: date, continuing_obligations: str = "") -> Party:
    """Recesso: effective after the agreement's notice (seed 000: at least 6 months to the referente)."""
    _require_manage(actor, party.agreement.ambito)
    _require_status(party.agreement, S.IN_FORCE)
    if party.withdrawal_notified_on is not None:
        raise ValidationError(_("Il recesso di questo ente è già stato registrato."))
    effective = add_months(notified_on, party.agreement.withdrawal_notice_months)
    save_changes(
        party,
        actor=actor,
        changes={
            "withdrawal_notified_on": notified_on,
            "withdrawal_effective_on": effective,
            "continuing_obligations": continuing_obligations,
        },
    )
    return party


@transaction.atomic
def party_adhere(
    *, actor: Any, agreement: Agreement, organization: Organization, joined_on: date, **fields: Any
) -> Party:
    """A body joins an agreement already in force (an adhering ETS, or a comune that joins later)."""
    _require_manage(actor, agreement.ambito)
    _require_status(agreement, S.IN_FORCE)
    fields.setdefault("role", PartyRole.ADERENTE)
    fields.setdefault("signing_order", agreement.parties.count() + 1)
    party = Party(agreement=agreement, organization=organization, joined_on=joined_on, **fields)
    save_new(party, actor=actor)
    _sync_grants(agreement)
    return party
