"""The rules of an assembly, in one place: what an organ's rules leave undefined, who its members and invitees are,
the session's states and what each allows, who may prepare, conduct, attend and vote. Services enforce them; views,
serializers and templates only ask. No other module spells a status, a capacity or a role out."""

from collections import Counter
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import rules as agreement_rules
from agreements.models import Agreement
from assemblies.counting import MajorityRule, QuorumRule
from assemblies.models import (
    AgendaItem,
    Call,
    CompositionKind,
    DecisionKind,
    ItemSubject,
    MajorityKind,
    MajorityRequirement,
    Minutes,
    MinutesRegime,
    MinutesSigner,
    MinutesStatus,
    OrganRules,
    Outcome,
    Secrecy,
    Session,
    SessionStatus,
    Vote,
    VoteStatus,
    Weighting,
)
from budgets import rules as budget_rules
from budgets.models import BudgetReport, BudgetVersion, SubAmbitoQuota
from core.models import PeriodModel
from governance import permissions
from governance.models import (
    EtsCategory,
    Mandate,
    MandateRole,
    Organ,
    Organization,
    OrganizationKind,
    OrganKind,
    Person,
    Role,
    RoleAssignment,
    Seat,
    SeatCapacity,
)
from subambiti.models import SubAmbito, SubAmbitoMembership

S = SessionStatus

# --- the session's states ------------------------------------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNED: frozenset({S.CONVENED, S.CANCELLED}),
    S.CONVENED: frozenset({S.OPEN, S.CANCELLED}),
    S.OPEN: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}
# The agenda, the date and the place change while the session is being prepared or after it was convened (a
# change after convening sends the members an updated invitation).
AGENDA_EDITABLE = frozenset({S.PLANNED, S.CONVENED})
# Attendance and proxies are recorded while the session sits; votes happen then too.
SITTING = frozenset({S.OPEN})
ATTENDANCE = frozenset({S.CONVENED, S.OPEN})
# A session is in the calendars (feeds, invitations) from its convocation on.
IN_CALENDAR = frozenset({S.CONVENED, S.OPEN, S.CLOSED, S.CANCELLED})


# The button that takes a session to each state, and its style.
TRANSITION_BUTTONS: dict[str, tuple[Any, str]] = {
    S.CONVENED: (gettext_lazy("Convoca"), "btn-primary"),
    S.OPEN: (gettext_lazy("Apri la seduta"), "btn-primary"),
    S.CLOSED: (gettext_lazy("Chiudi la seduta"), "btn-primary"),
    S.CANCELLED: (gettext_lazy("Annulla la seduta"), "btn-outline-danger"),
}
# Opening and closing belong to whoever conducts the sitting; the rest to whoever prepares it.
CONDUCTED = frozenset({S.OPEN, S.CLOSED})


def transitions_for(*, prepares: bool, conducts: bool, session: Session) -> list[tuple[str, Any, str]]:
    """The steps a user may take the session to now, as (state, label, button style), from whether they prepare
    (may_prepare) and conduct (may_conduct) it."""
    return [
        (state, *TRANSITION_BUTTONS[state])
        for state in next_states(session)
        if (conducts if state in CONDUCTED else prepares)
    ]


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("Una seduta «%(current)s» non può passare a «%(target)s».")
            % {"current": S(current).label, "target": S(target).label},
            code="transition",
        )


def next_states(session: Session) -> list[str]:
    return [state for state in S.values if state in TRANSITIONS[session.status]]


def agenda_editable(session: Session) -> bool:
    return session.status in AGENDA_EDITABLE


def is_sitting(session: Session) -> bool:
    return session.status in SITTING


def is_planned(session: Session) -> bool:
    return session.status == S.PLANNED


def is_cancelled(session: Session) -> bool:
    return session.status == S.CANCELLED


def is_convened(session: Session) -> bool:
    return session.status == S.CONVENED


def attendance_recordable(session: Session) -> bool:
    """People arrive before the president opens the sitting: attendance is recorded from the convocation on."""
    return session.status in ATTENDANCE


def has_open_vote(session: Session) -> bool:
    return Vote.objects.filter(item__session=session, status=VoteStatus.OPEN).exists()


def is_open_vote(vote: Vote) -> bool:
    return vote.status == VoteStatus.OPEN


