"""The editing pages of an agreement, with the URL arguments each needs (for the permission matrix and the guards)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from agreements import services
from agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementTemplate,
    MoneyClause,
    Premise,
    SplitCriterion,
)
from core.models import AuditEvent
from tests.agreements.helpers.drafting import bring_in_force, draft, protocollo
from tests.worlds import World

S = AgreementStatus


@dataclass
class Agreements:
    drafting: Agreement  # a draft: its parties cannot see it yet
    approving: Agreement  # in approval: its parties see it
    in_force: Agreement
    clause: MoneyClause  # on the agreement in force, quarterly installments
    template: AgreementTemplate


def with_article(world: World, agreement: Agreement) -> Agreement:
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=1,
        title="Finalità",
        body="Testo.",
        expected_revision=None,
    )
    services.premise_add(actor=world.udp, agreement=agreement, section="visti", text="Visto l'art. 30 TUEL")
    return agreement


def build_agreements(world: World) -> Agreements:
    drafting = with_article(world, draft(world))
    approving = with_article(world, draft(world))
    services.agreement_transition(actor=world.udp, agreement=approving, to=S.IN_APPROVAL)
    in_force = draft(world)
    bring_in_force(world, in_force)
    clause = services.money_clause_create(
        actor=world.udp,
        agreement=in_force,
        description="Quota 2024",
        total=Decimal("1200.00"),
        criterion=SplitCriterion.EQUAL,
        installments_every_months=3,
    )
    return Agreements(drafting, approving, in_force, clause, protocollo(world))


def party_of(agreement: Agreement, world: World, organization: str = "y") -> int:
    return agreement.parties.get(organization=getattr(world, organization)).pk


def premise_of(agreement: Agreement) -> int:
    return Premise.objects.filter(version__agreement=agreement).values_list("pk", flat=True)[0]


Kwargs = Callable[[World, Agreements], dict[str, Any]]


# (url name, kwargs for the Ufficio di Piano, kwargs of an agreement its parties can see). Pages that draft a
# new agreement have no agreement: (None) — every body that is not an Ufficio di Piano gets 403 there.
PAGES: list[tuple[str, Kwargs, Kwargs | None]] = [
    ("agreements:agreement_create", lambda w, a: {}, None),
    ("agreements:agreement_from_template", lambda w, a: {"template_pk": a.template.pk}, None),
    ("agreements:agreement_update", lambda w, a: {"pk": a.drafting.pk}, lambda w, a: {"pk": a.approving.pk}),
    ("agreements:agreement_renew", lambda w, a: {"pk": a.in_force.pk}, lambda w, a: {"pk": a.in_force.pk}),
    (
        "agreements:agreement_register_signed",
        lambda w, a: {"pk": a.drafting.pk},
        lambda w, a: {"pk": a.approving.pk},
    ),
    # On an agreement drafted and signed in the app the page only says why no copy is attached there.
    ("agreements:signed_copy_add", lambda w, a: {"pk": a.in_force.pk}, lambda w, a: {"pk": a.in_force.pk}),
    (
        "agreements:agreement_transition",
        lambda w, a: {"pk": a.drafting.pk, "to": S.IN_APPROVAL},
        lambda w, a: {"pk": a.approving.pk, "to": S.APPROVED},
    ),
    ("agreements:party_create", lambda w, a: {"pk": a.drafting.pk}, lambda w, a: {"pk": a.approving.pk}),
    ("agreements:party_adhere", lambda w, a: {"pk": a.in_force.pk}, lambda w, a: {"pk": a.in_force.pk}),
    (
        "agreements:party_update",
        lambda w, a: {"pk": a.drafting.pk, "party_pk": party_of(a.drafting, w)},
        lambda w, a: {"pk": a.approving.pk, "party_pk": party_of(a.approving, w)},
    ),
    (
        "agreements:party_authorisation",
        lambda w, a: {"pk": a.drafting.pk, "party_pk": party_of(a.drafting, w)},
        lambda w, a: {"pk": a.approving.pk, "party_pk": party_of(a.approving, w)},
    ),
    (
        "agreements:party_withdraw",
        lambda w, a: {"pk": a.in_force.pk, "party_pk": party_of(a.in_force, w, "z")},
        lambda w, a: {"pk": a.in_force.pk, "party_pk": party_of(a.in_force, w, "z")},
    ),
    ("agreements:premise_create", lambda w, a: {"pk": a.drafting.pk}, lambda w, a: {"pk": a.approving.pk}),
    ("agreements:article_create", lambda w, a: {"pk": a.drafting.pk}, lambda w, a: {"pk": a.approving.pk}),
    (
        "agreements:article_update",
        lambda w, a: {"pk": a.drafting.pk, "number": 1},
        lambda w, a: {"pk": a.approving.pk, "number": 1},
    ),
    ("agreements:blanks", lambda w, a: {"pk": a.drafting.pk}, lambda w, a: {"pk": a.approving.pk}),
    (
        "agreements:premise_update",
        lambda w, a: {"pk": a.drafting.pk, "premise_pk": premise_of(a.drafting)},
        lambda w, a: {"pk": a.approving.pk, "premise_pk": premise_of(a.approving)},
    ),
    (
        "agreements:premise_delete",
        lambda w, a: {"pk": a.drafting.pk, "premise_pk": premise_of(a.drafting)},
        lambda w, a: {"pk": a.approving.pk, "premise_pk": premise_of(a.approving)},
    ),
    (
        "agreements:article_delete",
        lambda w, a: {"pk": a.drafting.pk, "number": 1},
        lambda w, a: {"pk": a.approving.pk, "number": 1},
    ),
    (
        "agreements:party_remove",
        lambda w, a: {"pk": a.drafting.pk, "party_pk": party_of(a.drafting, w)},
        lambda w, a: {"pk": a.approving.pk, "party_pk": party_of(a.approving, w)},
    ),
    ("agreements:amendment_propose", lambda w, a: {"pk": a.in_force.pk}, lambda w, a: {"pk": a.in_force.pk}),
    (
        "agreements:amendment_approve",
        lambda w, a: {"pk": a.in_force.pk, "number": 1},
        lambda w, a: {"pk": a.in_force.pk, "number": 1},
    ),
    ("agreements:clause_create", lambda w, a: {"pk": a.drafting.pk}, lambda w, a: {"pk": a.approving.pk}),
    (
        "agreements:installments",
        lambda w, a: {"pk": a.in_force.pk, "clause_pk": a.clause.pk},
        lambda w, a: {"pk": a.in_force.pk, "clause_pk": a.clause.pk},
    ),
    (
        "agreements:payment_create",
        lambda w, a: {"pk": a.in_force.pk, "clause_pk": a.clause.pk},
        lambda w, a: {"pk": a.in_force.pk, "clause_pk": a.clause.pk},
    ),
]


def editing_page_kwargs(world: World) -> dict[str, dict[str, Any]]:
    """For tests/test_guards.py: each editing page's URL arguments, for the Ufficio di Piano."""
    built = build_agreements(world)
    return {name: udp_kwargs(world, built) for name, udp_kwargs, _party in PAGES}


def audited(model: type[models.Model], pk: Any, actor: Any, action: str) -> bool:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(pk), actor=actor, action=action
    ).exists()


def errors_of(response: Any) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}
