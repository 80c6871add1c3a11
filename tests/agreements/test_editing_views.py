"""The Ufficio di Piano's editing pages: each page from the four points of view (a party's operator: 403, or 404
while it cannot see the agreement; another body: 404; the Ufficio di Piano: 200; anonymous: to the login),
query counts that do not grow with the rows, each write through the browser with its audit trail, invalid
input that saves nothing, the article conflict between two editors, and the renewal service."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import (
    Agreement,
    AgreementVersion,
    Article,
    Installment,
    MoneyClause,
    Party,
    PartyRole,
    Payment,
    Premise,
    SplitCriterion,
    TemplateSlot,
    VersionStatus,
)
from agreements.rules import TRANSITIONS
from governance import services as registry
from governance.models import AuditEvent, OrganizationKind, Role
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.agreements.helpers.pages import (
    PAGES,
    Agreements,
    S,
    build_agreements,
    party_of,
    premise_of,
    with_article,
)
from tests.governance.factories import ComuneFactory
from tests.worlds import World, make_user


@pytest.fixture
def agreements(world: World) -> Agreements:
    return build_agreements(world)


def audited(model: type[models.Model], pk: Any, actor: Any, action: str) -> bool:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(pk), actor=actor, action=action
    ).exists()


def errors_of(response: Any) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}


# --- who may open and submit each page -----------------------------------------------------------------


def test_permission_matrix(world: World, agreements: Agreements) -> None:
    """Every page in one test (building the agreements once): 403 or 404 on GET and POST, nothing written."""
    counts = AuditEvent.objects.count(), Party.objects.count(), Agreement.objects.count()
    clients = {who: world.client_for(who) for who in ("owner", "other", "udp", "anonymous")}
    for name, udp_kwargs, party_kwargs in PAGES:
        udp_url = reverse(name, kwargs=udp_kwargs(world, agreements))
        response = clients["udp"].get(udp_url)
        assert response.status_code == 200, name
        markers = (b'id="submit-button"', b'id="blocked-reason"', b'id="no-blanks"')
        assert any(marker in response.content for marker in markers), name
        url = reverse(name, kwargs=party_kwargs(world, agreements)) if party_kwargs else udp_url
        expected = {"owner": 403, "other": 404 if party_kwargs else 403}
        for who, status in expected.items():
            assert clients[who].get(url).status_code == status, (name, who)
            assert clients[who].post(url, {"title": "X", "confirmed": "1"}).status_code == status, (name, who)
        for response in (clients["anonymous"].get(url), clients["anonymous"].post(url, {})):
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
        if party_kwargs and party_kwargs(world, agreements)["pk"] == agreements.approving.pk:
            # While the agreement is a draft its parties do not even know it exists.
            hidden = {**party_kwargs(world, agreements), "pk": agreements.drafting.pk}
            if "party_pk" in hidden:
                hidden["party_pk"] = party_of(agreements.drafting, world)
            assert clients["owner"].get(reverse(name, kwargs=hidden)).status_code == 404, name
    assert (AuditEvent.objects.count(), Party.objects.count(), Agreement.objects.count()) == counts


def grow(world: World, agreements: Agreements) -> None:
    """More of everything the edit pages show: parties, articles, premises, clauses, bodies, agreements."""
    for comune in ComuneFactory.create_batch(6, province=world.x.province):
        registry.ambito_member_add(actor=None, ambito=world.ambito_a, organization=comune)
        registry.mandate_create(
            actor=None,
            organization=comune,
            role="sindaco",
            new_person={"given_name": "S", "family_name": comune.name},
        )
        services.party_add(actor=world.udp, agreement=agreements.drafting, organization=comune)
        Party.objects.create(agreement=agreements.in_force, organization=comune, signing_order=9)
    for number in range(2, 12):
        services.article_save(
            actor=world.udp,
            agreement=agreements.drafting,
            number=number,
            title=f"A{number}",
            body="[[da_compilare]]",
            expected_revision=None,
        )
        services.premise_add(actor=world.udp, agreement=agreements.drafting, section="visti", text="Legge")
    services.money_clause_create(
        actor=world.udp,
        agreement=agreements.in_force,
        description="Quota 2025",
        total=Decimal("999.99"),
        criterion=SplitCriterion.EQUAL,
        installments_every_months=1,
    )
    services.installments_schedule(
        actor=world.udp, clause=agreements.clause, start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    for position, key in enumerate(("comune_a", "comune_b", "comune_c"), start=10):
        TemplateSlot.objects.create(template=agreements.template, key=key, label=key, position=position)
    draft(world)


def test_query_count_does_not_grow(
    world: World, agreements: Agreements, django_assert_num_queries: Any
) -> None:
    """Each page's GET costs as many queries with many parties, articles, clauses and slots as with few."""
    client = world.client_for("udp")
    urls = {name: reverse(name, kwargs=udp_kwargs(world, agreements)) for name, udp_kwargs, _party in PAGES}
    few: dict[str, int] = {}
    for name, url in urls.items():
        client.get(url)  # caches warm (content types, session)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        few[name] = len(queries.captured_queries)
    grow(world, agreements)
    for name, url in urls.items():
        with django_assert_num_queries(few[name]):
            assert client.get(url).status_code == 200, name