def names_shown(vote: Vote) -> bool:
    """An open vote's names are shown once it is closed; a secret vote's never (they are not stored)."""
    return vote.secrecy == Secrecy.OPEN and vote.status == VoteStatus.CLOSED


def sitting_call(session: Session) -> str:
    """The call the session sits in (before it opens: the first)."""
    return session.sitting_call or Call.FIRST


SECRECY_BUTTONS = [
    (Secrecy.OPEN, gettext_lazy("Apri voto palese")),
    (Secrecy.SECRET, gettext_lazy("Apri voto segreto")),
]


def votable(item: AgendaItem) -> bool:
    """An item still to be voted: it decides something and no vote on it has closed (its votes prefetched)."""
    return needs_vote(item.subject) and not any(vote.status == VoteStatus.CLOSED for vote in item.votes.all())


def needs_vote(subject: str) -> bool:
    return subject != ItemSubject.COMMUNICATION


def decides_anything(items: Iterable[AgendaItem]) -> bool:
    return any(needs_vote(item.subject) for item in items)


def sits_without_quorum(organ_rules: OrganRules | None, items: Iterable[AgendaItem]) -> bool:
    """A meeting that decides nothing, of an organ whose acts set no quorum, opens with whoever is there."""
    return not decides_anything(items) and (organ_rules is None or quorum_rule(organ_rules) is None)


# --- the organ's rules ---------------------------------------------------------------------------------


def quorum_rule(rules: OrganRules, call: str = Call.FIRST) -> QuorumRule | None:
    if call == Call.SECOND:
        if rules.second_call_numerator is None or rules.second_call_denominator is None:
            return None
        return QuorumRule(
            Fraction(rules.second_call_numerator, rules.second_call_denominator), rules.second_call_strict
        )
    if rules.quorum_numerator is None or rules.quorum_denominator is None:
        return None
    return QuorumRule(Fraction(rules.quorum_numerator, rules.quorum_denominator), rules.quorum_strict)


def majority_for(rules: OrganRules, decision_kind: str) -> MajorityRequirement | None:
    return next((m for m in rules.majorities.all() if m.decision_kind == decision_kind), None)


def _share(numerator: int | None, denominator: int | None) -> Fraction:
    """A qualified majority's share (the others ignore it: counting's default)."""
    return Fraction(numerator, denominator) if numerator and denominator else MajorityRule.share


def majority_rule(rules: OrganRules, requirement: MajorityRequirement) -> MajorityRule:
    return MajorityRule(
        kind=requirement.kind,
        share=_share(requirement.share_numerator, requirement.share_denominator),
        of_members=requirement.of_members,
        abstentions_count_as_present=bool(rules.abstentions_count_as_present),
        tie=rules.tie_rule,
    )


def vote_rule(vote: Vote) -> MajorityRule:
    """The rule a vote is decided by, as it stood when the vote opened."""
    return MajorityRule(
        kind=vote.majority_kind,
        share=_share(vote.share_numerator, vote.share_denominator),
        of_members=vote.share_of_members,
        abstentions_count_as_present=vote.abstentions_count_as_present,
        tie=vote.tie_rule,
    )


def fraction_label(numerator: int | None, denominator: int | None, strict: bool) -> str:
    if numerator is None or denominator is None:
        return _("da definire")
    if (numerator, denominator) == (1, 2) and strict:
        return _("la metà più uno")
    share = f"{numerator}/{denominator}"
    return _("più di %(share)s") % {"share": share} if strict else _("almeno %(share)s") % {"share": share}


def quorum_label(rules: OrganRules, call: str) -> str:
    if call == Call.SECOND:
        return fraction_label(
            rules.second_call_numerator, rules.second_call_denominator, rules.second_call_strict
        )
    return fraction_label(rules.quorum_numerator, rules.quorum_denominator, rules.quorum_strict)


