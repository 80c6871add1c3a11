"""Acts signed before the app: registered with what the act states (each party's signing date at the
precision known, the entry into force), their state from the dates, their signed files verified (PAdES,
CAdES .p7m) or kept as scans, renewed into a new draft; pages and permissions."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import (
    Agreement,
    AgreementOrigin,
    AgreementStatus,
    DatePrecision,
    Party,
    SignedCopy,
    SignedCopyFormat,
)
from agreements.partial_dates import format_partial_date, parse_partial_date
from core.models import AuditEvent
from documents import testca
from tests.agreements.helpers.registration import SIGNATORIES, act_pdf, cades, old_convention, pades
from tests.worlds import World

S = AgreementStatus


def signed_dates(agreement: Agreement, value: tuple[date, str]) -> dict[int, tuple[date, str]]:
    return {party.pk: value for party in agreement.parties.all()}


def register(world: World, agreement: Agreement, **overrides: Any) -> Agreement:
    arguments: dict[str, Any] = {
        "actor": world.udp,
        "agreement": agreement,
        "in_force_since": date(2018, 1, 1),
        "signed": signed_dates(agreement, (date(2017, 12, 1), DatePrecision.MONTH)),
        **overrides,
    }
    return services.agreement_register_signed(**arguments)


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


# --- dates an act states in part -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "shown"),
    [
        ("28/03/2012", (date(2012, 3, 28), DatePrecision.DAY), "28/03/2012"),
        ("2012-03-28", (date(2012, 3, 28), DatePrecision.DAY), "28/03/2012"),
        ("03/2012", (date(2012, 3, 1), DatePrecision.MONTH), "Marzo 2012"),
        ("2024", (date(2024, 1, 1), DatePrecision.YEAR), "2024"),
    ],
)
def test_a_date_keeps_the_precision_the_act_gives(text: str, expected: tuple[date, str], shown: str) -> None:
    assert parse_partial_date(text) == expected
    assert format_partial_date(*expected).lower() == shown.lower()


@pytest.mark.parametrize("text", ["31/02/2012", "marzo", "12/2", "20240"])
def test_a_date_that_is_no_date_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValidationError, match="solo l'anno"):
        parse_partial_date(text)


# --- registering -----------------------------------------------------------------------------------------


def test_an_old_act_is_registered_and_its_state_follows_from_its_dates(world: World) -> None:
    expired = register(world, old_convention(world), place="Crema")
    assert (expired.status, expired.origin, expired.place) == (S.EXPIRED, AgreementOrigin.REGISTERED, "Crema")
    parties = list(expired.parties.all())
    assert {(p.signed_on, p.signed_on_precision) for p in parties} == {
        (date(2017, 12, 1), DatePrecision.MONTH)
    }
    assert all(p.signed_at is None for p in parties)  # no signature was verified by the app
    assert AuditEvent.objects.filter(object_id=str(expired.pk), action="update").exists()
    running = register(world, old_convention(world, end=None), in_force_precision=DatePrecision.YEAR)
    assert running.status == S.IN_FORCE and running.in_force_since_precision == DatePrecision.YEAR


def test_bad_registrations_are_refused_and_save_nothing(world: World) -> None:
    agreement = old_convention(world)
    first = agreement.parties.first()
    assert first is not None
    with pytest.raises(ValidationError, match="almeno l'anno") as missing:
        register(world, agreement, signed={first.pk: (date(2017, 12, 1), DatePrecision.DAY)})
    assert missing.value.code == "signature_date_missing"
    with pytest.raises(ValidationError, match="nel futuro"):
        register(world, agreement, signed=signed_dates(agreement, (date(2999, 1, 1), DatePrecision.YEAR)))
    with pytest.raises(ValidationError, match="non può seguire la scadenza"):
        register(world, agreement, in_force_since=date(2021, 1, 1))
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT and agreement.origin == AgreementOrigin.APP
    assert not Party.objects.filter(agreement=agreement, signed_on__isnull=False).exists()
    with pytest.raises(ValidationError, match="Operazione non possibile"):
        register(world, register(world, agreement))


def test_an_act_whose_signing_is_not_documented_is_neither_signed_nor_a_draft(world: World) -> None:
    agreement = services.agreement_mark_undocumented(actor=world.udp, agreement=old_convention(world))
    assert agreement.status == S.UNDOCUMENTED
    renewal = services.agreement_renew(actor=world.udp, old=agreement)
    assert renewal.status == S.DRAFT and renewal.renews == agreement
    assert renewal.parties.count() == 2 and renewal.origin == AgreementOrigin.APP
    # A signed copy found later: it can still be registered as signed.
    assert register(world, agreement).status == S.EXPIRED


def test_a_registered_act_is_renewed_into_a_new_draft(world: World) -> None:
    old = register(world, old_convention(world))
    renewal = services.agreement_renew(actor=world.udp, old=old)
    assert renewal.status == S.DRAFT and renewal.start_date == date(2021, 1, 1)


# --- signed copies ---------------------------------------------------------------------------------------


def test_a_pades_act_is_verified_and_its_signers_matched_to_the_parties(world: World) -> None:
    agreement = register(world, old_convention(world))
    copy = services.signed_copy_attach(
        actor=world.udp, agreement=agreement, upload=upload(pades(act_pdf(), *SIGNATORIES), "convenzione.pdf")
    )
    assert copy.format == SignedCopyFormat.PADES and copy.verified
    signers = list(copy.signers.select_related("party__organization"))
    assert [(s.tax_code, s.party.organization if s.party else None) for s in signers] == [
        ("YPSDAA80A41H501V", world.y),
        ("RSSMRA80A01H501U", world.x),
    ]
    assert all(s.intact and s.trusted for s in signers)
    assert len(copy.sha256) == 64 and copy.original_name == "convenzione.pdf"


def test_a_p7m_with_parallel_and_nested_signatures_is_verified(world: World) -> None:
    agreement = register(world, old_convention(world))
    pdf = act_pdf()
    parallel = cades(pdf, *SIGNATORIES)
    copy = services.signed_copy_attach(
        actor=world.udp, agreement=agreement, upload=upload(parallel, "atto.pdf.p7m")
    )
    assert copy.format == SignedCopyFormat.CADES and copy.verified
    assert {s.tax_code for s in copy.signers.all()} == {"YPSDAA80A41H501V", "RSSMRA80A01H501U"}
    nested = cades(cades(pdf, SIGNATORIES[0]), SIGNATORIES[1])
    copy = services.signed_copy_attach(
        actor=world.udp, agreement=agreement, upload=upload(nested, "atto.p7m.p7m")
    )
    assert copy.verified and copy.signers.count() == 2


def test_what_cannot_be_trusted_is_said_and_what_is_broken_is_refused(world: World) -> None:
    agreement = register(world, old_convention(world))
    stranger = testca.TestCA("CA sconosciuta")
    untrusted = cades(act_pdf(), SIGNATORIES[0], ca=stranger)
    copy = services.signed_copy_attach(
        actor=world.udp, agreement=agreement, upload=upload(untrusted, "a.p7m")
    )
    assert not copy.verified and [p["code"] for p in copy.report["problems"]] == ["untrusted"]
    tampered = cades(b"%PDF-1.7 il testo firmato", SIGNATORIES[0]).replace(b"testo firmato", b"testo cambiat")
    with pytest.raises(ValidationError, match="non è integra") as broken:
        services.signed_copy_attach(actor=world.udp, agreement=agreement, upload=upload(tampered, "b.p7m"))
    assert broken.value.code == "not_intact"
    with pytest.raises(ValidationError, match="Formato non riconosciuto"):
        services.signed_copy_attach(actor=world.udp, agreement=agreement, upload=upload(b"ciao", "c.txt"))
    with pytest.raises(ValidationError, match="già allegato"):
        services.signed_copy_attach(actor=world.udp, agreement=agreement, upload=upload(untrusted, "a2.p7m"))
    assert SignedCopy.objects.filter(agreement=agreement).count() == 1


def test_a_scan_is_kept_by_its_hash_as_not_digitally_verified(world: World) -> None:
    agreement = register(world, old_convention(world))
    copy = services.signed_copy_attach(
        actor=world.udp, agreement=agreement, upload=upload(act_pdf(), "scansione.pdf")
    )
    assert copy.format == SignedCopyFormat.SCAN and not copy.verified and not copy.signers.exists()
    page = world.client_for("udp").get(reverse("agreements:agreement_detail", args=[agreement.pk]))
    assert "non verificato digitalmente" in page.content.decode() and copy.sha256 in page.content.decode()


def test_a_copy_is_attached_only_to_an_act_registered_as_signed(world: World) -> None:
    for agreement in (
        old_convention(world),
        services.agreement_mark_undocumented(actor=world.udp, agreement=old_convention(world)),
    ):
        with pytest.raises(ValidationError, match="atto registrato") as refused:
            services.signed_copy_attach(
                actor=world.udp, agreement=agreement, upload=upload(act_pdf(), "x.pdf")
            )
        assert refused.value.code == "not_registered"


# --- pages -----------------------------------------------------------------------------------------------


def test_the_ufficio_di_piano_registers_an_act_from_its_page(world: World) -> None:
    agreement = old_convention(world)
    client = world.client_for("udp")
    detail = reverse("agreements:agreement_detail", args=[agreement.pk])
    url = reverse("agreements:agreement_register_signed", args=[agreement.pk])
    assert url in client.get(detail).content.decode()
    y, x = (agreement.parties.get(organization=o).pk for o in (world.y, world.x))
    bad = client.post(url, {"in_force_since": "2018", f"signed_on_{y}": "30/02/2017"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {f"signed_on_{y}", f"signed_on_{x}"}
    file = upload(pades(act_pdf(), *SIGNATORIES), "convenzione firmata.pdf")
    response = client.post(
        url,
        {
            "place": "Crema",
            "in_force_since": "01/01/2018",
            "signed_on_all": "12/2017",
            f"signed_on_{y}": "2017",
            "signed_file": file,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement.refresh_from_db()
    assert agreement.status == S.EXPIRED
    assert agreement.parties.get(pk=y).signed_on_precision == DatePrecision.YEAR
    assert agreement.parties.get(pk=x).signed_on_precision == DatePrecision.MONTH
    page = client.get(detail).content.decode()
    assert "firmato nel 2017" in page and "firmato a dicembre 2017" in page.lower()
    assert "firme digitali verificate" in page and "Firmato fuori dall" in page
    copy = agreement.signed_copies.get()
    download = reverse("agreements:signed_copy_download", args=[agreement.pk, copy.pk])
    assert download in page
    # The parties see the act and download its file; another organization does not even see it.
    assert world.client_for("owner").get(download).status_code == 200
    assert world.client_for("other").get(download).status_code == 404
    assert world.client_for("anonymous").get(download).status_code == 302


def test_the_detail_page_of_a_registered_act_reads_the_same_whatever_its_copies(world: World) -> None:
    agreement = register(world, old_convention(world))
    client = world.client_for("udp")
    url = reverse("agreements:agreement_detail", args=[agreement.pk])
    services.signed_copy_attach(
        actor=world.udp, agreement=agreement, upload=upload(pades(act_pdf(), *SIGNATORIES), "s1.pdf")
    )
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    services.signed_copy_attach(actor=world.udp, agreement=agreement, upload=upload(act_pdf(), "s2.pdf"))
    services.signed_copy_attach(
        actor=world.udp, agreement=agreement, upload=upload(cades(b"%PDF-1.4 x", *SIGNATORIES), "s3.p7m")
    )
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    assert len(three) == len(one)


def test_an_act_in_force_expires_when_its_end_date_passes(world: World) -> None:
    running = register(world, old_convention(world, end=date(2999, 12, 31)))
    ended = register(world, old_convention(world, end=None))
    Agreement.objects.filter(pk=ended.pk).update(end_date=date(2024, 12, 31))  # the act's end, now passed
    assert services.agreements_expire(today=date(2025, 1, 1)) == 1
    running.refresh_from_db()
    ended.refresh_from_db()
    assert (running.status, ended.status) == (S.IN_FORCE, S.EXPIRED)
    assert AuditEvent.objects.filter(object_id=str(ended.pk), action="update", actor=None).exists()
    assert services.agreements_expire(today=date(2025, 1, 1)) == 0


def test_another_ambitos_ufficio_di_piano_reaches_none_of_it(world: World) -> None:
    """The office of ambito B neither sees nor registers nor attaches to ambito A's acts, pages or API."""
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from governance.models import Role
    from tests.worlds import make_user

    udp_b = make_user("udp_b", world.w, Role.UFFICIO_DI_PIANO)
    draft_act = old_convention(world)
    registered = register(world, old_convention(world))
    copy = services.signed_copy_attach(
        actor=world.udp, agreement=registered, upload=upload(act_pdf(), "s.pdf")
    )
    page = Client()
    page.force_login(udp_b)
    for url in (
        reverse("agreements:agreement_register_signed", args=[draft_act.pk]),
        reverse("agreements:signed_copy_add", args=[registered.pk]),
        reverse("agreements:signed_copy_download", args=[registered.pk, copy.pk]),
    ):
        assert page.get(url).status_code == 404, url
    assert (
        page.post(reverse("agreements:agreement_register_signed", args=[draft_act.pk]), {}).status_code == 404
    )
    token, _created = Token.objects.get_or_create(user=udp_b)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = {"in_force_since": "2018", "signed_on_all": "2017"}
    assert (
        api.post(
            f"/api/v1/agreements/{draft_act.pk}/register-signed/", body, content_type="application/json"
        ).status_code
        == 404
    )
    assert api.get(f"/api/v1/agreements/{registered.pk}/signed-copies/").status_code == 404
    draft_act.refresh_from_db()
    assert draft_act.status == S.DRAFT and SignedCopy.objects.filter(agreement=registered).count() == 1


