"""Scam families, the n-gram second opinion and the directory of real channels, on real resources."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml

from walletcare import resources
from walletcare.faq.cues import normalize
from walletcare.faq.directory import Directory, check_directory
from walletcare.faq.families import FamilyMatcher
from walletcare.faq.ngram import NgramModel, model_text
from walletcare.faq.safety_text import load_allowed_numbers
from walletcare.faq.scam import ScamChecker
from walletcare.faq.validate import check_directory_file

TRAIN = Path(__file__).with_name("scam_train")



def _families(result: object) -> set[str]:
    return {f.id for f in result.families}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "family"), [
    # The two scripts of issue #22 the phrase rules missed.
    ("波宝技术部门：您的USDT已被冻结，需要支付0.5个ETH矿工费才能解冻。", "fee-to-unfreeze"),
    ("家长您好，我是孩子的班主任，孩子突发急病要做手术，医院要先交两万押金，请马上转给我。", "impersonated-contact"),
    ("Bitpie technical department: your USDT is frozen. Send 0.5 ETH as a miner fee and we will unfreeze it.",
     "fee-to-unfreeze"),
    ("您的帳戶因風控暫停出金，繳納百分之十的驗證金後即可提領。", "fee-to-unfreeze"),
    ("为了保护资金，请把余额转入我们为您开设的临时监管账户。", "safe-account"),
    ("Our FBI-certified team traced the coins stolen from you and can recover them for a small retainer.",
     "recovery"),
    ("我们律师事务所可以帮你追回被骗的钱，先付三千元立案费。", "recovery"),
    ("Please pay with Friends and Family so PayPal doesn't hold the money.", "untraceable-payment"),
    ("请下载 AnyDesk，我远程帮您处理。", "remote-control"),
])
def test_new_wording_is_recognised_by_family(checker: ScamChecker, text: str, family: str) -> None:
    result = checker.scan(text, "en")
    assert result.risk in ("medium", "high"), result.flags
    assert family in _families(result)


@pytest.mark.parametrize("text", [
    "提醒：任何要求您缴纳解冻费才能提现的都是诈骗，请不要付款。",
    "Paying a fee to release a withdrawal is a common scam; real exchanges deduct fees from the amount.",
    "您的提现已到账，手续费2元，实际到账998元。",
    "【國泰世華】您的驗證碼為338210，請於5分鐘內輸入，切勿提供給他人。",
    "老公，我剛轉了三千給你，你先幫我繳信用卡。",
    "您的儲值已完成，悠遊卡餘額新台幣600元。",
])
def test_benign_look_alikes_are_not_high(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "zh-CN").risk != "high"


def test_family_needs_concepts_together_and_not_negated() -> None:
    data = {"window": 20, "concepts": {"fee": ["手续费", "fee"], "unlock": ["解冻", "unfreeze"]},
            "families": [{"id": "f", "name": "f", "why": "w", "advice": "a",
                          "patterns": [{"all": ["fee", "unlock"], "severity": "high"}]}]}
    matcher = FamilyMatcher(data)
    never = lambda norm, s, e: "不要" in norm[max(0, s - 6) : s]  # noqa: E731
    assert [h.family.id for h in matcher.find("交手续费解冻", (), never)] == ["f"]
    assert matcher.find("手续费" + "。" * 30 + "解冻", (), never) == []
    assert matcher.find("不要交手续费解冻", (), never) == []
    with pytest.raises(ValueError, match="unknown concepts"):
        FamilyMatcher({"concepts": {}, "families": [{"id": "x", "name": "x", "why": "", "advice": "",
                                                     "patterns": [{"all": ["nope"]}]}]})


def test_family_from_rules_adds_no_second_flag(checker: ScamChecker) -> None:
    result = checker.scan("请把钱转到安全账户", "zh-CN")
    assert "safe-account" in _families(result)
    assert [f.rule for f in result.flags].count("safe-account") == 0


def test_json_has_family_model_and_directory(checker: ScamChecker) -> None:
    data = checker.scan("MetaMask support: call +1 888 555 0199, pay the gas fee to unfreeze your wallet first",
                        "en").as_json()
    assert data["risk"] == "high"
    assert "fee-to-unfreeze" in {f["id"] for f in data["families"]}
    assert {"score", "threshold", "resembles_scam", "family", "words"} <= set(data["model"])
    assert data["directory"][0]["provider"] == "metamask" and data["directory"][0]["code"] == "D1"
    assert data["directory"][0]["official_domains"] == ["metamask.io"]


def test_model_is_shipped_fast_and_explains() -> None:
    model = NgramModel.load()
    assert len(model.weights) > 1000 and model.families
    text = normalize("您的USDT已被冻结，请先缴纳矿工费才能解冻提现。")  # the model reads the checker's normal form
    opinion = model.opinion(text)
    assert opinion.resembles_scam and opinion.family is not None and opinion.words
    assert all(w in text for w in opinion.words)
    calm = model.opinion(normalize("明天下午三点在公司楼下见，记得带伞。"))
    assert not calm.resembles_scam
    long_text = ("今天天气不错，我们去公园散步吧。" * 60)[:1000] + "Hello, see you at lunch. " * 40
    best = float("inf")
    for _ in range(10):
        start = time.perf_counter()
        model.opinion(long_text[:2048])
        best = min(best, time.perf_counter() - start)
    assert best < 0.05  # best of 10, a generous bound for a shared machine; the bench holds it to 10 ms


def test_model_text_keeps_offsets() -> None:
    assert model_text("付 0.5 eth\n到") == "付 0.0 eth 到"


def test_model_raises_to_medium_never_high(checker: ScamChecker) -> None:
    # A text no rule or family matches, which the model scores as a scam: medium, not high.
    model = checker.model
    assert model is not None
    scored = [(model.opinion(t).score - model.opinion(t).threshold, t) for t in _train_scams()]
    for _margin, text in sorted(scored, reverse=True)[:40]:
        bare = ScamChecker(yaml.safe_load(resources.path("safety/redflags.yaml").read_text(encoding="utf-8")))
        if bare.scan(text).risk in ("none", "low"):
            assert checker.scan(text).risk == "medium"
            return
    pytest.skip("every confidently scored script is also caught by a rule")


def _train_scams() -> list[str]:
    return [item["text"] for path in sorted(TRAIN.glob("*.yaml"))
            for item in yaml.safe_load(path.read_text(encoding="utf-8")) if item["label"] == "scam"]


@pytest.mark.parametrize(("text", "code"), [
    ("我是比特派客服，客服热线 400-888-1234，您的钱包需要升级", "D1"),
    ("支付宝客服：请拨打 0571-8888-6666 处理退款", "D1"),
    ("Binance support team: contact @binance_care_24 for help", "D3"),
    ("imToken官方客服电话会联系您，请保持手机畅通", "D4"),
    ("PayPal support: log in at paypal-resolve.net to lift the limit", "S4"),
])
def test_directory_flags_unlisted_channels(checker: ScamChecker, text: str, code: str) -> None:
    result = checker.scan(text, "zh-CN")
    assert code in {f.rule for f in result.flags}
    assert result.risk in ("medium", "high")


def test_directory_names_the_real_domain_and_listed_hotline(checker: ScamChecker) -> None:
    flag = next(f for f in checker.scan("请登录 metamask-help.com 同步钱包", "zh-CN").flags if f.rule == "S4")
    assert flag.match == "metamask-help.com ≈ metamask.io"
    calm = checker.scan("支付宝客服电话是95188，我自己打过去问了", "zh-CN")
    assert calm.risk == "none" and calm.directory[0].code == "listed" and not calm.directory[0].flagged


def test_directory_passes_content_check() -> None:
    numbers = load_allowed_numbers()
    assert check_directory_file(resources.path("safety/directory.yaml"), numbers) == []
    directory = Directory.load()
    ids = {p.id for p in directory.providers}
    assert {"alipay", "wechat-pay", "paypal", "tokenpocket", "imtoken", "bitpie", "metamask", "binance"} <= ids
    assert all(p.source and p.as_of for p in directory.providers)


def test_directory_check_finds_problems() -> None:
    data = {"self_custody_rule": {"zh-CN": "x", "en": "x"}, "providers": [
        {"id": "a", "name": {"zh-CN": "A", "en": "A"}, "kind": "payment", "aliases": ["a"], "domains": ["a.com"],
         "hotlines": ["4001234567"], "support": {"zh-CN": "x", "en": "x"}, "source": "", "as_of": "2099-01-01"},
        {"id": "a", "name": {"en": "B"}, "kind": "bank", "aliases": [], "domains": ["not a domain"],
         "support": {"zh-CN": "x", "en": "x"}, "source": "s", "as_of": "yesterday"},
    ]}
    messages = [m for _w, m in check_directory(data, ["95188"], today=date(2026, 12, 1))]
    for expected in ("not in the allow-list", "source needs", "in the future", "unique id", "kind must be",
                     "needs aliases", "name needs", "is not a domain", "must be a date"):
        assert any(expected in m for m in messages), expected


def test_directory_check_refuses_file_names_in_user_text() -> None:
    entry = {"id": "a", "name": {"zh-CN": "A", "en": "A"}, "kind": "payment", "aliases": ["a"],
             "domains": ["a.com"], "hotlines": [], "support": {"zh-CN": "x", "en": "x"}, "as_of": "2026-11-30",
             "source": {"zh-CN": "App 内客服页面；95188 见 allowed_phone_numbers.yaml", "en": "see spec/content.md"}}
    data = {"self_custody_rule": {"zh-CN": "规则见 rules.json", "en": "x"}, "providers": [entry]}
    messages = [m for _w, m in check_directory(data, [], today=date(2026, 12, 1))]
    assert any("allowed_phone_numbers.yaml" in m for m in messages)
    assert any("spec/content.md" in m for m in messages)
    assert any("rules.json" in m for m in messages)
    entry["source"] = {"zh-CN": "支付宝官方网站 alipay.com", "en": "alipay.com"}
    data["self_custody_rule"] = {"zh-CN": "x", "en": "x"}
    assert check_directory(data, [], today=date(2026, 12, 1)) == []


def test_shipped_directory_sources_name_no_file() -> None:
    for provider in Directory.load().providers:
        for text in provider.source.values():
            assert not re.search(r"\.(ya?ml|py|json|md)\b", text), (provider.id, text)


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "walletcare", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8")


@pytest.mark.parametrize(("lang", "family", "directory"), [
    ("zh-CN", "诈骗类型：交费解冻 / 提现骗局", "比特派（Bitpie）（自托管钱包）的官方渠道"),
    ("zh-TW", "詐騙類型：付費解凍 / 提領騙局", "自託管錢包）的官方管道"),
    ("en", "Scam family: fee-to-unfreeze scams", "Real channels of Bitpie (self-custody wallet)"),
])
def test_cli_scan_text_shows_family_and_directory(lang: str, family: str, directory: str) -> None:
    text = "波宝技术部门：您的USDT已被冻结，需要支付0.5个ETH矿工费才能解冻。客服热线 400-888-1234"
    out = _cli("--lang", lang, "scan-text", stdin=text)
    assert out.returncode == 0, out.stderr
    assert family in out.stdout and directory in out.stdout and "bitpie.com" in out.stdout
    data = json.loads(_cli("--lang", lang, "scan-text", "--json", stdin=text).stdout)
    assert data["risk"] == "high" and data["families"][0]["id"] == "fee-to-unfreeze"
    assert data["directory"][0]["code"] == "D1" and data["directory"][0]["match"] == "400-888-1234"


@pytest.mark.parametrize("text", [
    # The app's own help (auto-renewal-charges) names WeChat's real menu item.
    "微信 我 → 服务 → 钱包 → 自动续费，选服务 → 关闭扣费服务；免密支付在同一菜单",
    # Warnings and questions that call the scheme a scam.
    "有人打电话说我的微信涉嫌洗钱要转到安全账户，我直接挂了，这是诈骗吧",
    "Got a call saying my account is frozen and I must pay a release fee. I hung up.",
    # A fee taken out of the amount is how real platforms charge.
    "提币时要付网络手续费，这笔费用会在到账前从提币数量中直接扣除。",
    "Sending crypto costs a network fee before it is released on-chain; it is deducted from the amount you send.",
    # The approvals page is where users revoke approvals.
    "TP 钱包的授权管理在哪里？我想在那里取消授权。",
])
def test_help_warnings_and_real_menus_stay_calm(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "zh-CN").risk in ("none", "low")


def test_debunked_text_is_not_raised_by_the_model_but_secrets_still_count(checker: ScamChecker) -> None:
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").generate()
    # A text about a scam is rated at most medium, but a recovery phrase in it keeps it from going down to low.
    assert checker.scan(f"骗子让我把助记词发过去，是诈骗吧？我的助记词是 {phrase}", "zh-CN").risk == "medium"


@pytest.mark.parametrize("text", [
    "兼职点赞任务，一单佣金15元，日结，做满20单奖励翻倍。",
    "退款要走专门通道，您打开扫一扫，扫我发的码，付完马上原路退回。",
    "I only accept PayPal Friends and Family for this sale, card payments are not possible.",
    "为了后续沟通，请下载我们的专属客服App进行处理。",
    "老师这边先用我个人的收款码收一下资料费，每人200。",
])
def test_families_found_after_the_held_out_review(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "zh-CN").risk in ("medium", "high")


QA_TEXT = "我是波宝技术部，您的USDT被冻结，需要先支付0.5 ETH矿工费才能解冻"


def test_quote_keeps_the_users_own_characters(checker: ScamChecker) -> None:
    flag = next(f for f in checker.scan(QA_TEXT, "zh-CN").flags if f.rule == "fee-to-unfreeze")
    assert "冻结，需要" in flag.match and "," not in flag.match
    traditional = "我是波寶技術部，您的USDT被凍結，需要先支付0.5 ETH礦工費才能解凍"
    flag = next(f for f in checker.scan(traditional, "zh-TW").flags if f.rule == "fee-to-unfreeze")
    assert "凍結，需要" in flag.match


def test_zh_tw_explanation_uses_taiwan_quotes_script_and_plain_words(checker: ScamChecker) -> None:
    from walletcare.faq.scam_report import explanation, opinion_line

    result = checker.scan(QA_TEXT, "zh-TW")
    assert result.opinion is not None and result.opinion.words
    assert "我是" not in result.opinion.words and "付0.5" not in result.opinion.words
    line = opinion_line(result, "zh-TW")
    assert line.startswith("與已知詐騙話術相似") and "「" in line and "“" not in line
    assert "技术部" not in line and "技術部" in line
    assert opinion_line(checker.scan(QA_TEXT, "zh-CN"), "zh-CN").startswith("与已知诈骗话术相似")
    assert opinion_line(checker.scan(QA_TEXT, "en"), "en").startswith("Resembles known scam scripts")
    assert not any("另一" in line for line in explanation(result, "zh-TW"))


@pytest.mark.parametrize(("text", "provider"), [
    (QA_TEXT, "bitpie"), ("我是比特派钱包的客服，你的钱包被冻结了", "bitpie"),
    ("您好，这里是TP钱包官方客服，您的资产存在风险", "tokenpocket"),
    ("imToken 钱包技术部通知：您的账户需要升级", "imtoken"),
])
def test_impersonated_brand_is_named_with_its_real_channels(checker: ScamChecker, text: str, provider: str) -> None:
    from walletcare.faq.scam_report import explanation, impersonation_line

    result = checker.scan(text, "zh-CN")
    note = next(n for n in result.directory if n.provider == provider)
    assert note.code == "named" and not note.flagged
    assert note.name.split("（")[0] in impersonation_line(result, "zh-CN")
    assert any(note.support in line for line in explanation(result, "zh-CN"))
    assert not any(f.rule == "named" for f in result.flags)


def test_cli_quotes_in_the_interface_language() -> None:
    out = _cli("--lang", "zh-TW", "scan-text", stdin=QA_TEXT)
    assert out.returncode == 0, out.stderr
    assert "「冻结，需要先支付" in out.stdout and "冒充比特派（Bitpie）" in out.stdout
    assert "位元" not in out.stdout


@pytest.mark.parametrize("text", ["怎么联系支付宝官方客服？", "TP 钱包的官方帮助中心在哪里？"])
def test_a_question_about_real_support_names_no_impersonated_brand(checker: ScamChecker, text: str) -> None:
    from walletcare.faq.scam_report import impersonation_line

    result = checker.scan(text, "zh-CN")
    assert result.directory and result.directory[0].code == "named"  # its real channels are still shown
    assert "冒充支付宝" not in impersonation_line(result, "zh-CN") and "冒充TokenPocket" not in impersonation_line(result, "zh-CN")
