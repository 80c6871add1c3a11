"""Fixtures for documents tests: a tiny PDF built with pyHanko's own writer, a test CA and signatories.

No database and no renderer: the PDFs are built here, so these tests do not depend on WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

from documents.testca import IssuedCertificate, TestCA


def make_pdf(text: str = "Accordo di prova tra i comuni") -> bytes:
    """A one-page A4 PDF with ``text`` in an uncompressed content stream (easy to tamper with)."""
    writer = PdfFileWriter(stream_xrefs=False)
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {
            generic.NameObject("/Font"): generic.DictionaryObject(
                {generic.NameObject("/F1"): writer.add_object(font)}
            )
        }
    )
    content = generic.StreamObject(stream_data=f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    writer.insert_page(
        PageObject(contents=writer.add_object(content), media_box=(0, 0, 595, 842), resources=resources)
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Person:
    given_name: str
    family_name: str
    codice_fiscale: str | None

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


MARIO = Person("Mario", "Rossi", "RSSMRA80A01H501U")
ANNA = Person("Anna", "Bianchi", "BNCNNA80A41F205X")
NICOLO = Person("Nicolò", "D'Agostino", "DGSNCL75C12L219K")
NOCF = Person("Lucia", "Verdi", None)


@pytest.fixture(scope="session")
def original_pdf() -> bytes:
    return make_pdf()


@pytest.fixture(scope="session")
def test_ca() -> TestCA:
    return TestCA()


@pytest.fixture(scope="session")
def other_ca() -> TestCA:
    return TestCA("Altra CA Non Riconosciuta")


@pytest.fixture(scope="session")
def issue(test_ca: TestCA) -> Callable[..., IssuedCertificate]:
    cache: dict[tuple[object, ...], IssuedCertificate] = {}

    def _issue(
        person: Person,
        *,
        ca: TestCA | None = None,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
    ) -> IssuedCertificate:
        authority = ca or test_ca
        key = (id(authority), person, not_before, not_after)
        if key not in cache:
            cache[key] = authority.issue(
                given_name=person.given_name,
                family_name=person.family_name,
                codice_fiscale=person.codice_fiscale,
                not_before=not_before,
                not_after=not_after,
            )
        return cache[key]

    return _issue


@pytest.fixture
def signing_time() -> datetime:
    """A recent time, whole seconds (CMS signingTime has a one-second resolution)."""
    return (datetime.now(UTC) - timedelta(minutes=10)).replace(microsecond=0)