def test_the_deliberations_of_a_registered_act_are_recorded_whenever_found(world: World) -> None:
    """Seed 002 names no deliberation: once found in the archive, they are recorded on the registered act."""
    registered = register(world, old_convention(world))
    party = registered.parties.get(organization=world.y)
    services.party_record_authorisation(
        actor=world.udp,
        party=party,
        organ_name="Consiglio Comunale",
        act_number="12",
        act_date=date(2017, 11, 20),
    )
    party.refresh_from_db()
    assert (party.act_number, party.act_date) == ("12", date(2017, 11, 20))
    url = reverse("agreements:party_authorisation", args=[registered.pk, party.pk])
    client = world.client_for("udp")
    assert url in client.get(reverse("agreements:agreement_detail", args=[registered.pk])).content.decode()
    response = client.post(
        url, {"organ_name": "Giunta Comunale", "act_number": "3", "act_date": "2017-11-21"}
    )
    assert response.status_code == 302
    # An agreement signed in the app keeps its deliberations as approved: no change once in force.
    app_act = old_convention(world, end=None)
    from tests.agreements.helpers.drafting import bring_in_force

    bring_in_force(world, app_act)
    with pytest.raises(ValidationError, match="Operazione non possibile"):
        services.party_record_authorisation(
            actor=world.udp,
            party=app_act.parties.get(organization=world.y),
            organ_name="Consiglio Comunale",
            act_number="1",
            act_date=date(2024, 1, 1),
        )
