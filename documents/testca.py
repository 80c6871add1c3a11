"""A local test certification authority, for demos and tests only.

It builds, with ``cryptography`` alone (no OpenSSL command line, no network):

- a root CA (RSA-2048, SHA-256, ``basicConstraints CA:TRUE``, ``keyUsage keyCertSign+cRLSign``);
- per-person signing certificates shaped like Italian qualified certificates: subject
  ``CN=<given> <family>``, ``givenName``, ``surname``, ``serialNumber=TINIT-<CODICE FISCALE>``, ``C=IT``,
  with ``keyUsage nonRepudiation(contentCommitment)+digitalSignature`` and a chosen validity window
  (so that tests can produce an expired certificate).

Certificates carry no CRL or OCSP URL: verification runs offline (see ``docs/signing.md``).
Never use these keys for anything real.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

__all__ = ["IssuedCertificate", "TestCA", "make_signer", "persistent_test_ca", "person_certificate"]

KEY_SIZE = 2048


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate with its private key; ``chain_der`` are the issuer certificates (root last)."""

    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey
    chain_der: tuple[bytes, ...] = ()

    @property
    def cert_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return _key_pem(self.private_key)

    @classmethod
    def from_pem(cls, data: bytes) -> IssuedCertificate:
        """Read back :meth:`bundle_pem`: the certificate, its key, then the issuer certificates."""
        certificates = x509.load_pem_x509_certificates(data)
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the signing key must be RSA")
        chain = tuple(c.public_bytes(serialization.Encoding.DER) for c in certificates[1:])
        return cls(certificate=certificates[0], private_key=key, chain_der=chain)

    def bundle_pem(self) -> bytes:
        """Certificate, private key and issuer chain in one PEM file (unencrypted: test keys only)."""
        chain = b"".join(
            x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
            for der in self.chain_der
        )
        return self.cert_pem + self.key_pem + chain

    def pkcs12(self, password: bytes) -> bytes:
        """A .p12 file for desktop signing tools (Acrobat, pyHanko CLI, DiKe...)."""
        return pkcs12.serialize_key_and_certificates(
            name=self.certificate.subject.rfc4514_string().encode(),
            key=self.private_key,
            cert=self.certificate,
            cas=[x509.load_der_x509_certificate(der) for der in self.chain_der],
            encryption_algorithm=serialization.BestAvailableEncryption(password),
        )

    @property
    def key_der(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


class TestCA:
    """A root CA that issues Italian-style signing certificates."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(
        self,
        name: str = "Test CA Firma Qualificata",
        *,
        organization: str = "Ambiti Test CA",
        not_before: datetime | None = None,
        days: int = 3650,
    ) -> None:
        self._key = _new_key()
        start = not_before or datetime.now(UTC) - timedelta(days=1)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                x509.NameAttribute(NameOID.COMMON_NAME, name),
            ]
        )
        public_key = self._key.public_key()
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .sign(self._key, hashes.SHA256())
        )

    @classmethod
    def from_pem(cls, cert_pem: bytes, key_pem: bytes) -> TestCA:
        """The CA saved earlier with :attr:`cert_pem` and :attr:`key_pem` (see :func:`persistent_test_ca`)."""
        ca = cls.__new__(cls)
        key = serialization.load_pem_private_key(key_pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the test CA key must be RSA")
        ca._key = key
        ca.certificate = x509.load_pem_x509_certificate(cert_pem)
        return ca

    @property
    def cert_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return _key_pem(self._key)

    def issue(
        self,
        *,
        given_name: str,
        family_name: str,
        codice_fiscale: str | None,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        days: int = 365,
        organization: str | None = None,
    ) -> IssuedCertificate:
        """Issue a signing certificate; ``codice_fiscale=None`` omits the ``serialNumber`` attribute."""
        start = not_before or datetime.now(UTC) - timedelta(hours=1)
        end = not_after or start + timedelta(days=days)
        attributes = [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{given_name} {family_name}"),
            x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
            x509.NameAttribute(NameOID.SURNAME, family_name),
        ]
        if organization:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
        if codice_fiscale:
            attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"TINIT-{codice_fiscale.upper()}"))
        key = _new_key()
        public_key = key.public_key()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name(attributes))
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                critical=False,
            )
            .sign(self._key, hashes.SHA256())
        )
        return IssuedCertificate(certificate=certificate, private_key=key, chain_der=(self.cert_der,))


def make_signer(issued: IssuedCertificate) -> SimpleSigner:
    """A pyHanko signer for ``issued``; its issuer chain is embedded in each signature (CMS certificates)."""
    return SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(issued.cert_der),
        signing_key=asn1_keys.PrivateKeyInfo.load(issued.key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(der) for der in issued.chain_der]
        ),
    )


def persistent_test_ca(directory: Path) -> TestCA:
    """The test CA kept in ``directory`` (``ca.pem`` + ``ca-key.pem``), created on first use.

    Signatures made with its certificates must still verify after a restart, so the CA cannot be
    regenerated: it is written once and read back afterwards.
    """
    cert_path, key_path = directory / "ca.pem", directory / "ca-key.pem"
    if cert_path.exists() and key_path.exists():
        return TestCA.from_pem(cert_path.read_bytes(), key_path.read_bytes())
    directory.mkdir(parents=True, exist_ok=True)
    ca = TestCA()
    key_path.write_bytes(ca.key_pem)
    key_path.chmod(0o600)
    cert_path.write_bytes(ca.cert_pem)
    return ca


class PersonLike(Protocol):
    """A registered person as the test CA needs them (documents imports no app: any row with these)."""

    @property
    def pk(self) -> Any: ...

    @property
    def given_name(self) -> str: ...

    @property
    def family_name(self) -> str: ...

    @property
    def tax_code(self) -> str | None: ...


def certificate_for(person: PersonLike, *, renew: bool = False) -> tuple[IssuedCertificate, Path]:
    """The built-in signer's certificate of a registered person, from the configured test CA
    (SIGNATURE_TEST_CA_DIR): the same certificate every time, for demos, tests and desktop signing."""
    from django.conf import settings

    return person_certificate(
        Path(settings.SIGNATURE_TEST_CA_DIR),
        key=f"persona-{person.pk}",
        given_name=person.given_name,
        family_name=person.family_name,
        codice_fiscale=person.tax_code or None,
        renew=renew,
    )


def person_signer(person: PersonLike) -> SimpleSigner:
    return make_signer(certificate_for(person)[0])


def person_certificate(
    directory: Path,
    *,
    key: str,
    given_name: str,
    family_name: str,
    codice_fiscale: str | None,
    renew: bool = False,
) -> tuple[IssuedCertificate, Path]:
    """The person's certificate from the CA in ``directory``, issued on first use (or when ``renew``),
    kept as ``people/<key>.pem`` so the same person always signs with the same certificate."""
    path = directory / "people" / f"{key}.pem"
    if path.exists() and not renew:
        issued = IssuedCertificate.from_pem(path.read_bytes())
        if issued.certificate.not_valid_after_utc > datetime.now(UTC):
            return issued, path
    ca = persistent_test_ca(directory)
    issued = ca.issue(
        given_name=given_name, family_name=family_name, codice_fiscale=codice_fiscale, days=3 * 365
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(issued.bundle_pem())
    path.chmod(0o600)
    return issued, path
