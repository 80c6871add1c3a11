"""Every write to agreements: drafting, parties, articles, lifecycle, amendments, withdrawal, money."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import blanks, lifecycle, money
from agreements import documents as agreement_documents
from agreements.calendar import add_months, end_after_months
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    AmendmentApproval,
    Article,
    Installment,
    MoneyClause,
    Party,
    PartyRole,
    Payment,
    Premise,
    Share,
    SplitCriterion,
    VersionStatus,
)
from governance import permissions
from governance.models import Ambito, AuditAction, Organization, PopulationFigure
from governance.services.audit import audit_record, save_changes, save_new, snapshot

S = AgreementStatus


def _require_manage(actor: Any, ambito: Ambito) -> None:
    """The Ufficio di Piano of the agreement's ambito drafts and manages it (actor None: the system)."""
    if actor is not None and not permissions.can_manage_ambito(actor, ambito):
        raise PermissionDenied(_("Solo l'Ufficio di Piano dell'ambito può modificare questo accordo."))


def _sync_grants(agreement: Agreement) -> None:
    """Who may see an agreement depends on its ambito, its parties and its status: refresh their groups."""
    permissions.sync_groups_for_ambito(agreement.ambito)
    permissions.sync_groups_of(Organization.objects.filter(agreement_parties__agreement=agreement))


def _require_status(agreement: Agreement, *allowed: str) -> None:
    if agreement.status not in allowed:
        raise ValidationError(
            _("Operazione non possibile su un accordo «%(status)s».")
            % {"status": agreement.get_status_display()}
        )


def current_version(agreement: Agreement) -> AgreementVersion:
    version = (
        agreement.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.CURRENT])
        .order_by("-number")
        .first()
    )
    if version is None:
        raise ValidationError(_("L'accordo non ha un testo."))
    return version


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
    _require_status(party.agreement, S.DRAFT, S.IN_APPROVAL)
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


def _editable_version(agreement: Agreement) -> AgreementVersion:
    version = agreement.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.PROPOSED]).order_by(
        "-number"
    )
    found = version.first()
    if found is None:
        raise ValidationError(_("Il testo vigente non si modifica: proponi una modifica (nuova versione)."))
    if found.status == VersionStatus.DRAFT:
        _require_status(agreement, S.DRAFT)
    return found


class EditConflict(ValidationError):
    """Someone else saved the article since this editor opened it."""


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


RENEWABLE = (S.IN_FORCE, S.EXPIRED)


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


# --- templates and blanks ------------------------------------------------------------------------------


def unfilled_blanks(agreement: Agreement) -> dict[str, list[str]]:
    """Where the text still has blanks, e.g. {"Art. 3": ["[[asl.nome]]"], "Premessa 2": [...]}."""
    version = current_version(agreement)
    found: dict[str, list[str]] = {}
    for premise in version.premises.all():
        if names := blanks.blanks_in(premise.text):
            found[_("Premessa %(n)d") % {"n": premise.position}] = names
    for article in version.articles.all():
        if names := blanks.blanks_in(f"{article.title}\n{article.body}"):
            found[_("Art. %(n)d") % {"n": article.number}] = names
    return found


@transaction.atomic
def template_instantiate(
    *,
    actor: Any,
    template: AgreementTemplate,
    ambito: Ambito,
    title: str,
    organizations: dict[str, Organization],
    values: dict[str, str] | None = None,
    on: date | None = None,
) -> tuple[Agreement, list[str]]:
    """A draft agreement from a template: one party per slot, blanks filled from the registry (names, codici
    fiscali, seats, representatives) and from `values`. Returns the agreement and the blanks left open."""
    slots = list(template.slots.all())
    missing = [slot.label for slot in slots if slot.key not in organizations]
    if missing:
        raise ValidationError(_("Indica l'ente per: %(slots)s.") % {"slots": ", ".join(missing)})
    agreement = agreement_create(actor=actor, ambito=ambito, kind=template.kind, title=title)
    version = current_version(agreement)
    day = on or timezone.localdate()

    def filled(text: str) -> blanks.Filling:
        return blanks.fill(text, organizations=organizations, ambito=ambito, values=values or {}, on=day)

    open_blanks: list[str] = []
    for slot in slots:
        Party.objects.create(
            agreement=agreement,
            organization=organizations[slot.key],
            role=slot.role,
            signing_order=slot.position,
        )
    premises = []
    for premise in template.premises.all():
        text = filled(premise.text)
        open_blanks += text.unfilled
        premises.append(
            Premise(version=version, section=premise.section, position=premise.position, text=text.text)
        )
    Premise.objects.bulk_create(premises)
    articles = []
    for article in template.articles.all():
        filled_title = filled(article.title)
        filled_body = filled(article.body)
        open_blanks += filled_title.unfilled + filled_body.unfilled
        articles.append(
            Article(version=version, number=article.number, title=filled_title.text, body=filled_body.text)
        )
    Article.objects.bulk_create(articles)
    _sync_grants(agreement)
    return agreement, sorted(set(open_blanks))


