"""Every pair of states: the legal transitions pass, every other one is a clear error."""

import itertools

import pytest

from agreements.models import AgreementStatus as S
from agreements.rules import TRANSITIONS, IllegalTransition, check_transition

LEGAL = {
    (S.DRAFT, S.IN_APPROVAL),
    (S.IN_APPROVAL, S.APPROVED),
    (S.IN_APPROVAL, S.DRAFT),
    (S.APPROVED, S.IN_SIGNATURE),
    (S.APPROVED, S.DRAFT),
    (S.IN_SIGNATURE, S.IN_FORCE),
    (S.IN_SIGNATURE, S.APPROVED),
    (S.IN_FORCE, S.EXPIRED),
    (S.IN_FORCE, S.RENEWED),
    (S.EXPIRED, S.RENEWED),
    # An act from before the app whose signing is not documented is only ever replaced by its renewal.
    (S.UNDOCUMENTED, S.RENEWED),
}


def test_the_table_is_the_documented_one() -> None:
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == LEGAL
    assert set(TRANSITIONS) == set(S.values)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S.values, S.values)))
def test_transition(current: str, target: str) -> None:
    if (current, target) in LEGAL:
        check_transition(current, target)
    else:
        with pytest.raises(IllegalTransition) as error:
            check_transition(current, target)
        assert (
            str(S(current).label) in error.value.messages[0] and "non può passare" in error.value.messages[0]
        )
