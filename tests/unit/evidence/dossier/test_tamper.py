"""Attacks on a real exported dossier (a vault, a case whose amount in dispute is 199.00, screenshots and a PDF
exhibit, exported with ``export_case``): each one must end in exit 1 with a finding that names it; copies that
are the same dossier (byte-identical, padded after ``%%EOF``, password-protected and opened with it) exit 0.

Incremental updates are appended with pypdf, as an editor that keeps the seal's bytes would; full rewrites
with pypdf and qpdf, as a program that re-saves the file would. Where poppler's ``pdfsig`` is installed it
must report the fresh dossier as wholly signed and valid, and no tampered copy as both.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from walletcare.cli.main import main
from walletcare.evidence.dossier.export import export_case
from walletcare.evidence.models import Case, Party, Reference, Transaction
from walletcare.evidence.vault import Vault

CST = timezone(timedelta(hours=8))
PASSWORD = "open sesame 芝麻"


def _png(index: int) -> bytes:
    img = Image.new("RGB", (360, 800), (240, 240, 240))
    for row in range(6):
        img.paste(((index * 70 + row * 30) % 255, 120, 200), (20, 60 + row * 120, 340, 140 + row * 120))
    out = BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _vault_with_case(folder: Path) -> tuple[Vault, int]:
    vault, _code = Vault.create(folder, bytearray(b"tamper test passphrase"), kdf_seconds=0)
    store = vault.store
    case = store.cases.add(Case(id=0, title="Refund never arrived", provider="PayPal", amount=Decimal("199.00"),
                                currency="USD", claimant=Party(name="Li Hua"),
                                respondent=Party(organisation="Example Shop Ltd")))
    for i in range(6):
        store.transactions.add(Transaction(
            id=0, case_id=case.id, time=datetime(2026, 2, 1, 10, i, tzinfo=CST), amount=Decimal(f"{199 + i}.00"),
            currency="USD", counterparty=f"Example Shop {i}", references=(Reference("trade_no", f"7000{i:04d}"),),
            status="Completed"))
    for i in range(2):
        store.evidence.add(case.id, _png(i), f"chat{i + 1}.png", caption=f"Chat {i + 1}")
    store.evidence.add(case.id, b"%PDF-1.4\n%%EOF\n", "receipt.pdf", caption="Receipt")
    return vault, case.id


@dataclass(frozen=True)
class Dossiers:
    """The exported files of the suite."""

    plain: bytes
    locked: bytes
    other_vault: bytes  # the same case from a fresh vault: sealed, but with another key
    key: str


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> Dossiers:
    from walletcare.i18n import set_language

    set_language("en")
    root = tmp_path_factory.mktemp("tamper")
    vault, case_id = _vault_with_case(root / "vault")
    try:
        plain = export_case(vault, case_id, root / "plain.pdf", lang="en")
        locked = export_case(vault, case_id, root / "locked.pdf", lang="en", password=PASSWORD)
        key = vault.seal_key().fingerprint
    finally:
        vault.close()
    other, other_id = _vault_with_case(root / "other")
    try:
        forged = export_case(other, other_id, root / "other.pdf", lang="en")
    finally:
        other.close()
    return Dossiers(plain.pdf_path.read_bytes(), locked.pdf_path.read_bytes(), forged.pdf_path.read_bytes(), key)


@pytest.fixture(autouse=True)
def _english() -> None:
    from walletcare.i18n import set_language

    set_language("en")


# -- ways to change a file ------------------------------------------------------------------------------
def _incremental(pdf: bytes, change: Callable[[PdfWriter], None]) -> bytes:
    """``pdf`` with an incremental update appended (its bytes stay as they are, so the seal's bytes match)."""
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    change(writer)
    out = BytesIO()
    writer.write(out)
    result = out.getvalue()
    assert result.startswith(pdf) and len(result) > len(pdf)
    return result


def _rewrite(pdf: bytes, change: Callable[[PdfWriter], None]) -> bytes:
    """``pdf`` re-saved whole by pypdf after ``change``."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotate(page: int, annotation: dict[str, Any]) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        target = writer.pages[page]
        annots = target.get("/Annots")
        items = list(annots.get_object()) if annots is not None else []
        items.append(writer._add_object(DictionaryObject(annotation)))
        target[NameObject("/Annots")] = ArrayObject(items)

    return change


def _full_page_rect() -> ArrayObject:
    return ArrayObject([FloatObject(0), FloatObject(0), FloatObject(595), FloatObject(842)])


def _free_text(writer: PdfWriter) -> None:
    _annotate(0, {NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FreeText"),
                  NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (300, 500, 420, 520)]),
                  NameObject("/Contents"): TextStringObject("USD 799.00"),
                  NameObject("/DA"): TextStringObject("/Helv 12 Tf 0 g")})(writer)


def _stamp(writer: PdfWriter) -> None:
    _annotate(0, {NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Stamp"),
                  NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (300, 500, 420, 520)]),
                  NameObject("/Name"): NameObject("/Approved")})(writer)


def _phishing_link(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/URI"),
                               NameObject("/URI"): TextStringObject("https://paypa1-refunds.example/claim")})
    _annotate(0, {NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                  NameObject("/Rect"): _full_page_rect(), NameObject("/A"): action})(writer)


def _crop(writer: PdfWriter) -> None:
    page = writer.pages[1]
    box = [float(v) for v in page.mediabox]
    page[NameObject("/CropBox")] = ArrayObject([FloatObject(box[0]), FloatObject((box[1] + box[3]) / 2),
                                                FloatObject(box[2]), FloatObject(box[3])])


def _rotate(writer: PdfWriter) -> None:
    writer.pages[1][NameObject("/Rotate")] = NumberObject(90)


def _javascript(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.launchURL('https://paypa1.example');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def _attach_extra(writer: PdfWriter) -> None:
    writer.add_attachment("corrected-statement.pdf", b"%PDF-1.4\n% amount 799.00\n%%EOF\n")


def _name_tree(writer: PdfWriter) -> tuple[DictionaryObject, list[Any]]:
    tree = writer._root_object["/Names"]["/EmbeddedFiles"].get_object()
    return tree, list(tree["/Names"])


def _spec_named(writer: PdfWriter, prefix: str) -> DictionaryObject:
    _tree, names = _name_tree(writer)
    index = next(i for i in range(0, len(names), 2) if str(names[i]).startswith(prefix))
    return names[index + 1].get_object()


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    return stream


def _two_faced_attachment(writer: PdfWriter) -> None:
    spec = _spec_named(writer, "E1-")
    ef = spec["/EF"].get_object()
    ef[NameObject("/UF")] = writer._add_object(_stream(_png(9)))  # /F still holds the original


def _same_name_twice(writer: PdfWriter) -> None:
    tree, names = _name_tree(writer)
    spec = _spec_named(writer, "E1-")
    forged = DictionaryObject({NameObject("/Type"): NameObject("/Filespec"), NameObject("/F"): spec["/F"],
                               NameObject("/UF"): spec["/UF"],
                               NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(
                                   _stream(_png(8)))})})
    tree[NameObject("/Names")] = ArrayObject([*names, TextStringObject(str(spec["/F"])), writer._add_object(forged)])


def _replace_attachment(writer: PdfWriter) -> None:
    spec = _spec_named(writer, "E2-")
    stream = writer._add_object(_stream(_png(7)))
    spec[NameObject("/EF")] = DictionaryObject({NameObject("/F"): stream, NameObject("/UF"): stream})


def _remove_attachment(writer: PdfWriter) -> None:
    tree, names = _name_tree(writer)
    index = next(i for i in range(0, len(names), 2) if str(names[i]).startswith("E2-"))
    tree[NameObject("/Names")] = ArrayObject(names[:index] + names[index + 2:])


def _swap_pages(writer: PdfWriter) -> None:
    pages = writer._root_object["/Pages"].get_object()
    kids = list(pages["/Kids"])
    kids[1], kids[2] = kids[2], kids[1]
    pages[NameObject("/Kids")] = ArrayObject(kids)


def _remove_page(writer: PdfWriter) -> None:
    writer.remove_page(1)


def _swap_image(writer: PdfWriter) -> None:
    for page in writer.pages:
        xobjects = page["/Resources"].get("/XObject")
        if xobjects is None:
            continue
        for name in list(xobjects.get_object()):
            image = xobjects.get_object()[name].get_object()
            if image.get("/Subtype") == "/Image":
                other = BytesIO()
                Image.new("RGB", (int(image["/Width"]), int(image["/Height"])), (200, 30, 30)).save(other, "JPEG")
                image._data = other.getvalue()  # another picture of the same size, still a JPEG
                return
    raise AssertionError("no image in the dossier")


def _cut_at_previous_eof(pdf: bytes) -> bytes:
    # the end of a revision (an attached PDF carries a %%EOF of its own inside its stream)
    ends = [m.end() for m in re.finditer(rb"startxref\s+\d+\s+%%EOF\r?\n?", pdf)]
    assert len(ends) >= 2
    return pdf[:ends[-2]]


def _downgrade(pdf: bytes) -> bytes:
    """Cut the seal off at the previous ``%%EOF``, then edit freely."""
    return _incremental(_cut_at_previous_eof(pdf), _free_text)


def _retitle(pdf: bytes) -> bytes:
    """New document information (title and author) appended by pyHanko, which counts it as harmless."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.model import DocumentMetadata

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    writer.document_meta.title = "Refund received — USD 799.00"
    writer.document_meta.author = "Example Shop Ltd"
    writer._force_write_when_empty = True
    out = BytesIO()
    writer.write(out)
    assert isinstance(writer.document_meta, DocumentMetadata) and out.getvalue().startswith(pdf)
    return out.getvalue()


def _flip_content_byte(pdf: bytes) -> bytes:
    data = bytearray(pdf)
    start = pdf.index(b"stream", len(pdf) // 3) + 40
    data[start] ^= 0x20
    return bytes(data)


ATTACKS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "downgrade to the revision before the seal": (_downgrade, "seal (the PDF's digital signature) is missing"),
    "FreeText annotation with a new amount": (lambda p: _incremental(p, _free_text), "text box laid over"),
    "Stamp annotation": (lambda p: _incremental(p, _stamp), "stamp laid over"),
    "CropBox hiding half a page": (lambda p: _incremental(p, _crop), "visible area was cut down"),
    "page rotation": (lambda p: _incremental(p, _rotate), "turned by 90°"),
    "full-page link to a phishing site": (lambda p: _incremental(p, _phishing_link),
                                          "link to https://paypa1-refunds.example/claim"),
    "JavaScript on open": (lambda p: _incremental(p, _javascript), "when it is opened"),
    "extra attached corrected statement": (lambda p: _incremental(p, _attach_extra),
                                           "unexpected file is attached: corrected-statement.pdf"),
    "two copies of one attachment": (lambda p: _incremental(p, _two_faced_attachment), "two different contents"),
    "second attachment with an exhibit's name": (lambda p: _incremental(p, _same_name_twice),
                                                 "Two attached files are named E1-chat1.png"),
    "replaced attachment": (lambda p: _incremental(p, _replace_attachment), "E2 (chat2.png): the original file"),
    "removed attachment": (lambda p: _incremental(p, _remove_attachment), "E2 (chat2.png): the original file is missing"),
    "swapped pages": (lambda p: _incremental(p, _swap_pages), "now show something else than what was sealed: 2, 3"),
    "removed page (appended)": (lambda p: _incremental(p, _remove_page), "pages were taken out or added"),
    "removed page (re-saved)": (lambda p: _rewrite(p, _remove_page), "pages were taken out or added"),
    "swapped image": (lambda p: _incremental(p, _swap_image), "now show something else than what was sealed"),
    "content byte edit": (_flip_content_byte, "its bytes no longer match the seal"),
    "changed title and author": (_retitle, "document information (title, author, keywords) was changed"),
    "bytes after %%EOF": (lambda p: p + b"\n% corrected: 799.00\n", "Data was added after the end of the sealed file"),
}
TRUNCATIONS = (0.1, 0.5, 0.9, 0.999)


def _verify_json(tmp_path: Path, data: bytes, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict[str, Any]]:
    path = tmp_path / "d.pdf"
    path.write_bytes(data)
    code = main(["--lang", "en", "verify", str(path), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_every_attack_is_altered_and_named(attack: str, dossiers: Dossiers, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    build, finding = ATTACKS[attack]
    code, report = _verify_json(tmp_path, build(dossiers.plain), capsys)
    assert code == 1, report
    assert report["intact"] is False and report["status"] == "altered"
    assert any(finding in problem for problem in report["problems"]), report["problems"]


@pytest.mark.parametrize("share", TRUNCATIONS)
def test_truncation_anywhere_is_altered(share: float, dossiers: Dossiers, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _verify_json(tmp_path, dossiers.plain[: int(len(dossiers.plain) * share)], capsys)
    assert code == 1 and report["intact"] is False and report["problems"], report


def test_the_seal_from_another_vault_is_named_and_refused_when_a_key_is_expected(
        dossiers: Dossiers, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _verify_json(tmp_path, dossiers.other_vault, capsys)
    assert code == 0 and report["seal_key"] != dossiers.key  # sealed, but by someone else: the key tells
    code, report = _verify_json(tmp_path, dossiers.other_vault, capsys, "--expect-key", dossiers.key[:16])
    assert code == 1 and "not the one you expected" in report["problems"][0], report
    grouped = " ".join(dossiers.key[i:i + 4] for i in range(0, 32, 4))
    code, report = _verify_json(tmp_path, dossiers.plain, capsys, "--expect-key", grouped)
    assert code == 0, report


def test_intact_says_what_it_proves_and_prints_the_key(dossiers: Dossiers, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.pdf"
    path.write_bytes(dossiers.plain)
    assert main(["--lang", "en", "verify", str(path)]) == 0
    out = capsys.readouterr().out
    grouped = " ".join(dossiers.key[i:i + 4] for i in range(0, 64, 4))
    assert f"unchanged since it was exported and sealed (seal fingerprint {grouped})" in out
    assert "not a secret and unlocks nothing" in out and f"Seal fingerprint: {grouped}" in out
    for lang, words in (("zh-CN", "完好"), ("zh-TW", "完好")):
        assert main(["--lang", lang, "verify", str(path)]) == 0
        assert words in capsys.readouterr().out


@pytest.mark.parametrize("copy", ["identical", "padded"])
def test_no_false_alarm(copy: str, dossiers: Dossiers, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = dossiers.plain if copy == "identical" else dossiers.plain + b"\r\n  \n\n"
    code, report = _verify_json(tmp_path, data, capsys)
    assert code == 0 and report["intact"] is True and report["sealed"] is True, report
    assert report["seal_key"] == dossiers.key and report["problems"] == []


def test_password_protected_dossier_is_sealed_and_intact(dossiers: Dossiers, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    code, report = _verify_json(tmp_path, dossiers.locked, capsys, "--pdf-password-file", str(pw))
    assert code == 0 and report["sealed"] is True, report
    code, report = _verify_json(tmp_path, _text_box_by_pyhanko(dossiers.locked, PASSWORD), capsys, "--pdf-password-file",
                                str(pw))
    assert code == 1 and any("text box laid over" in p for p in report["problems"]), report


def test_validation_data_appended_after_the_seal_is_harmless_and_said_so(
        dossiers: Dossiers, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    seal = PdfFileReader(BytesIO(dossiers.plain)).embedded_signatures[0]
    out = BytesIO(dossiers.plain)
    DocumentSecurityStore.add_dss(out, seal.pkcs7_content, certs=[seal.signer_cert], force_write=True)
    assert out.getvalue().startswith(dossiers.plain) and len(out.getvalue()) > len(dossiers.plain)
    code, report = _verify_json(tmp_path, out.getvalue(), capsys)
    assert code == 0 and report["problems"] == [], report
    assert any("changes nothing that is shown" in note for note in report["notes"]), report


def _time_stamped(pdf: bytes) -> bytes:
    """A document time stamp (PAdES-LTA) appended by pyHanko, from a local test time-stamping authority."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.timestamps import DummyTimeStamper

    key = rsa.generate_private_key(65537, 2048)  # pyHanko's test authority signs with RSA only
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test time-stamping authority")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(datetime(2000, 1, 1, tzinfo=CST))
            .not_valid_after(datetime(2100, 1, 1, tzinfo=CST))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(key, hashes.SHA256()))
    authority = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))
    out = PdfTimeStamper(authority).timestamp_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), md_algorithm="sha256")
    assert out.getvalue().startswith(pdf)
    return bytes(out.getvalue())


def test_a_document_time_stamp_after_the_seal_is_harmless_and_said_so(
        dossiers: Dossiers, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _verify_json(tmp_path, _time_stamped(dossiers.plain), capsys)
    assert code == 0 and report["problems"] == [], report
    assert any("changes nothing that is shown" in note for note in report["notes"]), report


def _text_box_by_pyhanko(pdf: bytes, password: str | None = None) -> bytes:
    """A FreeText annotation appended with pyHanko's incremental writer (pypdf cannot append to encrypted
    files, and it numbers the new object like the cross-reference stream of a file that has one)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    if password is not None:
        writer.encrypt(password)
    annot = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"), generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
        generic.pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (300, 500, 420, 520)]),
        generic.pdf_name("/Contents"): generic.TextStringObject("USD 799.00")}))
    writer.register_annotation(writer.find_page_for_modification(0)[0], annot)
    out = BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(pdf)
    return out.getvalue()


def _resaved_by(tool: str, pdf: bytes, tmp_path: Path) -> bytes:
    if tool == "pypdf":
        return _rewrite(pdf, lambda _w: None)
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(pdf)
    subprocess.run(["qpdf", "--object-streams=generate", str(source), str(target)], check=True)
    return target.read_bytes()


@pytest.mark.parametrize("tool", ["pypdf", "qpdf"])
def test_a_resaved_copy_is_not_the_sealed_file_but_its_contents_are_reported(
        tool: str, dossiers: Dossiers, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _verify_json(tmp_path, _resaved_by(tool, dossiers.plain, tmp_path), capsys)
    assert code == 1 and report["status"] == "altered"
    assert len(report["problems"]) == 1 and "re-saved by another program" in report["problems"][0], report
    assert report["signature_valid"] is True and report["exhibits"] == 3 and report["exhibits_checked"] is True


def test_a_dossier_from_before_the_seal_is_never_intact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    legacy = (Path(__file__).parent / "fixtures" / "dossier-before-seal.pdf").read_bytes()
    code, report = _verify_json(tmp_path, legacy, capsys)
    assert code == 1 and report["status"] == "unsealed" and report["problems"] == [], report
    assert "not checked" in report["notes"][0] and report["signature_valid"] is True
    path = tmp_path / "old.pdf"
    path.write_bytes(legacy)
    assert main(["--lang", "en", "verify", str(path)]) == 1
    assert "Not confirmed" in capsys.readouterr().out
    code, report = _verify_json(tmp_path, _text_box_by_pyhanko(legacy), capsys)  # still found on old files
    assert code == 1 and report["status"] == "altered"
    assert any("text box laid over" in p for p in report["problems"]), report

    def edit_page(writer: PdfWriter) -> None:
        page = writer.pages[1]
        content = page.get_contents()
        assert content is not None
        edited = DecodedStreamObject()
        edited.set_data(content.get_data() + b"\nBT ET")
        page[NameObject("/Contents")] = writer._add_object(edited)

    code, report = _verify_json(tmp_path, _rewrite(legacy, edit_page), capsys)
    assert code == 1 and report["status"] == "altered"
    assert any("printed pages were changed" in p for p in report["problems"]), report
    assert not any("seal" in p for p in report["problems"]), report  # it never had one


def test_metadata_header_and_fields(dossiers: Dossiers) -> None:
    assert dossiers.plain.startswith(b"%PDF-2.0")
    reader = PdfReader(BytesIO(dossiers.plain))
    info = reader.metadata
    assert info is not None and info.title and "Refund never arrived" in info.title and info.author == "Li Hua"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "Refund never arrived" in xmp and dossiers.key in xmp and "walletcare-fingerprint:" in xmp
    if shutil.which("pdfinfo") is not None:
        shown = subprocess.run(["pdfinfo", "-"], input=dossiers.plain, capture_output=True, check=True).stdout
        assert b"Refund never arrived" in shown and re.search(rb"PDF version: +2\.0", shown)


def _pdfsig(data: bytes, tmp_path: Path, *extra: str) -> str:
    path = tmp_path / "sig.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdfsig", *extra, str(path)], capture_output=True, text=True)
    return done.stdout + done.stderr


def _pdfsig_accepts(text: str) -> bool:
    return "Total document signed" in text and "Signature is Valid" in text


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) is not installed")
def test_pdfsig_sees_the_seal_and_no_tampered_copy_passes(dossiers: Dossiers, tmp_path: Path) -> None:
    assert _pdfsig_accepts(_pdfsig(dossiers.plain, tmp_path))
    assert _pdfsig_accepts(_pdfsig(dossiers.locked, tmp_path, "-upw", PASSWORD))
    for attack, (build, _finding) in ATTACKS.items():
        assert not _pdfsig_accepts(_pdfsig(build(dossiers.plain), tmp_path)), attack
    for share in TRUNCATIONS:
        assert not _pdfsig_accepts(_pdfsig(dossiers.plain[: int(len(dossiers.plain) * share)], tmp_path)), share
