"""Writes about partners: the ETS's RUNTS data, applications, evaluation, the choice of partners, their convention
through the agreements machinery, and the call's rules that bind a partnership (co-financing, extensions within the
cap, stop notice, CCNL revisions)."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agreements import rules as agreement_rules
from agreements.models import AgreementTemplate
from agreements.services import party_add, template_instantiate
from coprogettazione import accounts, rules, selectors
from coprogettazione.models import (
    Application,
    ApplicationMember,
    CoFinancing,
    CommissionMember,
    CostRevision,
    Criterion,
    EtsProfile,
    Extension,
    GroupingKind,
    Partnership,
    Procedure,
    Programme,
    Score,
    StopNotice,
)
from core.audit import lock, save_changes, save_new
from governance import permissions
from governance.apportionment import euro
from governance.models import Ambito, Organization, OrganizationKind, Person

PARTNERSHIP_TEMPLATE = "Convenzione di co-progettazione tra l'amministrazione procedente e l'ETS partner"


def _require_ets(organization: Organization, field: str) -> None:
    if organization.kind != OrganizationKind.ETS:
        raise ValidationError(
            {field: _("%(body)s non è un Ente del Terzo Settore.") % {"body": organization}}
        )


@transaction.atomic
def ets_profile_save(*, actor: Any, organization: Organization, **fields: Any) -> EtsProfile:
    """The body's RUNTS data, kept by the body itself or by whoever edits it in the registry."""
    if actor is not None and not permissions.has_object_permission(actor, organization, permissions.CHANGE):
        raise PermissionDenied
    _require_ets(organization, "organization")
    profile = EtsProfile.objects.filter(organization=organization).first()
    if profile is None:
        profile = EtsProfile(organization=organization, **fields)
        save_new(profile, actor=actor)
    else:
        save_changes(profile, actor=actor, changes=fields)
    return profile


