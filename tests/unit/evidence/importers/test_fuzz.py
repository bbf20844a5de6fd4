"""Random bytes and truncated real files: the parsers raise nothing but InvalidInput, and an import that fails
leaves the vault exactly as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from walletcare.errors import InvalidInput
from walletcare.evidence.importers.detection import parse_bytes
from walletcare.evidence.importers.pipeline import import_file

FORMATS = ("auto", "alipay", "wechat", "paypal", "etherscan", "oklink", "csv")
SAMPLES = [
    "alipay/dsg_alipay_2023fmt_HEAD.csv", "alipay/dsg_alipay_legacy_web_fmt.csv", "wechat/dsg_wechat_2022.csv",
    "wechat/dsg_wechat_HEAD_2026fmt.xlsx", "paypal/minance_paypal_2024_filtered.csv", "oklink/dsg_oklink_token_transfer.csv",
    "bank_icbc/dsg_icbc_debit_v2.csv", "bank_cmb/dsg_cmb_debit.csv",
]


def _parse_or_invalid(data: bytes, fmt: str) -> None:
    try:
        parsed = parse_bytes(data, format=fmt)
    except InvalidInput as exc:
        refused: InvalidInput | None = exc
    else:
        refused = None
    if refused is not None:
        assert refused.exit_code == 4 and refused.text()
        return
    for row in parsed.rows:
        assert row.tx.time.utcoffset() is not None


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2048), fmt=st.sampled_from(FORMATS))
def test_random_bytes_raise_only_invalid_input(data: bytes, fmt: str) -> None:
    _parse_or_invalid(data, fmt)


@settings(max_examples=100, deadline=None)
@given(text=st.text(st.sampled_from(list("交易时间,收/支金额\"\t\r\n-0123456789.¥￥微信支付账单明细列表Txhash")), max_size=600),
       fmt=st.sampled_from(FORMATS))
def test_format_like_text_raises_only_invalid_input(text: str, fmt: str) -> None:
    _parse_or_invalid(text.encode("utf-8"), fmt)


@pytest.mark.parametrize("name", SAMPLES)
def test_truncated_and_corrupted_samples(samples_dir: Path, name: str) -> None:
    data = (samples_dir / name).read_bytes()
    step = max(1, len(data) // 40)
    for cut in range(0, len(data), step):
        _parse_or_invalid(data[:cut], "auto")
        _parse_or_invalid(data[:cut] + b"\xff\x00\x9f" + data[cut + 3:], "auto")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1024) | st.text(max_size=300).map(lambda t: ("交易时间,金额\n" + t).encode()))
def test_failed_import_leaves_vault_unchanged(store: Any, case_id: int, data: bytes) -> None:
    before = (store.transactions.count(case_id), len(store.evidence.list(case_id)))
    try:
        import_file(store, case_id, data, file_name="fuzz.csv")
    except InvalidInput:
        pass
    else:  # nothing random should ever look like a real export; if it does, it must have been stored whole
        assert store.transactions.count(case_id) >= before[0]
        return
    assert (store.transactions.count(case_id), len(store.evidence.list(case_id))) == before


def test_truncated_workbook_is_invalid_input(samples_dir: Path) -> None:
    data = (samples_dir / "wechat" / "dsg_wechat_HEAD_2026fmt.xlsx").read_bytes()
    with pytest.raises(InvalidInput) as info:
        parse_bytes(data[: len(data) // 2])
    assert "工作簿" in info.value.text()
