"""Seed 003, the protocollo d'intesa, as a template with named blanks, instantiated for one ambito."""

from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

from agreements import blanks, services
from agreements.loaders.base import REGISTRY_VALUES, Registry, Report
from agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementTemplate,
    TemplateArticle,
    TemplatePremise,
    TemplateSlot,
)
from governance import services as registry_services
from governance.models import Ambito, Organization, Province


def _load_templates(path: Path, report: Report) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry = Registry()
    for spec in data["templates"]:
        template = template_sync(spec, report)
        report.lines.append(
            f"{spec['seed']} — modello «{template.title}»: {template.slots.count()} parti attese "
            f"({', '.join(template.slots.values_list('key', flat=True))}), {template.premises.count()} premesse, "
            f"{template.articles.count()} articoli."
        )
        for note in (spec.get("notes") or "").splitlines():
            report.lines.append(f"  Nota: {note}")
        for correction in spec.get("corrections", []):
            report.lines.append(f"  Correzione: {correction}")
        for item in spec.get("instances", []):
            agreement = _instance(template, spec, item, registry, report)
            report.agreements[spec["seed"]] = agreement


def _sync_rows(
    rows: dict[Any, Any],
    wanted: dict[Any, dict[str, Any]],
    create: Any,
    report: Report,
    labels: tuple[str, str, str],
) -> None:
    """Create, update or delete a template's rows (keyed by slot key, premise position or article number) so that
    they match the data file; write nothing where they already do."""
    for key, values in wanted.items():
        row = rows.get(key)
        if row is None:
            row = create(key, values)
            row.full_clean()
            row.save()
            report.counts[labels[0]] += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.full_clean()
            row.save()
            report.counts[labels[1]] += 1
    for key, row in rows.items():
        if key not in wanted:
            row.delete()
            report.counts[labels[2]] += 1


