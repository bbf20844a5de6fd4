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


# -- the accuracy suite: several apps' layouts, light and dark, three fonts, three languages, long screenshots --
SUITE_FONTS = (("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # sans (hei)
               ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),  # the same design, monospaced
               ("/usr/share/fonts/truetype/arphic/uming.ttc", 0))  # serif (ming)
SUITE_LABELS = {
    "zh-CN": ("订单号：", "金额：", "交易哈希：", "您好，退款将在3个工作日内到账", "客服"),
    "zh-TW": ("訂單編號：", "金額：", "交易雜湊：", "您好，退款將在3個工作天內入帳", "客服"),
    "en": ("Order No.: ", "Amount: ", "Tx hash: ", "Hello, the refund arrives within 3 working days", "Support"),
}
# (name, header, background, their bubble, my bubble, text) for light; dark uses the second palette
SUITE_LAYOUTS = (
    ("wechat", "微信支付", ("#ededed", "#ffffff", "#95ec69", "#000000"), ("#111111", "#2c2c2c", "#3eb575", "#e6e6e6")),
    ("alipay", "支付宝", ("#f5f5f5", "#ffffff", "#1677ff", "#1a1a1a"), ("#121212", "#262626", "#1f5fbf", "#e8e8e8")),
    ("telegram", "Telegram", ("#9bbcd6", "#ffffff", "#e1ffc7", "#000000"), ("#0e1621", "#182533", "#2b5278", "#f5f5f5")),
    ("whatsapp", "WhatsApp", ("#efeae2", "#ffffff", "#d9fdd3", "#111b21"), ("#0b141a", "#202c33", "#005c4b", "#e9edef")),
)


@dataclass(frozen=True)
class SuiteScreen(Screen):
    """A suite screenshot and what it varies."""

    variant: str = ""


def suite_fonts_available() -> bool:
    """Whether the three suite fonts are installed (``tools/sysdeps.sh test``)."""
    return all(Path(p).exists() for p, _i in SUITE_FONTS)


def suite_screen(index: int) -> SuiteScreen:
    """Screenshot ``index`` of the accuracy suite: layout, light/dark, font and language vary with the index, and
    every tenth is a long 1080x6000 capture with the facts spread down the page."""
    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(1000 + index)
    layout, title, light, dark = SUITE_LAYOUTS[index % 4]
    is_dark = (index // 4) % 2 == 1
    font_file, face = SUITE_FONTS[(index // 8) % 3]
    lang = ("zh-CN", "zh-TW", "en")[index % 3]
    long = index % 10 == 9
    width, height = 1080, 6000 if long else 2400
    bg, theirs, mine, ink = dark if is_dark else light
    if layout == "alipay" and not is_dark:
        my_ink = "#ffffff"
    else:
        my_ink = ink
    order_no = "2026" + "".join(rnd.choice("0123456789") for _ in range(rnd.choice((16, 20, 24))))
    amount = f"{rnd.randint(1, 99999):,}.{rnd.randint(0, 99):02d}" if rnd.random() < 0.3 else \
        f"{rnd.randint(1, 9999)}.{rnd.randint(0, 99):02d}"
    tx_hash = "0x" + "".join(rnd.choice("0123456789abcdef") for _ in range(64))
    order_label, amount_label, hash_label, filler, agent = SUITE_LABELS[lang]
    sign = "¥" if lang != "en" else "$"
    facts = [f"{order_label}{order_no}", f"{amount_label}{sign}{amount}", hash_label, tx_hash[:34], tx_hash[34:]]
    chatter = [filler, "OK" if lang == "en" else "好的", "Please wait" if lang == "en" else "请稍等"]
    lines: list[str] = []
    for i, fact in enumerate(facts):
        lines.append(fact)
        if long and i in (1, 4):
            lines += chatter * 3
    lines.append(filler)
    font = ImageFont.truetype(font_file, 40, index=face)
    img = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width, 140), fill=theirs)
    draw.text((60, 50), f"{title} {agent}", font=font, fill=ink)
    y = 220
    step = max(150, (height - 400) // max(len(lines), 1)) if long else 150
    for i, text in enumerate(lines):
        right = i % 2 == 1
        w = int(draw.textlength(text, font=font)) + 60
        x = width - 60 - w if right else 60
        draw.rounded_rectangle((x, y, x + w, y + 90), 14 if layout != "telegram" else 24, fill=mine if right else theirs)
        draw.text((x + 30, y + 22), text, font=font, fill=my_ink if right else ink)
        y += step + rnd.randint(0, 30)
    out = io.BytesIO()
    img.save(out, "PNG")
    variant = f"{layout}/{'dark' if is_dark else 'light'}/{Path(font_file).stem}{face}/{lang}/{width}x{height}"
    return SuiteScreen(out.getvalue(), order_no, amount, tx_hash, tuple(lines),
                       variant)
