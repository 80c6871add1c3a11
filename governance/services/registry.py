"""Writes to the registry: organizations, people and mandates, ambiti and members, organs and seats."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import save_changes, save_new
from governance import permissions
from governance.models import (
    Ambito,
    AmbitoMembership,
    Mandate,
    Organ,
    Organization,
    OrganizationKind,
    Person,
    PopulationFigure,
    Seat,
)
from governance.validators import normalize_code

# Fields that identify an organization: only the Ufficio di Piano of its ambito (or an administrator) edits them.
IDENTITY_FIELDS = {
    "kind",
    "name",
    "istat_code",
    "cadastral_code",
    "province",
    "registered_in",
    "dissolved_on",
}
CODE_FIELDS = ("istat_code", "cadastral_code", "tax_code", "vat_number")


def _system(actor: Any) -> bool:
    return actor is None


def _require(actor: Any, obj: Any, action: str) -> None:
    if not _system(actor):
        permissions.require(actor, obj, action)


def _normalize_codes(fields: dict[str, Any]) -> dict[str, Any]:
    for name in CODE_FIELDS:
        if name in fields:
            fields[name] = normalize_code(fields[name])
    return fields


@transaction.atomic
def organization_create(*, actor: Any, ambito: Ambito | None, **fields: Any) -> Organization:
    """A new body in an ambito's registry (an ETS, an ASL...); comuni come from the ISTAT import."""
    if ambito is not None:
        _require(actor, ambito, permissions.CHANGE)
    elif not (_system(actor) or permissions.is_platform_admin(actor)):
        raise PermissionDenied(_("Indica l'ambito nel cui registro inserire l'ente."))
    organization = Organization(registered_in=ambito, **_normalize_codes(fields))
    save_new(organization, actor=actor)
    if ambito is not None:
        permissions.regrant_body(organization)
    return organization


@transaction.atomic
def organization_update(*, actor: Any, organization: Organization, **changes: Any) -> list[str]:
    _require(actor, organization, permissions.CHANGE)
    touched = IDENTITY_FIELDS & {
        name for name, value in changes.items() if getattr(organization, name) != value
    }
    if touched and not (_system(actor) or permissions.may_edit_identity(actor, organization)):
        raise PermissionDenied(
            _("I dati identificativi dell'ente (%(fields)s) li modifica l'Ufficio di Piano dell'ambito.")
            % {"fields": ", ".join(sorted(touched))}
        )
    changed = save_changes(organization, actor=actor, changes=_normalize_codes(changes))
    if "registered_in" in changed:
        permissions.regrant_body(organization)
    return changed


def _require_person_editor(actor: Any, person: Person | None) -> None:
    if not (_system(actor) or permissions.may_edit_person(actor, person)):
        raise PermissionDenied(_("Non hai i permessi per modificare questa persona."))


@transaction.atomic
def person_create(*, actor: Any, **fields: Any) -> Person:
    _require_person_editor(actor, None)
    if fields.get("tax_code"):
        fields["tax_code"] = normalize_code(fields["tax_code"])
    person = Person(**fields)
    save_new(person, actor=actor)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, **changes: Any) -> list[str]:
    _require_person_editor(actor, person)
    if "tax_code" in changes:
        changes["tax_code"] = normalize_code(changes["tax_code"])
    return save_changes(person, actor=actor, changes=changes)


@transaction.atomic
def mandate_create(
    *,
    actor: Any,
    organization: Organization,
    role: str,
    person: Person | None = None,
    new_person: dict[str, Any] | None = None,
    **fields: Any,
) -> Mandate:
    """Record that a person (existing, or described by `new_person`) holds an office in `organization`."""
    _require(actor, organization, permissions.CHANGE)
    if (person is None) == (new_person is None):
        raise ValidationError(
            {"person": _("Scegli una persona già registrata oppure inseriscine una nuova.")}
        )
    if person is None:
        assert new_person is not None
        person = person_create(actor=actor, **new_person)
    mandate = Mandate(person=person, organization=organization, role=role, **fields)
    save_new(mandate, actor=actor)
    return mandate


@transaction.atomic
def mandate_update(*, actor: Any, mandate: Mandate, **changes: Any) -> list[str]:
    _require(actor, mandate.organization, permissions.CHANGE)
    return save_changes(mandate, actor=actor, changes=changes)


@transaction.atomic
def ambito_update(*, actor: Any, ambito: Ambito, **changes: Any) -> list[str]:
    _require(actor, ambito, permissions.CHANGE)
    previous_leaders = (ambito.capofila, ambito.ente_gestore)
    changed = save_changes(ambito, actor=actor, changes=changes)
    if {"capofila", "ente_gestore"} & set(changed):
        permissions.regrant_leaders(*previous_leaders, ambito.capofila, ambito.ente_gestore)
        permissions.regrant(Ambito, [ambito.pk])
    return changed


def _check_single_ambito(organization: Organization, start: date | None, end: date | None) -> None:
    """A comune belongs to one ambito at a time: periods of its memberships may not overlap."""
    others = AmbitoMembership.objects.filter(organization=organization)
    clash = AmbitoMembership.overlapping(others, start, end).select_related("ambito").first()
    if clash is not None:
        raise ValidationError(
            {
                "organization": _("%(org)s appartiene già a %(ambito)s in un periodo che si sovrappone.")
                % {"org": organization, "ambito": clash.ambito}
            }
        )


