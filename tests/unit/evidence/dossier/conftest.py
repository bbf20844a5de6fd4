"""Fixtures for the dossier tests: a rich case built by hand (CJK text in every field, 300 transactions in
three currencies, screenshots drawn with Pillow, contacts, a refund) and a real Ed25519 signer."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO

import pytest

from walletcare.evidence.dossier.data import DossierData, ExhibitData, ExportOptions
from walletcare.evidence.dossier.images import make_print_jpeg
from walletcare.evidence.dossier.seal import SealKey
from walletcare.evidence.models import (
    AuditEntry,
    Case,
    Contact,
    Deadline,
    Evidence,
    Party,
    Reference,
    Transaction,
)

CST = timezone(timedelta(hours=8))
EXPORTED_AT = datetime(2026, 4, 2, 10, 30, tzinfo=CST)
CLAIMANT = "王小明"
TITLE = "支付宝转账已扣款对方未收到"


class KeySigner:
    """Real keys, as the vault holds them: Ed25519 for the manifest, ECDSA P-256 for the seal."""

    def __init__(self, seed: bytes = b"\x07" * 32) -> None:
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from walletcare.evidence.dossier.seal import make_seal_key

        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self._seal = make_seal_key(ec.derive_private_key(int.from_bytes(seed, "big"), ec.SECP256R1()))

    def seal_key(self) -> SealKey:
        return self._seal

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)

    def public_key(self) -> bytes:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def screenshot_png(index: int, size: tuple[int, int] = (540, 1200)) -> bytes:
    """A phone-screenshot-like PNG: coloured bars and blocks that differ per index."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (245, 245, 245))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, size[0], 90), fill=(22, 119, 255))
    for row in range(12):
        y = 120 + row * 85
        draw.rectangle((30, y, size[0] - 30, y + 60), fill=((index * 37 + row * 20) % 255, 180, 120))
    draw.text((40, 30), f"screenshot {index}", fill=(255, 255, 255))
    out = BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def rich_case() -> Case:
    return Case(
        id=42, title=TITLE, provider="支付宝", kind="payment", account="wang.xm@example.com",
        amount=Decimal("12888.00"), currency="CNY", opened=date(2026, 3, 6),
        description="3月5日我向商家转账，余额已扣款，但商家说没有收到。客服答应24小时内处理，至今未处理。",
        desired_outcome="退还全部款项", deadlines=(Deadline(date(2026, 4, 20), "补充材料截止"),),
        claimant=Party(name=CLAIMANT, phone="13812345678", email="wang.xm@example.com",
                       address="上海市浦东新区世纪大道100号8楼", id_type="居民身份证", id_number="310101199001011234"),
        respondent=Party(name="杭州某某贸易有限公司", organisation="支付宝（中国）网络技术有限公司",
                         address="浙江省杭州市西湖区某某路1号", merchant_order_no="M202603050001",
                         counterparty_account="hz_trade@example.com", staff="客服 工号 A1023"),
        classification="money_not_available", requested_resolution="请退还 12,888.00 元并书面说明原因。",
        security_actions="2026-03-05 修改了支付密码\n2026-03-06 开启了设备锁",
        reports_filed="2026-03-07 向 12315 提交投诉，受理号 1234567",
        discovered=date(2026, 3, 5), linked_card="招商银行 储蓄卡 尾号 6789", wallet_app="支付宝 10.5.90",
    )


def transactions(count: int = 300) -> tuple[Transaction, ...]:
    base = datetime(2026, 1, 1, 9, 0, tzinfo=CST)
    currencies = ("CNY", "USD", "USDT")
    out = []
    for i in range(count):
        cur = currencies[i % 3]
        refs = [Reference("trade_no", f"2026{i:020d}")]
        extra: tuple[tuple[str, str], ...] = ()
        if cur == "USDT":
            refs = [Reference("tx_hash", hashlib.sha256(f"tx{i}".encode()).hexdigest())]
            extra = (("from", "TJ" + "a1b2c3d4" * 4), ("to", "TQ" + "9f8e7d6c" * 4), ("network", "TRON"),
                     ("token", "USDT"), ("confirmations", "20"))
        direction = "in" if i % 10 == 9 else "out"
        out.append(Transaction(
            id=i + 1, case_id=42, time=base + timedelta(hours=7 * i), amount=Decimal(f"{100 + i}.{i % 100:02d}"),
            currency=cur, direction=direction, counterparty=f"杭州某某贸易有限公司 第{i}号店", description="商品付款",
            references=tuple(refs), status="交易成功" if i % 7 else "退款成功", channel="余额",
            fee=Decimal("0.50") if cur == "USD" else None, refund_of=i if i % 10 == 9 else None, extra=extra,
        ))
    return tuple(out)


