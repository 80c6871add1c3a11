"""The blanking of published copies: codici fiscali always (valid, omocodici, mistyped, any case), the listed names
of assisted people in either order and any spacing or case, never a word that merely contains a name; and the
publication period of art. 124 D.Lgs. 267/2000 (a setting)."""

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assemblies import publication

NAMES = st.text(alphabet="abcdefghilmnopqrstuvz", min_size=3, max_size=10).map(str.capitalize)
FILLER = st.lists(
    st.sampled_from(["il", "caso", "di", "seduta", "verbale", "e", "assistito", "2026", "n."]), max_size=8
)


def test_tax_codes_are_always_blanked() -> None:
    text = "CF RSSMRA80A01H501U, omocodice RSSMRA80A01H50MU, minuscolo rssmra80a01h501u, errato RSSMRA80A01H501X."
    blanked, count = publication.blank(text, [])
    assert count == 4 and publication.tax_codes_in(blanked) == []
    assert blanked == "CF omissis, omocodice omissis, minuscolo omissis, errato omissis."


def test_an_entitys_tax_code_and_ordinary_words_stay() -> None:
    text = "Comune di Crema, C.F. 91035680197, delibera n. 12/2026 del Consiglio."
    assert publication.blank(text, []) == (text, 0)


@settings(max_examples=200, deadline=None)
@given(
    given_name=NAMES,
    family_name=NAMES,
    before=FILLER,
    after=FILLER,
    reversed_order=st.booleans(),
    upper=st.booleans(),
)
def test_listed_names_are_blanked_in_either_order(
    given_name: str, family_name: str, before: list[str], after: list[str], reversed_order: bool, upper: bool
) -> None:
    written = f"{family_name}  {given_name}" if reversed_order else f"{given_name} {family_name}"
    if upper:
        written = written.upper()
    text = " ".join([*before, written, *after]) + "."
    blanked, count = publication.blank(text, [f"{given_name} {family_name}"])
    assert count >= 1
    assert written not in blanked and "omissis" in blanked


def test_a_name_inside_a_longer_word_is_left_alone() -> None:
    blanked, count = publication.blank("Il Rossini e la Rossi Mariani.", ["Mario Rossi"])
    assert count == 0 and blanked == "Il Rossini e la Rossi Mariani."
    assert publication.blank("Maria Rosa Bianchi e Maria Rosa", ["Maria Rosa Bianchi", "Maria Rosa"]) == (
        "omissis e omissis",
        2,
    )


def test_the_publication_period_is_a_setting(settings: Any) -> None:
    assert publication.period(date(2026, 12, 20)) == (date(2026, 12, 20), date(2027, 1, 3))  # 15 days
    settings.PUBLICATION_DAYS = 30
    assert publication.period(date(2026, 1, 1)) == (date(2026, 1, 1), date(2026, 1, 30))
