"""Who counts as present, with proxies and weights (assemblies/presence.py), and the decision that follows, against a
plain reference that walks member by member (Hypothesis: random attendance, proxies, weights, abstentions)."""

from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from assemblies.counting import MajorityRule, QuorumRule, Tally, decide
from assemblies.models import Call, Choice, MajorityKind, Outcome, TieRule
from assemblies.presence import Standing


@st.composite
def assemblies(draw: st.DrawFn) -> dict:
    size = draw(st.integers(1, 25))
    weights = draw(st.lists(st.integers(1, 50_000), min_size=size, max_size=size))
    in_person = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    proxies: dict[int, int] = {}
    limit = draw(st.integers(1, 3))
    for grantor in range(size):
        if size > 1 and draw(st.booleans()) and draw(st.booleans()):
            holder = draw(st.integers(0, size - 1))
            carried = sum(1 for h in proxies.values() if h == holder)
            # The service refuses chains (a holder that gave its vote away, a grantor that carries others) and
            # proxies over the limit: only proxies it would accept are drawn.
            if (
                holder != grantor
                and holder not in proxies
                and grantor not in proxies.values()
                and carried < limit
            ):
                proxies[grantor] = holder
    choices = draw(st.lists(st.sampled_from([*Choice.values, None]), min_size=size, max_size=size))
    return {"weights": weights, "in_person": in_person, "proxies": proxies, "choices": choices}


def reference(case: dict, rule: MajorityRule, quorum: QuorumRule) -> str:
    """Member by member: present in person (and not represented elsewhere), or represented by a holder who is in
    the room; each present member's choice (or none) with its weight; every comparison in whole numbers."""
    members = present = favour = against = abstain = 0
    for pk, weight in enumerate(case["weights"]):
        members += weight
        holder = case["proxies"].get(pk)
        counts = case["in_person"][holder] if holder is not None else case["in_person"][pk]
        if not counts:
            continue
        present += weight
        choice = case["choices"][pk]
        favour += weight if choice == Choice.FOR else 0
        against += weight if choice == Choice.AGAINST else 0
        abstain += weight if choice == Choice.ABSTAIN else 0
    n, d = quorum.share.numerator, quorum.share.denominator
    if not (present * d > members * n if quorum.strict else present * d >= members * n):
        return Outcome.NO_QUORUM
    bases: dict[str, int] = {
        MajorityKind.OF_PRESENT: present - (0 if rule.abstentions_count_as_present else abstain),
        MajorityKind.OF_VOTING: favour + against,
        MajorityKind.ABSOLUTE: members,
    }
    base = bases[rule.kind]
    if 2 * favour > base:
        return Outcome.ADOPTED
    return Outcome.REJECTED


@given(
    case=assemblies(),
    kind=st.sampled_from([MajorityKind.OF_PRESENT, MajorityKind.OF_VOTING, MajorityKind.ABSOLUTE]),
    abstentions_present=st.booleans(),
    quorum=st.builds(
        QuorumRule, share=st.sampled_from([Fraction(1, 2), Fraction(1, 3)]), strict=st.booleans()
    ),
)
def test_presence_quorum_and_majority_match_the_reference(
    case: dict, kind: str, abstentions_present: bool, quorum: QuorumRule
) -> None:
    rule = MajorityRule(kind=kind, abstentions_count_as_present=abstentions_present, tie=TieRule.REJECTED)
    standing = Standing(
        members=[SimpleNamespace(pk=pk) for pk in range(len(case["weights"]))],  # type: ignore[misc]
        weights={pk: Decimal(weight) for pk, weight in enumerate(case["weights"])},
        weight_problem=None,
        in_person={pk for pk, here in enumerate(case["in_person"]) if here},
        proxies=case["proxies"],
        quorum_rules={Call.FIRST: quorum},
    )
    # The eligible voters are those present; each casts its choice (through the holder when represented).
    cast = {pk: case["choices"][pk] for pk in standing.present}
    weigh = standing.weights or {}
    sums = {
        c: sum((weigh[pk] for pk, choice in cast.items() if choice == c), Decimal(0)) for c in Choice.values
    }
    members, present = standing.members_weight, standing.present_weight
    assert members is not None and present is not None
    tally = Tally(
        members=members,
        present=present,
        favour=sums[Choice.FOR],
        against=sums[Choice.AGAINST],
        abstain=sums[Choice.ABSTAIN],
    )
    decided = decide(rule, tally, quorum)
    assert decided == reference(case, rule, quorum)
    assert standing.holds(Call.FIRST) == (decided != Outcome.NO_QUORUM)
