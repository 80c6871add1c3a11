"""What the seed loaders share: where the data files are, the registry the seeds name, and the report."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from agreements.models import (
    Agreement,
)
from governance.loaders import SEED_REGISTRY
from governance.models import Ambito, Organization, OrganizationKind, Person

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SEED_AGREEMENTS = DATA_DIR / "seed_agreements.yaml"
SEED_TEMPLATES = DATA_DIR / "seed_templates.yaml"
REGISTRY_VALUES = {
    "ambito.regione": lambda ambito: ambito.province.region.name if ambito.province else None,
    "ambito.provincia": lambda ambito: ambito.province.name if ambito.province else None,
}


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)
    agreements: dict[str, Agreement] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.counts)

    def __str__(self) -> str:
        written = ", ".join(f"{key}: {value}" for key, value in sorted(self.counts.items()))
        return "\n".join([f"Accordi degli atti di esempio: {written or 'nessuna modifica'}.", *self.lines])


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class Registry:
    """Resolves the keys of governance/data/seed_registry.yaml to the rows `load_seeds` created."""

    def __init__(self, path: Path = SEED_REGISTRY) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self._orgs = {item["key"]: item for item in data["organizations"]}
        self._ambiti = {item["key"]: item for item in data["ambiti"]}
        self._persons = {item["key"]: item for item in data["persons"]}

    def org(self, ref: dict[str, str]) -> Organization:
        if "istat" in ref:
            return Organization.objects.get(kind=OrganizationKind.COMUNE, istat_code=ref["istat"])
        item = self._orgs[ref["key"]]
        return Organization.objects.get(kind=item["kind"], name=item["name"])

    def ambito(self, key: str | None) -> Ambito | None:
        return Ambito.objects.get(name=self._ambiti[key]["name"]) if key else None

    def person(self, key: str | None) -> Person | None:
        if not key:
            return None
        item = self._persons[key]
        return Person.objects.get(family_name=item["family_name"], given_name=item["given_name"])
