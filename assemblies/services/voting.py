"""Votes: opened by the president on an item with the members present and entitled at that moment, cast once per
voter (the database refuses a second ballot), closed once (a second close changes nothing; a ballot that arrives
after the close is refused as late, never lost and never counted twice), decided by the organ's rule, and recorded
as a numbered deliberation whose effects (an agreement's text approved) go through the owning app's service.

Locks: casting holds the vote's row FOR SHARE while it adds its ballot, so ballots run side by side; closing takes
the row FOR UPDATE, so it waits for the ballots in flight and every later one sees the vote closed."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import services as agreement_services
from assemblies import live, presence, rules
from assemblies.counting import Tally, decide
from assemblies.models import (
    AgendaItem,
    Choice,
    Deliberation,
    Eligibility,
    OpenBallot,
    Outcome,
    Participation,
    Secrecy,
    Session,
    Vote,
    VoteStatus,
    VoteTally,
)
from assemblies.services.minutes import minutes_record_approval
from assemblies.services.sessions import _lock, organ_rules_of
from budgets import services as budget_services
from core.audit import AuditAction, audit_record, save_changes
from governance.models import Organ, Organization


@transaction.atomic
def vote_open(*, actor: Any, item: AgendaItem, secrecy: str = Secrecy.OPEN) -> Vote:
    session = item.session
    rules.require_conduct(actor, session)
    _lock(session)
    if not rules.is_sitting(session):
        raise ValidationError(_("Si vota solo a seduta aperta."), code="status")
    if not rules.needs_vote(item.subject):
        raise ValidationError(_("Il punto è una comunicazione: non si vota."), code="no_vote")
    if secrecy not in Secrecy.values:
        raise ValidationError({"secrecy": _("Modalità di voto sconosciuta.")})
    if rules.has_open_vote(session):
        raise ValidationError(
            _("C'è già una votazione aperta: chiudila prima di aprirne un'altra."), code="open_vote"
        )
    if item.votes.filter(status=VoteStatus.CLOSED).exists():
        raise ValidationError(_("Il punto è già stato votato."), code="decided")
    organ_rules = organ_rules_of(session.organ)
    requirement = rules.majority_for(organ_rules, item.decision_kind) if organ_rules else None
    if organ_rules is None or requirement is None:
        raise ValidationError(
            _("Le regole dell'organo non dicono con quale maggioranza si decide: %(kind)s.")
            % {"kind": item.get_decision_kind_display().lower()},
            code="rules",
        )
    if (
        item.agreement_id is not None
        and not rules.decidable_agreements(session.organ).filter(pk=item.agreement_id).exists()
    ):
        raise ValidationError(
            _("L'accordo «%(agreement)s» non è più in bozza o in approvazione.")
            % {"agreement": item.agreement},
            code="agreement",
        )
    standing = presence.standing(session, organ_rules)
    members_weight, present_weight = standing.members_weight, standing.present_weight
    if standing.weights is None or members_weight is None or present_weight is None:
        raise ValidationError(standing.weight_problem or "", code="weights")
    if not standing.holds(session.sitting_call):
        raise ValidationError(
            _("Manca il numero legale: presenti %(present)d componenti su %(members)d.")
            % {"present": len(standing.present), "members": len(standing.members)},
            code="quorum",
        )
    rule = rules.majority_rule(organ_rules, requirement)
    last_round = item.votes.aggregate(last=Max("round"))["last"] or 0
    vote = Vote.objects.create(
        item=item,
        round=last_round + 1,
        secrecy=secrecy,
        opened_at=timezone.now(),
        opened_by=actor if getattr(actor, "pk", None) else None,
        majority_kind=rule.kind,
        share_numerator=rule.share.numerator,
        share_denominator=rule.share.denominator,
        share_of_members=rule.of_members,
        abstentions_count_as_present=rule.abstentions_count_as_present,
        tie_rule=rule.tie,
        members_weight=members_weight,
        present_weight=present_weight,
        eligible_count=len(standing.present),
    )
    represented = standing.represented
    Eligibility.objects.bulk_create(
        Eligibility(vote=vote, voter_id=pk, weight=standing.weights[pk], proxy_holder_id=represented.get(pk))
        for pk in sorted(standing.present)
    )
    VoteTally.objects.bulk_create(VoteTally(vote=vote, choice=choice) for choice in Choice.values)
    audit_record(actor=actor, instance=vote, action=AuditAction.CREATE)
    live.changed(session.pk)
    return vote


def ballots_for(user: Any, vote: Vote) -> list[Eligibility]:
    """The voters a user casts for in this vote: their own bodies, and the bodies whose proxy they hold (one
    query over the few rows that match, however many members vote)."""
    bodies = rules.bodies_user_acts_for(user)
    if not bodies:
        return []
    return list(
        vote.eligible.filter(Q(proxy_holder__isnull=True, voter__in=bodies) | Q(proxy_holder__in=bodies))
        .select_related("voter", "proxy_holder")
        .order_by("voter__name")
    )


def _lock_for_ballot(vote: Vote) -> str:
    """The vote's state, with the row held FOR SHARE (ballots side by side; a close waits for them). SQLite (the
    embedded default) has no row locks: its single writer serializes ballots and closing anyway."""
    if not connection.features.has_select_for_update:
        return str(Vote.objects.filter(pk=vote.pk).values_list("status", flat=True).first() or "")
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Vote._meta.db_table)
        cursor.execute(f"SELECT status FROM {table} WHERE id = %s FOR SHARE", [vote.pk])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        raise ValidationError(_("La votazione non esiste più."))
    return str(row[0])


def ballot_cast(*, actor: Any, vote: Vote, voter: Organization, choice: str) -> Participation:
    """One ballot for `voter`, cast by its mayor or delegate, or by the holder of its proxy."""
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Scegli favorevole, contrario o astenuto.")}, code="choice")
    eligibility = Eligibility.objects.filter(vote=vote, voter=voter).first()
    if eligibility is None:
        raise ValidationError(
            _("%(body)s non ha diritto di voto in questa votazione (non era presente quando si è aperta).")
            % {"body": voter},
            code="not_entitled",
        )
    bodies = rules.bodies_user_acts_for(actor)
    by_proxy = eligibility.proxy_holder_id is not None
    if (eligibility.proxy_holder_id if by_proxy else eligibility.voter_id) not in bodies:
        raise PermissionDenied(_("Non puoi votare per %(body)s.") % {"body": voter})
    with transaction.atomic():
        status = _lock_for_ballot(vote)
        if status != VoteStatus.OPEN:
            raise ValidationError(
                _("La votazione è chiusa: il voto è arrivato dopo la chiusura e non è stato contato."),
                code="late",
            )
        try:
            with transaction.atomic():
                participation = Participation.objects.create(
                    vote=vote, voter=voter, cast_by=actor, by_proxy=by_proxy, cast_at=timezone.now()
                )
        except IntegrityError as error:
            raise ValidationError(
                _("Il voto di %(body)s è già stato registrato.") % {"body": voter}, code="duplicate"
            ) from error
        if vote.secrecy == Secrecy.OPEN:
            OpenBallot.objects.create(participation=participation, choice=choice, weight=eligibility.weight)
        VoteTally.objects.filter(vote=vote, choice=choice).update(
            ballots=F("ballots") + 1, weight=F("weight") + eligibility.weight
        )
        # The trail records that the body voted, never how (a secret vote's choice is nowhere but in the sums).
        audit_record(actor=actor, instance=participation, action=AuditAction.CREATE)
    return participation


def _president_choice(vote: Vote, session: Session) -> str | None:
    """How the presiding body voted (president first, then the substitute), for a tie; unknown in a secret vote."""
    if vote.secrecy != Secrecy.OPEN:
        return None
    day = timezone.localtime(session.starts_at).date()
    ballots = dict(
        OpenBallot.objects.filter(participation__vote=vote).values_list("participation__voter_id", "choice")
    )
    for seat in rules.presiding_seats(session.organ, day):
        if seat.organization_id in ballots:
            return ballots[seat.organization_id]
    return None


def _next_number(organ: Organ, year: int) -> int:
    Organ.objects.select_for_update().filter(pk=organ.pk).values_list("pk").get()
    last = Deliberation.objects.filter(organ=organ, year=year).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def vote_close(*, actor: Any, vote: Vote) -> Vote:
    """Close and count; closing a closed vote again returns it unchanged. The vote is read here, locked, with
    its item, session and organ: the same queries whatever the caller's instance holds."""
    locked = (
        Vote.objects.select_for_update(of=("self",))
        .select_related("item__session__organ", "item__agreement", "item__minutes__session")
        .get(pk=vote.pk)
    )
    session = locked.item.session
    rules.require_conduct(actor, session)
    if locked.status == VoteStatus.CLOSED:
        return locked
    if locked.status == VoteStatus.ANNULLED:
        raise ValidationError(_("La votazione è stata annullata: non si chiude."), code="annulled")
    sums = {tally.choice: tally for tally in locked.tallies.all()}
    zero = VoteTally(ballots=0, weight=Decimal(0))
    favour, against, abstain = (
        sums.get(choice, zero) for choice in (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN)
    )
    tally = Tally(
        members=locked.members_weight,
        present=locked.present_weight,
        favour=favour.weight,
        against=against.weight,
        abstain=abstain.weight,
        president=_president_choice(locked, session),
    )
    outcome = decide(rules.vote_rule(locked), tally)
    now = timezone.now()
    ballots = favour.ballots + against.ballots + abstain.ballots
    save_changes(
        locked,
        actor=actor,
        changes={"status": VoteStatus.CLOSED, "closed_at": now, "outcome": outcome, "ballots_cast": ballots},
    )
    item = locked.item
    adopted_on = timezone.localdate(now)
    deliberation = Deliberation(
        organ=session.organ,
        year=adopted_on.year,
        number=_next_number(session.organ, adopted_on.year),
        vote=locked,
        item=item,
        title=item.title,
        text=item.description,
        outcome=outcome,
        adopted_on=adopted_on,
        favour=favour.ballots,
        against=against.ballots,
        abstain=abstain.ballots,
        favour_weight=favour.weight,
        against_weight=against.weight,
        abstain_weight=abstain.weight,
    )
    deliberation.save()
    effect = _apply_effects(actor=actor, deliberation=deliberation)
    if effect:
        deliberation.effect = effect
        deliberation.save(update_fields=["effect"])
    audit_record(actor=actor, instance=deliberation, action=AuditAction.CREATE)
    live.changed(session.pk)
    vote.refresh_from_db()
    return locked


