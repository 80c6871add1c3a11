"""Drafting: the agreement, its parties, premises and articles (conflict-safe), renewal."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import rules
from agreements.calendar import end_after_months
from agreements.models import (
    Agreement,
    AgreementVersion,
    Article,
    Party,
    Premise,
    VersionStatus,
)
from agreements.rules import RENEWABLE
from agreements.services.base import (
    EditConflict,
    S,
    _editable_version,
    _require_manage,
    _require_status,
    _sync_grants,
    current_version,
)
from core.audit import audit_record, save_changes, save_new, snapshot
from core.models import AuditAction
from governance.models import Ambito, Organization

# --- drafting ------------------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, actor: Any, ambito: Ambito, kind: str, title: str, **fields: Any) -> Agreement:
    _require_manage(actor, ambito)
    agreement = Agreement(ambito=ambito, kind=kind, title=title, status=S.DRAFT, **fields)
    save_new(agreement, actor=actor)
    AgreementVersion.objects.create(
        agreement=agreement, number=1, status=VersionStatus.DRAFT, created_by=actor
    )
    _sync_grants(agreement)  # else the ambito's own Ufficio di Piano cannot open it until a party is added
    return agreement


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, **changes: Any) -> list[str]:
    _require_manage(actor, agreement.ambito)
    _require_status(agreement, S.DRAFT)
    return save_changes(agreement, actor=actor, changes=changes)


@transaction.atomic
def party_add(*, actor: Any, agreement: Agreement, organization: Organization, **fields: Any) -> Party:
    _require_manage(actor, agreement.ambito)
    _require_status(agreement, S.DRAFT)
    party = Party(agreement=agreement, organization=organization, **fields)
    save_new(party, actor=actor)
    _sync_grants(agreement)
    return party


@transaction.atomic
def party_update(*, actor: Any, party: Party, **changes: Any) -> list[str]:
    """Signatory, capacity, role and signing order can change until signing starts."""
    _require_manage(actor, party.agreement.ambito)
    _require_status(party.agreement, S.DRAFT, S.IN_APPROVAL, S.APPROVED)
    return save_changes(party, actor=actor, changes=changes)


@transaction.atomic
def party_record_authorisation(
    *, actor: Any, party: Party, organ_name: str, act_number: str, act_date: date
) -> Party:
    """The deliberation that approves the agreement and authorises the party's signatory."""
    _require_manage(actor, party.agreement.ambito)
    if not rules.deliberations_recordable(party.agreement):
        _require_status(party.agreement, *rules.DELIBERATION_STATES)
    save_changes(
        party,
        actor=actor,
        changes={"authorising_organ_name": organ_name, "act_number": act_number, "act_date": act_date},
    )
    return party


