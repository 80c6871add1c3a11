"""The quorum and the majorities of assemblies/counting.py: the seeds' own rules on worked cases, and every rule
against a plain reference that counts voter by voter (Hypothesis: random attendance, abstentions, weights)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assemblies.counting import MajorityRule, QuorumRule, Tally, decide
from assemblies.models import Choice, MajorityKind, Outcome, TieRule

ADOPTED, REJECTED, NO_QUORUM = Outcome.ADOPTED, Outcome.REJECTED, Outcome.NO_QUORUM
OF_PRESENT = MajorityRule(MajorityKind.OF_PRESENT)
ABSOLUTE = MajorityRule(MajorityKind.ABSOLUTE)


def tally(
    members: int, favour: int, against: int = 0, abstain: int = 0, idle: int = 0, president: str | None = None
) -> Tally:
    """One vote each: `idle` members are present and do not vote."""
    present = favour + against + abstain + idle
    return Tally(
        members=members, present=present, favour=favour, against=against, abstain=abstain, president=president
    )


def test_the_sub_ambito_assembly_decides_by_majority_of_those_present() -> None:
    """Seed 000 art. 3: 11 comuni, 7 present: 4 for adopt; 3 for and an abstention do not (it counts as present)."""
    assert decide(OF_PRESENT, tally(11, favour=4, against=3)) == ADOPTED
    assert decide(OF_PRESENT, tally(11, favour=3, against=3, abstain=1)) == REJECTED
    lenient = MajorityRule(MajorityKind.OF_PRESENT, abstentions_count_as_present=False)
    assert decide(lenient, tally(11, favour=3, against=2, abstain=2)) == ADOPTED


def test_disputes_need_the_absolute_majority_of_the_members() -> None:
    """Seed 000 art. 10: 6 of 11 members, whoever is present."""
    assert decide(ABSOLUTE, tally(11, favour=6, idle=0)) == ADOPTED
    assert decide(ABSOLUTE, tally(11, favour=5, against=0)) == REJECTED
    assert decide(OF_PRESENT, tally(11, favour=5, against=0)) == ADOPTED  # the same votes, the ordinary rule


def test_no_quorum_no_decision_and_a_second_call_may_need_fewer() -> None:
    first, second = QuorumRule(Fraction(1, 2), strict=True), QuorumRule(Fraction(1, 3), strict=False)
    assert decide(OF_PRESENT, tally(12, favour=6), first) == NO_QUORUM  # 6 of 12 is not "half plus one"
    assert decide(OF_PRESENT, tally(12, favour=7), first) == ADOPTED
    assert decide(OF_PRESENT, tally(12, favour=4), second) == ADOPTED  # a third, at least


def test_a_tie_is_rejected_unless_the_president_prevails() -> None:
    voting = MajorityRule(MajorityKind.OF_VOTING)
    prevails = MajorityRule(MajorityKind.OF_VOTING, tie=TieRule.PRESIDENT_PREVAILS)
    assert decide(voting, tally(9, favour=3, against=3, abstain=2, president=Choice.FOR)) == REJECTED
    assert decide(prevails, tally(9, favour=3, against=3, abstain=2, president=Choice.FOR)) == ADOPTED
    assert decide(prevails, tally(9, favour=3, against=3, president=Choice.AGAINST)) == REJECTED
    assert decide(prevails, tally(9, favour=3, against=3, abstain=1, president=Choice.ABSTAIN)) == REJECTED
    # Of those present with abstentions counted, 3-3-1 is no tie: the president cannot break it.
    present_prevails = MajorityRule(MajorityKind.OF_PRESENT, tie=TieRule.PRESIDENT_PREVAILS)
    assert (
        decide(present_prevails, tally(9, favour=3, against=3, abstain=1, president=Choice.FOR)) == REJECTED
    )
    assert decide(present_prevails, tally(9, favour=3, against=3, president=Choice.FOR)) == ADOPTED


def test_qualified_majorities_and_unanimity() -> None:
    two_thirds = MajorityRule(MajorityKind.QUALIFIED, share=Fraction(2, 3))
    assert decide(two_thirds, tally(9, favour=6)) == ADOPTED
    assert decide(two_thirds, tally(9, favour=5, against=0)) == REJECTED
    of_present = MajorityRule(MajorityKind.QUALIFIED, share=Fraction(2, 3), of_members=False)
    assert decide(of_present, tally(9, favour=4, against=2)) == ADOPTED
    unanimity = MajorityRule(MajorityKind.UNANIMITY)
    assert decide(unanimity, tally(9, favour=5)) == ADOPTED
    assert decide(unanimity, tally(9, favour=5, abstain=1)) == REJECTED


def test_weights_are_exact_whatever_their_kind() -> None:
    """Population weights (whole numbers) and set quotas (decimals): compared exactly, never rounded."""
    by_population = Tally(members=100_001, present=100_001, favour=50_001, against=50_000, abstain=0)
    assert decide(OF_PRESENT, by_population) == ADOPTED
    quotas = Tally(
        members=Decimal("100.00"),
        present=Decimal("100.00"),
        favour=Decimal("50.00"),
        against=Decimal("49.99"),
        abstain=Decimal("0.01"),
    )
    assert decide(OF_PRESENT, quotas) == REJECTED  # 50.00 is not more than half of 100.00
    assert decide(MajorityRule(MajorityKind.OF_VOTING), quotas) == ADOPTED


def test_impossible_sums_are_refused() -> None:
    with pytest.raises(ValueError):
        Tally(members=5, present=3, favour=2, against=2, abstain=0)
    with pytest.raises(ValueError):
        Tally(members=5, present=6, favour=1, against=0, abstain=0)


# --- against a reference that counts voter by voter ---------------------------------------------------------

STATES = ("absent", "idle", Choice.FOR, Choice.AGAINST, Choice.ABSTAIN)


def reference(
    rule: MajorityRule, voters: list[tuple[int, str]], quorum: QuorumRule, president: str | None
) -> str:
    """The same rules read plainly, in whole numbers: every comparison multiplied out, no fractions."""
    members = sum(weight for weight, _state in voters)
    present = sum(weight for weight, state in voters if state != "absent")
    votes = {choice: sum(weight for weight, state in voters if state == choice) for choice in Choice.values}
    favour, against, abstain = votes[Choice.FOR], votes[Choice.AGAINST], votes[Choice.ABSTAIN]
    share_n, share_d = quorum.share.numerator, quorum.share.denominator
    sits = present * share_d > members * share_n if quorum.strict else present * share_d >= members * share_n
    if not sits:
        return NO_QUORUM
    if rule.kind == MajorityKind.UNANIMITY:
        return ADOPTED if favour > 0 and favour == present else REJECTED
    if rule.kind == MajorityKind.QUALIFIED:
        base = members if rule.of_members else present
        n, d = rule.share.numerator, rule.share.denominator
        return ADOPTED if favour > 0 and favour * d >= base * n else REJECTED
    if rule.kind == MajorityKind.ABSOLUTE:
        return ADOPTED if 2 * favour > members else REJECTED
    if rule.kind == MajorityKind.OF_VOTING:
        base = favour + against
    else:
        base = present if rule.abstentions_count_as_present else present - abstain
    if 2 * favour > base:
        return ADOPTED
    tie = favour > 0 and favour == against and favour + against == base
    if tie and rule.tie == TieRule.PRESIDENT_PREVAILS and president == Choice.FOR:
        return ADOPTED
    return REJECTED


rules = st.builds(
    MajorityRule,
    kind=st.sampled_from(MajorityKind.values),
    share=st.sampled_from([Fraction(2, 3), Fraction(3, 5), Fraction(3, 4)]),
    of_members=st.booleans(),
    abstentions_count_as_present=st.booleans(),
    tie=st.sampled_from(TieRule.values),
)
quorums = st.builds(
    QuorumRule, share=st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(2, 3)]), strict=st.booleans()
)


@given(
    rule=rules,
    quorum=quorums,
    voters=st.lists(st.tuples(st.integers(1, 60_000), st.sampled_from(STATES)), min_size=1, max_size=40),
    president=st.sampled_from([None, *Choice.values]),
)
def test_every_rule_matches_the_reference(
    rule: MajorityRule, quorum: QuorumRule, voters: list[tuple[int, str]], president: str | None
) -> None:
    members = sum(weight for weight, _state in voters)
    present = sum(weight for weight, state in voters if state != "absent")
    sums = {choice: sum(weight for weight, state in voters if state == choice) for choice in Choice.values}
    counted = Tally(
        members=members,
        present=present,
        favour=sums[Choice.FOR],
        against=sums[Choice.AGAINST],
        abstain=sums[Choice.ABSTAIN],
        president=president,
    )
    assert decide(rule, counted, quorum) == reference(rule, voters, quorum, president)