def test_the_detail_page_offers_the_editing_actions_only_to_the_ufficio_di_piano(
    world: World, agreements: Agreements
) -> None:
    url = reverse("agreements:agreement_detail", args=[agreements.approving.pk])
    body = world.client_for("udp").get(url).content.decode()
    assert 'id="edit-actions"' in body
    for state in TRANSITIONS[S.IN_APPROVAL]:
        assert reverse("agreements:agreement_transition", args=[agreements.approving.pk, state]) in body
    assert (
        reverse(
            "agreements:party_authorisation",
            args=[agreements.approving.pk, party_of(agreements.approving, world)],
        )
        in body
    )
    owner_body = world.client_for("owner").get(url).content.decode()
    assert 'id="edit-actions"' not in owner_body and "/stato/" not in owner_body
    drafting = world.client_for("udp").get(
        reverse("agreements:agreement_detail", args=[agreements.drafting.pk])
    )
    assert reverse("agreements:article_update", args=[agreements.drafting.pk, 1]) in drafting.content.decode()
    listing = world.client_for("udp").get(reverse("agreements:agreement_list")).content.decode()
    assert reverse("agreements:agreement_create") in listing
    assert (
        reverse("agreements:agreement_create")
        not in world.client_for("owner").get(reverse("agreements:agreement_list")).content.decode()
    )


# --- drafting ------------------------------------------------------------------------------------------