@transaction.atomic
def blank_fill(*, actor: Any, agreement: Agreement, blank: str, value: str) -> int:
    """Write `value` wherever the editable text has `blank` (e.g. "[[data_conferenza_unificata]]")."""
    _require_manage(actor, agreement.ambito)
    if not value.strip():
        raise ValidationError({"value": _("Scrivi il testo che sostituisce lo spazio vuoto.")})
    version = _editable_version(agreement)
    changed = 0
    for premise in version.premises.filter(text__contains=blank):
        save_changes(premise, actor=actor, changes={"text": premise.text.replace(blank, value)})
        changed += 1
    for article in version.articles.select_for_update().filter(
        Q(body__contains=blank) | Q(title__contains=blank)
    ):
        save_changes(
            article,
            actor=actor,
            changes={
                "body": article.body.replace(blank, value),
                "title": article.title.replace(blank, value),
                "revision": article.revision + 1,
                "updated_by": actor,
            },
        )
        changed += 1
    if not changed:
        raise ValidationError({"blank": _("Lo spazio %(blank)s non compare nel testo.") % {"blank": blank}})
    return changed


# --- the printed agreement -----------------------------------------------------------------------------


@transaction.atomic
def agreement_document_request(*, actor: Any, agreement: Agreement) -> AgreementDocument:
    """Ask the worker for the PDF of the current text; shown as queued, rendering, ready or failed."""
    _require_manage(actor, agreement.ambito)
    return agreement_documents.request_render(
        agreement=agreement, version=current_version(agreement), actor=actor
    )


# --- lifecycle -----------------------------------------------------------------------------------------


def _signing_parties(agreement: Agreement) -> list[Party]:
    return [party for party in agreement.parties.all() if party.role != PartyRole.ADERENTE]


def _guard(agreement: Agreement, target: str) -> None:
    problems: list[str] = []
    signing = _signing_parties(agreement)
    if target == S.IN_APPROVAL:
        if len(signing) < 2:
            problems.append(_("servono almeno due parti firmatarie"))
        if not current_version(agreement).articles.exists():
            problems.append(_("il testo non ha articoli"))
    elif target == S.APPROVED:
        missing = [str(party.organization) for party in signing if not party.has_authorising_act]
        if missing:
            problems.append(_("manca la deliberazione di: %(parties)s") % {"parties": ", ".join(missing)})
        signed = [str(party.organization) for party in signing if party.signed_at]
        if agreement.status == S.IN_SIGNATURE and signed:
            problems.append(
                _("hanno già firmato: %(parties)s (le firme raccolte resterebbero senza effetto)")
                % {"parties": ", ".join(signed)}
            )
    elif target == S.IN_SIGNATURE:
        missing = [str(party.organization) for party in signing if party.signatory_id is None]
        if missing:
            problems.append(_("manca il firmatario di: %(parties)s") % {"parties": ", ".join(missing)})
        if agreement.end_date and agreement.end_date < timezone.localdate():
            problems.append(
                _("la scadenza del %(date)s è già passata: aggiorna le date di validità")
                % {"date": agreement.end_date.strftime("%d/%m/%Y")}
            )
        open_blanks = unfilled_blanks(agreement)
        if open_blanks:
            problems.append(
                _("restano spazi da compilare: %(blanks)s")
                % {
                    "blanks": "; ".join(
                        f"{where}: {', '.join(names)}" for where, names in open_blanks.items()
                    )
                }
            )
    elif target == S.IN_FORCE:
        missing = [str(party.organization) for party in signing if party.signed_at is None]
        if missing:
            problems.append(_("mancano le firme di: %(parties)s") % {"parties": ", ".join(missing)})
    if problems:
        raise ValidationError(
            _("Non si può passare a «%(target)s»: %(problems)s.")
            % {"target": S(target).label, "problems": "; ".join(problems)},
            code="guard",
        )


@transaction.atomic
def agreement_transition(*, actor: Any, agreement: Agreement, to: str, on: date | None = None) -> Agreement:
    """Move the agreement through its lifecycle; illegal or premature transitions are clear errors."""
    _require_manage(actor, agreement.ambito)
    # Lock the row, then work on the caller's own instance so that it reflects the new state.
    Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("pk").get()
    agreement.refresh_from_db()
    lifecycle.check_transition(agreement.status, to)
    _guard(agreement, to)
    changes: dict[str, Any] = {"status": to}
    if to == S.IN_FORCE:
        start = on or timezone.localdate()
        changes["in_force_since"] = start
        if agreement.starts_on_signature and agreement.start_date is None:
            changes["start_date"] = start
        if agreement.end_date and agreement.end_date < changes.get(
            "start_date", agreement.start_date or start
        ):
            raise ValidationError(
                _(
                    "Non si può passare a «%(target)s»: l'accordo scadrebbe il %(end)s, prima di decorrere "
                    "(%(start)s)."
                )
                % {
                    "target": S.IN_FORCE.label,
                    "end": agreement.end_date.strftime("%d/%m/%Y"),
                    "start": changes.get("start_date", agreement.start_date or start).strftime("%d/%m/%Y"),
                },
                code="guard",
            )
        version = current_version(agreement)
        version.status = VersionStatus.CURRENT
        version.save(update_fields=["status", "updated_at"])
    save_changes(agreement, actor=actor, changes=changes)
    if to == S.IN_SIGNATURE:
        # The parties sign the PDF of the text as it is now: drop any earlier rendering and queue a new one.
        version = current_version(agreement)
        AgreementDocument.objects.filter(version=version).delete()
        agreement_documents.request_render(agreement=agreement, version=version, actor=actor)
    _sync_grants(agreement)
    return agreement


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


