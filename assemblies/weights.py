"""How much each member body's vote weighs at a session: one each, its population at 31/12 of a year, or a set
quota. The population year is the one before the session's, unless the session records another one chosen
explicitly because the registry lacks that year; it is never picked silently."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assemblies import rules
from assemblies.models import OrganRules, Session, VoteQuota
from governance import apportionment
from governance.apportionment import population_years
from governance.models import Organization

ONE = Decimal(1)


def default_population_year(session: Session) -> int:
    """31/12 of the year before the session's (what ISTAT publishes as 1 January of the session's year)."""
    return session.starts_at.year - 1


def _population(bodies: Sequence[Organization], year: int) -> dict[int, Decimal]:
    """Population at 31/12 of `year`: the split engine's reading of the registry (governance.apportionment), which
    takes the year after it and names any body without the figure."""
    figures = apportionment.population_weights(list(bodies), year + 1)
    return {body.pk: Decimal(figure) for body, figure in zip(bodies, figures, strict=True)}


def population_year_problem(session: Session, bodies: Sequence[Organization]) -> str | None:
    """Why the session cannot weigh votes by population yet (None: it can), naming the missing year and the
    latest available one."""
    if session.population_year is not None:
        year = session.population_year
        if year in population_years(bodies):
            return None
        return _("Il registro non ha la popolazione al 31/12/%(year)d per tutti i componenti.") % {
            "year": year
        }
    year = default_population_year(session)
    available = population_years(bodies)
    if year in available:
        return None
    if available:
        return _(
            "Il registro non ha la popolazione al 31/12/%(year)d per tutti i componenti: l'anno più recente "
            "disponibile è il %(latest)d. Sceglilo esplicitamente nella seduta (resterà registrato) o importa i dati "
            "del %(year)d."
        ) % {"year": year, "latest": available[0]}
    return _("Il registro non ha la popolazione dei componenti per alcun anno.")


def weights(
    session: Session, organization_rules: OrganRules, bodies: Sequence[Organization]
) -> dict[int, Decimal]:
    """Each body's weight at this session; a clear error when a figure or a quota is missing."""
    if rules.weighs_by_population(organization_rules):
        problem = population_year_problem(session, bodies)
        if problem:
            raise ValidationError(problem, code="population")
        return _population(bodies, session.population_year or default_population_year(session))
    if rules.weighs_by_quotas(organization_rules):
        quotas = dict(
            VoteQuota.objects.filter(
                rules=organization_rules, organization__in=[b.pk for b in bodies]
            ).values_list("organization_id", "quota")
        )
        missing = [str(body) for body in bodies if body.pk not in quotas]
        if missing:
            raise ValidationError(
                _("Manca la quota di voto di: %(bodies)s.") % {"bodies": ", ".join(missing)}, code="quota"
            )
        return quotas
    return {body.pk: ONE for body in bodies}
