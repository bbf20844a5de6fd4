"""Tests for the scam red-flag checker: the labelled corpus, rule behaviour and the shape detectors."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mnemonic import Mnemonic

from walletcare.faq.lookalike import DomainRules, find_lookalikes
from walletcare.faq.scam import ScamChecker, combined_risk, normalize

CORPUS = Path(__file__).with_name("scam_corpus")



def _corpus() -> list[dict[str, str]]:
    items = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            items.append({**item, "lang": path.stem})
    return items


def test_corpus_recall_and_no_high_on_benign(checker: ScamChecker, capsys: pytest.CaptureFixture[str]) -> None:
    items = _corpus()
    per_lang = {lang: sum(1 for i in items if i["lang"] == lang) for lang in ("zh-CN", "zh-TW", "en")}
    assert all(n >= 20 for n in per_lang.values()), per_lang
    table = {("scam", r): 0 for r in ("none", "low", "medium", "high")}
    table.update({("benign", r): 0 for r in ("none", "low", "medium", "high")})
    misses = []
    for item in items:
        risk = checker.scan(item["text"], item["lang"]).risk
        table[(item["expect"], risk)] += 1
        if (item["expect"] == "scam" and risk in ("none", "low")) or (item["expect"] == "benign" and risk == "high"):
            misses.append(f"{item['lang']} {item['kind']}: {risk}: {item['text'][:40]}")
    scams = sum(v for (e, _), v in table.items() if e == "scam")
    caught = table[("scam", "medium")] + table[("scam", "high")]
    with capsys.disabled():
        print(f"\nscam checker on {len(items)} messages ({per_lang}):")
        for expect in ("scam", "benign"):
            print(f"  {expect:7}" + "".join(f"  {r}={table[(expect, r)]}" for r in ("none", "low", "medium", "high")))
        print(f"  recall (medium or high) {caught}/{scams} = {caught / scams:.1%}; benign high = {table[('benign', 'high')]}")
    assert caught / scams >= 0.95, misses
    assert table[("benign", "high")] == 0, misses


def test_json_shape_and_languages(checker: ScamChecker) -> None:
    text = "您好，我是支付宝客服，请把收到的验证码告诉我，我帮您关闭百万保障。"
    result = checker.scan(text, "en").as_json()
    assert result["risk"] == "high"
    assert {"rule", "severity", "match", "advice", "why"} <= set(result["flags"][0])
    assert {f["rule"] for f in result["flags"]} >= {"R2", "R6", "R8"}
    zh = checker.scan(text, "zh-CN").flags
    tw = checker.scan(text, "zh-TW").flags
    assert zh[0].advice != tw[0].advice or zh[0].advice == tw[0].advice == ""
    assert all("确定" not in f.why and "certain" not in f.why for f in zh)


def test_traditional_and_simplified_match_alike(checker: ScamChecker) -> None:
    a = checker.scan("請把錢轉到安全帳戶", "zh-TW")
    b = checker.scan("请把钱转到安全账户", "zh-CN")
    assert a.risk == b.risk == "high" and a.flags[0].rule == b.flags[0].rule == "R4"
    assert normalize("ＡｎｙＤｅｓｋ 螢幕分享 連結") == "anydesk 屏幕分享 链接"


@pytest.mark.parametrize("text", [
    "验证码不要告诉任何人，包括客服。",
    "We will never ask for your password or one-time code.",
    "Never share your seed phrase with anyone.",
    "切勿向任何人提供助记词。",
    "公检法机关不会让你转账到安全账户，这些都是诈骗。",
])
def test_warnings_are_not_requests(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "en").risk in ("none", "low")


@pytest.mark.parametrize(("text", "rule"), [
    ("麻烦把手机收到的验证码报给我一下", "R2"),
    ("Please tell me the verification code you just received", "R2"),
    ("请提供一下您钱包的助记词，我们帮您核对", "R1"),
    ("Don't worry, just send me your recovery phrase and I will fix it", "R1"),
    ("請下載向日葵遠端協助", "R3"),
])
def test_requests_are_flagged(checker: ScamChecker, text: str, rule: str) -> None:
    result = checker.scan(text, "en")
    assert result.risk == "high" and rule in {f.rule for f in result.flags}


def test_shape_detectors(checker: ScamChecker) -> None:
    for entropy in (bytes(range(16)), bytes(range(100, 116)), hashlib.sha256(b"walletcare").digest()[:16]):
        phrase = Mnemonic("english").to_mnemonic(entropy)  # fixed phrases: a random one may also hold a rule's cue
        seed = checker.scan(f"here are my words: {phrase}", "en")
        found = [f for f in seed.flags if f.rule == "S1"]
        assert seed.risk == "high" and found, (phrase, seed.flags)
        assert phrase.split()[1] not in found[0].match
    key = checker.scan("私钥 " + "ab12" * 16, "zh-CN")
    assert any(f.rule == "S2" for f in key.flags)
    intl = checker.scan("【支付宝】您的账户需要核实，请回电 +44 20 7946 0321", "zh-CN")
    assert any(f.rule == "S3" for f in intl.flags)
    assert not any(f.rule == "S3" for f in checker.scan("支付宝客服回电 +86 571 0000 0000", "zh-CN").flags)
    assert not any(f.rule == "S3" for f in checker.scan("Call me on +44 20 7946 0321", "en").flags)


@pytest.mark.parametrize(("text", "brand"), [
    ("go to metamask-support.com now", "metamask"),
    ("login at paypa1.com", "paypal"),
    ("visit tokenpockets.pro", "tokenpocket"),
    ("open https://www.imtokenn.net/app", "imtoken"),
    ("see paypal.com.account-check.xyz", "paypal"),
    ("download from rnetamask.io", "metamask"),
    ("visit xn--bnance-3ve.com", "binance"),
])
def test_lookalike_domains(text: str, brand: str) -> None:
    rules = DomainRules(("metamask", "paypal", "tokenpocket", "imtoken", "binance"),
                        ("metamask.io", "paypal.com", "tokenpocket.pro", "token.im", "binance.com"))
    assert [b for _, b in find_lookalikes(text.lower(), rules)] == [brand]


def test_official_domains_and_plain_text_pass() -> None:
    rules = DomainRules(("metamask", "paypal"), ("metamask.io", "paypal.com"))
    assert find_lookalikes("see support.metamask.io and www.paypal.com, or example.org", rules) == []


def test_combined_risk() -> None:
    assert combined_risk([]) == "none"
    assert combined_risk(["low"]) == "low"
    assert combined_risk(["medium", "low"]) == "medium"
    assert combined_risk(["medium", "medium"]) == "high"
    assert combined_risk(["high"]) == "high"


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "walletcare", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8")


def test_cli_scan_text_stdin_json() -> None:
    out = _cli("--lang", "en", "scan-text", "--json", stdin="请下载向日葵，我远程帮你退款，记得不要告诉家人")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["risk"] == "high"
    assert {"rule", "severity", "match", "advice", "why"} <= set(result["flags"][0])


def test_cli_scan_text_file_and_human_output(tmp_path: Path) -> None:
    message = tmp_path / "chat.txt"
    message.write_text("This is PayPal support. Please read me the code we sent to your phone.", encoding="utf-8")
    out = _cli("--lang", "zh-CN", "scan-text", str(message))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("高风险") and "[高] 索要验证码" in out.stdout and "不能百分之百确定" in out.stdout
    assert "R2" not in out.stdout  # rule ids are for --json, not for the person reading
    calm = _cli("--lang", "en", "scan-text", "-", stdin="See you at dinner tonight.")
    assert calm.stdout.startswith("No red flags found")


def test_cli_scan_text_bad_input(tmp_path: Path) -> None:
    assert _cli("scan-text", str(tmp_path / "missing.txt")).returncode == 4
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\xff\xfe\xfa not text")
    assert _cli("scan-text", str(binary)).returncode == 4
    empty = _cli("--lang", "en", "scan-text", "-", stdin=" \n\t\n")
    assert empty.returncode == 4 and "no text to check" in empty.stderr and not empty.stdout


def test_anti_fraud_notices_are_at_most_medium(checker: ScamChecker) -> None:
    # a notice that describes the scripts ("冒充客服要求…") and asks nothing of the reader is low; its cues show
    notice = "【国家反诈中心】提醒您：冒充客服要求屏幕共享、转账到安全账户，是最常见的两类骗局。"
    result = checker.scan(notice, "zh-CN")
    assert result.risk == "low" and {"R3", "R4"} <= {f.rule for f in result.flags}
    # one that asks the reader to act in its own voice stays capped at medium, not lowered
    asking = "【国家反诈中心】提醒您：资金存在风险，请立即把余额转到安全账户。"
    assert checker.scan(asking, "zh-CN").risk == "medium"
    scam = "请打开屏幕共享，然后把钱转到安全账户。"
    assert checker.scan(scam, "zh-CN").risk == "high"