def contacts() -> tuple[Contact, ...]:
    return (
        Contact(id=1, case_id=42, kind="call", at=datetime(2026, 3, 5, 15, 0, tzinfo=CST),
                summary="客服称款项在途，24小时内到账。", channel="95188", official_source="支付宝 App 内客服页面",
                agent="小蚂蚁 工号 8866", ticket="CS20260305001", promised="24小时内到账",
                follow_up=date(2026, 3, 6), promise_kept=False),
        Contact(id=2, case_id=42, kind="chat", at=datetime(2026, 3, 8, 10, 0, tzinfo=CST),
                summary="在线客服要求上传转账截图，已上传。向导记录：已确认对方账户正确。", channel="App 在线客服",
                official_source="官方 App", ticket="CS20260308002"),
    )


def exhibits(count: int = 20) -> tuple[ExhibitData, ...]:
    out = []
    for i in range(count):
        png = screenshot_png(i)
        made = make_print_jpeg(png)
        assert made is not None
        ev = Evidence(id=100 + i, case_id=42, file_name=f"截图_{i + 1}.png", mime="image/png", size=len(png),
                      sha256=hashlib.sha256(png).hexdigest(), added_at=datetime(2026, 3, 9, 12, i, tzinfo=CST),
                      captured_at=datetime(2026, 3, 5, 14, i, tzinfo=CST), caption=f"转账记录截图 第{i + 1}张",
                      linked_transactions=(i + 1,), linked_contacts=(1,) if i == 0 else ())
        out.append(ExhibitData(evidence=ev, original=png, print_jpeg=made[0], print_size=made[1]))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    out.append(ExhibitData(evidence=Evidence(
        id=200, case_id=42, file_name="银行流水.pdf", mime="application/pdf", size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(), added_at=datetime(2026, 3, 9, 13, 0, tzinfo=CST), caption="银行流水"),
        original=pdf))
    return tuple(out)


def rich_data(tx_count: int = 300, exhibit_count: int = 20) -> DossierData:
    head = AuditEntry(seq=77, at=datetime(2026, 3, 9, 13, 1, tzinfo=UTC), action="evidence.add", object="evidence:200",
                      digest="0" * 64, prev_hash="1" * 64, hash="ab" * 32)
    return DossierData(case=rich_case(), transactions=transactions(tx_count), contacts=contacts(),
                       exhibits=exhibits(exhibit_count), audit_head=head)


@pytest.fixture(scope="session")
def rich() -> DossierData:
    """The rich case (built once per session: the screenshots take a moment)."""
    return rich_data()


@pytest.fixture(scope="session")
def small() -> DossierData:
    """A small case: 12 transactions, 3 screenshots and the PDF exhibit."""
    return rich_data(12, 3)


@pytest.fixture(scope="session")
def signer() -> KeySigner:
    """A real Ed25519 signer."""
    return KeySigner()


def options(**kwargs: object) -> ExportOptions:
    """Export options at the fixed export time."""
    return replace(ExportOptions(exported_at=EXPORTED_AT, app_version="0.1.0"), **kwargs)


@pytest.fixture(scope="session")
def rendered(rich: DossierData) -> dict[str, object]:
    """The rich case rendered once per language (``RenderResult``), shared by the read-back tests."""
    from walletcare.evidence.dossier.layout import render

    return {lang: render(rich, options(lang=lang), signer=KeySigner()) for lang in ("zh-CN", "zh-TW", "en")}


@pytest.fixture(scope="session")
def make_options():
    """The ``options(**changes)`` factory (fixed export time)."""
    return options