def _apply_effects(*, actor: Any, deliberation: Deliberation) -> str:
    """What an adopted deliberation changes below it; a refusal is recorded on the act (the vote stands)."""
    item = deliberation.item
    if deliberation.outcome == Outcome.ADOPTED and item.minutes_id is not None:
        return _approve_minutes(actor=actor, deliberation=deliberation)
    if deliberation.outcome == Outcome.ADOPTED and (
        item.budget_version_id or item.budget_report_id or item.quota_id
    ):
        return _decide_budget(actor=actor, deliberation=deliberation)
    agreement = item.agreement
    if deliberation.outcome != Outcome.ADOPTED or agreement is None:
        return ""
    reference = _act_reference(deliberation)
    before = agreement.get_status_display()
    try:
        with transaction.atomic():
            agreement_services.agreement_record_assembly_approval(
                actor=actor, agreement=agreement, reference=reference, on=deliberation.adopted_on
            )
    except ValidationError as error:
        return _("Testo approvato; l'accordo «%(agreement)s» non è stato aggiornato: %(reason)s") % {
            "agreement": agreement,
            "reason": " ".join(error.messages),
        }
    return _("Accordo «%(agreement)s»: da «%(before)s» a «%(after)s».") % {
        "agreement": agreement,
        "before": before,
        "after": agreement.get_status_display(),
    }


