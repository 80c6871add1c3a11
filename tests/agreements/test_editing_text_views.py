"""The text of an agreement through its pages: premises and articles, the conflict between two editors, amendments
approved by every party, and removals confirmed first."""

from django.test import Client
from django.urls import reverse

from agreements.models import (
    AgreementVersion,
    Article,
    Party,
    Premise,
    VersionStatus,
)
from governance.models import Role
from tests.agreements.helpers.pages import (
    Agreements,
    audited,
    errors_of,
    party_of,
    premise_of,
)
from tests.worlds import World, make_user


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
