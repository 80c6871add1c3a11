"""Comparison of two versions of an agreement: which articles and premises were added, removed or changed,
with the changed words marked. Pure functions over the versions' rows."""

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from agreements.models import AgreementVersion

Change = Literal["added", "removed", "changed", "same"]
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Span:
    text: str
    kind: Literal["same", "added", "removed"]


@dataclass(frozen=True)
class Difference:
    label: str
    change: Change
    spans: tuple[Span, ...]


def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """The new text as spans of unchanged, removed and added words (whitespace kept)."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            spans.append(Span("".join(before[i1:i2]), "same"))
            continue
        if i2 > i1:
            spans.append(Span("".join(before[i1:i2]), "removed"))
        if j2 > j1:
            spans.append(Span("".join(after[j1:j2]), "added"))
    return tuple(spans)


def compare_versions(old: AgreementVersion, new: AgreementVersion) -> list[Difference]:
    differences: list[Difference] = []
    old_premises = {p.position: p for p in old.premises.all()}
    new_premises = {p.position: p for p in new.premises.all()}
    for position in sorted(old_premises.keys() | new_premises.keys()):
        differences.append(
            _difference(
                f"Premessa {position}",
                old_premises[position].text if position in old_premises else None,
                new_premises[position].text if position in new_premises else None,
            )
        )
    old_articles = {a.number: a for a in old.articles.all()}
    new_articles = {a.number: a for a in new.articles.all()}
    for number in sorted(old_articles.keys() | new_articles.keys()):
        before, after = old_articles.get(number), new_articles.get(number)
        label = str(after or before)
        differences.append(
            _difference(
                label,
                f"{before.title}\n{before.body}" if before else None,
                f"{after.title}\n{after.body}" if after else None,
            )
        )
    return differences


def _difference(label: str, old: str | None, new: str | None) -> Difference:
    if old is None:
        return Difference(label, "added", (Span(new or "", "added"),))
    if new is None:
        return Difference(label, "removed", (Span(old, "removed"),))
    if old == new:
        return Difference(label, "same", (Span(new, "same"),))
    return Difference(label, "changed", word_diff(old, new))
