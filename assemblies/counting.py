"""How an organ's vote is decided: the quorum to sit and the majority per kind of decision, exactly, with weights.

Pure functions over weights (one each, population, set quotas: whole numbers or decimals, compared exactly as
fractions, never rounded). Who counts as present (in person, remote, a delegate for their own comune, a member
represented by proxy) and who may vote is the session's business; this module takes the sums.

- Quorum (numero legale): the weight present must reach a share of the members' weight: strictly more than it
  ("la metà più uno": more than 1/2) or at least it (a second call: at least 1/3).
- Majorities:
  - of those present (000 art. 3): the votes for must exceed half the weight present; an abstention counts as
    present (and so weighs like a vote against) unless the organ's rule says otherwise;
  - of those voting: the votes for must exceed those against; abstentions do not count;
  - absolute, of the members (000 art. 10, disputes): the votes for must exceed half the members' weight;
  - qualified: the votes for must reach a share (two thirds) of the members' weight, or of the weight present;
  - unanimity: every member present votes for.
- A tie (as many for as against, and nothing else in the count the rule uses): rejected, or decided by the
  president's vote where the organ's rule says so (a president who abstained decides nothing: rejected).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from assemblies.models import Choice, MajorityKind, Outcome, TieRule

Weight = int | Decimal | Fraction
HALF = Fraction(1, 2)


def _exact(weight: Weight) -> Fraction:
    if weight < 0:
        raise ValueError("A weight cannot be negative.")
    return Fraction(weight)


@dataclass(frozen=True)
class QuorumRule:
    """The weight that must be present to sit, as a share of the members' weight."""

    share: Fraction = HALF
    strict: bool = True  # True: more than the share ("la metà più uno"); False: at least the share

    def holds(self, *, members: Weight, present: Weight) -> bool:
        needed = self.share * _exact(members)
        return _exact(present) > needed if self.strict else _exact(present) >= needed


@dataclass(frozen=True)
class Tally:
    """The sums of a closed vote. `present`: the weight present and entitled when the vote opened (it includes
    those who did not vote); `president`: the president's choice, if they voted."""

    members: Weight
    present: Weight
    favour: Weight
    against: Weight
    abstain: Weight
    president: str | None = None

    def __post_init__(self) -> None:
        cast = _exact(self.favour) + _exact(self.against) + _exact(self.abstain)
        if cast > _exact(self.present) or _exact(self.present) > _exact(self.members):
            raise ValueError("More votes than weight present, or more present than members.")


@dataclass(frozen=True)
class MajorityRule:
    kind: str = MajorityKind.OF_PRESENT
    share: Fraction = Fraction(2, 3)  # qualified majorities only
    of_members: bool = True  # qualified: a share of the members (else of those present)
    abstentions_count_as_present: bool = True  # majority of those present
    tie: str = TieRule.REJECTED

    def base(self, tally: Tally) -> Fraction:
        """The weight the votes for are measured against."""
        if self.kind == MajorityKind.OF_PRESENT:
            present = _exact(tally.present)
            return present if self.abstentions_count_as_present else present - _exact(tally.abstain)
        if self.kind == MajorityKind.OF_VOTING:
            return _exact(tally.favour) + _exact(tally.against)
        if self.kind == MajorityKind.ABSOLUTE or (self.kind == MajorityKind.QUALIFIED and self.of_members):
            return _exact(tally.members)
        return _exact(tally.present)

    def adopts(self, tally: Tally) -> bool:
        favour, base = _exact(tally.favour), self.base(tally)
        if self.kind == MajorityKind.UNANIMITY:
            return favour > 0 and favour == _exact(tally.present)
        if self.kind == MajorityKind.QUALIFIED:
            return favour > 0 and favour >= self.share * base
        if favour > HALF * base:
            return True
        if self.is_tie(tally) and self.tie == TieRule.PRESIDENT_PREVAILS:
            return tally.president == Choice.FOR
        return False

    def is_tie(self, tally: Tally) -> bool:
        """As many for as against, and nothing else in the base (a tie rule can only break that)."""
        if self.kind not in (MajorityKind.OF_PRESENT, MajorityKind.OF_VOTING):
            return False
        favour, against = _exact(tally.favour), _exact(tally.against)
        return favour > 0 and favour == against and favour + against == self.base(tally)


def decide(rule: MajorityRule, tally: Tally, quorum: QuorumRule | None = None) -> str:
    """The outcome of a vote: no quorum, adopted or rejected."""
    if quorum is not None and not quorum.holds(members=tally.members, present=tally.present):
        return Outcome.NO_QUORUM
    return Outcome.ADOPTED if rule.adopts(tally) else Outcome.REJECTED
