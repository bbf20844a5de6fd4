"""The dossier's seal: a PAdES certification signature (ETSI EN 319 142, ``/ByteRange`` + CMS) made with
pyHanko, DocMDP "no changes allowed", so Adobe Reader, Foxit, browsers and poppler's ``pdfsig`` can check
that the file is byte for byte what was exported.

The seal key is an ECDSA P-256 key (SHA-256) that every common PDF reader validates. Its certificate is
issued by the key itself: the subject names the key's fingerprint (SHA-256 of the public key), which the
cover and the manifest print too. The certificate proves nothing about a person; it only tells which key
sealed the file. Signatures are deterministic (RFC 6979) and the signing time is the export time, so the
same case, options and export time still give the same bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING, BinaryIO, cast

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_cms import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

SEAL_FIELD = "WalletCareSeal"
SEAL_ALGORITHM = "ECDSA P-256 SHA-256"
_VALID_FROM = datetime(2000, 1, 1, tzinfo=UTC)  # any export time (``--export-time`` may lie in the past)
_VALID_UNTIL = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)  # RFC 5280: no well-defined expiry


@dataclass(frozen=True)
class SealKey:
    """The private seal key (PKCS#8 DER) and its self-issued certificate (DER)."""

    private_der: bytes
    certificate: bytes

    @property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of the public key, as the certificate subject, cover and manifest name it."""
        return certificate_fingerprint(self.certificate)

    def __repr__(self) -> str:
        return f"SealKey(fingerprint={self.fingerprint[:16]}…)"


def public_key_fingerprint(public_key: PublicKeyTypes) -> str:
    """SHA-256 (hex) of a ``cryptography`` public key's SubjectPublicKeyInfo."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return hashlib.sha256(public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)).hexdigest()


def certificate_fingerprint(certificate: bytes) -> str:
    """The key fingerprint of a DER certificate (of its public key, not of the certificate bytes)."""
    from cryptography import x509

    return public_key_fingerprint(x509.load_der_x509_certificate(certificate).public_key())


def subject_fingerprint(certificate: bytes) -> str:
    """The fingerprint the certificate's subject names (its serialNumber attribute; empty when absent)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    names = x509.load_der_x509_certificate(certificate).subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return str(names[0].value) if names else ""


def make_seal_key(private_key: ec.EllipticCurvePrivateKey | None = None) -> SealKey:
    """A seal key with its certificate; a new random P-256 key unless ``private_key`` is given."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from cryptography.x509.oid import NameOID

    key = private_key if private_key is not None else ec.generate_private_key(ec.SECP256R1())
    fingerprint = public_key_fingerprint(key.public_key())
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"WalletCare seal {fingerprint[:16]}"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Self-issued by a WalletCare vault"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, fingerprint),
    ])
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(int(fingerprint[:38], 16)).not_valid_before(_VALID_FROM).not_valid_after(_VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    )
    return SealKey(private_der=key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()),
                   certificate=certificate.public_bytes(Encoding.DER))


