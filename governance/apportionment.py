"""Sharing an amount among bodies, to the cent, by weights or by their resident population: for any app (an
agreement's money clause, a budget's solidarity fund, a sub-ambito's flat-rate quota).

Every split sums exactly to its total: amounts are computed in whole cents, each part gets the floor of its
exact share, and the cents left over go one each to the largest remainders (ties: the earlier part).
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.models import Organization, PopulationFigure

CENT = Decimal("0.01")
# A missing population names this many bodies, then counts the others (an ambito has up to 90 comuni).
MISSING_NAMED = 10


class SplitCriterion(models.TextChoices):
    FIXED = "fisso", gettext_lazy("Importi fissi")
    EQUAL = "parti_uguali", gettext_lazy("In parti uguali")
    POPULATION = "popolazione", gettext_lazy("In proporzione alla popolazione al 31/12 dell'anno precedente")
    WEIGHTS = "pesi", gettext_lazy("Secondo pesi stabiliti")


def checked_amount(value: Any, field: str) -> Decimal:
    """A non-negative amount in euro with at most two decimals, or a clear error on `field`."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Importo non valido.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Importo non valido.")})
    if amount < 0:
        raise ValidationError({field: _("L'importo non può essere negativo.")})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: _("L'importo ha più di due decimali.")})
    return amount


def euro(amount: Decimal) -> str:
    """An amount as Italians read it: «2.178.979,00 EUR»."""
    return f"{number_format(amount, 2, force_grouping=True)} EUR"


def to_cents(amount: Decimal) -> int:
    if amount != amount.quantize(CENT):
        raise ValidationError(_("L'importo %(amount)s ha più di due decimali.") % {"amount": amount})
    return int(amount * 100)


def _as_integers(weights: Sequence[Decimal]) -> list[int]:
    """The weights scaled by one power of ten to whole numbers: the same proportions, in integer arithmetic."""
    exponents = [weight.as_tuple().exponent for weight in weights]
    places = max(
        (-exponent for exponent in exponents if isinstance(exponent, int) and exponent < 0), default=0
    )
    scale = 10**places
    return [int(weight * scale) for weight in weights]


def split_largest_remainder(total: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split `total` (euro, at most 2 decimals) in proportion to `weights`; the parts sum to `total`.

    Whole integers throughout: each part is floor(cents x weight / sum), and the cents left over go to the
    largest remainders (cents x weight mod sum, all over the same sum), ties to the earlier part."""
    if total < 0:
        raise ValidationError(_("Il totale da ripartire non può essere negativo."))
    if not weights:
        raise ValidationError(_("Non ci sono parti tra cui ripartire."))
    exact_weights = [Decimal(weight) for weight in weights]
    if any(weight < 0 for weight in exact_weights):
        raise ValidationError(_("I pesi del riparto non possono essere negativi."))
    integers = _as_integers(exact_weights)
    weight_sum = sum(integers)
    if weight_sum == 0:
        raise ValidationError(_("La somma dei pesi del riparto è zero."))
    cents = to_cents(total)
    floors = [cents * weight // weight_sum for weight in integers]
    remainders = [cents * weight % weight_sum for weight in integers]
    leftover = cents - sum(floors)
    by_remainder = sorted(range(len(integers)), key=lambda index: (-remainders[index], index))
    for index in by_remainder[:leftover]:
        floors[index] += 1
    return [Decimal(part) / 100 for part in floors]


def population_weights(organizations: Sequence[Organization], year: int) -> list[int]:
    """Each body's resident population at 31/12 of the year before `year` (ISTAT's 1 January figure is the
    same instant), in the order given; a body without that figure is a clear error naming it, never a guess."""
    instants = [date(year - 1, 12, 31), date(year, 1, 1)]
    figures = dict(
        PopulationFigure.objects.filter(
            organization__in=[organization.pk for organization in organizations], reference_date__in=instants
        ).values_list("organization_id", "population")
    )
    missing = [str(organization) for organization in organizations if organization.pk not in figures]
    if missing:
        named = ", ".join(missing[:MISSING_NAMED])
        if len(missing) > MISSING_NAMED:
            named = _("%(named)s e altri %(more)d") % {"named": named, "more": len(missing) - MISSING_NAMED}
        raise ValidationError(
            _("Manca la popolazione al 31/12/%(year)d di: %(parties)s.")
            % {"year": year - 1, "parties": named}
        )
    return [figures[organization.pk] for organization in organizations]


def population_years(bodies: Sequence[Organization]) -> list[int]:
    """The years (31/12) for which the registry has a figure for every one of `bodies`, latest first."""
    pks = {body.pk for body in bodies}
    have: dict[int, set[int]] = defaultdict(set)
    for organization_id, reference_date in PopulationFigure.objects.filter(organization__in=pks).values_list(
        "organization_id", "reference_date"
    ):
        year = (
            reference_date.year - 1
            if (reference_date.month, reference_date.day) == (1, 1)
            else reference_date.year
        )
        if (reference_date.month, reference_date.day) in ((1, 1), (12, 31)):
            have[year].add(organization_id)
    return sorted((year for year, found in have.items() if found >= pks), reverse=True)


def apportion(
    total: Decimal,
    criterion: str,
    bodies: Sequence[Organization],
    *,
    population_year: int | None = None,
    weights: Sequence[Decimal] | None = None,
    fixed_amounts: Sequence[Decimal] | None = None,
) -> tuple[list[Decimal], list[Decimal | None]]:
    """(each body's amount, the weight it was split by) under `criterion`: fixed amounts must add up to the total;
    equal parts, weights, or the population at 31/12 of `population_year` split it to the cent."""
    if criterion == SplitCriterion.FIXED:
        if fixed_amounts is None or len(fixed_amounts) != len(bodies):
            raise ValidationError(_("Indica un importo per ciascuna parte."))
        given = sum(fixed_amounts, Decimal(0))
        if given != total:
            raise ValidationError(
                _("La somma delle quote (%(sum)s) non corrisponde al totale (%(total)s).")
                % {"sum": given, "total": total}
            )
        return list(fixed_amounts), [None] * len(bodies)
    if criterion == SplitCriterion.EQUAL:
        split_weights: list[Decimal | int] = [1] * len(bodies)
    elif criterion == SplitCriterion.POPULATION:
        if population_year is None:
            raise ValidationError({"population_year": _("Indica l'anno della popolazione.")})
        split_weights = list(population_weights(bodies, population_year + 1))
    elif criterion == SplitCriterion.WEIGHTS:
        if weights is None or len(weights) != len(bodies):
            raise ValidationError(_("Indica un peso per ciascuna parte."))
        split_weights = list(weights)
    else:
        raise ValidationError(_("Criterio di riparto sconosciuto: %(criterion)s.") % {"criterion": criterion})
    return split_largest_remainder(total, split_weights), [Decimal(weight) for weight in split_weights]
