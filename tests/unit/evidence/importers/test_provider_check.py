"""An export of another provider than the case's stops the import before anything is written (exit 4 on the
command line), unless the user goes on deliberately; unknown providers and generic CSV files are never refused."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from walletcare.cli.main import main
from walletcare.evidence.importers.pipeline import import_file
from walletcare.evidence.importers.provider_check import ProviderMismatch, case_family, check_provider
from walletcare.evidence.models import Case


@pytest.mark.parametrize(("provider", "kind", "file_format", "refused"), [
    ("支付宝", "payment", "oklink", True),
    ("Alipay", "payment", "etherscan", True),
    ("PayPal", "payment", "wechat", True),
    ("微信支付", "payment", "alipay", True),
    ("某银行", "bank", "paypal", True),
    ("支付宝", "payment", "alipay", False),
    ("支付寶", "payment", "alipay", False),
    ("TokenPocket", "crypto", "oklink", False),
    ("", "crypto", "etherscan", False),
    ("支付宝", "payment", "csv", False),
    ("某购物网站", "other", "wechat", False),
])
def test_which_pairs_are_refused(provider: str, kind: str, file_format: str, refused: bool) -> None:
    case = Case(7, "t", provider=provider, kind=kind)
    if refused:
        with pytest.raises(ProviderMismatch) as caught:
            check_provider(case, file_format)
        assert caught.value.exit_code == 4 and caught.value.case_family == case_family(case)
    else:
        check_provider(case, file_format)


def test_oklink_file_into_an_alipay_case_writes_nothing(store: Any, case_id: int, samples_dir: Path) -> None:
    store.cases.update(dataclasses.replace(store.cases.get(case_id), provider="支付宝"))
    sample = samples_dir / "oklink" / "dsg_oklink_token_transfer.csv"
    with pytest.raises(ProviderMismatch, match="--force-provider"):
        import_file(store, case_id, sample)
    assert store.transactions.count(case_id) == 0 and store.evidence.list(case_id) == []
    assert import_file(store, case_id, sample, other_provider=True).added > 1000


def test_cli_refuses_then_forced(vault_dir: Path, samples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = ["--lang", "en", "--vault", str(vault_dir)]
    assert main([*v, "case", "edit", "1", "--provider", "PayPal"]) == 0
    sample = str(samples_dir / "wechat" / "dsg_wechat_2022.csv")
    capsys.readouterr()
    assert main([*v, "import", sample, "--case", "1"]) == 4
    assert "WeChat Pay" in capsys.readouterr().err
    assert main([*v, "import", sample, "--case", "1", "--force-provider", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] > 0
