"""The profile's writes: defining indicators, ratios and composite indices, and loading an indicator's values from a
CSV (whole or not at all). Each checks territory.rules first and is audited."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import delete_audited, save_changes, save_new
from governance.models import Ambito, Organization, OrganizationKind
from territory import rules
from territory.following import follow_indicator_import
from territory.indicator_csv import parse_indicator_csv
from territory.models import (
    Aggregation,
    CompositeComponent,
    CompositeIndex,
    Indicator,
    IndicatorImport,
    IndicatorValue,
    Ratio,
)

MAX_ERRORS_SHOWN = 50
FOUR_PLACES = Decimal("0.0001")
INDICATOR_FIELDS = (
    "code",
    "name",
    "description",
    "unit",
    "source",
    "licence",
    "aggregation",
    "people_assisted",
)
EDITABLE_INDICATOR_FIELDS = (
    "name",
    "description",
    "unit",
    "source",
    "licence",
    "aggregation",
    "people_assisted",
)


def _same_owner(owner: Ambito | None, used: Indicator | None, label: str) -> None:
    """What an ambito defines may use national indicators and its own; a national definition only national ones."""
    if used is None or used.ambito_id is None:
        return
    if owner is None or used.ambito_id != owner.pk:
        raise ValidationError(
            {label: _("L'indicatore «%(name)s» appartiene a un altro ambito.") % {"name": used.name}},
            code="other_ambito",
        )


def rejected(errors: Sequence[object]) -> ValidationError:
    """A file's line errors as one ValidationError: the first fifty, and how many more."""
    more = len(errors) - MAX_ERRORS_SHOWN
    tail = (
        [ngettext("… e un altro errore.", "… e altri %(count)d errori.", more) % {"count": more}]
        if more > 0
        else []
    )
    return ValidationError([str(error) for error in errors[:MAX_ERRORS_SHOWN]] + tail, code="invalid")


# --- indicators ------------------------------------------------------------------------------------------------


@transaction.atomic
def indicator_create(*, actor: Any, ambito: Ambito | None, **fields: Any) -> Indicator:
    rules.require_owner(actor, ambito)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    indicator = Indicator(ambito=ambito, created_by=actor if getattr(actor, "pk", None) else None, **fields)
    save_new(indicator, actor=actor)
    return indicator


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, **changes: Any) -> list[str]:
    rules.require_keep(actor, indicator)
    unknown = set(changes) - set(EDITABLE_INDICATOR_FIELDS)
    if unknown:
        raise ValidationError(_("Codice e ambito di un indicatore non si cambiano."), code="fixed")
    return save_changes(indicator, actor=actor, changes=changes)


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    rules.require_keep(actor, indicator)
    used = [
        *Ratio.objects.filter(
            Q(numerator_indicator=indicator) | Q(denominator_indicator=indicator)
        ).values_list("name", flat=True),
        *CompositeIndex.objects.filter(components__indicator=indicator).values_list("name", flat=True),
    ]
    if used:
        raise ValidationError(
            _("L'indicatore è usato da: %(names)s. Eliminare prima questi.")
            % {"names": ", ".join(sorted(used))},
            code="in_use",
        )
    try:
        delete_audited(indicator, actor=actor)
    except ProtectedError as error:  # pragma: no cover - the check above names every user
        raise ValidationError(_("L'indicatore è ancora in uso."), code="in_use") from error