def undefined_rules(
    rules: OrganRules | None, decision_kinds: Iterable[str] = (), *, decides: bool = True
) -> list[str]:
    """The rules no act states and the Ufficio di Piano has not set yet that convening needs: the quorum, the
    majority of every kind of decision on the agenda (ordinary ones at least), how votes weigh, the notice, and,
    for a majority of those present, whether abstentions count. A meeting that decides nothing (a Tavolo di
    coordinamento's, communications only) needs the notice alone."""
    if rules is None:
        return [_("le regole dell'organo")]
    if not decides:
        return [_("i giorni di preavviso")] if rules.notice_days is None else []
    missing: list[str] = []
    if quorum_rule(rules) is None:
        missing.append(_("il numero legale"))
    kinds = {DecisionKind.ORDINARY, *decision_kinds}
    for kind in DecisionKind:
        if kind in kinds and majority_for(rules, kind) is None:
            missing.append(_("la maggioranza per: %(kind)s") % {"kind": kind.label.lower()})
    if not rules.weighting:
        missing.append(_("il peso dei voti"))
    if rules.notice_days is None:
        missing.append(_("i giorni di preavviso"))
    of_present = any(m.kind == MajorityKind.OF_PRESENT for m in rules.majorities.all())
    if of_present and rules.abstentions_count_as_present is None:
        missing.append(_("se gli astenuti contano tra i presenti"))
    return missing


def weighs_by_population(rules: OrganRules) -> bool:
    return rules.weighting == Weighting.POPULATION


def weighs_by_quotas(rules: OrganRules) -> bool:
    return rules.weighting == Weighting.QUOTAS


def proxies_allowed(rules: OrganRules) -> bool:
    return bool(rules.proxies_allowed)


# --- who sits in the organ -----------------------------------------------------------------------------

VOTING_CAPACITIES = (
    SeatCapacity.PRESIDENTE,
    SeatCapacity.VICEPRESIDENTE,
    SeatCapacity.COORDINATORE,
    SeatCapacity.REFERENTE,
    SeatCapacity.MEMBRO,
)
PRESIDING_CAPACITIES = (SeatCapacity.PRESIDENTE, SeatCapacity.VICEPRESIDENTE)
HEAD_ROLES = (MandateRole.SINDACO, MandateRole.PRESIDENTE, MandateRole.LEGALE_RAPPRESENTANTE)


def seats_in_force(organ: Organ, day: date) -> QuerySet[Seat]:
    return PeriodModel.overlapping(Seat.objects.filter(organ=organ), day, day)


def member_bodies(organ: Organ, day: date) -> QuerySet[Organization]:
    """One voter per member body, however many seats it holds (Crema sits as member and as president)."""
    seats = seats_in_force(organ, day).filter(has_vote=True, capacity__in=VOTING_CAPACITIES)
    return Organization.objects.filter(pk__in=seats.values("organization_id")).order_by("name")


def invited_bodies(organ: Organ, day: date) -> QuerySet[Organization]:
    """Bodies seated without a vote (the ASL and the Provincia at the Assemblea dei Sindaci), members excluded."""
    seats = seats_in_force(organ, day).exclude(organization__isnull=True)
    voting = seats.filter(has_vote=True, capacity__in=VOTING_CAPACITIES).values("organization_id")
    return (
        Organization.objects.filter(pk__in=seats.values("organization_id"))
        .exclude(pk__in=voting)
        .order_by("name")
    )


def presiding_seats(organ: Organ, day: date) -> list[Seat]:
    seats = (
        seats_in_force(organ, day)
        .filter(capacity__in=PRESIDING_CAPACITIES)
        .select_related("organization", "person")
    )
    return sorted(seats, key=lambda seat: PRESIDING_CAPACITIES.index(seat.capacity))


def president_person(session: Session) -> Person | None:
    """Who signs the convocation: the person seated as president, else the mayor (or legal representative) in
    office at the presiding body on the session's day."""
    day = session.starts_at.date()
    for seat in presiding_seats(session.organ, day):
        if seat.person is not None:
            return seat.person
        if seat.organization_id is None:
            continue
        mandate = (
            PeriodModel.overlapping(
                Mandate.objects.filter(organization_id=seat.organization_id, role__in=HEAD_ROLES), day, day
            )
            .select_related("person")
            .order_by("-start_date")
            .first()
        )
        if mandate is not None:
            return mandate.person
    return None


def may_sign_convocation(user: Any, session: Session) -> bool:
    """The president signs with their own certificate; the built-in test signer is theirs too, and the Ufficio di
    Piano's, to walk a demo through (it exists only while the test CA is on)."""
    if not getattr(user, "is_authenticated", False):
        return False
    president = president_person(session)
    return (president is not None and user.person_id == president.pk) or may_prepare(user, session.organ)


