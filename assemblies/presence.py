"""Who counts at a session right now: the member bodies present (in the room or remote, through their mayor or a
delegate), those represented by a proxy whose holder is present, their weights, and whether the quorum holds.
Recomputed from the rows at every change; a handful of queries, however many members."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblies import rules, weights
from assemblies.counting import QuorumRule
from assemblies.models import Attendance, Call, OrganRules, Proxy, Session
from governance.models import Organization


@dataclass
class Standing:
    members: list[Organization]
    weights: dict[int, Decimal] | None  # None: the weights cannot be computed yet (see weight_problem)
    weight_problem: str | None
    in_person: set[int]  # member bodies with an open stay
    proxies: dict[int, int]  # grantor -> holder, active proxies
    quorum_rules: dict[str, QuorumRule | None] = field(default_factory=dict)

    @property
    def represented(self) -> dict[int, int]:
        """Grantors whose holder is present: they count as present and vote through the holder."""
        return {grantor: holder for grantor, holder in self.proxies.items() if holder in self.in_person}

    @property
    def present(self) -> set[int]:
        """Members who count as present: in person (unless they handed their vote to an absent holder) or
        represented by a present holder."""
        counted = {pk for pk in self.in_person if pk not in self.proxies}
        return counted | set(self.represented)

    def weight_of(self, pks: set[int]) -> Decimal | None:
        if self.weights is None:
            return None
        return sum((self.weights[pk] for pk in pks), Decimal(0))

    @property
    def members_weight(self) -> Decimal | None:
        return self.weight_of({member.pk for member in self.members})

    @property
    def present_weight(self) -> Decimal | None:
        return self.weight_of(self.present)

    def holds(self, call: str) -> bool | None:
        """Whether the quorum of `call` holds (None: the rule or the weights are not known)."""
        rule = self.quorum_rules.get(call)
        members, present = self.members_weight, self.present_weight
        if rule is None or members is None or present is None:
            return None
        return rule.holds(members=members, present=present)


def standing(session: Session, organ_rules: OrganRules | None) -> Standing:
    day = session.starts_at.astimezone(timezone.get_current_timezone()).date()
    members = list(rules.member_bodies(session.organ, day))
    member_pks = {member.pk for member in members}
    in_person = set(
        Attendance.objects.filter(
            session=session, left_at__isnull=True, organization__in=member_pks
        ).values_list("organization_id", flat=True)
    )
    proxies = dict(
        Proxy.objects.filter(session=session, revoked_at__isnull=True).values_list("grantor_id", "holder_id")
    )
    computed: dict[int, Decimal] | None = None
    problem = None
    if organ_rules is None:
        problem = _("Le regole dell'organo non sono ancora state impostate.")
    else:
        try:
            computed = weights.weights(session, organ_rules, members)
        except ValidationError as error:
            problem = " ".join(error.messages)
    quorum_rules: dict[str, QuorumRule | None] = {}
    if organ_rules is not None:
        quorum_rules = {call: rules.quorum_rule(organ_rules, call) for call in Call.values}
    return Standing(
        members=members,
        weights=computed,
        weight_problem=problem,
        in_person=in_person,
        proxies=proxies,
        quorum_rules=quorum_rules,
    )
