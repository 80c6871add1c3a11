"""Acts signed before the app through the API: registering, attaching and downloading signed copies."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from agreements.models import AgreementStatus, DatePrecision
from tests.agreements.helpers.registration import SIGNATORIES, act_pdf, cades, old_convention
from tests.worlds import World

API = "/api/v1/agreements"


def client(world: World, who: str) -> APIClient:
    api = APIClient()
    if who != "anonymous":
        token, _created = Token.objects.get_or_create(user=getattr(world, who))
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_register_attach_and_download(world: World) -> None:
    agreement = old_convention(world)
    y = agreement.parties.get(organization=world.y)
    body: dict[str, Any] = {
        "in_force_since": "01/2018",
        "signed_on_all": "15/12/2017",
        "signed": [{"party": y.pk, "signed_on": "2017"}],
        "place": "Crema",
    }
    for who, status in (("other", 404), ("anonymous", 401)):
        assert (
            client(world, who).post(f"{API}/{agreement.pk}/register-signed/", body, format="json").status_code
            == status
        )
    response = client(world, "udp").post(f"{API}/{agreement.pk}/register-signed/", body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == AgreementStatus.EXPIRED and data["origin"] == "registrato"
    assert data["in_force_since"] == "2018-01-01" and data["in_force_since_precision"] == DatePrecision.MONTH
    by_party = {p["id"]: (p["signed_on"], p["signed_on_precision"]) for p in data["parties"]}
    assert by_party[y.pk] == ("2017-01-01", DatePrecision.YEAR)
    assert set(by_party.values()) == {("2017-01-01", "anno"), ("2017-12-15", "giorno")}

    url = f"{API}/{agreement.pk}/signed-copies/"
    p7m = SimpleUploadedFile("atto.pdf.p7m", cades(act_pdf(), *SIGNATORIES))
    assert client(world, "owner").post(url, {"file": p7m}, format="multipart").status_code == 403
    p7m.seek(0)
    created = client(world, "udp").post(url, {"file": p7m}, format="multipart")
    assert created.status_code == 201, created.content
    copy = created.json()
    assert copy["format"] == "cades" and copy["verified"] and len(copy["signers"]) == 2
    listed = client(world, "owner").get(url).json()
    assert [row["sha256"] for row in listed] == [copy["sha256"]]
    download = client(world, "owner").get(copy["file_url"])
    assert download.status_code == 200 and download.getvalue().startswith(b"0")
    assert client(world, "other").get(copy["file_url"]).status_code == 404


def test_bad_registrations_are_structured_400s(world: World) -> None:
    agreement = old_convention(world)
    url = f"{API}/{agreement.pk}/register-signed/"
    api = client(world, "udp")
    bad_date = api.post(url, {"in_force_since": "31/02/2018"}, format="json").json()
    assert bad_date["errors"]["in_force_since"][0]["code"] == "invalid_partial_date"
    missing = api.post(url, {"in_force_since": "2018"}, format="json").json()
    assert (
        missing["status"] == 400
        and missing["errors"]["non_field_errors"][0]["code"] == "signature_date_missing"
    )
    assert api.get(f"{API}/{agreement.pk}/").json()["status"] == AgreementStatus.DRAFT
    junk = SimpleUploadedFile("x.txt", b"ciao")
    refused = client(world, "udp").post(
        f"{API}/{agreement.pk}/signed-copies/", {"file": junk}, format="multipart"
    )
    assert refused.status_code == 400 and refused.json()["errors"]["file"][0]["code"] == "not_registered"