def is_president(seat: Seat) -> bool:
    return seat.capacity == SeatCapacity.PRESIDENTE


def composition_problems(organ: Organ, organ_rules: OrganRules | None, day: date) -> list[str]:
    """How the organ's seats on `day` break its composition rules (Comitato Ristretto: 2 per sub-ambito; TLTS
    commission: at most 5 per category, adhering bodies only)."""
    if organ_rules is None:
        return []
    bodies = [
        seat.organization
        for seat in seats_in_force(organ, day).select_related("organization")
        if seat.organization
    ]
    problems: list[str] = []
    for rule in organ_rules.composition_rules.all():
        if rule.kind == CompositionKind.PER_SUBAMBITO:
            subambiti = list(
                SubAmbito.objects.filter(ambito__in=organ.ambiti.all()).order_by("ambito", "number")
            )
            memberships = PeriodModel.overlapping(
                SubAmbitoMembership.objects.filter(subambito__in=subambiti), day, day
            ).values_list("organization_id", "subambito_id")
            where = dict(memberships)
            counts = Counter(where.get(body.pk) for body in bodies)
            for subambito in subambiti:
                if counts[subambito.pk] != rule.number:
                    problems.append(
                        _("%(subambito)s: %(count)d componenti su %(number)d")
                        % {"subambito": subambito, "count": counts[subambito.pk], "number": rule.number}
                    )
        elif rule.kind == CompositionKind.PER_ETS_CATEGORY:
            categories = Counter(body.ets_category for body in bodies if body.ets_category)
            for category, count in sorted(categories.items()):
                if rule.number is not None and count > rule.number:
                    problems.append(
                        _("%(category)s: %(count)d rappresentanti, al più %(number)d")
                        % {"category": EtsCategory(category).label, "count": count, "number": rule.number}
                    )
        elif rule.kind == CompositionKind.ADHERENTS_ONLY:
            if rule.agreement is None:
                problems.append(_("non è indicato l'accordo a cui gli enti devono aderire"))
                continue
            parties = set(rule.agreement.parties.values_list("organization_id", flat=True))
            outsiders = sorted(
                {str(body) for body in bodies if body.kind == OrganizationKind.ETS and body.pk not in parties}
            )
            if outsiders:
                problems.append(
                    _("non aderiscono a «%(agreement)s»: %(bodies)s")
                    % {"agreement": rule.agreement, "bodies": ", ".join(outsiders)}
                )
    return problems


# --- who may do what -----------------------------------------------------------------------------------