# --- money ---------------------------------------------------------------------------------------------


def population_weights(parties: Sequence[Party], year: int) -> list[int]:
    """Resident population at 31/12 of the year before `year` (ISTAT's 1 January figure is the same instant)."""
    instants = [date(year - 1, 12, 31), date(year, 1, 1)]
    figures = dict(
        PopulationFigure.objects.filter(
            organization__in=[party.organization_id for party in parties], reference_date__in=instants
        ).values_list("organization_id", "population")
    )
    missing = [str(party.organization) for party in parties if party.organization_id not in figures]
    if missing:
        raise ValidationError(
            _("Manca la popolazione al 31/12/%(year)d di: %(parties)s.")
            % {"year": year - 1, "parties": ", ".join(missing)}
        )
    return [figures[party.organization_id] for party in parties]


@transaction.atomic
def money_clause_create(
    *,
    actor: Any,
    agreement: Agreement,
    description: str,
    total: Decimal,
    criterion: str,
    parties: Sequence[Party] | None = None,
    weights: Sequence[Decimal] | None = None,
    fixed_amounts: Sequence[Decimal] | None = None,
    **fields: Any,
) -> MoneyClause:
    """A cost split among parties: fixed amounts (which must add up to the total), equal parts, population or
    weights. Shares always sum to the total to the cent."""
    _require_manage(actor, agreement.ambito)
    parties = list(parties if parties is not None else agreement.parties.exclude(role=PartyRole.ADERENTE))
    clause = MoneyClause(
        agreement=agreement, description=description, total=total, criterion=criterion, **fields
    )
    save_new(clause, actor=actor)
    used_weights: list[Decimal | None] = [None] * len(parties)
    if criterion == SplitCriterion.FIXED:
        if fixed_amounts is None or len(fixed_amounts) != len(parties):
            raise ValidationError(_("Indica un importo per ciascuna parte."))
        if sum(fixed_amounts, Decimal(0)) != total:
            raise ValidationError(
                _("La somma delle quote (%(sum)s) non corrisponde al totale (%(total)s).")
                % {"sum": sum(fixed_amounts, Decimal(0)), "total": total}
            )
        amounts = list(fixed_amounts)
    else:
        if criterion == SplitCriterion.EQUAL:
            split_weights: list[Decimal | int] = [1] * len(parties)
        elif criterion == SplitCriterion.POPULATION:
            if clause.population_year is None:
                raise ValidationError({"population_year": _("Indica l'anno del riparto.")})
            split_weights = list(population_weights(parties, clause.population_year))
        else:
            if weights is None or len(weights) != len(parties):
                raise ValidationError(_("Indica un peso per ciascuna parte."))
            split_weights = list(weights)
        amounts = money.split_largest_remainder(total, split_weights)
        used_weights = [Decimal(weight) for weight in split_weights]
    Share.objects.bulk_create(
        [
            Share(clause=clause, party=party, weight=weight, amount=amount)
            for party, weight, amount in zip(parties, used_weights, amounts, strict=True)
        ]
    )
    return clause


@transaction.atomic
def installments_schedule(*, actor: Any, clause: MoneyClause, start: date, end: date) -> int:
    """(Re)build every share's installments, e.g. quarterly in advance over the agreement's year."""
    _require_manage(actor, clause.agreement.ambito)
    if not clause.installments_every_months:
        raise ValidationError(_("La clausola non prevede rate."))
    created = 0
    for share in clause.shares.all():
        for old in share.installments.all():
            audit_record(actor=actor, instance=old, action=AuditAction.DELETE, before=snapshot(old))
        share.installments.all().delete()
        plan = money.installment_schedule(
            share.amount,
            start=start,
            end=end,
            every_months=clause.installments_every_months,
            in_advance=clause.installments_in_advance,
        )
        for row in Installment.objects.bulk_create(
            [
                Installment(share=share, sequence=i.sequence, due_date=i.due_date, amount=i.amount)
                for i in plan
            ]
        ):
            audit_record(actor=actor, instance=row, action=AuditAction.CREATE)
        created += len(plan)
    return created


@transaction.atomic
def payment_record(
    *, actor: Any, share: Share, paid_on: date, amount: Decimal, reference: str = ""
) -> Payment:
    _require_manage(actor, share.clause.agreement.ambito)
    payment = Payment(share=share, paid_on=paid_on, amount=amount, reference=reference, recorded_by=actor)
    save_new(payment, actor=actor)
    return payment
