"""Safety checks' speed: ``find_secrets`` on 2 KB of text (target < 1 ms, pure Python), the scam checker's
``scan`` on a 2 KB chat (target < 20 ms, so the Safety page can check as the user pastes), its n-gram second
opinion alone (target < 10 ms, issue #22), and loading
the rules and the wizards (reported). Texts are Chinese and English prose with a recovery phrase, a card
number and codes mixed in, so every detector does real work."""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import Figure

ZH = (
    "您好，我是支付宝客服，您之前开通了百万保障，每月会自动扣费。如果不需要，请下载腾讯会议并打开屏幕共享，"
    "我帮您关闭。首先打开账单页面，找到这笔交易的详情，看看状态是不是交易成功。一般情况下银行卡扣款会在三到七个"
    "工作日内退回。请把收到的验证码 482913 告诉我。钱包里的这笔转账有交易哈希吗？在该链的区块浏览器里搜这个哈希。"
)
EN = (
    "Hi, this is PayPal support. We noticed unusual activity on your account. To keep your money safe, move it to "
    "the secure account below within 30 minutes and read me the verification code 771204. The agent on the phone "
    "said the order would arrive within seven days and gave me a ticket number. Card 4539 5787 6362 1486, CVV 123. "
)


def _text(size: int = 2048) -> str:
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").to_mnemonic(bytes(range(16)))
    base = ZH + EN + " my words: " + phrase + " " + ZH + EN
    return (base * (size // len(base) + 1))[:size]


def _best_ms(fn, repeat: int = 7, number: int = 50) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best * 1000


def run() -> list[Figure]:
    """Measures the secret detector, the scam checker and content loading."""
    from walletcare.faq.cues import normalize
    from walletcare.faq.scam import ScamChecker
    from walletcare.faq.wizards import load_wizards
    from walletcare.secrets import ALL_KINDS, find_secrets

    text = _text()
    find_secrets(text, ALL_KINDS)
    secrets_ms = _best_ms(lambda: find_secrets(text, ALL_KINDS))
    default_ms = _best_ms(lambda: find_secrets(text))
    start = time.perf_counter()
    checker = ScamChecker.load()
    load_ms = (time.perf_counter() - start) * 1000
    checker.scan(text, "zh-CN")
    scan_ms = _best_ms(lambda: checker.scan(text, "zh-CN"), number=20)
    norm = normalize(text)
    model = checker.model
    model_ms = _best_ms(lambda: model.opinion(norm), number=20) if model is not None else float("nan")
    start = time.perf_counter()
    wizards = load_wizards()
    wizards_ms = (time.perf_counter() - start) * 1000
    return [
        Figure("find_secrets, all kinds, 2 KB", secrets_ms, "ms", 1.0, note="best of 7 × 50"),
        Figure("find_secrets, seed + private key, 2 KB", default_ms, "ms", 1.0),
        Figure("scan-text check, 2 KB chat", scan_ms, "ms", 20.0,
               note="includes secret, domain, family, directory detectors and the model"),
        Figure("n-gram model opinion, 2 KB chat", model_ms, "ms", 10.0, note="pure Python, char 1-4-grams"),
        Figure("load red-flag rules", load_ms, "ms", None, note="first load, includes OpenCC"),
        Figure(f"load {len(wizards)} wizards", wizards_ms, "ms", None, note="YAML + zh-TW generation"),
    ]


if __name__ == "__main__":
    for figure in run():
        verdict = "" if figure.ok is None else (" ok" if figure.ok else " MISSED")
        print(f"{figure.name}: {figure.value:.3f} {figure.unit} (target {figure.target}){verdict}")
