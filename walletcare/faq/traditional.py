"""Generated Traditional Chinese articles: ``zh-TW.md`` made from ``zh-CN.md`` with OpenCC ``s2twp``
(Taiwan phrases) plus a few fixes for Taiwan usage the converter misses (帳戶, 帳號, 帳單). A generated file
carries ``generated_from: <sha256 of zh-CN.md>`` in its front matter so the validator can tell a stale one;
a hand-written override leaves that key out and is never overwritten.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# After s2twp: Taiwan spellings and words the converter gets wrong. 帳 for accounts and bills (賬 is
# mainland-Traditional); 「」 quotes; s2twp turns 发卡 (card-issuing) into 髮卡 (hair clip), 审核 (review) into
# 稽核 (audit), 权限 into 許可權, 上链 into 上鍊, and the brand 比特派 (Bitpie) and 比特币 into 位元派, 位元幣.
TAIWAN_FIXES: tuple[tuple[str, str], ...] = (
    ("賬", "帳"), ("“", "「"), ("”", "」"), ("髮卡", "發卡"), ("稽核", "審核"), ("許可權", "權限"), ("上鍊", "上鏈"),
    ("位元派", "比特派"), ("位元幣", "比特幣"),
)
# s2twp leaves 里 ("inside") unconverted after some words (提現金額里, 銀行卡里); in Taiwan it is 裡, except in
# 公里, 英里, 海里, 千里, 鄰里, 故里, 里程, 里拉 (the distance, neighbourhood and currency words).
_INSIDE = re.compile(r"(?<![公英海千萬鄰故])里(?![程拉])")
_GENERATED = re.compile(r"^generated_from:\s*([0-9a-f]{64})\s*$", re.M)


def source_hash(zh_cn: Path) -> str:
    """SHA-256 (hex) of the zh-CN file's bytes."""
    return hashlib.sha256(zh_cn.read_bytes()).hexdigest()


def generated_from(zh_tw_text: str) -> str | None:
    """The ``generated_from`` hash in a zh-TW file's front matter, or None for a hand-written override."""
    head = zh_tw_text.split("\n---", 1)[0]
    match = _GENERATED.search(head)
    return match.group(1) if match else None


def _converter() -> Any:
    import opencc

    return opencc.OpenCC("s2twp")


def convert(text: str, converter: Any = None) -> str:
    """Simplified → Taiwan Traditional (s2twp and the Taiwan fixes)."""
    out = (converter or _converter()).convert(text)
    for wrong, right in TAIWAN_FIXES:
        out = out.replace(wrong, right)
    return _INSIDE.sub("裡", out)


def render(zh_cn_text: str, digest: str, converter: Any = None) -> str:
    """The zh-TW file for a zh-CN file: converted, with ``generated_from`` added after the ``id`` line.

    Front-matter keys and the ids in ``id``/``related`` are ASCII and pass through the converter unchanged.
    """
    converted = convert(zh_cn_text, converter)
    lines = converted.splitlines(keepends=True)
    for index, line in enumerate(lines[1:], 1):
        if line.rstrip() == "---":
            break
        if line.startswith("id:"):
            lines.insert(index + 1, f"generated_from: {digest}\n")
            return "".join(lines)
    lines.insert(1, f"generated_from: {digest}\n")
    return "".join(lines)


@dataclass(frozen=True)
class BuildReport:
    """What :func:`build_all` did, by article id."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    overrides: tuple[str, ...]


def build_all(root: Path, progress: Callable[[str], None] | None = None) -> BuildReport:
    """(Re)generates every ``zh-TW.md`` whose source or conversion rules changed; skips hand-written overrides.

    Args:
        root: the articles folder (``<root>/<id>/zh-CN.md``).
        progress: called with each article id written.
    """
    converter = _converter()
    written, unchanged, overrides = [], [], []
    for zh_cn in sorted(root.glob("*/zh-CN.md")):
        target = zh_cn.with_name("zh-TW.md")
        digest = source_hash(zh_cn)
        article_id = zh_cn.parent.name
        if target.exists():
            existing = target.read_text(encoding="utf-8")
            stamp = generated_from(existing)
            if stamp is None:
                overrides.append(article_id)
                continue
        text = render(zh_cn.read_text(encoding="utf-8"), digest, converter)
        if target.exists() and existing == text:  # same source and same conversion rules
            unchanged.append(article_id)
            continue
        temp = target.with_name("zh-TW.md.tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(target)
        written.append(article_id)
        if progress is not None:
            progress(article_id)
    return BuildReport(tuple(written), tuple(unchanged), tuple(overrides))
