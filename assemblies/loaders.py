"""Loads the organ rules the seed acts state (`assemblies/data/organ_rules.yaml`), after the registry and the
agreements; what no act states stays "da definire". Running it twice changes nothing, and it never overwrites a
rule the Ufficio di Piano has set since (only empty rules are filled)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from agreements.loaders import seed_agreement
from assemblies import rules
from assemblies.models import CompositionRule, MajorityRequirement, OrganRules
from governance.models import Organ

ORGAN_RULES = Path(__file__).resolve().parent / "data" / "organ_rules.yaml"
SCALARS = (
    "min_sessions_per_year",
    "notice_days",
    "weighting",
    "proxies_allowed",
    "proxy_limit",
    "legal_basis",
)


@dataclass
class RulesReport:
    organs: int = 0
    written: int = 0
    missing: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"Regole degli organi: {self.organs} organi, {self.written} regole scritte."]
        lines += [f"  ! organo non trovato nel registro: {name}" for name in self.missing]
        return "\n".join(lines)


def _fill(row: OrganRules, spec: dict[str, Any]) -> int:
    written = 0
    changed = []
    for name in SCALARS:
        if name in spec and getattr(row, name) in (None, ""):
            value = " ".join(spec[name].split()) if isinstance(spec[name], str) else spec[name]
            setattr(row, name, value)
            changed.append(name)
    if changed:
        row.full_clean()
        row.save(update_fields=[*changed, "updated_at"])
        written += len(changed)
    return written


@transaction.atomic
def load_organ_rules(path: Path = ORGAN_RULES) -> RulesReport:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = RulesReport()
    for spec in data["organs"]:
        organ = Organ.objects.filter(kind=spec["organ"]["kind"], name=spec["organ"]["name"]).first()
        if organ is None:
            report.missing.append(spec["organ"]["name"])
            continue
        report.organs += 1
        row, _created = OrganRules.objects.get_or_create(
            organ=organ, defaults={"minutes_regime": rules.default_minutes_regime(organ)}
        )
        report.written += _fill(row, spec)
        for majority in spec.get("majorities", []):
            _, made = MajorityRequirement.objects.get_or_create(
                rules=row,
                decision_kind=majority["decision_kind"],
                defaults={
                    "kind": majority["kind"],
                    "share_numerator": majority.get("share_numerator"),
                    "share_denominator": majority.get("share_denominator"),
                    "source": majority.get("source", ""),
                },
            )
            report.written += made
        for rule in spec.get("composition", []):
            agreement = seed_agreement(rule["agreement_seed"]) if "agreement_seed" in rule else None
            _, made = CompositionRule.objects.get_or_create(
                rules=row,
                kind=rule["kind"],
                defaults={
                    "number": rule.get("number"),
                    "agreement": agreement,
                    "source": rule.get("source", ""),
                },
            )
            report.written += made
    return report