def _ec_private_key(private_der: bytes) -> ec.EllipticCurvePrivateKey:
    """The seal key's private half (``make_seal_key`` makes only P-256 keys)."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    private = load_der_private_key(private_der, password=None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    return private


def _certificate_store(certificates: Iterable[asn1_x509.Certificate]) -> SimpleCertificateStore:
    """A store of these certificates (pyhanko-certvalidator leaves ``from_certs`` unannotated)."""
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from_certs = cast("Callable[[Iterable[asn1_x509.Certificate]], SimpleCertificateStore]",
                      SimpleCertificateStore.from_certs)
    return from_certs(certificates)


def _signer(key: SealKey) -> SimpleSigner:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from pyhanko.sign.signers.pdf_cms import SimpleSigner

    private = _ec_private_key(key.private_der)

    class DeterministicSigner(SimpleSigner):
        """ECDSA with RFC 6979 nonces: the same document and time give the same signature."""

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if digest_algorithm != "sha256":
                raise ValueError(f"the seal uses SHA-256, not {digest_algorithm}")
            return private.sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))

    certificate = asn1_x509.Certificate.load(key.certificate)
    return DeterministicSigner(signing_cert=certificate, signing_key=asn1_keys.PrivateKeyInfo.load(key.private_der),
                               cert_registry=_certificate_store([certificate]))


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class SealWriter(IncrementalPdfFileWriter):
        """Appends the seal and nothing else: the document Info and XMP written at export stay as they are
        (pyHanko would stamp the current time into them), and the second document id is derived from the
        first instead of drawn at random."""

        def _update_meta(self) -> None:
            return

        @classmethod
        def _handle_id(cls, prev: PdfFileReader) -> generic.ArrayObject:
            first = prev.trailer["/ID"][0]
            raw = first.original_bytes if isinstance(first, generic.TextStringObject) else bytes(first)
            second = hashlib.sha256(b"walletcare-seal:" + raw).digest()[:16]
            return generic.ArrayObject([generic.ByteStringObject(raw), generic.ByteStringObject(second)])

    return SealWriter(BytesIO(pdf))


def _dictionary(entries: Mapping[str, generic.PdfObject]) -> generic.DictionaryObject:
    """A PDF dictionary of these entries, keyed by name (pyHanko leaves the constructor unannotated)."""
    from pyhanko.pdf_utils import generic

    make = cast("Callable[[dict[generic.NameObject, generic.PdfObject]], generic.DictionaryObject]",
                generic.DictionaryObject)
    return make({generic.NameObject(name): value for name, value in entries.items()})


def _number(value: int) -> generic.NumberObject:
    """A PDF integer (pyHanko leaves the constructor unannotated)."""
    from pyhanko.pdf_utils import generic

    return cast("Callable[[int], generic.NumberObject]", generic.NumberObject)(value)


def _attach(writer: IncrementalPdfFileWriter, files: Sequence[Attachment]) -> None:
    """Adds the files to the revision being written, as ``/EmbeddedFiles`` of the catalog (names sorted as
    name trees require). A file given as a function is read only while it is written, one at a time."""
    from pyhanko.pdf_utils import generic

    from walletcare.evidence.dossier.attachments import _sort_key

    class LazyFile(generic.StreamObject):
        """An embedded file whose bytes are read when it is written, and not kept."""

        def __init__(self, load: Callable[[], bytes], size: int) -> None:
            super().__init__()
            self._load, self._size = load, size

        @property
        def encoded_data(self) -> bytes:
            data = self._load()
            if len(data) != self._size:
                raise ValueError("an attached file changed while the dossier was written")
            return data

    entries = []
    for name, content, size, description in files:
        params = _dictionary({"/Size": _number(size)})
        if isinstance(content, bytes):
            stream = generic.StreamObject(stream_data=content)
            params[generic.NameObject("/CheckSum")] = generic.ByteStringObject(
                hashlib.md5(content, usedforsecurity=False).digest())
        else:
            stream = LazyFile(content, size)
        stream[generic.NameObject("/Type")] = generic.NameObject("/EmbeddedFile")
        stream[generic.NameObject("/Params")] = params
        ref = writer.add_object(stream)
        spec = _dictionary({
            "/Type": generic.NameObject("/Filespec"),
            "/F": generic.TextStringObject(name),
            "/UF": generic.TextStringObject(name),
            "/Desc": generic.TextStringObject(description),
            "/EF": _dictionary({"/F": ref, "/UF": ref}),
        })
        entries.append((_sort_key(name), name, writer.add_object(spec)))
    entries.sort(key=lambda e: e[0])
    flat = generic.ArrayObject()
    for _key, name, ref in entries:
        flat.extend((generic.TextStringObject(name), ref))
    tree = writer.add_object(_dictionary({"/Names": flat}))
    writer.root[generic.NameObject("/Names")] = _dictionary({"/EmbeddedFiles": tree})
    writer.mark_update(writer.root_ref)  # (what pyHanko's unannotated ``update_root`` does)


# an attached file: name, its bytes or a function that reads them, its size, a description
Attachment = tuple[str, "bytes | Callable[[], bytes]", int, str]


def seal_pdf(pdf: bytes, key: SealKey, signed_at: datetime, password: str | None = None,
             files: Sequence[Attachment] = (), output: BinaryIO | None = None) -> bytes:
    """``pdf`` with the certification signature appended as an incremental update.

    Args:
        pdf: The finished dossier (encrypted already when ``password`` is given).
        key: The vault's seal key.
        signed_at: The export time (timezone-aware); it is the signature's signing time.
        password: The PDF password, when the dossier is encrypted.
        files: Files to attach in the sealed revision (so the seal covers them); a file given as a function is
            read only while it is written, so a hundred originals are never all in memory.
        output: Where to write the sealed PDF (a ``w+b`` file: the seal reads back what was written); the
            return value is then ``b""``.
    """
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    if signed_at.tzinfo is None:
        raise ValueError("signed_at must be timezone-aware")
    writer = _writer(pdf)
    if password is not None:
        # (pyHanko leaves ``encrypt`` unannotated: it takes the user password of the encrypted original)
        cast("Callable[[str], None]", writer.encrypt)(password)
    if files:
        _attach(writer, files)
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD, certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256", embed_validation_info=False)
    pdf_signer = signers.PdfSigner(meta, signer=_signer(key))

    sealed: list[bytes] = []  # (a coroutine's result gets printed into asyncio's task repr: 0.1 s for 10 MB)

    async def sign() -> None:
        # pyHanko's sign_pdf, step by step, so that the signing time is the export time and not the clock's
        session = pdf_signer.init_signing_session(writer)
        session.system_time = signed_at
        reserved = await session.estimate_signature_container_size(None, tight=False)
        tbs = session.prepare_tbs_document(validation_info=None, bytes_reserved=reserved)
        prepared, written = tbs.digest_tbs_document(in_place=False, output=output)
        signed = await tbs.perform_signature(document_digest=prepared.document_digest,
                                             pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=signed_at))
        await signed.post_signature_processing(written)
        if output is not None:
            sealed.append(b"")
        else:
            assert isinstance(written, BytesIO)  # (pyHanko writes into a new BytesIO when given no output)
            sealed.append(written.getvalue())

    asyncio.run(sign())
    return sealed[0]