@transaction.atomic
def indicator_import(
    *, actor: Any, indicator: Indicator, data: bytes, file_name: str, year: int | None = None
) -> IndicatorImport:
    """Loads a CSV of values (territory/indicator_csv.py). Every line is checked before anything is written; the
    file replaces the indicator's values of the years it holds. An ambito's indicator takes only the comuni that
    belonged to it in each year; a national one keeps the codes the registry does not know on the import record."""
    rules.require_keep(actor, indicator)
    parsed = parse_indicator_csv(data, year=year)
    if parsed.errors:
        raise rejected(parsed.errors)
    comuni = dict(
        Organization.objects.filter(
            kind=OrganizationKind.COMUNE, istat_code__in={row.istat_code for row in parsed.rows}
        ).values_list("istat_code", "pk")
    )
    years = sorted({row.year for row in parsed.rows})
    errors: list[str] = []
    unknown: dict[str, dict[str, str]] = {}
    if indicator.ambito is not None:
        allowed = {year: rules.comuni_of_ambito_in(indicator.ambito, year) for year in years}
        for row in parsed.rows:
            if comuni.get(row.istat_code) not in allowed[row.year]:
                errors.append(
                    _("riga %(line)d: il comune %(code)s non faceva parte dell'ambito nel %(year)d")
                    % {"line": row.line, "code": row.istat_code, "year": row.year}
                )
    else:
        for row in parsed.rows:
            if row.istat_code not in comuni:
                unknown.setdefault(str(row.year), {})[row.istat_code] = str(row.value)
    if errors:
        raise ValidationError(errors[:MAX_ERRORS_SHOWN], code="outside")
    replaced, _deleted = IndicatorValue.objects.filter(indicator=indicator, year__in=years).delete()
    record = IndicatorImport.objects.create(
        indicator=indicator,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        years=years,
        values=sum(1 for row in parsed.rows if row.istat_code in comuni),
        replaced=replaced,
        unknown_codes=unknown,
        imported_by=actor if getattr(actor, "pk", None) else None,
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=indicator,
                comune_id=comuni[row.istat_code],
                year=row.year,
                value=row.value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP),
                loaded_by=record,
            )
            for row in parsed.rows
            if row.istat_code in comuni
        ],
        batch_size=2000,
    )
    if unknown:
        follow_indicator_import(record)
    return record


# --- ratios ----------------------------------------------------------------------------------------------------


@transaction.atomic
def ratio_create(*, actor: Any, ambito: Ambito | None, **fields: Any) -> Ratio:
    rules.require_owner(actor, ambito)
    ratio = Ratio(ambito=ambito, created_by=actor if getattr(actor, "pk", None) else None, **fields)
    for label in ("numerator_indicator", "denominator_indicator"):
        used = getattr(ratio, label)
        _same_owner(ambito, used, label)
        if used is not None and used.aggregation != Aggregation.SUM:
            raise ValidationError(
                {label: _("Un rapporto somma i suoi termini sull'area: serve un indicatore sommabile.")},
                code="not_additive",
            )
    save_new(ratio, actor=actor)
    return ratio


@transaction.atomic
def ratio_delete(*, actor: Any, ratio: Ratio) -> None:
    rules.require_keep(actor, ratio)
    delete_audited(ratio, actor=actor)


# --- composite indices ----------------------------------------------------------------------------------------


@transaction.atomic
def composite_create(
    *,
    actor: Any,
    ambito: Ambito | None,
    components: Sequence[tuple[Indicator, Decimal, bool]],
    **fields: Any,
) -> CompositeIndex:
    """A composite of at least two different indicators, each with a positive weight."""
    rules.require_owner(actor, ambito)
    indicators = [indicator for indicator, _weight, _inverted in components]
    if len(indicators) < 2:
        raise ValidationError({"components": _("Servono almeno due indicatori.")}, code="too_few")
    if len({indicator.pk for indicator in indicators}) != len(indicators):
        raise ValidationError({"components": _("Ogni indicatore compare una volta sola.")}, code="repeated")
    for indicator in indicators:
        _same_owner(ambito, indicator, "components")
    composite = CompositeIndex(
        ambito=ambito, created_by=actor if getattr(actor, "pk", None) else None, **fields
    )
    save_new(composite, actor=actor)
    for indicator, weight, inverted in components:
        component = CompositeComponent(
            composite=composite, indicator=indicator, weight=weight, inverted=inverted
        )
        component.full_clean()
        component.save()
    return composite


@transaction.atomic
def composite_delete(*, actor: Any, composite: CompositeIndex) -> None:
    rules.require_keep(actor, composite)
    delete_audited(composite, actor=actor)
