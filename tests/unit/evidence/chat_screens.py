"""Generated phone screenshots of a chat with a payment service (Pillow, the project's CJK font), with the
order numbers, amounts and transaction hashes they show, for the OCR tests and benchmarks."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

FONT_CANDIDATES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                   "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


def font_path() -> str | None:
    """The Chinese font ``tools/sysdeps.sh`` installs, or None."""
    return next((p for p in FONT_CANDIDATES if Path(p).exists()), None)


@dataclass(frozen=True)
class Screen:
    """A PNG screenshot and the facts drawn on it."""

    png: bytes
    order_no: str
    amount: str
    tx_hash: str
    lines: tuple[str, ...]


def chat_screen(seed: int, width: int = 1080, height: int = 2400) -> Screen:
    """A WeChat-style chat: grey background, white and green bubbles, one fact per bubble."""
    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(seed)
    order_no = "42000" + "".join(rnd.choice("0123456789") for _ in range(23))
    amount = f"{rnd.randint(1, 9999)}.{rnd.randint(0, 99):02d}"
    tx_hash = "0x" + "".join(rnd.choice("0123456789abcdef") for _ in range(64))
    lines = (f"订单号：{order_no}", f"金额：¥{amount}", "交易哈希：", tx_hash[:34], tx_hash[34:],
             f"工单号：T{rnd.randint(10**7, 10**8 - 1)}", "您好，退款将在3个工作日内到账")
    path = font_path()
    assert path is not None, "the tests need the Chinese font (tools/sysdeps.sh test)"
    font = ImageFont.truetype(path, 40)
    img = Image.new("RGB", (width, height), "#ededed")
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width, 140), fill="#f7f7f7")
    draw.text((width // 2 - 120, 50), "微信支付客服", font=font, fill="black")
    y = 220
    for i, text in enumerate(lines):
        right = i % 2 == 1
        w = int(draw.textlength(text, font=font)) + 60
        x = width - 60 - w if right else 60
        draw.rounded_rectangle((x, y, x + w, y + 90), 14, fill="#95ec69" if right else "white")
        draw.text((x + 30, y + 22), text, font=font, fill="black")
        y += 150 + rnd.randint(0, 40)
    out = io.BytesIO()
    img.save(out, "PNG")
    return Screen(out.getvalue(), order_no, amount, tx_hash, lines)


def found(screen: Screen, text: str) -> dict[str, bool]:
    """Which of the screen's facts the read ``text`` holds exactly (spaces ignored, the hash across its two lines)."""
    flat = "".join(text.split())
    return {"order_no": screen.order_no in flat, "amount": screen.amount in flat, "tx_hash": screen.tx_hash in flat}


def lines_screen(lines: list[str], width: int = 1080, height: int = 1600, size: int = 44) -> bytes:
    """A plain white screen with one text line per entry (a wallet's backup page, a scam chat)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path()), size)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        draw.text((80, 120 + i * int(size * 2.2)), text, font=font, fill="black")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def seed_screen(words: list[str]) -> bytes:
    """A wallet's "write down your recovery phrase" page: numbered words, three to a row."""
    rows = ["请抄写您的助记词"]
    for start in range(0, len(words), 3):
        rows.append("    ".join(f"{i + 1} {words[i]}" for i in range(start, min(start + 3, len(words)))))
    return lines_screen(rows)
