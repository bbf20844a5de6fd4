"""Text rules every help text must pass, used by the content validator: no advice to share a secret (seed
phrase, private key, password, PIN, one-time code) while the usual warnings ("不要把验证码告诉任何人",
"never share your seed phrase") pass; no external URLs; and no phone numbers except the allow-listed ones,
each with a source (``resources/search/allowed_phone_numbers.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from walletcare.faq.analysis import normalize

_SECRET = (
    r"(助记词|私钥|验证码|动态码|校验码|支付密码|登录密码|密码|pin码|口令|keystore|"
    r"seed phrase|recovery phrase|secret phrase|mnemonic|private key|verification code|one-time code|"
    r"one time code|otp|sms code|2fa code|security code|password|passcode|\bpin\b)"
)
_ASK = (
    r"(提供|告诉(?!你)|告知(?!你)|发给(?!你)|发送(?!给你)|发到(?!你)|交给(?!你)|报给|报一下|说出|念给|念一下|透露|分享|上传|截图给|拍照给|复制给|"
    r"(网页|链接|网站|表单|页面|小程序).{0,12}(输入|填写|填入)|"
    r"\bshare\b|\btell\b|\bsend\b|\bgive (?:me|us|them|him|her|out|away)\b|\bgive\b.{0,40}\bto\b|\bprovide\b|\bsubmit\b|\bdisclose\b|\breveal\b|\bread out\b|"
    r"\bupload\b|\benter\b.{0,40}\b(site|website|page|link|form)\b|\btype\b.{0,40}\b(site|website|page|link|form)\b)"
)
_SAFE = (
    r"(不要|不用|没有|别|勿|绝不|绝对不|千万不|不能|不可|不得|不会|从不|从来不|决不|禁止|不应|拒绝|不需要|无需|不必|"
    r"骗|诈|盗|钓鱼|假|冒充|如果|若|凡是|一旦|任何人|谁|陷阱|"
    r"\bnever\b|\bdon'?t\b|\bdo not\b|\bnot\b|\bno one\b|\bnobody\b|\bwon'?t\b|\bwill not\b|\brefuse\b|"
    r"\bscam|\bfraud|\bfake\b|\bif\b|\banyone\b|\bwhoever\b|\bstop\b|\bbeware\b|\bno\b)"
)
_SENTENCE = re.compile(r"(?:[^。！？；!?;|\n.]|\.(?!\s))+")
_QUOTED = re.compile(r"“[^”]{6,}”|「[^」]{6,}」|『[^』]{6,}』|\"[^\"]{6,}\"")
_SECRET_RE = re.compile(_SECRET)
_ASK_RE = re.compile(_ASK)
_SAFE_RE = re.compile(_SAFE)
URL_RE = re.compile(r"(https?://\S+|\bwww\.[a-z0-9-]+\.\S+|\bftp://\S+)", re.I)

_UNIT = (
    r"\s*(元|块|角|分钟|分|天|日|小时|个|笔|次|年|月|周|位|%|％|字|条|张|k\b|usdt|usd|cny|rmb|hkd|twd|eth|btc|trx|"
    r"words?|days?|hours?|minutes?|months?|years?|times|digits?|characters?|个工作日|工作日|岁)"
)
_LONG_NUMBER = re.compile(r"(?<![\w.\-/:#])(\+?\d[\d\- ]{3,}\d)(?![\w.\-/%])")
_HOTLINE_NUMBER = re.compile(
    r"(?:(?:拨打|致电|电话|热线|专线|打|call|dial|hotline|phone)[^\d\n]{0,8}(\d{3,4})(?!\d)|"
    r"(?<![\d.])(\d{3,4})\s*(?:报警|热线|专线|hotline))", re.I)
_DATE = re.compile(r"^\d{4}-\d{1,2}(-\d{1,2})?$")


@dataclass(frozen=True)
class AllowedNumber:
    """A phone number content may show, with who runs it and where that fact comes from."""

    number: str
    name: str
    source: str


def banned_advice(text: str) -> list[str]:
    """Sentences of ``text`` that tell the reader to share a secret (after normalising to Simplified).

    A sentence with a secret and a sharing verb passes only with a negation or a warning cue in it
    ("不要", "骗子", "never", "if anyone ..."); text in quotation marks (what a scammer says, quoted as an
    example) is not advice.
    """
    found = []
    folded = normalize(text)
    for match in _SENTENCE.finditer(folded):
        sentence = _QUOTED.sub(" ", match.group(0)).strip()
        if not sentence or not _SECRET_RE.search(sentence) or not _ASK_RE.search(sentence):
            continue
        if _SAFE_RE.search(sentence):
            continue
        found.append(text[match.start() : match.end()].strip())
    return found


def external_urls(text: str) -> list[str]:
    """Web addresses in ``text`` (``http(s)://``, ``www.``, ``ftp://``)."""
    return URL_RE.findall(text)


_FILE_NAME = re.compile(r"(?<![\w.-])[\w/.-]*\w\.(?:ya?ml|py|json|po|csv|md)(?![\w-])", re.I)


def file_names(text: str) -> list[str]:
    """Repository file names in ``text`` (``*.yaml``, ``*.py``, ``*.json`` ...): readers need a human source."""
    return list(dict.fromkeys(m.group(0) for m in _FILE_NAME.finditer(text)))


def phone_numbers(text: str) -> list[str]:
    """Things in ``text`` that look like phone numbers, digits only (``+`` kept)."""
    numbers = []
    for match in _LONG_NUMBER.finditer(text):
        raw = match.group(1).strip()
        digits = re.sub(r"[\s\-]", "", raw)
        if _DATE.match(raw) or not 5 <= len(digits.lstrip("+")) <= (15 if raw.startswith("+") else 13):
            continue
        if re.match(_UNIT, text[match.end() : match.end() + 12], re.I):
            continue
        numbers.append(digits)
    for match in _HOTLINE_NUMBER.finditer(text):
        if not re.match(_UNIT, text[match.end() : match.end() + 12], re.I):
            numbers.append(match.group(1) or match.group(2))
    return list(dict.fromkeys(numbers))


def load_allowed_numbers(path: Path | None = None) -> list[AllowedNumber]:
    """The allow-list (default: ``resources/search/allowed_phone_numbers.yaml``); missing file → empty."""
    import yaml

    if path is None:
        from walletcare import resources

        path = resources.path("search/allowed_phone_numbers.yaml")
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [AllowedNumber(str(e.get("number", "")), str(e.get("name", "")), str(e.get("source", "")))
            for e in data.get("numbers") or [] if isinstance(e, dict)]
