"""Which year's population a split uses: 31/12 of the year before the split's year, as the acts say (Convenzione
di sub-ambito art. 7.3); another year only when the user chooses it explicitly, with a reason that is recorded. A
missing year is said, with the latest year the registry has for every comune, never replaced silently."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance import apportionment
from governance.models import Organization


def default_population_year(year: int) -> int:
    return year - 1


def resolve_population_year(bodies: Sequence[Organization], year: int, chosen: int | None, note: str) -> int:
    """The population year (31/12) to split a `year`'s amount by, or a clear error naming what is missing."""
    default = default_population_year(year)
    available = apportionment.population_years(bodies)
    if chosen is None:
        if default in available:
            return default
        try:
            apportionment.population_weights(bodies, default + 1)
            missing = ""
        except ValidationError as error:
            missing = " ".join(error.messages)
        latest = (
            _(
                "L'ultimo anno disponibile per tutti è il 31/12/%(latest)d: sceglilo esplicitamente e indica perché."
            )
            % {"latest": available[0]}
            if available
            else _("Il registro non ha un anno di popolazione completo per questi comuni.")
        )
        raise ValidationError(
            {"population_year": f"{missing} {latest}".strip()}, code="population_year_missing"
        )
    if chosen not in available:
        raise ValidationError(
            {
                "population_year": _(
                    "Il registro non ha la popolazione al 31/12/%(year)d per tutti i comuni."
                )
                % {"year": chosen}
            }
        )
    if chosen != default and not note.strip():
        raise ValidationError(
            {
                "population_year_note": _(
                    "Indica perché si usa la popolazione al 31/12/%(chosen)d invece che al 31/12/%(default)d."
                )
                % {"chosen": chosen, "default": default}
            }
        )
    return chosen
