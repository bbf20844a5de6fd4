"""Content sniffing and in-memory image copies."""

from __future__ import annotations

import pytest

from walletcare.evidence.media import sniff_mime


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0....", "image/jpeg"),
        (b"GIF89a...", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"),
        (b"%PDF-1.7", "application/pdf"),
        (b"#!AMR\n", "audio/amr"),
        (b"ID3\x04\x00", "audio/mpeg"),
        (b"\x00\x00\x00\x18ftypheic", "image/heic"),
        (b"\x00\x00\x00\x18ftypM4A ", "audio/mp4"),
        (b"\x00\x00\x00\x18ftypisom", "video/mp4"),
        (b"PK\x03\x04....xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("交易时间,金额\n2024-01-01,1.00\n".encode(), "text/csv"),
        ("交易时间,金额\n2024-01-01,1.00\n".encode("gbk"), "text/csv"),
        ("客服说三天内退款。".encode(), "text/plain"),
        (b"<!DOCTYPE html><html>", "text/html"),
        (bytes(range(256)) * 4, "application/octet-stream"),
    ],
)
def test_sniffing(head: bytes, mime: str) -> None:
    assert sniff_mime(head) == mime
