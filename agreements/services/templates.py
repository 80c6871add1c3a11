"""Templates and blanks: instantiating a model text, filling its blanks."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import blanks
from agreements.models import (
    Agreement,
    AgreementTemplate,
    Article,
    Party,
    Premise,
)
from agreements.services.base import _editable_version, _require_manage, _sync_grants, current_version
from agreements.services.drafting import agreement_create
from core.audit import save_changes
from governance.models import Ambito, Organization

# --- templates and blanks ------------------------------------------------------------------------------


def unfilled_blanks(agreement: Agreement) -> dict[str, list[str]]:
    """Where the text still has blanks, e.g. {"Art. 3": ["[[asl.nome]]"], "Premessa 2": [...]}."""
    version = current_version(agreement)
    found: dict[str, list[str]] = {}
    for premise in version.premises.all():
        if names := blanks.blanks_in(premise.text):
            found[_("Premessa %(n)d") % {"n": premise.position}] = names
    for article in version.articles.all():
        if names := blanks.blanks_in(f"{article.title}\n{article.body}"):
            found[_("Art. %(n)d") % {"n": article.number}] = names
    return found


@transaction.atomic
def template_instantiate(
    *,
    actor: Any,
    template: AgreementTemplate,
    ambito: Ambito,
    title: str,
    organizations: dict[str, Organization],
    values: dict[str, str] | None = None,
    on: date | None = None,
) -> tuple[Agreement, list[str]]:
    """A draft agreement from a template: one party per slot, blanks filled from the registry (names, codici
    fiscali, seats, representatives) and from `values`. Returns the agreement and the blanks left open."""
    slots = list(template.slots.all())
    missing = [slot.label for slot in slots if slot.key not in organizations]
    if missing:
        raise ValidationError(_("Indica l'ente per: %(slots)s.") % {"slots": ", ".join(missing)})
    agreement = agreement_create(actor=actor, ambito=ambito, kind=template.kind, title=title)
    version = current_version(agreement)
    day = on or timezone.localdate()

    def filled(text: str) -> blanks.Filling:
        return blanks.fill(text, organizations=organizations, ambito=ambito, values=values or {}, on=day)

    open_blanks: list[str] = []
    for slot in slots:
        Party.objects.create(
            agreement=agreement,
            organization=organizations[slot.key],
            role=slot.role,
            signing_order=slot.position,
        )
    premises = []
    for premise in template.premises.all():
        text = filled(premise.text)
        open_blanks += text.unfilled
        premises.append(
            Premise(version=version, section=premise.section, position=premise.position, text=text.text)
        )
    Premise.objects.bulk_create(premises)
    articles = []
    for article in template.articles.all():
        filled_title = filled(article.title)
        filled_body = filled(article.body)
        open_blanks += filled_title.unfilled + filled_body.unfilled
        articles.append(
            Article(version=version, number=article.number, title=filled_title.text, body=filled_body.text)
        )
    Article.objects.bulk_create(articles)
    _sync_grants(agreement)
    return agreement, sorted(set(open_blanks))


@transaction.atomic
def blank_fill(*, actor: Any, agreement: Agreement, blank: str, value: str) -> int:
    """Write `value` wherever the editable text has `blank` (e.g. "[[data_conferenza_unificata]]")."""
    _require_manage(actor, agreement.ambito)
    if not value.strip():
        raise ValidationError({"value": _("Scrivi il testo che sostituisce lo spazio vuoto.")})
    version = _editable_version(agreement)
    changed = 0
    for premise in version.premises.filter(text__contains=blank):
        save_changes(premise, actor=actor, changes={"text": premise.text.replace(blank, value)})
        changed += 1
    for article in version.articles.select_for_update().filter(
        Q(body__contains=blank) | Q(title__contains=blank)
    ):
        save_changes(
            article,
            actor=actor,
            changes={
                "body": article.body.replace(blank, value),
                "title": article.title.replace(blank, value),
                "revision": article.revision + 1,
                "updated_by": actor,
            },
        )
        changed += 1
    if not changed:
        raise ValidationError({"blank": _("Lo spazio %(blank)s non compare nel testo.") % {"blank": blank}})
    return changed
