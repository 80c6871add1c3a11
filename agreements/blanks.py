"""Named blanks in agreement texts: `[[slot.field]]` filled from the registry, `[[name]]` filled by hand.

A blank that cannot be filled stays in the text, visibly, and blocks sending the agreement to signature."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from governance.models import Ambito, Organization
from governance.selectors import representative_on

BLANK = re.compile(r"\[\[\s*([a-z_]+)(?:\.([a-z_]+))?\s*\]\]")


def representative(organization: Organization, on: date) -> str | None:
    mandate = representative_on(organization, on)
    if mandate is None:
        return None
    return f"{mandate.person.full_name}, {mandate.title or mandate.get_role_display()}"


ORGANIZATION_FIELDS: dict[str, Callable[[Organization, date], str | None]] = {
    "nome": lambda org, on: org.display_name,
    "codice_fiscale": lambda org, on: org.tax_code,
    "partita_iva": lambda org, on: org.vat_number,
    "sede": lambda org, on: org.city or None,
    "indirizzo": lambda org, on: org.address or None,
    "pec": lambda org, on: org.pec or None,
    "rappresentante": representative,
    "comune": lambda org, on: org.name,
}
FIELD_LABELS = {
    "nome": _("denominazione"),
    "codice_fiscale": _("codice fiscale"),
    "partita_iva": _("partita IVA"),
    "sede": _("città della sede"),
    "indirizzo": _("indirizzo della sede"),
    "pec": _("PEC"),
    "rappresentante": _("rappresentante"),
    "comune": _("nome del comune"),
}


@dataclass(frozen=True)
class Filling:
    text: str
    unfilled: tuple[str, ...]


def fill(
    text: str,
    *,
    organizations: Mapping[str, Organization],
    ambito: Ambito | None,
    values: Mapping[str, str],
    on: date,
) -> Filling:
    """Replace every blank that the registry or the given values can fill; list the others."""
    unfilled: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name, field = match.group(1), match.group(2)
        value: str | None = None
        if field is None:
            value = values.get(name) or None
        elif name == "ambito" and ambito is not None and field == "nome":
            value = ambito.name
        elif name in organizations and field in ORGANIZATION_FIELDS:
            value = ORGANIZATION_FIELDS[field](organizations[name], on)
        if not value:
            unfilled.append(match.group(0))
            return match.group(0)
        return value

    return Filling(text=BLANK.sub(replace, text), unfilled=tuple(unfilled))


def blanks_in(text: str) -> list[str]:
    return [match.group(0) for match in BLANK.finditer(text)]