def _act_reference(deliberation: Deliberation) -> str:
    """How a decision below cites the act: "Assemblea dei Sindaci, deliberazione n. 3/2026 del 25/03/2026"."""
    return _("%(organ)s, deliberazione n. %(ref)s del %(date)s") % {
        "organ": deliberation.organ,
        "ref": f"{deliberation.number}/{deliberation.year}",
        "date": deliberation.adopted_on.strftime("%d/%m/%Y"),
    }


def _decide_budget(*, actor: Any, deliberation: Deliberation) -> str:
    """The budget version, the annual report or the sub-ambito quota the item decides takes the act; a refusal
    (totals that do not add up, a version no longer a draft) is recorded on the act, and the vote stands."""
    item = deliberation.item
    reference = _act_reference(deliberation)
    on = deliberation.adopted_on
    done: list[str] = []
    try:
        with transaction.atomic():
            if item.budget_version is not None:
                budget_services.version_record_approval(
                    actor=actor, version=item.budget_version, reference=reference, on=on
                )
                done.append(_("Approvata: %(what)s.") % {"what": item.budget_version})
            if item.budget_report is not None:
                budget_services.report_record_approval(
                    actor=actor, report=item.budget_report, reference=reference, on=on
                )
                done.append(_("Approvata: %(what)s.") % {"what": item.budget_report})
            if item.quota is not None:
                budget_services.quota_record_decision(
                    actor=actor, quota=item.quota, reference=reference, on=on
                )
                done.append(_("Deliberata: %(what)s.") % {"what": item.quota})
    except ValidationError as error:
        return _("Deliberazione adottata; il bilancio non è stato aggiornato: %(reason)s") % {
            "reason": " ".join(error.messages)
        }
    return " ".join(done)


def _approve_minutes(*, actor: Any, deliberation: Deliberation) -> str:
    minutes = deliberation.item.minutes
    assert minutes is not None
    try:
        with transaction.atomic():
            minutes_record_approval(actor=actor, minutes=minutes, deliberation=deliberation)
    except ValidationError as error:
        return _("Verbale non approvato: %(reason)s") % {"reason": " ".join(error.messages)}
    return _("Approvato il verbale della seduta: %(session)s.") % {"session": minutes.session}


@transaction.atomic
def vote_annul(*, actor: Any, vote: Vote, reason: str) -> Vote:
    """An open vote found irregular is annulled (kept, with its reason); the item can then be voted again."""
    rules.require_conduct(actor, vote.item.session)
    locked = Vote.objects.select_for_update().get(pk=vote.pk)
    if locked.status != VoteStatus.OPEN:
        raise ValidationError(_("Si annulla solo una votazione aperta."), code="status")
    if not reason.strip():
        raise ValidationError({"annul_reason": _("Indica il motivo dell'annullamento.")})
    save_changes(
        locked,
        actor=actor,
        changes={
            "status": VoteStatus.ANNULLED,
            "annulled_at": timezone.now(),
            "annul_reason": reason.strip(),
        },
    )
    live.changed(locked.item.session_id)
    vote.refresh_from_db()
    return locked