def bodies_user_acts_for(user: Any) -> set[int]:
    """The bodies a user speaks and votes for in an assembly: the mayor's (or delegate's) role."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role=Role.SINDACO).values_list("organization_id", flat=True)
    )


def may_view_organ(user: Any, organ: Organ) -> bool:
    return permissions.has_object_permission(user, organ, permissions.VIEW)


def may_prepare(user: Any, organ: Organ) -> bool:
    """Sessions are prepared (date, agenda, convocation, attendance) by the Ufficio di Piano managing the organ."""
    return user is None or permissions.may_change_organ(user, organ)


def may_set_rules(user: Any, organ: Organ) -> bool:
    return permissions.may_change_organ(user, organ)


def presides(user: Any, session: Session, *, day: date | None = None) -> bool:
    """The president or the substitute: the mayor (or delegate) of the body in the presiding seat."""
    day = day or session.starts_at.date()
    bodies = bodies_user_acts_for(user)
    return bool(bodies) and any(
        seat.organization_id in bodies for seat in presiding_seats(session.organ, day)
    )


def may_check_in_self(user: Any, organ_rules: OrganRules | None, organization: Organization) -> bool:
    """A member's mayor or delegate records their own body's arrival from the phone, where the organ allows it."""
    return bool(organ_rules and organ_rules.member_check_in) and organization.pk in bodies_user_acts_for(user)


def may_conduct(user: Any, session: Session, *, prepares: bool | None = None) -> bool:
    """Opening and closing the session and its votes: the president, or the Ufficio di Piano at the desk
    (`prepares`: may_prepare, when the caller has already asked it)."""
    if prepares is None:
        prepares = may_prepare(user, session.organ)
    return prepares or presides(user, session)


def require_prepare(user: Any, organ: Organ) -> None:
    """`None` is the system (loaders, tests' set-up), as in the other apps' services."""
    if user is not None and not may_prepare(user, organ):
        raise PermissionDenied(_("Solo l'Ufficio di Piano che gestisce l'organo prepara le sedute."))


def require_conduct(user: Any, session: Session) -> None:
    if user is not None and not may_conduct(user, session):
        raise PermissionDenied(_("Solo il presidente o l'Ufficio di Piano conducono la seduta."))


def decidable_agreements(organ: Organ) -> QuerySet[Agreement]:
    """Agreements whose text this organ may approve: of an ambito the organ works in, not yet approved."""
    return Agreement.objects.filter(
        ambito__in=organ.ambiti.all(), status__in=agreement_rules.ASSEMBLY_APPROVABLE
    ).order_by("title")


def decidable_budget_versions(organ: Organ) -> QuerySet[BudgetVersion]:
    """Budget versions the organ may approve: drafts of the budgets of its ambiti, if it is their Assemblea dei
    Sindaci (Accordo di Programma art. 6: it approves the Piano Operativo and its budget)."""
    if organ.kind != OrganKind.ASSEMBLEA_SINDACI:
        return budget_rules.draft_versions().none()
    return (
        budget_rules.draft_versions()
        .filter(budget__ambito__in=organ.ambiti.all())
        .select_related("budget")
        .order_by("budget__first_year", "number")
    )


def decidable_reports(organ: Organ) -> QuerySet[BudgetReport]:
    if organ.kind != OrganKind.ASSEMBLEA_SINDACI:
        return budget_rules.draft_reports().none()
    return (
        budget_rules.draft_reports()
        .filter(budget__ambito__in=organ.ambiti.all())
        .select_related("budget")
        .order_by("year")
    )


def decidable_quotas(organ: Organ) -> QuerySet[SubAmbitoQuota]:
    """Quotas the organ may decide: proposed ones of the sub-ambiti it is the assembly of (Convenzione art. 7.3)."""
    if organ.kind != OrganKind.ASSEMBLEA_SINDACI_SUBAMBITO:
        return budget_rules.draft_quotas().none()
    return (
        budget_rules.draft_quotas()
        .filter(subambito__in=organ.subambiti.all())
        .select_related("subambito")
        .order_by("year")
    )


def item_decides_budget(subject: str) -> bool:
    return subject in (ItemSubject.BUDGET, ItemSubject.OPERATIVE_PLAN)


def item_decides_report(subject: str) -> bool:
    return subject == ItemSubject.ANNUAL_REPORT


def item_decides_quota(subject: str) -> bool:
    return subject == ItemSubject.SUBAMBITO_QUOTA


def sitting_sessions(organ: Organ) -> QuerySet[Session]:
    """An organ sits in one session at a time."""
    return Session.objects.filter(organ=organ, status__in=SITTING)


def visible_sessions(user: Any) -> QuerySet[Session]:
    organs = permissions.filter_visible(user, Organ.objects.all())
    return Session.objects.filter(organ__in=organs)


# --- the minutes ---------------------------------------------------------------------------------------

M = MinutesStatus
# The text changes only as a draft; a final text is printed, then signed (or sent); approved or sent minutes
# never change again.
MINUTES_EDITABLE = frozenset({M.DRAFT})
MINUTES_REOPENABLE = frozenset({M.FINAL})  # only while nobody has signed (the service checks the signatures)
MINUTES_CLOSED = frozenset({M.APPROVED, M.SENT})
# What the compliance board counts as still to do.
MINUTES_UNSIGNED = frozenset({M.PREPARING, M.DRAFT, M.FINAL})
MINUTES_SIGNING_ORDER = {MinutesSigner.PRESIDENT: 1, MinutesSigner.SECRETARY: 2}


def default_minutes_regime(organ: Organ) -> str:
    """Seed 003, art. 4: a Tavolo di coordinamento's verbale is sent to the signatory bodies, neither signed
    nor approved; every other organ's is signed and approved by the next session."""
    if organ.kind == OrganKind.TAVOLO_COORDINAMENTO:
        return MinutesRegime.SENT
    return MinutesRegime.SIGNED_APPROVED


def minutes_regime(organ_rules: OrganRules | None, organ: Organ) -> str:
    return organ_rules.minutes_regime if organ_rules is not None else default_minutes_regime(organ)


def minutes_are_sent(regime: str) -> bool:
    return regime == MinutesRegime.SENT


def minutes_editable(minutes: Minutes) -> bool:
    return minutes.status in MINUTES_EDITABLE


def minutes_preparing(minutes: Minutes) -> bool:
    return minutes.status == M.PREPARING


def minutes_final(minutes: Minutes) -> bool:
    return minutes.status == M.FINAL


def minutes_approvable(minutes: Minutes) -> bool:
    """Signed by both and not yet approved: what a later session may put on its agenda."""
    return minutes.status == M.SIGNED


def minutes_closed(minutes: Minutes) -> bool:
    return minutes.status in MINUTES_CLOSED


def minutes_published_when(minutes: Minutes) -> bool:
    """Minutes reach the notice board once approved (an assembly's) or sent (a Tavolo's)."""
    return minutes.status in MINUTES_CLOSED


def minutes_drafted_when(session: Session) -> bool:
    return session.status == S.CLOSED


def is_secretary(user: Any, session: Session) -> bool:
    person_id = getattr(user, "person_id", None)
    return person_id is not None and person_id == session.secretary_id


def may_write_minutes(user: Any, session: Session) -> bool:
    """The secretary writes the minutes; the Ufficio di Piano managing the organ may too (it keeps the acts)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_secretary(user, session) or may_prepare(user, session.organ)


def require_write_minutes(user: Any, session: Session) -> None:
    if user is not None and not may_write_minutes(user, session):
        raise PermissionDenied(_("Il verbale lo redige il segretario della seduta o l'Ufficio di Piano."))


def minutes_signers(session: Session) -> list[tuple[str, Person | None]]:
    """Who signs, in order: the president, then the secretary."""
    return [
        (MinutesSigner.PRESIDENT, president_person(session)),
        (MinutesSigner.SECRETARY, session.secretary),
    ]


def may_sign_minutes(user: Any, session: Session, person: Person | None) -> bool:
    """The signer with their own certificate; the Ufficio di Piano uploads a file signed by them, or uses the
    built-in test signer to walk a demo through (only while the test CA is on)."""
    if not getattr(user, "is_authenticated", False) or person is None:
        return False
    return user.person_id == person.pk or may_prepare(user, session.organ)


def may_publish(user: Any, organ: Organ) -> bool:
    """The Ufficio di Piano managing the organ publishes its acts."""
    return may_prepare(user, organ) if user is not None else True


def require_publish(user: Any, organ: Organ) -> None:
    if user is not None and not may_publish(user, organ):
        raise PermissionDenied(_("Gli atti li pubblica l'Ufficio di Piano che gestisce l'organo."))


def may_see_ambito_board(user: Any, ambito: Any) -> bool:
    """The compliance board of an ambito is its Ufficio di Piano's (who may change its registry)."""
    return permissions.can_manage_ambito(user, ambito)


def may_see_organ_board(user: Any, organ: Organ) -> bool:
    return may_prepare(user, organ)


def approvable_minutes(organ: Organ) -> QuerySet[Minutes]:
    """Minutes this organ may approve at a session: its own, signed by both, not yet approved."""
    return Minutes.objects.filter(session__organ=organ, status=M.SIGNED).select_related("session")


def deliberation_publishable(deliberation: Any) -> bool:
    """Adopted deliberations reach the notice board; rejected ones and failed sittings do not."""
    return deliberation.outcome == Outcome.ADOPTED


def item_needs_year(subject: str) -> bool:
    return subject in (ItemSubject.OPERATIVE_PLAN, ItemSubject.ANNUAL_REPORT)


def item_approves_minutes(subject: str) -> bool:
    return subject == ItemSubject.MINUTES


def decision_kind_for(subject: str, chosen: str) -> str:
    """The Piano Operativo and the annual report are planning decisions whatever the form said."""
    return DecisionKind.PLAN if item_needs_year(subject) else chosen