def test_drafting_from_scratch(world: World) -> None:
    client = world.client_for("udp")
    url = reverse("agreements:agreement_create")
    response = client.post(url, {"ambito": world.ambito_a.pk, "kind": "convenzione", "duration_months": "0"})
    assert response.status_code == 200 and not Agreement.objects.exists()
    errors = errors_of(response)
    assert errors["title"] == ["Campo obbligatorio."]
    assert "duration_months" in errors and "withdrawal_notice_months" in errors
    assert "Non è stato salvato nulla" in response.content.decode()
    response = client.post(
        url,
        {
            "ambito": world.ambito_a.pk,
            "kind": "convenzione",
            "title": "Convenzione per il servizio tutela minori",
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
            "duration_months": "36",
            "withdrawal_notice_months": "6",
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:agreement_detail", args=[agreement.pk])
    assert agreement.status == S.DRAFT and agreement.ambito == world.ambito_a
    assert audited(Agreement, agreement.pk, world.udp, "create")


def test_an_ambito_managed_by_someone_else_cannot_be_chosen(world: World) -> None:
    response = world.client_for("udp").post(
        reverse("agreements:agreement_create"),
        {"ambito": world.ambito_b.pk, "kind": "convenzione", "title": "T", "withdrawal_notice_months": "6"},
    )
    assert response.status_code == 200 and "ambito" in errors_of(response)
    assert not Agreement.objects.exists()


def test_drafting_from_a_template_then_filling_its_blanks(world: World, agreements: Agreements) -> None:
    asl = registry.organization_create(
        actor=None, ambito=world.ambito_a, kind=OrganizationKind.ASL, name="ASL di Prova"
    )
    client = world.client_for("udp")
    url = reverse("agreements:agreement_from_template", args=[agreements.template.pk])
    page = client.get(url).content.decode()
    assert 'id="id_slot_asl"' in page and "Azienda Sanitaria Locale" in page
    before = Agreement.objects.count()
    same = client.post(
        url, {"ambito": world.ambito_a.pk, "title": "P", "slot_asl": world.x.pk, "slot_capofila": world.x.pk}
    )
    assert same.status_code == 200 and "due posti" in same.content.decode()
    assert Agreement.objects.count() == before
    response = client.post(
        url,
        {
            "ambito": world.ambito_a.pk,
            "title": "Protocollo AdI — Ambito A",
            "slot_asl": asl.pk,
            "slot_capofila": world.x.pk,
        },
    )
    agreement = Agreement.objects.get(title="Protocollo AdI — Ambito A")
    blanks_url = reverse("agreements:blanks", args=[agreement.pk])
    assert response.status_code == 302 and response["Location"] == blanks_url
    assert audited(Agreement, agreement.pk, world.udp, "create")
    page = client.get(blanks_url).content.decode()
    assert "Premessa 2" in page and "[[data_conferenza_unificata]]" in page and "restano 4 spazi" in page
    empty = client.post(blanks_url, {"blank": "[[data_conferenza_unificata]]", "value": " "})
    assert empty.status_code == 200 and "value" in errors_of(empty)
    filled = client.post(blanks_url, {"blank": "[[data_conferenza_unificata]]", "value": "10 ottobre 2024"})
    assert filled.status_code == 302 and filled["Location"] == blanks_url
    assert "[[data_conferenza_unificata]]" not in str(services.unfilled_blanks(agreement))
    assert "seduta del 10 ottobre 2024" in Premise.objects.get(version__agreement=agreement, position=2).text


def test_editing_the_agreement_data(world: World, agreements: Agreements) -> None:
    agreement = agreements.drafting
    client = world.client_for("udp")
    url = reverse("agreements:agreement_update", args=[agreement.pk])
    data = {
        "kind": agreement.kind,
        "title": "Convenzione 2025",
        "start_date": "2025-06-01",
        "end_date": "2025-01-01",
        "withdrawal_notice_months": "6",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "La scadenza non può precedere la decorrenza." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Convenzione di sub-ambito"
    response = client.post(url, {**data, "end_date": "2026-05-31", "duration_months": "12"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Convenzione 2025" and agreement.end_date == date(2026, 5, 31)
    assert audited(Agreement, agreement.pk, world.udp, "update")
    assert "Storico delle modifiche" in client.get(url).content.decode()
    # Out of draft the page says why it cannot be changed, and the service refuses a submission anyway.
    locked = reverse("agreements:agreement_update", args=[agreements.approving.pk])
    assert "Operazione non possibile su un accordo «In approvazione»" in client.get(locked).content.decode()
    refused = client.post(locked, data | {"end_date": "2026-01-01"})
    assert (
        refused.status_code == 200
        and agreements.approving.title == Agreement.objects.get(pk=agreements.approving.pk).title
    )


# --- parties -------------------------------------------------------------------------------------------


def test_adding_and_editing_a_party_and_its_deliberation(world: World, agreements: Agreements) -> None:
    agreement = agreements.drafting
    client = world.client_for("udp")
    url = reverse("agreements:party_create", args=[agreement.pk])
    page = client.get(url)
    choices = dict(page.context["form"].fields["organization"].choices)
    assert world.ets.pk in choices and world.y.pk not in choices  # already a party
    assert page.context["form"]["signing_order"].value() == 4
    response = client.post(url, {"organization": world.y.pk, "role": "firmatario", "signing_order": "4"})
    assert response.status_code == 200 and "organization" in errors_of(response)
    response = client.post(
        url,
        {
            "organization": world.ets.pk,
            "role": "firmatario",
            "signatory": world.person_y.pk,
            "signatory_capacity": "Presidente",
            "signing_order": "4",
        },
    )
    assert response.status_code == 302
    party = agreement.parties.get(organization=world.ets)
    assert party.signatory == world.person_y and party.signatory_capacity == "Presidente"
    assert audited(Party, party.pk, world.udp, "create")

    update = reverse("agreements:party_update", args=[agreement.pk, party.pk])
    response = client.post(
        update, {"role": "aderente", "signatory_capacity": "Legale rappresentante", "signing_order": "2"}
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.role == PartyRole.ADERENTE and party.signatory is None and party.signing_order == 2
    assert audited(Party, party.pk, world.udp, "update")

    authorise = reverse("agreements:party_authorisation", args=[agreement.pk, party.pk])
    response = client.post(
        authorise, {"organ_name": "Consiglio di amministrazione", "act_number": "", "act_date": "2999-01-01"}
    )
    assert response.status_code == 200
    assert set(errors_of(response)) == {"act_number", "act_date"}
    party.refresh_from_db()
    assert not party.has_authorising_act
    response = client.post(
        authorise, {"organ_name": "Consiglio di amministrazione", "act_number": "7", "act_date": "2025-02-01"}
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.act_number == "7" and party.authorising_organ_name == "Consiglio di amministrazione"


def test_a_withdrawal_is_confirmed_with_its_effective_date(world: World, agreements: Agreements) -> None:
    party = agreements.in_force.parties.get(organization=world.z)
    client = world.client_for("udp")
    url = reverse("agreements:party_withdraw", args=[agreements.in_force.pk, party.pk])
    data = {"notified_on": "2024-08-31", "continuing_obligations": "Quota del personale"}
    first = client.post(url, data)
    body = first.content.decode()
    assert first.status_code == 200 and first.context["confirming"]
    assert "28/02/2025" in body and "Conferma il recesso" in body
    party.refresh_from_db()
    assert party.withdrawal_notified_on is None  # nothing saved before the confirmation
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.withdrawal_effective_on == date(2025, 2, 28)
    assert party.continuing_obligations == "Quota del personale"
    assert audited(Party, party.pk, world.udp, "update")
    assert "già stato registrato" in client.get(url).content.decode()


def test_a_later_adhesion(world: World, agreements: Agreements) -> None:
    client = world.client_for("udp")
    url = reverse("agreements:party_adhere", args=[agreements.in_force.pk])
    assert client.post(url, {"organization": world.ets.pk, "role": "aderente"}).status_code == 200
    assert not agreements.in_force.parties.filter(organization=world.ets).exists()
    response = client.post(url, {"organization": world.ets.pk, "joined_on": "2024-06-01", "role": "aderente"})
    assert response.status_code == 302
    party = agreements.in_force.parties.get(organization=world.ets)
    assert party.role == PartyRole.ADERENTE and party.joined_on == date(2024, 6, 1)
    assert audited(Party, party.pk, world.udp, "create")


# --- the text ------------------------------------------------------------------------------------------


def test_premises_and_articles(world: World, agreements: Agreements) -> None:
    agreement = agreements.drafting
    client = world.client_for("udp")
    response = client.post(
        reverse("agreements:premise_create", args=[agreement.pk]), {"section": "visti", "text": ""}
    )
    assert response.status_code == 200 and "text" in errors_of(response)
    response = client.post(
        reverse("agreements:premise_create", args=[agreement.pk]),
        {"section": "visti", "text": "la L. 328/2000"},
    )
    assert response.status_code == 302
    assert Premise.objects.filter(version__agreement=agreement).order_by("position").last().text == (  # type: ignore[union-attr]
        "la L. 328/2000"
    )

    create = reverse("agreements:article_create", args=[agreement.pk])
    assert client.get(create).context["form"]["number"].value() == 2
    taken = client.post(create, {"number": "1", "title": "Doppione", "body": "x", "revision": "0"})
    assert taken.status_code == 200 and "Esiste già l'articolo 1" in errors_of(taken)["number"][0]
    assert (
        client.post(
            create, {"number": "2", "title": "Durata", "body": "Tre anni.", "revision": "0"}
        ).status_code
        == 302
    )
    article = Article.objects.get(version__agreement=agreement, number=2)
    assert article.body == "Tre anni." and article.updated_by == world.udp

    edit = reverse("agreements:article_update", args=[agreement.pk, 2])
    response = client.post(
        edit, {"title": "Durata", "body": "Cinque anni.", "revision": str(article.revision)}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Cinque anni." and article.revision == 2
    # The text in force is not edited in place.
    assert (
        client.get(reverse("agreements:article_update", args=[agreements.in_force.pk, 1])).status_code == 404
    )
    blocked = client.get(reverse("agreements:article_create", args=[agreements.in_force.pk]))
    assert "proponi una modifica" in blocked.content.decode()


def test_two_editors_on_one_article_see_the_conflict_and_lose_nothing(
    world: World, agreements: Agreements
) -> None:
    anna = make_user("anna", world.x, Role.UFFICIO_DI_PIANO)
    anna.first_name, anna.last_name = "Anna", "Bianchi"
    anna.save()
    mine, theirs = world.client_for("udp"), Client()
    theirs.force_login(anna)
    url = reverse("agreements:article_update", args=[agreements.drafting.pk, 1])
    my_form = mine.get(url).context["form"]
    their_form = theirs.get(url).context["form"]
    assert my_form["revision"].value() == their_form["revision"].value() == 1

    assert (
        theirs.post(url, {"title": "Finalità", "body": "Il testo di Anna.", "revision": "1"}).status_code
        == 302
    )
    response = mine.post(url, {"title": "Finalità", "body": "Il mio testo.", "revision": "1"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Anna Bianchi" in body and "Il testo di Anna." in body
    assert 'id="conflict-theirs"' in body and 'id="conflict-mine"' in body
    form = response.context["form"]
    assert form["body"].value() == "Il mio testo." and form["revision"].value() == "2"
    assert Article.objects.get(version__agreement=agreements.drafting, number=1).body == "Il testo di Anna."

    # Re-applying deliberately, from the revision now shown.
    assert mine.post(url, {"title": "Finalità", "body": "Il mio testo.", "revision": "2"}).status_code == 302
    article = Article.objects.get(version__agreement=agreements.drafting, number=1)
    assert article.body == "Il mio testo." and article.revision == 3 and article.updated_by == world.udp


# --- lifecycle -----------------------------------------------------------------------------------------


def test_moving_through_the_lifecycle_with_a_confirmation(world: World) -> None:
    agreement = draft(world)
    client = world.client_for("udp")
    url = reverse("agreements:agreement_transition", args=[agreement.pk, S.IN_APPROVAL])
    page = client.get(url).content.decode()
    assert "Conferma: passa a «In approvazione»" in page
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT  # a GET changes nothing
    refused = client.post(url)
    assert refused.status_code == 200
    assert "Non si può passare a «In approvazione»: il testo non ha articoli." in refused.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    with_article(world, agreement)
    response = client.post(url)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.IN_APPROVAL
    assert audited(Agreement, agreement.pk, world.udp, "update")
    follow = client.get(response["Location"]).content.decode()
    assert "Stato aggiornato: «In approvazione»." in follow

    illegal = reverse("agreements:agreement_transition", args=[agreement.pk, S.IN_FORCE])
    page = client.get(illegal).content.decode()
    assert "non può passare a «In vigore»" in page and 'id="submit-button"' not in page
    assert "non può passare" in client.post(illegal).content.decode()
    assert (
        client.get(reverse("agreements:agreement_transition", args=[agreement.pk, "inesistente"])).status_code
        == 404
    )
    back = client.get(reverse("agreements:agreement_transition", args=[agreement.pk, S.DRAFT]))
    assert back.context["danger"]


# --- amendments ----------------------------------------------------------------------------------------


def test_an_amendment_is_proposed_edited_and_approved_by_every_party(
    world: World, agreements: Agreements
) -> None:
    agreement = agreements.in_force
    client = world.client_for("udp")
    propose = reverse("agreements:amendment_propose", args=[agreement.pk])
    assert "reason" in errors_of(client.post(propose, {"reason": ""}))
    response = client.post(propose, {"reason": "Nuovo articolo sul personale"})
    version = agreement.versions.get(number=2)
    assert response.status_code == 302 and "?versione=2" in response["Location"]
    assert version.status == VersionStatus.PROPOSED
    assert audited(AgreementVersion, version.pk, world.udp, "create")
    new_article = reverse("agreements:article_create", args=[agreement.pk])
    assert (
        client.post(
            new_article, {"number": "2", "title": "Personale", "body": "…", "revision": "0"}
        ).status_code
        == 302
    )
    assert version.articles.count() == 2

    approve = reverse("agreements:amendment_approve", args=[agreement.pk, 2])
    parties = list(agreement.parties.order_by("signing_order"))
    invalid = client.post(
        approve, {"party": parties[0].pk, "organ_name": "Consiglio Comunale", "act_number": ""}
    )
    assert invalid.status_code == 200 and not version.approvals.exists()
    for index, party in enumerate(parties, start=1):
        response = client.post(
            approve,
            {
                "party": party.pk,
                "organ_name": "Consiglio Comunale",
                "act_number": str(index),
                "act_date": "2025-01-10",
            },
        )
        assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.CURRENT
    assert agreement.versions.get(number=1).status == VersionStatus.SUPERSEDED
    assert response["Location"] == reverse("agreements:agreement_detail", args=[agreement.pk])
    page = client.get(approve).content.decode()
    assert "non è una modifica in approvazione" in page and "Consiglio Comunale n. 3" in page


# --- renewal -------------------------------------------------------------------------------------------


def test_renewal_through_the_page(world: World, agreements: Agreements) -> None:
    old = agreements.in_force
    client = world.client_for("udp")
    url = reverse("agreements:agreement_renew", args=[old.pk])
    assert client.get(url).context["form"]["title"].value() == "Convenzione di sub-ambito (rinnovo)"
    response = client.post(url, {"title": "Convenzione 2027-2029"})
    renewal = Agreement.objects.get(renews=old)
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:agreement_detail", args=[renewal.pk])
    assert renewal.title == "Convenzione 2027-2029" and renewal.status == S.DRAFT
    assert audited(Agreement, renewal.pk, world.udp, "create")
    again = client.post(url, {"title": "Doppio"})
    assert again.status_code == 200 and "già in bozza" in again.content.decode()
    assert Agreement.objects.filter(renews=old).count() == 1


def test_agreement_renew_copies_parties_text_and_validity(world: World) -> None:
    old = services.agreement_create(
        actor=world.udp,
        ambito=world.ambito_a,
        kind="convenzione",
        title="Convenzione 2025-2027",
        place="Crema",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
        duration_months=36,
        withdrawal_notice_months=3,
    )
    for order, organization in enumerate((world.y, world.x, world.z), start=1):
        services.party_add(
            actor=world.udp,
            agreement=old,
            organization=organization,
            signing_order=order,
            signatory_capacity="Sindaco",
        )
    services.premise_add(actor=world.udp, agreement=old, section="visti", text="la L. 328/2000")
    bring_in_force(world, old)
    proposed = services.amendment_propose(actor=world.udp, agreement=old, reason="Art. 2")
    services.article_save(
        actor=world.udp, agreement=old, number=2, title="Nuovo", body="Solo proposto.", expected_revision=None
    )
    assert proposed.status == VersionStatus.PROPOSED
    services.party_withdraw(
        actor=world.udp, party=old.parties.get(organization=world.z), notified_on=date(2024, 3, 1)
    )

    with pytest.raises(PermissionDenied):
        services.agreement_renew(actor=world.owner, old=old)
    renewal = services.agreement_renew(actor=world.udp, old=old)

    assert (
        renewal.renews == old
        and renewal.status == S.DRAFT
        and renewal.title == "Convenzione 2025-2027 (rinnovo)"
    )
    assert (renewal.kind, renewal.ambito, renewal.place) == (old.kind, old.ambito, "Crema")
    assert (renewal.start_date, renewal.end_date, renewal.duration_months) == (
        date(2028, 1, 1),
        date(2030, 12, 31),
        36,
    )
    assert renewal.withdrawal_notice_months == 3 and renewal.in_force_since is None
    parties = list(renewal.parties.order_by("signing_order"))
    assert [p.organization for p in parties] == [world.y, world.x]  # Zeta gave notice: not carried over
    for party in parties:
        assert party.signatory == world.person_y and party.signatory_capacity == "Sindaco pro tempore"
        assert party.signed_at is None and not party.act_number and party.act_date is None
        assert party.withdrawal_notified_on is None
        assert audited(Party, party.pk, world.udp, "create")
    version = renewal.versions.get()
    assert version.status == VersionStatus.DRAFT
    assert [(a.number, a.body) for a in version.articles.order_by("number")] == [
        (1, "Testo.")
    ]  # not the proposal
    assert list(version.premises.values_list("text", flat=True)) == ["la L. 328/2000"]
    old.refresh_from_db()
    assert old.status == S.IN_FORCE
    # The renewal is visible to the ambito's office and, once it leaves draft, to its parties.
    assert (
        world.client_for("udp").get(reverse("agreements:agreement_detail", args=[renewal.pk])).status_code
        == 200
    )


def test_only_an_agreement_in_force_or_expired_is_renewed(world: World) -> None:
    with pytest.raises(ValidationError, match="Operazione non possibile su un accordo «Bozza»"):
        services.agreement_renew(actor=world.udp, old=draft(world))
    assert not Agreement.objects.filter(renews__isnull=False).exists()


# --- money ---------------------------------------------------------------------------------------------


def test_money_clause_installments_and_payments(world: World, agreements: Agreements) -> None:
    agreement = agreements.drafting
    client = world.client_for("udp")
    url = reverse("agreements:clause_create", args=[agreement.pk])
    page = client.get(url)
    parts = [field.name for field in page.context["form"].part_fields()]
    assert len(parts) == 3
    data = {
        "description": "Quote 2025",
        "total": "36000.00",
        "criterion": "fisso",
        "installments_in_advance": "on",
    }
    missing = client.post(url, data)
    assert missing.status_code == 200 and set(parts) <= set(errors_of(missing))
    wrong = client.post(url, {**data, **dict(zip(parts, ["12000", "12000", "11999.99"], strict=True))})
    assert wrong.status_code == 200 and "non corrisponde al totale" in wrong.content.decode()
    assert not agreement.money_clauses.exists()
    negative = client.post(url, {**data, "total": "-1", "criterion": "parti_uguali"})
    assert negative.status_code == 200 and "total" in errors_of(negative)
    response = client.post(
        url,
        {
            **data,
            **dict(zip(parts, ["12000", "12000", "12000"], strict=True)),
            "installments_every_months": "3",
        },
    )
    assert response.status_code == 302
    clause = agreement.money_clauses.get()
    assert sum(share.amount for share in clause.shares.all()) == Decimal("36000.00")
    assert audited(MoneyClause, clause.pk, world.udp, "create")

    installments = reverse("agreements:installments", args=[agreement.pk, clause.pk])
    bad = client.post(installments, {"start": "2025-12-31", "end": "2025-01-01"})
    assert bad.status_code == 200 and "end" in errors_of(bad)
    assert client.post(installments, {"start": "2025-01-01", "end": "2025-12-31"}).status_code == 302
    assert Installment.objects.filter(share__clause=clause).count() == 12
    again = client.post(installments, {"start": "2025-01-01", "end": "2025-06-30"})
    assert again.status_code == 200 and "replace" in errors_of(again)
    assert (
        client.post(installments, {"start": "2025-01-01", "end": "2025-06-30", "replace": "on"}).status_code
        == 302
    )
    assert Installment.objects.filter(share__clause=clause).count() == 6

    share = clause.shares.get(party__organization=world.y)
    payment_url = reverse("agreements:payment_create", args=[agreement.pk, clause.pk])
    # A draft takes no payment: the page says why and saves nothing, and the detail page offers none.
    refused = client.post(payment_url, {"share": share.pk, "paid_on": "2025-01-10", "amount": "10.00"})
    assert refused.status_code == 200 and "entrato in vigore" in refused.content.decode()
    assert not Payment.objects.exists()
    assert (
        payment_url
        not in client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).content.decode()
    )
    bring_in_force(world, agreement)
    assert (
        payment_url
        in client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).content.decode()
    )
    zero = client.post(payment_url, {"share": share.pk, "paid_on": "2025-01-10", "amount": "0"})
    assert zero.status_code == 200 and "amount" in errors_of(zero) and not Payment.objects.exists()
    response = client.post(
        payment_url,
        {"share": share.pk, "paid_on": "2025-01-10", "amount": "3000.00", "reference": "mandato 12"},
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (
        payment.share == share and payment.amount == Decimal("3000.00") and payment.recorded_by == world.udp
    )
    assert audited(Payment, payment.pk, world.udp, "create")
    other_clause = client.post(
        payment_url, {"share": agreements.clause.shares.all()[0].pk, "paid_on": "2025-01-10", "amount": "1"}
    )
    assert other_clause.status_code == 200 and "share" in errors_of(other_clause)


def test_premises_articles_and_parties_are_edited_and_removed_after_confirming(
    world: World, agreements: Agreements
) -> None:
    client = world.client_for("udp")
    drafting = agreements.drafting
    premise = premise_of(drafting)
    url = reverse("agreements:premise_update", args=[drafting.pk, premise])
    response = client.post(url, {"section": "visti", "text": "Visto l'art. 30 del TUEL"})
    assert response.status_code == 302
    assert Premise.objects.get(pk=premise).text == "Visto l'art. 30 del TUEL"
    assert audited(Premise, premise, world.udp, "update")
    assert client.post(url, {"section": "visti", "text": ""}).status_code == 200  # required: nothing saved
    assert Premise.objects.get(pk=premise).text == "Visto l'art. 30 del TUEL"

    delete_url = reverse("agreements:premise_delete", args=[drafting.pk, premise])
    assert "Conferma: elimina" in client.get(delete_url).content.decode()
    assert Premise.objects.filter(pk=premise).exists()  # the confirmation page removes nothing
    assert client.post(delete_url).status_code == 302
    assert not Premise.objects.filter(pk=premise).exists() and audited(Premise, premise, world.udp, "delete")

    article = drafting.versions.get().articles.get(number=1)
    assert client.post(reverse("agreements:article_delete", args=[drafting.pk, 1])).status_code == 302
    assert audited(Article, article.pk, world.udp, "delete")
    assert client.get(reverse("agreements:article_delete", args=[drafting.pk, 1])).status_code == 404

    party = party_of(drafting, world, "z")
    assert client.post(reverse("agreements:party_remove", args=[drafting.pk, party])).status_code == 302
    assert not Party.objects.filter(pk=party).exists() and audited(Party, party, world.udp, "delete")
    # In approval a party leaves by withdrawal only: the page says why and offers no button.
    blocked = client.get(
        reverse(
            "agreements:party_remove", args=[agreements.approving.pk, party_of(agreements.approving, world)]
        )
    )
    assert b'id="blocked-reason"' in blocked.content and b'id="submit-button"' not in blocked.content