# --- applications --------------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    actor: Any,
    procedure: Procedure,
    programme: Programme,
    lead: Organization,
    grouping: str = GroupingKind.SINGLE,
    members: Sequence[Organization] = (),
    proposal: str = "",
) -> Application:
    """An ETS applies to a programme of an open call, alone or leading a grouping of other ETS."""
    if actor is not None and not rules.may_apply(actor, procedure, lead):
        raise PermissionDenied(_("Si candida l'ente per cui agisci."))
    lock(procedure)
    if not rules.accepts_applications(procedure):
        raise ValidationError(_("La procedura non raccoglie candidature ora."), code="status")
    if programme.procedure_id != procedure.pk:
        raise ValidationError({"programme": _("Il programma non è di questa procedura.")})
    _require_ets(lead, "lead")
    others = [member for member in members if member.pk != lead.pk]
    for member in others:
        _require_ets(member, "members")
    if grouping == GroupingKind.SINGLE and others:
        raise ValidationError({"members": _("Un ente singolo si candida senza altri enti.")})
    if grouping != GroupingKind.SINGLE and not others:
        raise ValidationError(
            {"members": _("Un raggruppamento indica almeno un altro ente oltre al capofila.")}
        )
    application = Application(
        procedure=procedure,
        programme=programme,
        lead=lead,
        grouping=grouping,
        proposal=proposal,
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    save_new(application, actor=actor)
    ApplicationMember.objects.create(application=application, organization=lead, is_lead=True)
    for member in others:
        ApplicationMember.objects.create(application=application, organization=member)
    return application


def _manage_evaluation(actor: Any, application: Application) -> Procedure:
    procedure = application.procedure
    rules.require_manage(actor, procedure)
    lock(procedure)
    if not rules.in_evaluation(procedure):
        raise ValidationError(_("Le candidature si valutano durante la fase di valutazione."), code="status")
    return procedure


@transaction.atomic
def application_admit(*, actor: Any, application: Application) -> Application:
    _manage_evaluation(actor, application)
    if not rules.admissible(application):
        raise ValidationError(
            _("La candidatura è già «%(status)s».") % {"status": application.get_status_display()}
        )
    save_changes(application, actor=actor, changes={"status": rules.A.ADMITTED, "exclusion_reason": ""})
    return application


@transaction.atomic
def application_exclude(*, actor: Any, application: Application, reason: str) -> Application:
    _manage_evaluation(actor, application)
    if not reason.strip():
        raise ValidationError({"reason": _("Indica il motivo dell'esclusione.")})
    if application.status in (rules.A.SELECTED, rules.A.NOT_SELECTED):
        raise ValidationError(_("La scelta dei partner è già fatta per questa candidatura."), code="status")
    Score.objects.filter(application=application).delete()
    save_changes(
        application, actor=actor, changes={"status": rules.A.EXCLUDED, "exclusion_reason": reason.strip()}
    )
    return application


# --- evaluation --------------------------------------------------------------------------------------


@transaction.atomic
def criterion_save(
    *, actor: Any, procedure: Procedure, name: str, max_points: Decimal, criterion: Criterion | None = None
) -> Criterion:
    rules.require_manage(actor, procedure)
    lock(procedure)
    if not rules.criteria_editable(procedure):
        raise ValidationError(_("I criteri si fissano prima della valutazione."), code="status")
    if criterion is None:
        position = (procedure.criteria.aggregate(last=Max("position"))["last"] or 0) + 1
        criterion = Criterion(procedure=procedure, position=position, name=name, max_points=max_points)
        save_new(criterion, actor=actor)
        return criterion
    save_changes(criterion, actor=actor, changes={"name": name, "max_points": max_points})
    return criterion


@transaction.atomic
def commission_member_add(
    *, actor: Any, procedure: Procedure, person: Person, role: str, appointment: str = ""
) -> CommissionMember:
    rules.require_manage(actor, procedure)
    member = CommissionMember(procedure=procedure, person=person, role=role, appointment=appointment)
    save_new(member, actor=actor)
    return member


@transaction.atomic
def score_set(
    *, actor: Any, application: Application, criterion: Criterion, points: Decimal, note: str = ""
) -> Score:
    """The commission's score of an admitted application on one of the call's criteria, within its maximum."""
    procedure = _manage_evaluation(actor, application)
    if criterion.procedure_id != procedure.pk:
        raise ValidationError({"criterion": _("Il criterio non è di questa procedura.")})
    if not rules.is_admitted(application):
        raise ValidationError(_("Si valutano le candidature ammesse."), code="status")
    if points < 0 or points > criterion.max_points:
        raise ValidationError(
            {"points": _("Da 0 a %(max)s punti.") % {"max": number_format(criterion.max_points, 2)}}
        )
    score = Score.objects.filter(application=application, criterion=criterion).first()
    if score is None:
        score = Score(application=application, criterion=criterion, points=points, note=note)
        save_new(score, actor=actor)
    else:
        save_changes(score, actor=actor, changes={"points": points, "note": note})
    return score


@transaction.atomic
def partner_select(
    *,
    actor: Any,
    application: Application,
    municipal_contribution: Decimal,
    start_date: date,
    end_date: date,
    management_share_percent: Decimal | None = None,
    management_items: str = "",
) -> Partnership:
    """The best-scored admitted application of a programme becomes its partner (the others of the programme are not
    chosen); its partnership starts in negotiation. Every criterion must be scored first."""
    procedure = application.procedure
    rules.require_manage(actor, procedure)
    lock(procedure)
    if not rules.selects_partners(procedure):
        raise ValidationError(_("I partner si scelgono al termine della valutazione."), code="status")
    if not rules.is_admitted(application):
        raise ValidationError(_("Si sceglie una candidatura ammessa."), code="status")
    criteria = procedure.criteria.count()
    if not criteria or application.scores.count() < criteria:
        raise ValidationError(
            _("La candidatura non ha ancora un punteggio per ogni criterio."), code="unscored"
        )
    board = selectors.ranking(application.programme)
    best = board[0][1]
    mine = next(total for candidate, total in board if candidate.pk == application.pk)
    if mine < best:
        raise ValidationError(
            _("La candidatura ha %(mine)s punti: la prima in graduatoria ne ha %(best)s.")
            % {"mine": number_format(mine, 2), "best": number_format(best, 2)},
            code="ranking",
        )
    if start_date.year < procedure.first_year or end_date.year > procedure.last_year:
        raise ValidationError({"end_date": _("La convenzione sta nel periodo della procedura.")})
    save_changes(application, actor=actor, changes={"status": rules.A.SELECTED})
    for candidate, _total in board:
        if candidate.pk != application.pk and rules.is_admitted(candidate):
            save_changes(candidate, actor=actor, changes={"status": rules.A.NOT_SELECTED})
    partnership = Partnership(
        application=application,
        programme=application.programme,
        municipal_contribution=municipal_contribution,
        start_date=start_date,
        end_date=end_date,
        management_share_percent=management_share_percent,
        management_items=management_items,
    )
    save_new(partnership, actor=actor)
    return partnership


def _convention_ambito(procedure: Procedure) -> Ambito:
    if procedure.ambito is not None:
        return procedure.ambito
    ambito = (
        Ambito.objects.filter(capofila=procedure.promoter).first()
        or Ambito.objects.filter(memberships__organization=procedure.promoter).first()
    )
    if ambito is None:
        raise ValidationError(
            _("L'amministrazione procedente non fa parte di un ambito: la convenzione non ha dove stare.")
        )
    return ambito


@transaction.atomic
def convention_draft(*, actor: Any, partnership: Partnership) -> Partnership:
    """The partnership convention drafted from the template, with the administration and the partner (and, for a
    grouping, its other members) as parties; it is then approved and signed as any agreement."""
    procedure = partnership.programme.procedure
    rules.require_manage(actor, procedure)
    lock(partnership)
    if partnership.agreement_id is not None:
        raise ValidationError(_("La convenzione è già stata predisposta."), code="exists")
    template = AgreementTemplate.objects.filter(title=PARTNERSHIP_TEMPLATE).first()
    if template is None:
        raise ValidationError(
            _("Manca il modello della convenzione di co-progettazione: esegui load_co_design.")
        )
    application = partnership.application
    budget = accounts.partnership_budget(partnership)
    values = {
        "procedura": procedure.title,
        "programma": f"{partnership.programme.code} {partnership.programme.title}",
        "dal": partnership.start_date.strftime("%d/%m/%Y"),
        "al": partnership.end_date.strftime("%d/%m/%Y"),
        "contributo": euro(partnership.municipal_contribution),
        "cofinanziamento_minimo": euro(budget.co_financing_required),
        "quota_gestionale": (
            f"{number_format(partnership.management_share_percent, 2)}%"
            if partnership.management_share_percent is not None
            else _("nessuna")
        ),
    }
    agreement, _open = template_instantiate(
        actor=actor,
        template=template,
        ambito=_convention_ambito(procedure),
        title=_("Convenzione di co-progettazione %(programme)s — %(partner)s")
        % {"programme": partnership.programme.code, "partner": application.lead},
        organizations={"comune": procedure.promoter, "ets": application.lead},
        values=values,
    )
    for member in application.members.filter(is_lead=False).select_related("organization"):
        party_add(actor=actor, agreement=agreement, organization=member.organization)
    save_changes(partnership, actor=actor, changes={"agreement": agreement})
    return partnership


@transaction.atomic
def co_financing_add(
    *, actor: Any, partnership: Partnership, kind: str, description: str, amount: Decimal
) -> CoFinancing:
    rules.require_manage(actor, partnership.programme.procedure)
    row = CoFinancing(partnership=partnership, kind=kind, description=description, amount=amount)
    save_new(row, actor=actor)
    return row


@transaction.atomic
def partnership_activate(*, actor: Any, partnership: Partnership) -> Partnership:
    """Activities start once the convention binds (signed) and the partner's co-financing reaches 10% of the
    municipal contribution."""
    rules.require_manage(actor, partnership.programme.procedure)
    lock(partnership)
    if not rules.partnership_negotiating(partnership):
        raise ValidationError(
            _("Il partenariato è già «%(status)s».") % {"status": partnership.get_status_display()}
        )
    agreement = partnership.agreement
    if agreement is None or not agreement_rules.accepts_payments(agreement.status):
        raise ValidationError(
            _("La convenzione non è ancora sottoscritta da tutte le parti."), code="unsigned"
        )
    budget = accounts.partnership_budget(partnership)
    if not budget.co_financing_met:
        raise ValidationError(
            _("Il co-finanziamento dell'ETS (%(pledged)s) è sotto il 10%% del contributo (%(required)s).")
            % {"pledged": euro(budget.co_financing), "required": euro(budget.co_financing_required)},
            code="co_financing",
        )
    save_changes(partnership, actor=actor, changes={"status": rules.PS.ACTIVE})
    return partnership


# --- the call's rules over the partnership's life ------------------------------------------------------


@transaction.atomic
def extension_grant(
    *, actor: Any, partnership: Partnership, amount: Decimal, reason: str, act_reference: str, act_date: date
) -> Extension:
    """An extension of the partner's activities, within 25% of the co-design's value over all its extensions. The
    procedure's running total is raised in one UPDATE that its check constraint guards: of two requests at once that
    would together pass the cap, the database lets one through and refuses the other."""
    procedure = partnership.programme.procedure
    rules.require_manage(actor, procedure)
    if amount <= 0:
        raise ValidationError({"amount": _("L'estensione ha un importo positivo.")})
    if not rules.partnership_active(partnership):
        raise ValidationError(_("Si estendono le attività di un partenariato in corso."), code="status")
    try:
        with transaction.atomic():
            Procedure.objects.filter(pk=procedure.pk).update(extended_total=F("extended_total") + amount)
    except IntegrityError:
        procedure.refresh_from_db(fields=["extension_cap", "extended_total"])
        message = _(
            "L'estensione supererebbe il 25%% del valore della co-progettazione: restano %(left)s su %(cap)s."
        ) % {
            "left": euro(procedure.extension_cap - procedure.extended_total),
            "cap": euro(procedure.extension_cap),
        }
        raise ValidationError({"amount": ValidationError(message, code="cap")}) from None
    extension = Extension(
        partnership=partnership, amount=amount, reason=reason, act_reference=act_reference, act_date=act_date
    )
    save_new(extension, actor=actor)
    return extension


@transaction.atomic
def stop_notice_give(
    *,
    actor: Any,
    partnership: Partnership,
    notified_on: date,
    effective_on: date,
    reason: str,
    act_reference: str = "",
) -> StopNotice:
    """The administration stops the activities with at least six months' notice; the convention's activities end
    the day before the stop."""
    rules.require_manage(actor, partnership.programme.procedure)
    lock(partnership)
    earliest = rules.earliest_stop(notified_on)
    if effective_on < earliest:
        raise ValidationError(
            {
                "effective_on": _("Con preavviso di almeno 6 mesi: la cessazione decorre dal %(day)s o dopo.")
                % {"day": earliest.strftime("%d/%m/%Y")}
            }
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Indica il motivo (nuove esigenze, normativa, minori risorse...).")}
        )
    notice = StopNotice(
        partnership=partnership,
        notified_on=notified_on,
        effective_on=effective_on,
        reason=reason.strip(),
        act_reference=act_reference,
    )
    save_new(notice, actor=actor)
    last_day = effective_on - timedelta(days=1)
    if last_day < partnership.end_date:
        save_changes(partnership, actor=actor, changes={"end_date": last_day})
    return notice


@transaction.atomic
def cost_revision_add(
    *,
    actor: Any,
    partnership: Partnership,
    contract: str,
    effective_from: date,
    amount: Decimal,
    act_reference: str,
    act_date: date,
) -> CostRevision:
    """A labour-cost revision on a CCNL renewal: a change of the partnership's budget, with its act."""
    rules.require_manage(actor, partnership.programme.procedure)
    if not act_reference.strip():
        raise ValidationError({"act_reference": _("Indica l'atto che recepisce la revisione.")})
    budget = accounts.partnership_budget(partnership)
    if budget.total + amount < 0:
        raise ValidationError({"amount": _("La revisione porterebbe il contributo sotto zero.")})
    revision = CostRevision(
        partnership=partnership,
        contract=contract,
        effective_from=effective_from,
        amount=amount,
        act_reference=act_reference.strip(),
        act_date=act_date,
    )
    save_new(revision, actor=actor)
    return revision