@transaction.atomic
def premise_add(*, actor: Any, agreement: Agreement, section: str, text: str) -> Premise:
    _require_manage(actor, agreement.ambito)
    version = _editable_version(agreement)
    position = (version.premises.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    premise = Premise(version=version, section=section, position=position, text=text)
    save_new(premise, actor=actor)
    return premise


@transaction.atomic
def premise_update(*, actor: Any, premise: Premise, section: str, text: str) -> list[str]:
    agreement = premise.version.agreement
    _require_manage(actor, agreement.ambito)
    if _editable_version(agreement).pk != premise.version_id:
        raise ValidationError(_("Questa premessa appartiene a un testo che non si modifica più."))
    return save_changes(premise, actor=actor, changes={"section": section, "text": text})


@transaction.atomic
def premise_delete(*, actor: Any, premise: Premise) -> None:
    agreement = premise.version.agreement
    _require_manage(actor, agreement.ambito)
    if _editable_version(agreement).pk != premise.version_id:
        raise ValidationError(_("Questa premessa appartiene a un testo che non si modifica più."))
    audit_record(actor=actor, instance=premise, action=AuditAction.DELETE, before=snapshot(premise))
    premise.delete()


@transaction.atomic
def article_delete(*, actor: Any, agreement: Agreement, number: int) -> None:
    """Remove article `number` from the text being drafted; the following ones keep their numbers (the
    editor renumbers them by saving, so that references in the text are checked by a person)."""
    _require_manage(actor, agreement.ambito)
    version = _editable_version(agreement)
    article = Article.objects.select_for_update().filter(version=version, number=number).first()
    if article is None:
        raise ValidationError(_("L'articolo %(n)d non esiste.") % {"n": number})
    audit_record(actor=actor, instance=article, action=AuditAction.DELETE, before=snapshot(article))
    article.delete()


@transaction.atomic
def party_remove(*, actor: Any, party: Party) -> None:
    """Take a party out of a draft (once the agreement is out for approval, parties leave by withdrawal)."""
    agreement = party.agreement
    _require_manage(actor, agreement.ambito)
    _require_status(agreement, S.DRAFT)
    if party.shares.exists():
        raise ValidationError(
            _("%(party)s ha quote in una clausola economica: elimina prima la clausola.")
            % {"party": party.organization}
        )
    audit_record(actor=actor, instance=party, action=AuditAction.DELETE, before=snapshot(party))
    party.delete()
    _sync_grants(agreement)


@transaction.atomic
def article_save(
    *,
    actor: Any,
    agreement: Agreement,
    number: int,
    title: str,
    body: str,
    expected_revision: int | None,
) -> Article:
    """Create article `number`, or update it if `expected_revision` is the revision the editor started from.
    A stale revision is a conflict: nothing is overwritten and the editor is told who changed it."""
    _require_manage(actor, agreement.ambito)
    version = _editable_version(agreement)
    article = Article.objects.select_for_update().filter(version=version, number=number).first()
    if article is None:
        if expected_revision not in (None, 0):
            raise EditConflict(_("L'articolo %(n)d è stato eliminato nel frattempo.") % {"n": number})
        article = Article(version=version, number=number, title=title, body=body, updated_by=actor)
        save_new(article, actor=actor)
        return article
    if expected_revision is None or article.revision != expected_revision:
        who = (
            article.updated_by.get_full_name() or article.updated_by.username
            if article.updated_by
            else _("altri")
        )
        raise EditConflict(
            _(
                "L'articolo %(n)d è stato modificato da %(who)s il %(when)s mentre lo stavi modificando: "
                "ricarica il testo attuale e riapplica le tue modifiche."
            )
            % {
                "n": number,
                "who": who,
                "when": timezone.localtime(article.updated_at).strftime("%d/%m/%Y %H:%M"),
            },
            code="conflict",
        )
    if (article.title, article.body) != (title, body):
        save_changes(
            article,
            actor=actor,
            changes={"title": title, "body": body, "updated_by": actor, "revision": article.revision + 1},
        )
    return article


@transaction.atomic
def agreement_renew(*, actor: Any, old: Agreement, title: str | None = None) -> Agreement:
    """A draft that renews `old`: same kind, ambito and validity settings, its parties (who signs for each, in
    what capacity and order, but no deliberations, signatures or withdrawals) and the text in force.
    Parties that gave notice of withdrawal are left out: they are leaving the old agreement."""
    _require_manage(actor, old.ambito)
    _require_status(old, *RENEWABLE)
    pending = old.renewals.filter(status=S.DRAFT).first()
    if pending is not None:
        raise ValidationError(
            _("Il rinnovo di questo accordo è già in bozza: «%(title)s».") % {"title": pending.title}
        )
    # The new period follows the old one; a declared duration gives its end.
    start = old.end_date + timedelta(days=1) if old.end_date else None
    end = end_after_months(start, old.duration_months) if start and old.duration_months else None
    agreement = agreement_create(
        actor=actor,
        ambito=old.ambito,
        kind=old.kind,
        title=title or _("%(title)s (rinnovo)") % {"title": old.title},
        place=old.place,
        start_date=start,
        end_date=end,
        duration_months=old.duration_months,
        starts_on_signature=old.starts_on_signature,
        until_event=old.until_event,
        withdrawal_notice_months=old.withdrawal_notice_months,
        renews=old,
    )
    for party in old.parties.filter(withdrawal_notified_on__isnull=True).order_by("signing_order", "pk"):
        copy = Party(
            agreement=agreement,
            organization_id=party.organization_id,
            role=party.role,
            represents_id=party.represents_id,
            signatory_id=party.signatory_id,
            signatory_capacity=party.signatory_capacity,
            signing_order=party.signing_order,
        )
        save_new(copy, actor=actor)
    base = current_version(old)
    version = current_version(agreement)
    Premise.objects.bulk_create(
        [
            Premise(version=version, section=p.section, position=p.position, text=p.text)
            for p in base.premises.all()
        ]
    )
    Article.objects.bulk_create(
        [
            Article(version=version, number=a.number, title=a.title, body=a.body, updated_by=actor)
            for a in base.articles.all()
        ]
    )
    _sync_grants(agreement)
    return agreement