def template_sync(spec: dict[str, Any], report: Report) -> AgreementTemplate:
    """Write a template shipped with the code so that it matches its data file (any app's: coprogettazione ships
    the partnership convention). Templates are reference text no user edits yet: written directly, validated."""
    fields = {
        "kind": spec["kind"],
        "description": spec.get("description", ""),
        "source": spec.get("source", ""),
    }
    template = AgreementTemplate.objects.filter(title=spec["title"]).first()
    if template is None:
        template = AgreementTemplate(title=spec["title"], **fields)
        template.full_clean()
        template.save()
        report.counts["modelli creati"] += 1
    elif any(getattr(template, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(template, name, value)
        template.full_clean()
        template.save()
        report.counts["modelli aggiornati"] += 1
    _sync_rows(
        {slot.key: slot for slot in template.slots.all()},
        {
            item["key"]: {"label": item["label"], "role": item["role"], "position": position}
            for position, item in enumerate(spec["slots"], start=1)
        },
        lambda key, values: TemplateSlot(template=template, key=key, **values),
        report,
        ("parti del modello create", "parti del modello aggiornate", "parti del modello tolte"),
    )
    _sync_rows(
        {premise.position: premise for premise in template.premises.all()},
        {
            position: {"section": item["section"], "text": item["text"].rstrip()}
            for position, item in enumerate(spec["premises"], start=1)
        },
        lambda position, values: TemplatePremise(template=template, position=position, **values),
        report,
        ("premesse del modello create", "premesse del modello aggiornate", "premesse del modello tolte"),
    )
    _sync_rows(
        {article.number: article for article in template.articles.all()},
        {
            item["number"]: {"title": item.get("title", ""), "body": item["body"].rstrip()}
            for item in spec["articles"]
        },
        lambda number, values: TemplateArticle(template=template, number=number, **values),
        report,
        ("articoli del modello creati", "articoli del modello aggiornati", "articoli del modello tolti"),
    )
    return template


def _slot_organization(
    ref: dict[str, Any], ambito: Ambito, registry: Registry, report: Report
) -> Organization:
    """A registry body, or one the data file adds to the ambito's registry (found again by kind and name)."""
    if "create" not in ref:
        return registry.org(ref)
    values = dict(ref["create"])
    found = Organization.objects.filter(kind=values["kind"], name=values["name"]).first()
    if found is not None:
        return found
    if values.get("province"):
        values["province"] = Province.objects.get(abbreviation=values["province"])
    organization = registry_services.organization_create(actor=None, ambito=ambito, **values)
    report.counts["enti aggiunti al registro"] += 1
    report.lines.append(f"  ! Aggiunto al registro: {organization} ({ref.get('source', 'non negli atti')}).")
    return organization


def _instance(
    template: AgreementTemplate,
    spec: dict[str, Any],
    item: dict[str, Any],
    registry: Registry,
    report: Report,
) -> Agreement:
    ambito = registry.ambito(item["ambito"])
    assert ambito is not None
    validity = spec.get("validity", {})
    wanted = {
        "starts_on_signature": bool(validity.get("starts_on_signature", False)),
        "until_event": validity.get("until_event", ""),
    }
    agreement = Agreement.objects.filter(kind=template.kind, title=item["title"]).first()
    created = agreement is None
    if agreement is None:
        organizations = {
            key: _slot_organization(ref, ambito, registry, report)
            for key, ref in item["organizations"].items()
        }
        capofila = organizations.get("capofila")
        if capofila is not None and capofila.pk != ambito.capofila_id:
            report.lines.append(f"  ! {spec['seed']}: {capofila} non è il capofila di {ambito} nel registro.")
        agreement, _open = services.template_instantiate(
            actor=None, template=template, ambito=ambito, title=item["title"], organizations=organizations
        )
        report.counts["accordi creati da modello"] += 1
    if agreement.status != AgreementStatus.DRAFT:
        report.lines.append(f"  ! {spec['seed']}: l'accordo non è più in bozza, non aggiornato.")
    else:
        changes = {name: value for name, value in wanted.items() if getattr(agreement, name) != value}
        if changes:
            # The template has no validity: the act's (art. 12) is set on the new draft, or mended on a later load.
            services.agreement_update(actor=None, agreement=agreement, **changes)
            if not created:
                report.counts["accordi aggiornati"] += 1
        _fill_by_hand(agreement, ambito, spec, item, report)
    _instance_summary(agreement, spec, item, report)
    return agreement


def _fill_by_hand(
    agreement: Agreement, ambito: Ambito, spec: dict[str, Any], item: dict[str, Any], report: Report
) -> None:
    """The `[[name]]` blanks the data file can fill, through blank_fill; only those still open (idempotent)."""
    still_open = {name for names in services.unfilled_blanks(agreement).values() for name in names}
    for fill in item.get("by_hand", []):
        if fill["blank"] not in still_open:
            continue
        value = REGISTRY_VALUES[fill["registry"]](ambito) if "registry" in fill else fill.get("value")
        if not value:
            report.lines.append(f"  ! {spec['seed']}: il registro non dà un valore per {fill['blank']}.")
            continue
        services.blank_fill(actor=None, agreement=agreement, blank=fill["blank"], value=value)
        report.counts["spazi compilati a mano"] += 1


def _instance_summary(
    agreement: Agreement, spec: dict[str, Any], item: dict[str, Any], report: Report
) -> None:
    version = services.current_version(agreement)
    parties = list(agreement.parties.select_related("organization"))
    report.lines.append(
        f"{spec['seed']} — {agreement.get_kind_display()}: «{agreement.title}» (ambito: {agreement.ambito}; "
        f"stato: {agreement.get_status_display()}): {len(parties)} parti, {version.premises.count()} premesse, "
        f"{version.articles.count()} articoli."
    )
    if item.get("why"):
        report.lines.append(f"  Ambito scelto: {item['why']}")
    # The act's «TRA» list asks each party's codice fiscale, seat and representative: say what the registry lacks.
    by_order = {party.signing_order: party for party in parties}
    on = timezone.localdate()
    for position, slot in enumerate(spec["slots"], start=1):
        party = by_order.get(position)
        if party is None:
            continue
        missing = [
            str(blanks.FIELD_LABELS[name])
            for name in slot.get("registry_fields", [])
            if not blanks.ORGANIZATION_FIELDS[name](party.organization, on)
        ]
        if missing:
            report.lines.append(
                f"  Dati di {party.organization} chiesti dall'intestazione dell'atto e assenti nel registro: "
                f"{', '.join(missing)}."
            )
    open_blanks = services.unfilled_blanks(agreement)
    if open_blanks:
        report.lines.append(
            "  Spazi ancora da compilare (bloccano l'invio alla firma): "
            + "; ".join(f"{where}: {', '.join(names)}" for where, names in open_blanks.items())
            + "."
        )
    for note in (item.get("notes") or "").splitlines():
        report.lines.append(f"  Nota: {note}")
