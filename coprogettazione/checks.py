"""Every programme figure that can be checked, checked: the contribution per year times the years against the one for
the period, each funder's share the same way and against the programme's, the shares together against the whole. A
mismatch is shown with both figures as the act gives them, never corrected silently (seed 004, P5: 726,293 a year
but 2,178,979 over three years)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.selectors import LineFigure
from coprogettazione.models import Programme, ProgrammeFunding
from governance.apportionment import euro

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Mismatch:
    programme: str
    message: str
    stated: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed


def _year_times(annual: Decimal | None, period: Decimal | None, years: int) -> tuple[Decimal, Decimal] | None:
    if annual is None or period is None:
        return None
    return period, annual * years


def programme_checks(programme: Programme, years: int, fundings: list[ProgrammeFunding]) -> list[Mismatch]:
    found: list[Mismatch] = []
    pair = _year_times(programme.annual_contribution, programme.period_contribution, years)
    if pair is not None and pair[0] != pair[1]:
        found.append(
            Mismatch(
                programme.code,
                _(
                    "%(code)s: %(annual)s l'anno per %(years)d anni fanno %(computed)s, ma l'atto indica %(stated)s "
                    "per il periodo (differenza %(difference)s)."
                )
                % {
                    "code": programme.code,
                    "annual": euro(programme.annual_contribution or ZERO),
                    "years": years,
                    "computed": euro(pair[1]),
                    "stated": euro(pair[0]),
                    "difference": euro(pair[0] - pair[1]),
                },
                pair[0],
                pair[1],
            )
        )
    for funding in fundings:
        pair = _year_times(funding.annual_amount, funding.period_amount, years)
        if pair is not None and pair[0] != pair[1]:
            found.append(
                Mismatch(
                    programme.code,
                    _(
                        "%(code)s, quota di %(funder)s: %(annual)s l'anno per %(years)d anni non fanno %(stated)s."
                    )
                    % {
                        "code": programme.code,
                        "funder": funding.funder,
                        "annual": euro(funding.annual_amount or ZERO),
                        "years": years,
                        "stated": euro(pair[0]),
                    },
                    pair[0],
                    pair[1],
                )
            )
    for label, whole, part in (
        (
            _("del periodo"),
            programme.period_contribution,
            sum((f.period_amount for f in fundings if f.period_amount is not None), ZERO),
        ),
        (
            _("annuo"),
            programme.annual_contribution,
            sum((f.annual_amount for f in fundings if f.annual_amount is not None), ZERO),
        ),
    ):
        if whole is not None and part > whole:
            found.append(
                Mismatch(
                    programme.code,
                    _(
                        "%(code)s: le quote dei finanziatori (%(part)s) superano il contributo %(label)s (%(whole)s)."
                    )
                    % {"code": programme.code, "part": euro(part), "label": label, "whole": euro(whole)},
                    whole,
                    part,
                )
            )
    return found


def share_value(funding: ProgrammeFunding, years: int) -> Decimal:
    """A funder's share over the period: the period figure, else the annual one times the years."""
    if funding.period_amount is not None:
        return funding.period_amount
    return (funding.annual_amount or ZERO) * years


def budget_link_checks(
    programme: Programme, years: int, fundings: list[ProgrammeFunding], figures: dict[int, LineFigure | None]
) -> list[Mismatch]:
    """An ambito's share tied to a line of its budget: the line must still be in the budget in force, and, where the
    budget covers the whole period, set on it what the share says."""
    found: list[Mismatch] = []
    for funding in fundings:
        line = funding.budget_line
        if line is None:
            continue
        share = share_value(funding, years)
        figure = figures.get(line.pk)
        names = {
            "code": programme.code,
            "funder": funding.funder,
            "line": line,
            "budget": line.version.budget,
        }
        if figure is None:
            found.append(
                Mismatch(
                    programme.code,
                    _(
                        "%(code)s, quota di %(funder)s: la voce «%(line)s» non c'è più nel bilancio «%(budget)s» in "
                        "vigore."
                    )
                    % names,
                    share,
                    ZERO,
                )
            )
        elif figure.covers_period and figure.amount != share:
            found.append(
                Mismatch(
                    programme.code,
                    _(
                        "%(code)s, quota di %(funder)s: la voce «%(line)s» del bilancio «%(budget)s» stanzia "
                        "%(budgeted)s negli anni %(first)d–%(last)d, la quota è %(share)s."
                    )
                    % {
                        **names,
                        "budgeted": euro(figure.amount),
                        "first": figure.first_year,
                        "last": figure.last_year,
                        "share": euro(share),
                    },
                    share,
                    figure.amount,
                )
            )
    return found


def programme_value(programme: Programme, years: int) -> Decimal | None:
    """What the programme is worth over the period, as the act states it: the period figure, else the annual one
    times the years (None when the act gives neither)."""
    if programme.period_contribution is not None:
        return programme.period_contribution
    if programme.annual_contribution is not None:
        return programme.annual_contribution * years
    return None
