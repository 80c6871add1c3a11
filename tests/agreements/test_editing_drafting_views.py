"""Drafting pages: a new agreement (from scratch, from a template), its data, its parties (deliberations,
withdrawal, later adhesion), the lifecycle steps and the renewal, each confirmed, refused with a reason when not
possible, saving nothing on bad input."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import (
    Agreement,
    Party,
    PartyRole,
    Premise,
    VersionStatus,
)
from governance import services as registry
from governance.models import OrganizationKind
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.agreements.helpers.pages import (
    Agreements,
    S,
    audited,
    errors_of,
    with_article,
)
from tests.worlds import World


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
