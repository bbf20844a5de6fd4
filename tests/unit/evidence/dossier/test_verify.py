"""``walletcare verify``: an intact dossier passes; a flipped byte, a removed attachment, an edited manifest or
a changed originals zip are each reported by name, with exit code 1; no vault or passphrase is needed. The
attacks on the seal itself are in ``test_tamper.py``."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from walletcare.cli.main import main
from walletcare.evidence.dossier.export import write_dossier
from walletcare.evidence.dossier.layout import render
from walletcare.evidence.dossier.verify import verify_pdf


@pytest.fixture(scope="module")
def dossier(small: Any, signer: Any, make_options: Any) -> tuple[bytes, bytes]:
    result = render(small, make_options(lang="en"), signer=signer)
    return result.pdf, result.manifest


@pytest.fixture(autouse=True)
def _english() -> None:
    from walletcare.i18n import set_language

    set_language("en")


def _write(tmp_path: Path, data: bytes, name: str = "dossier.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_intact_dossier(tmp_path: Path, dossier: tuple[bytes, bytes], small: Any) -> None:
    report = verify_pdf(_write(tmp_path, dossier[0]))
    assert report.intact, report.problems
    assert report.exhibits == len(small.exhibits) == 4
    assert report.signature_valid
    assert report.problems == []


def test_flipped_byte_in_an_attachment_names_the_exhibit(tmp_path: Path, dossier: tuple[bytes, bytes], small: Any) -> None:
    pdf = bytearray(dossier[0])
    original = small.exhibits[1].original
    at = bytes(pdf).index(original) + len(original) // 2
    pdf[at] ^= 0x01
    report = verify_pdf(_write(tmp_path, bytes(pdf)))
    assert not report.intact
    assert len(report.problems) == 2, report.problems
    assert "bytes no longer match the seal" in report.problems[0]
    assert report.problems[1].startswith("E2 (截图_2.png)") and "changed" in report.problems[1]


def test_removed_attachment_is_reported(tmp_path: Path, dossier: tuple[bytes, bytes]) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(dossier[0])))
    tree = writer._root_object["/Names"]["/EmbeddedFiles"].get_object()
    names = list(tree["/Names"])
    index = next(i for i in range(0, len(names), 2) if str(names[i]).startswith("E3-"))
    tree[NameObject("/Names")] = ArrayObject(names[:index] + names[index + 2:])
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(_write(tmp_path, out.getvalue()))
    assert not report.intact
    assert any(p.startswith("E3 (") and "missing" in p for p in report.problems), report.problems


def test_edited_manifest_breaks_signature_and_fingerprint(tmp_path: Path, dossier: tuple[bytes, bytes]) -> None:
    pdf, manifest = dossier
    start = pdf.index(manifest)
    tampered = pdf[:start] + manifest.replace(b'"redacted":false', b'"redacted":true ') + pdf[start + len(manifest):]
    report = verify_pdf(_write(tmp_path, tampered))
    assert not report.intact
    assert not report.signature_valid
    text = " ".join(report.problems)
    assert "signature does not match" in text
    assert "fingerprint" in text


def test_a_page_taken_out_is_reported(tmp_path: Path, dossier: tuple[bytes, bytes]) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(dossier[0])))
    assert len(writer.pages) > 2
    writer.remove_page(1)
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(_write(tmp_path, out.getvalue()))
    assert not report.intact and any("pages" in p for p in report.problems), report.problems


def test_a_dossier_cut_short_is_altered_not_unreadable(tmp_path: Path, dossier: tuple[bytes, bytes],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, dossier[0][: len(dossier[0]) // 2])
    assert main(["--lang", "en", "verify", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    shown = json.loads(captured.out)
    assert shown["intact"] is False and "cut short" in shown["problems"][0]
    assert captured.err == ""  # no English noise from the PDF reader


def test_not_a_pdf_is_an_input_error(tmp_path: Path) -> None:
    path = _write(tmp_path, b"hello, not a pdf", "x.pdf")
    assert main(["verify", str(path)]) == 4


def test_cli_json_and_exit_codes(tmp_path: Path, dossier: tuple[bytes, bytes], small: Any,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, dossier[0])
    assert main(["--lang", "en", "verify", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["intact"] is True and out["exhibits"] == 4 and out["problems"] == []
    pdf = bytearray(dossier[0])
    pdf[bytes(pdf).index(small.exhibits[0].original) + 100] ^= 0xFF
    path.write_bytes(bytes(pdf))
    assert main(["--lang", "en", "verify", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["intact"] is False and out["status"] == "altered"
    assert any(p.startswith("E1 (") for p in out["problems"]), out["problems"]
    assert main(["--lang", "en", "verify", str(path)]) == 1
    assert "Altered" in capsys.readouterr().out


def test_originals_zip_checked_beside_the_pdf(tmp_path: Path, small: Any, signer: Any, make_options: Any) -> None:
    target = tmp_path / "case.pdf"
    result = write_dossier(small, make_options(originals="zip"), target, signer=signer)
    assert result.zip_path == tmp_path / "case.originals.zip"
    with zipfile.ZipFile(result.zip_path) as zf:
        names = sorted(zf.namelist())
        assert "manifest.json" in names and "manifest.sig" in names
        assert "E1-截图_1.png" in names
        assert zf.read("E1-截图_1.png") == small.exhibits[0].original
    from pypdf import PdfReader

    assert sorted(PdfReader(target).attachments) == ["manifest.json", "manifest.sig"]
    assert verify_pdf(target).intact
    data = bytearray(result.zip_path.read_bytes())
    data[bytes(data).index(small.exhibits[2].original) + 50] ^= 0x01
    result.zip_path.write_bytes(bytes(data))
    report = verify_pdf(target)
    assert not report.intact and report.problems[0].startswith("E3 (") and "case.originals.zip" in report.problems[0]
    assert report.sealed  # the PDF itself is untouched
    result.zip_path.unlink()
    report = verify_pdf(target)
    assert report.intact and report.notes


def test_no_originals_lists_hashes_only(tmp_path: Path, small: Any, signer: Any, make_options: Any) -> None:
    result = write_dossier(small, make_options(originals="none"), tmp_path / "bare.pdf", signer=signer)
    assert result.zip_path is None
    report = verify_pdf(result.pdf_path)
    assert report.intact and report.exhibits == 4 and report.notes


def test_password_protected_dossier_needs_the_password(tmp_path: Path, small: Any, signer: Any,
                                                       make_options: Any) -> None:
    result = write_dossier(small, make_options(pdf_password="open sesame"), tmp_path / "locked.pdf", signer=signer)
    assert main(["verify", str(result.pdf_path)]) == 4  # an input that cannot be read as given, not a usage error
    pw = tmp_path / "pw.txt"
    pw.write_text("not the password\n", encoding="utf-8")
    assert main(["verify", str(result.pdf_path), "--pdf-password-file", str(pw)]) == 4
    pw.write_text("open sesame\n", encoding="utf-8")
    assert main(["verify", str(result.pdf_path), "--pdf-password-file", str(pw)]) == 0


def test_bytes_after_the_end_marker_are_not_a_cut(tmp_path: Path, dossier: tuple[bytes, bytes]) -> None:
    assert verify_pdf(_write(tmp_path, dossier[0] + b"\0\0\0\r\n")).intact


def test_an_amount_edited_on_a_page_is_found(tmp_path: Path, dossier: tuple[bytes, bytes]) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(dossier[0])))
    page = writer.pages[len(writer.pages) // 2]
    content = page.get_contents()
    assert content is not None
    edited = StreamObject()
    edited.set_data(content.get_data().replace(b"Tj", b"Tj ", 1) + b"\nBT ET")  # any change to what is drawn
    page[NameObject("/Contents")] = writer._add_object(edited)
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(_write(tmp_path, out.getvalue()))
    assert not report.intact and "no longer match the seal" in report.problems[0], report.problems


def _cli(path: Path, capsys: pytest.CaptureFixture[str], *extra: str, lang: str = "en") -> tuple[int, str]:
    code = main(["--lang", lang, "verify", str(path), *extra])
    return code, capsys.readouterr().out


def test_another_key_is_not_called_tampering(tmp_path: Path, dossier: tuple[bytes, bytes], signer: Any,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, dossier[0])
    wrong = "0000 9cf5 a0d7 7ae3"
    code, out = _cli(path, capsys, "--expect-key", wrong)
    assert code == 1
    assert "Altered" not in out and "changed after it was exported" not in out, out
    assert out.startswith("Not the seal you expected"), out
    code, out = _cli(path, capsys, "--expect-key", wrong, "--json")
    document = json.loads(out)
    assert code == 1 and document["status"] == "other_key" and document["intact"] is False
    assert document["sealed"] is True
    for lang, words in (("zh-CN", "不是你预期的封签"), ("zh-TW", "不是你預期的封緘")):
        code, out = _cli(path, capsys, "--expect-key", wrong, lang=lang)
        assert code == 1 and words in out and "已被改动" not in out and "已被改動" not in out, out


def test_another_key_on_an_altered_file_is_still_altered(tmp_path: Path, dossier: tuple[bytes, bytes], small: Any,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    pdf = bytearray(dossier[0])
    pdf[bytes(pdf).index(small.exhibits[0].original) + 100] ^= 0xFF
    code, out = _cli(_write(tmp_path, bytes(pdf)), capsys, "--expect-key", "0000 9cf5 a0d7 7ae3", "--json")
    document = json.loads(out)
    assert code == 1 and document["status"] == "altered"
    assert any("not the one you expected" in p for p in document["problems"])


def test_a_matching_expected_key_is_confirmed(tmp_path: Path, dossier: tuple[bytes, bytes],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, dossier[0])
    key = verify_pdf(path).seal_key
    grouped = " ".join(key[i:i + 4] for i in range(0, 16, 4))
    code, out = _cli(path, capsys, "--expect-key", grouped)
    assert code == 0 and "matches the one you expected" in out and "check it with --expect-key" not in out, out
    code, out = _cli(path, capsys)
    assert code == 0 and "matches the one you expected" not in out and "check it with --expect-key" in out
    code, out = _cli(path, capsys, "--expect-key", grouped, "--json")
    assert json.loads(out)["key_matches"] is True
    code, out = _cli(path, capsys, "--json")
    assert json.loads(out)["key_matches"] is None
    code, out = _cli(path, capsys, "--expect-key", grouped, lang="zh-CN")
    assert code == 0 and "封签指纹与你预期的一致" in out


def _plain_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Invoice 2026-117: 799.00 USD")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_a_pdf_that_is_no_dossier_is_named_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _plain_pdf(), "invoice.pdf")
    code, out = _cli(path, capsys)
    assert code == 1
    assert out.startswith("Not a WalletCare dossier"), out
    assert "Altered" not in out and "changed after it was exported" not in out
    assert "Fingerprint:" not in out, out
    code, out = _cli(path, capsys, "--json")
    document = json.loads(out)
    assert code == 1 and document["status"] == "not_a_dossier" and document["intact"] is False
    code, out = _cli(path, capsys, lang="zh-CN")
    assert code == 1 and "不是 WalletCare 导出的材料" in out and "已被改动" not in out, out


def test_a_dossier_stripped_of_its_manifest_is_still_altered(tmp_path: Path, dossier: tuple[bytes, bytes]) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(dossier[0])))
    del writer.root_object["/Names"]  # no manifest, no signature, no exhibits; the metadata still names it
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(_write(tmp_path, out.getvalue()))
    assert report.status == "altered", report


def test_a_changed_originals_zip_is_named_not_the_dossier(tmp_path: Path, small: Any, signer: Any,
                                                          make_options: Any, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "case.pdf"
    result = write_dossier(small, make_options(originals="zip", lang="en"), target, signer=signer)
    assert result.zip_path is not None
    with zipfile.ZipFile(result.zip_path) as zf:
        entries = [(info.filename, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(result.zip_path, "w") as zf:  # E1 with one byte appended, the rest as it was
        for name, data in entries:
            zf.writestr(name, data + b"\0" if name.startswith("E1-") else data)
    code, out = _cli(target, capsys)
    assert code == 1
    assert "changed after it was exported" not in out and "Altered" not in out, out
    assert out.startswith("The originals file does not match the dossier: case.originals.zip was changed"), out
    assert "E1 (" in out
    code, out = _cli(target, capsys, "--json")
    document = json.loads(out)
    assert document["status"] == "originals_changed" and document["sealed"] is True and document["intact"] is False
    code, out = _cli(target, capsys, lang="zh-TW")
    assert code == 1 and out.startswith("原始檔案與資料不符"), out


@pytest.mark.parametrize(("lang", "opens", "protects"), [("en", "open a password-protected dossier", "protect the PDF"),
                                                         ("zh-CN", "密码打开", "密码保护"),
                                                         ("zh-TW", "密碼開啟", "密碼保護")])
def test_verify_help_says_the_password_opens_the_pdf(lang: str, opens: str, protects: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", lang, "verify", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert opens in text and protects not in text, text
    assert main(["--lang", lang, "export", "--help"]) == 0
    assert protects in " ".join(capsys.readouterr().out.split())


def test_an_edited_page_count_is_not_repeated_as_fact(tmp_path: Path, dossier: tuple[bytes, bytes]) -> None:
    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(dossier[0])).pages)
    claimed = pages + 1 if pages < 9 else pages - 1  # as many digits: edited in place
    recorded = f"walletcare-pages:{pages}".encode()
    assert recorded in dossier[0] and len(str(claimed)) == len(str(pages))
    edited = dossier[0].replace(recorded, f"walletcare-pages:{claimed}".encode())
    report = verify_pdf(_write(tmp_path, edited))
    assert not report.intact and report.status == "altered"
    text = " ".join(report.problems)
    assert f"The dossier was exported with {claimed} pages" not in text, report.problems
    assert f"claims it was exported with {claimed} pages but has {pages}" in text, report.problems


def test_a_broken_seal_confirms_no_key(tmp_path: Path, dossier: tuple[bytes, bytes], small: Any) -> None:
    key = verify_pdf(_write(tmp_path, dossier[0])).seal_key
    pdf = bytearray(dossier[0])
    pdf[bytes(pdf).index(small.exhibits[0].original) + 100] ^= 0xFF
    report = verify_pdf(_write(tmp_path, bytes(pdf)), expect_key=key[:16])
    assert report.status == "altered" and report.key_matches is False, report
