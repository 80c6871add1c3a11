"""Validators for Italian public-administration codes; messages are shown next to form fields."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

_ISTAT_RE = re.compile(r"^\d{6}$")
# A person's codice fiscale, omocodia included, wherever it stands in a text (a URL, a log line, a
# certificate's TINIT-... serial number).
_OMOCODIA = "0-9LMNPQRSTUV"
PERSON_TAX_CODE_RE = re.compile(
    rf"(?<![A-Za-z0-9])[A-Za-z]{{6}}[{_OMOCODIA}]{{2}}[A-Za-z][{_OMOCODIA}]{{2}}[A-Za-z]"
    rf"[{_OMOCODIA}]{{3}}[A-Za-z](?![A-Za-z0-9])",
    re.IGNORECASE,
)


def looks_like_person_tax_code(value: str) -> bool:
    return bool(PERSON_TAX_CODE_RE.fullmatch(value.strip()))


_CADASTRAL_RE = re.compile(r"^[A-Z]\d{3}$")


def validate_istat_code(value: str) -> None:
    if not _ISTAT_RE.match(value or ""):
        raise ValidationError(
            _("Il codice ISTAT deve avere 6 cifre (es. 019096)."),
            code="invalid_istat",
            params={"value": value},
        )


def validate_cadastral_code(value: str) -> None:
    if not _CADASTRAL_RE.match(value or ""):
        raise ValidationError(
            _("Il codice catastale è una lettera maiuscola seguita da 3 cifre (es. I827)."),
            code="invalid_cadastral",
        )


def validate_organization_tax_code(value: str) -> None:
    """Codice fiscale of a public body or company: 11 digits with a check digit."""
    if not (value.isdigit() and len(value) == 11):
        raise ValidationError(
            _("Il codice fiscale di un ente è composto da 11 cifre."), code="invalid_tax_code"
        )
    try:
        codicefiscale.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Codice fiscale non valido: la cifra di controllo non corrisponde."), code="invalid_tax_code"
        ) from exc


def validate_person_tax_code(value: str) -> None:
    """Codice fiscale of a natural person: 16 characters with a check character."""
    try:
        codicefiscale.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Codice fiscale non valido: controlla lettere, cifre e carattere di controllo."),
            code="invalid_tax_code",
        ) from exc
    if len(codicefiscale.compact(value)) != 16:
        raise ValidationError(
            _("Il codice fiscale di una persona è composto da 16 caratteri."), code="invalid_tax_code"
        )


def validate_vat_number(value: str) -> None:
    try:
        iva.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Partita IVA non valida: servono 11 cifre con cifra di controllo corretta."), code="invalid_vat"
        ) from exc


def normalize_code(value: str | None) -> str | None:
    """Uppercase, no spaces; empty becomes None so that unique constraints ignore it."""
    if value is None:
        return None
    compact = re.sub(r"\s+", "", value).upper()
    return compact or None
