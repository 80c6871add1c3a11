"""Loads seed 004's co-design procedures (`coprogettazione/data/seed_004.yaml`): the co-programming that preceded
them, their steps and acts, the programmes with their actions, contributions and funders' shares, as the act states
them (P5's figures disagree; both are kept and the check shows it). Bodies are matched by ISTAT code, the ambito by
its name in the registry. Running it twice changes nothing; rows a user has added or changed are left alone."""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from agreements.loaders.base import Report
from agreements.loaders.templates import template_sync
from coprogettazione import checks
from coprogettazione.models import (
    CoProgramming,
    CoProgrammingMeeting,
    Procedure,
    ProcedureStep,
    Programme,
    ProgrammeAction,
    ProgrammeFunding,
)
from governance.models import Ambito, Organization

SEED_004 = Path(__file__).resolve().parent / "data" / "seed_004.yaml"
PARTNERSHIP_TEMPLATE = Path(__file__).resolve().parent / "data" / "partnership_template.yaml"


@dataclass
class CoDesignReport:
    procedures: int = 0
    programmes: int = 0
    steps: int = 0
    mismatches: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [
            f"Co-progettazione (seed 004): {self.procedures} procedure, {self.programmes} programmi, "
            f"{self.steps} tappe nuove."
        ]
        lines += [f"  ! cifre da verificare: {text}" for text in self.mismatches]
        lines += [f"  ! non trovato nel registro: {text}" for text in self.missing]
        return "\n".join(lines)


def _money(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def _co_programming(spec: dict[str, Any], promoter: Organization, source: str) -> CoProgramming:
    row, created = CoProgramming.objects.get_or_create(
        title=spec["title"],
        promoter=promoter,
        defaults={
            "period_label": spec["period_label"],
            "start_date": spec.get("start"),
            "end_date": spec.get("end"),
            "local_adhesions": spec.get("local_adhesions"),
            "zonal_adhesions": spec.get("zonal_adhesions"),
            "groups": spec.get("groups", []),
            "outcome": " ".join(spec.get("outcome", "").split()),
            "source": source,
        },
    )
    if created:
        for meeting in spec.get("meetings", []):
            CoProgrammingMeeting.objects.create(
                co_programming=row,
                kind=meeting["kind"],
                count=meeting["count"],
                per_group=meeting.get("per_group", False),
            )
    return row


def _steps(procedure: Procedure, specs: list[dict[str, Any]]) -> int:
    if procedure.steps.exists():
        return 0
    for position, spec in enumerate(specs, start=1):
        act = spec.get("act", {})
        ProcedureStep.objects.create(
            procedure=procedure,
            position=position,
            title=spec["title"],
            when_label=spec.get("when", ""),
            start_date=spec.get("start") or act.get("date"),
            end_date=spec.get("end") or act.get("date"),
            act_kind=act.get("kind", ""),
            act_number=act.get("number", ""),
            act_date=act.get("date"),
            act_body=act.get("body", ""),
            notes=spec.get("notes", ""),
        )
    return len(specs)


def _programme(procedure: Procedure, spec: dict[str, Any], source: str, report: CoDesignReport) -> Programme:
    programme, created = Programme.objects.get_or_create(
        procedure=procedure,
        code=spec["code"],
        defaults={
            "title": spec["title"],
            "theme": spec.get("theme", ""),
            "annual_contribution": _money(spec.get("annual")),
            "period_contribution": _money(spec.get("period")),
            "source": source,
        },
    )
    if not created:
        return programme
    report.programmes += 1
    for position, text in enumerate(spec.get("actions", []), start=1):
        ProgrammeAction.objects.create(programme=programme, position=position, text=text)
    for funding in spec.get("fundings", []):
        organization = ambito = None
        if "organization" in funding:
            organization = Organization.objects.filter(istat_code=funding["organization"]).first()
        else:
            ambito = Ambito.objects.filter(name=funding["ambito"]).first()
        if organization is None and ambito is None:
            report.missing.append(str(funding.get("organization") or funding.get("ambito")))
            continue
        ProgrammeFunding.objects.create(
            programme=programme,
            funder_organization=organization,
            funder_ambito=ambito,
            annual_amount=_money(funding.get("annual")),
            period_amount=_money(funding.get("period")),
            note=funding.get("note", ""),
        )
    return programme


def load_partnership_template(path: Path = PARTNERSHIP_TEMPLATE) -> None:
    """The partnership convention's model text, kept equal to its data file (agreements' template machinery)."""
    for spec in yaml.safe_load(path.read_text(encoding="utf-8"))["templates"]:
        template_sync(spec, Report())


@transaction.atomic
def load_co_design(path: Path = SEED_004) -> CoDesignReport:
    load_partnership_template()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = data["source"]
    report = CoDesignReport()
    crema = Organization.objects.filter(istat_code=data["co_programming"]["promoter"]["istat"]).first()
    if crema is None:
        report.missing.append(data["co_programming"]["promoter"]["istat"])
        return report
    co_programming = _co_programming(data["co_programming"], crema, source)
    for spec in data["procedures"]:
        promoter = Organization.objects.get(istat_code=spec["promoter"]["istat"])
        ambito = Ambito.objects.filter(name=spec["ambito"]).first() if "ambito" in spec else None
        if "ambito" in spec and ambito is None:
            report.missing.append(spec["ambito"])
            continue
        procedure, _created = Procedure.objects.get_or_create(
            promoter=promoter,
            title=spec["title"],
            first_year=spec["first_year"],
            defaults={
                "ambito": ambito,
                "last_year": spec["last_year"],
                "themes": spec.get("themes", []),
                "co_programming": co_programming,
                "rules_text": " ".join(data["rules_text"].split()),
                "source": source,
            },
        )
        report.procedures += 1
        report.steps += _steps(procedure, data["shared_steps"])
        years = len(procedure.years)
        for programme_spec in spec["programmes"]:
            programme = _programme(procedure, programme_spec, source, report)
            fundings = list(programme.fundings.select_related("funder_organization", "funder_ambito"))
            report.mismatches += [m.message for m in checks.programme_checks(programme, years, fundings)]
    return report
