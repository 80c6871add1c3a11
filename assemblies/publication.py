"""The published copy of an act: personal data blanked ("omissis"), printed by the worker for the notice board.

What is blanked: every codice fiscale of a person (the 16-character pattern, valid or not: a mistyped code is
still personal data), and the names of the people assisted by the services that the Ufficio di Piano lists when
publishing, in either order (Mario Rossi, Rossi Mario), whatever the case and spacing. The full text stays
internal; only this copy reaches the public pages, the feed and the PDF."""

import re
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from assemblies.models import PublishedAct
from documents import jobs

OMISSIS = "omissis"
# Name letters of the codice fiscale, then the birth date and place with their omocodia letters, then the check.
TAX_CODE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}"
    r"[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?![A-Za-z0-9])"
)


def names_from(text: str) -> list[str]:
    """The names a user typed, one per line (blank lines ignored)."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _name_pattern(name: str) -> re.Pattern[str] | None:
    words = name.split()
    if not words:
        return None
    orders = [words] if len(words) == 1 else [words, words[-1:] + words[:-1], words[1:] + words[:1]]
    alternatives = sorted({r"\s+".join(re.escape(word) for word in order) for order in map(tuple, orders)})
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def blank(text: str, names: Iterable[str]) -> tuple[str, int]:
    """The text with personal data replaced by "omissis", and how many replacements were made."""
    count = 0
    # Longer names first, so "Maria Rosa Bianchi" is not half-blanked as "Maria Rosa" first.
    for name in sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True):
        pattern = _name_pattern(name)
        if pattern is not None:
            text, found = pattern.subn(OMISSIS, text)
            count += found
    text, found = TAX_CODE.subn(OMISSIS, text)
    return text, count + found


def tax_codes_in(text: str) -> list[str]:
    return TAX_CODE.findall(text)


def period(start: date) -> tuple[date, date]:
    """The notice board's days: `PUBLICATION_DAYS` consecutive days from the first (art. 124 D.Lgs. 267/2000)."""
    return start, start + timedelta(days=settings.PUBLICATION_DAYS - 1)


def on_board(act: PublishedAct, today: date) -> bool:
    return act.published_from <= today <= act.published_until


def printout(act: PublishedAct) -> jobs.Printout:
    return jobs.Printout(
        html=render_to_string("assemblies/print/published_act.html", {"act": act, "organ": act.organ}),
        title=str(act),
        filename=f"albo-{act.organ_id}-{act.year}-{act.number}.pdf",
        created_at=act.created_at,
    )


def register() -> None:
    jobs.register_renderer(PublishedAct, printout, select_related=("organ",))


def label(act: PublishedAct) -> str:
    return _("Atto n. %(ref)s dell'albo di %(organ)s") % {"ref": act.reference, "organ": act.organ}
