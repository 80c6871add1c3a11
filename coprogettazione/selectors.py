"""Reads of co-design procedures, already filtered by what the user may see; a page's queries do not grow with its
rows."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coprogettazione import checks, rules
from coprogettazione.models import (
    Application,
    CoProgrammingMeeting,
    Procedure,
    ProcedureStep,
    Programme,
    ProgrammeFunding,
)
from core.exports import Table

ZERO = Decimal("0.00")


def procedure_list(*, user: Any, search: str = "", status: str = "") -> QuerySet[Procedure]:
    queryset = (
        rules.visible_procedures(user)
        .select_related("promoter", "ambito")
        .annotate(programme_count=Count("programmes", distinct=True))
    )
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search)
            | Q(promoter__name__icontains=search)
            | Q(programmes__title__icontains=search)
        ).distinct()
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-first_year", "title")


def _fundings() -> Prefetch:
    return Prefetch(
        "fundings", queryset=ProgrammeFunding.objects.select_related("funder_organization", "funder_ambito")
    )


def procedure_detail(*, user: Any, pk: int) -> Procedure:
    queryset = (
        rules.visible_procedures(user)
        .select_related("promoter", "ambito__capofila", "co_programming")
        .prefetch_related(
            Prefetch("steps", queryset=ProcedureStep.objects.order_by("position")),
            Prefetch(
                "programmes",
                queryset=Programme.objects.order_by("code").prefetch_related(_fundings(), "actions"),
            ),
            Prefetch("co_programming__meetings", queryset=CoProgrammingMeeting.objects.order_by("pk")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass
class ProgrammeRow:
    programme: Programme
    value: Decimal | None
    mismatches: list[checks.Mismatch]


@dataclass
class ProcedureSheet:
    procedure: Procedure
    rows: list[ProgrammeRow]
    value: Decimal
    mismatches: list[checks.Mismatch] = field(default_factory=list)

    def tables(self) -> list[Table]:
        programmes = Table(
            "programmi",
            _("Programmi"),
            [
                _("Codice"),
                _("Programma"),
                _("Contributo annuo (EUR)"),
                _("Contributo per il periodo (EUR)"),
                _("Quote dei finanziatori"),
                _("Cifre da verificare"),
            ],
        )
        for row in self.rows:
            programme = row.programme
            programmes.rows.append(
                [
                    programme.code,
                    programme.title,
                    programme.annual_contribution,
                    programme.period_contribution,
                    "; ".join(
                        f"{f.funder}: {f.period_amount if f.period_amount is not None else f.annual_amount}"
                        for f in programme.fundings.all()
                    ),
                    " ".join(m.message for m in row.mismatches),
                ]
            )
        steps = Table(
            "tappe", _("Tappe e atti"), [_("N."), _("Tappa"), _("Quando"), _("Atto"), _("Organo o ente")]
        )
        for step in self.procedure.steps.all():
            when = step.when_label or (step.act_date.strftime("%d/%m/%Y") if step.act_date else "")
            steps.rows.append([step.position, step.title, when, step.act_label, step.act_body])
        return [programmes, steps]


def procedure_sheet(procedure: Procedure) -> ProcedureSheet:
    years = len(procedure.years)
    rows = []
    for programme in procedure.programmes.all():
        found = checks.programme_checks(programme, years, list(programme.fundings.all()))
        rows.append(ProgrammeRow(programme, checks.programme_value(programme, years), found))
    return ProcedureSheet(
        procedure=procedure,
        rows=rows,
        value=sum((row.value for row in rows if row.value is not None), ZERO),
        mismatches=[mismatch for row in rows for mismatch in row.mismatches],
    )


def programme_detail(procedure: Procedure, pk: int) -> Programme:
    for programme in procedure.programmes.all():
        if programme.pk == pk:
            return programme
    raise Programme.DoesNotExist


def ranking(programme: Programme) -> list[tuple[Application, Decimal]]:
    """The admitted applications to a programme, best first, with their total points."""
    applications = (
        Application.objects.filter(
            programme=programme, status__in=[rules.A.ADMITTED, rules.A.SELECTED, rules.A.NOT_SELECTED]
        )
        .annotate(total=Sum("scores__points"))
        .select_related("lead")
        .order_by(F("total").desc(nulls_last=True), "pk")
    )
    return [(application, application.total or Decimal(0)) for application in applications]