@transaction.atomic
def ambito_member_add(
    *,
    actor: Any,
    ambito: Ambito,
    organization: Organization,
    start_date: date | None = None,
    end_date: date | None = None,
    source: str = "",
) -> AmbitoMembership:
    _require(actor, ambito, permissions.CHANGE)
    if organization.kind != OrganizationKind.COMUNE:
        raise ValidationError({"organization": _("Un ambito è composto da comuni.")})
    membership = AmbitoMembership(
        ambito=ambito, organization=organization, start_date=start_date, end_date=end_date, source=source
    )
    membership.full_clean()
    _check_single_ambito(organization, start_date, end_date)
    save_new(membership, actor=actor)
    permissions.regrant_ambito_membership(ambito, organization)
    return membership


@transaction.atomic
def ambito_member_end(*, actor: Any, membership: AmbitoMembership, end_date: date) -> AmbitoMembership:
    _require(actor, membership.ambito, permissions.CHANGE)
    save_changes(membership, actor=actor, changes={"end_date": end_date})
    permissions.regrant_ambito_membership(membership.ambito, membership.organization)
    return membership


def _default_managing_body(ambiti: list[Ambito], fields: dict[str, Any]) -> Organization | None:
    """A body's own organ is managed by that body; an organ of one ambito by the ambito's capofila."""
    if fields.get("organization") is not None:
        return fields["organization"]
    if len(ambiti) == 1:
        return ambiti[0].capofila
    return None


def _check_managing_body(actor: Any, ambiti: list[Ambito], body: Organization | None) -> None:
    """Naming the body that manages an organ is an administrator's act (or a loader's)."""
    if _system(actor):
        return
    if not permissions.is_platform_admin(actor):
        raise PermissionDenied(_("Solo un amministratore indica l'ente che gestisce l'organo."))
    if body is not None and ambiti and not any(body.pk in (a.capofila_id, a.ente_gestore_id) for a in ambiti):
        raise ValidationError(
            {"managing_body": _("L'ente che gestisce l'organo deve guidare uno degli ambiti dell'organo.")}
        )


@transaction.atomic
def organ_create(*, actor: Any, ambiti: Iterable[Ambito], **fields: Any) -> Organ:
    ambiti = list(ambiti)
    if not ambiti and not (_system(actor) or permissions.is_platform_admin(actor)):
        raise ValidationError({"ambiti": _("Indica almeno un ambito in cui l'organo opera.")})
    for ambito in ambiti:
        _require(actor, ambito, permissions.CHANGE)
    if "managing_body" in fields:
        _check_managing_body(actor, ambiti, fields["managing_body"])
    else:
        fields["managing_body"] = _default_managing_body(ambiti, fields)
    organ = Organ(**fields)
    save_new(organ, actor=actor)
    organ.ambiti.set(ambiti)
    permissions.regrant_organ(organ)
    return organ


@transaction.atomic
def organ_update(*, actor: Any, organ: Organ, **changes: Any) -> list[str]:
    _require(actor, organ, permissions.CHANGE)
    previous = organ.managing_body
    if "managing_body" in changes and changes["managing_body"] != previous:
        _check_managing_body(actor, list(organ.ambiti.all()), changes["managing_body"])
    changed = save_changes(organ, actor=actor, changes=changes)
    if {"managing_body", "organization"} & set(changed):
        permissions.regrant_organ(organ)
    return changed


def _require_seat_holder(actor: Any, organ: Organ, holder: Organization | None) -> None:
    if not _system(actor) and not permissions.may_hold_seat_for(actor, organ, holder):
        raise PermissionDenied(
            _("Il posto di un ente lo gestisce l'Ufficio di Piano di un ambito a cui l'ente appartiene.")
        )


@transaction.atomic
def seat_create(*, actor: Any, organ: Organ, **fields: Any) -> Seat:
    _require(actor, organ, permissions.VIEW)
    _require_seat_holder(actor, organ, fields.get("organization"))
    seat = Seat(organ=organ, **fields)
    save_new(seat, actor=actor)
    permissions.regrant_organ(organ)
    return seat


@transaction.atomic
def seat_update(*, actor: Any, seat: Seat, **changes: Any) -> list[str]:
    previous_holder = seat.organization
    _require_seat_holder(actor, seat.organ, previous_holder)
    if "organization" in changes and changes["organization"] != previous_holder:
        _require_seat_holder(actor, seat.organ, changes["organization"])
    changed = save_changes(seat, actor=actor, changes=changes)
    if changed:
        permissions.regrant_organ(seat.organ)
        if previous_holder is not None and previous_holder != seat.organization:
            permissions.regrant(Organization, [previous_holder.pk])
    return changed


@transaction.atomic
def population_figure_record(
    *, actor: Any, organization: Organization, reference_date: date, population: int, source: str = ""
) -> PopulationFigure:
    """Insert or correct the population of a comune at a date (one figure per comune and date)."""
    _require(actor, organization, permissions.CHANGE)
    if organization.kind != OrganizationKind.COMUNE:
        raise ValidationError({"organization": _("La popolazione si registra per i comuni.")})
    figure = PopulationFigure.objects.filter(organization=organization, reference_date=reference_date).first()
    if figure is None:
        figure = PopulationFigure(
            organization=organization, reference_date=reference_date, population=population, source=source
        )
        save_new(figure, actor=actor)
    else:
        save_changes(figure, actor=actor, changes={"population": population, "source": source})
    return figure
