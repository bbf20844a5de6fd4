"""Detection of secrets in free text: recovery (seed) phrases, private keys, card numbers, CVVs and one-time codes.

The vault and the dossier call :func:`find_secrets` to refuse storing or exporting a secret, and the scam
checker uses it to spot a pasted recovery phrase. Detection is pure Python over precompiled sets and regular
expressions (well under a millisecond for a couple of kilobytes). Hits carry a masked excerpt only; the text
and the secret are never logged or kept.

Rules, in short:

* ``seed``: 12 or more consecutive BIP-39 words (English, Chinese simplified or traditional lists of the
  ``mnemonic`` package) separated only by spaces, punctuation, newlines or numbering ("1. abandon 2. ability").
  The checksum is checked when the run has a valid length (``verified``) but a run is flagged even when it
  fails, since people mistype. Chinese list words are single, common characters, so Chinese is flagged when
  12+ list characters are each separated (spaces, punctuation, numbering); written together, only a whole
  clause (no punctuation inside) of a phrase's length with a valid checksum, or the characters right after a
  recovery-phrase cue ("助记词：……", "seed phrase ……"), and in both cases only when they look randomly drawn
  (no repeated character, few of the 100 and at most half — a third without a cue — of the 600 most
  frequent list characters, where ordinary prose has many; without a cue, none of the ten most frequent).
* ``private_key``: 64 hex digits (with or without ``0x``) containing both digits and letters, unless the
  same line shows, within 48 characters before it, a hash cue (tx, txid, hash, 交易哈希, an explorer
  ``/tx/`` link, sha256, digest, checksum ... — evidence hashes are 64 hex digits too) and no private-key cue; WIF keys (base58, 51 characters starting with 5 or
  52 starting with K/L; ``verified`` when the base58check checksum holds); extended private keys
  (``xprv``/``yprv``/``zprv``/``tprv``).
* ``card``: 13–19 digits (single spaces or dashes allowed) starting with 2–6 and passing Luhn, not right
  after an order/transaction-number label.
* ``cvv``: 3–4 digits right after CVV/CVC/CVN/security code/安全码/卡背后三位.
* ``otp``: 4–8 digits next to 验证码/驗證碼/动态码/verification code/OTP (before or after the cue).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from walletcare.i18n import _

ALL_KINDS: tuple[str, ...] = ("seed", "private_key", "card", "cvv", "otp")
SEED_LENGTHS: frozenset[int] = frozenset({12, 15, 18, 21, 24})
MIN_SEED_WORDS = 12
_CHINESE = ("chinese_simplified", "chinese_traditional")
_ENGLISH = ("english",)
_MAX_NARROWED = 40
_STRONG_GAP = re.compile(r"[:：\n]")
_FREQUENT_RANK = 100  # the Chinese lists are ordered by character frequency
_PARTICLE_RANK = 10  # 的 一 是 在 不 了 有 和 人 这
_MAX_FREQUENT_IN_WINDOW = 2
_COMMON_RANK = 600
_SEED_CUE = re.compile(
    r"(?:助记词|助記詞|记忆词|記憶詞|恢复短语|恢復短語|备份短语|備份短語|种子|種子|mnemonic|seed|recovery\s*phrase)",
    re.IGNORECASE,
)
_MAX_GAP = 16

_LATIN_WORD = re.compile(r"[A-Za-z]+")
_GAP = r"[^\w]{0,12}(?:\d{1,2}[^\w]{1,6})?"
_GAP_OK = re.compile(_GAP)
_NONEMPTY_GAP = r"(?:[^\w]{1,12}(?:\d{1,2}[^\w]{0,6})?|\d{1,2}[^\w]{0,6})"
_CONNECTORS = "是为為：:"
_CUE_GAP = re.compile(r"[\s:：是为為]*")
_LONG_TOKEN = re.compile(r"[0-9A-Za-z]{51,}")
_HEX64 = re.compile(r"(?:0[xX])?[0-9a-fA-F]{64}")
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_WIF = re.compile(r"5[1-9A-HJ-NP-Za-km-z]{50}|[KL][1-9A-HJ-NP-Za-km-z]{51}")
_XPRV = re.compile(r"[xyzt]prv[1-9A-HJ-NP-Za-km-z]{100,112}")
_TX_CUE = re.compile(
    r"(?:sha-?256|sha-?3|digest|checksum|generated_from|校验|校驗|摘要|指纹|指紋|\btx\b|\btxn\b|txid|tx\s*hash|txhash|\bhash\b|transaction\s*(?:id|hash)|交易哈希|交易hash|哈希|"
    r"交易id|交易号|交易號|区块浏览器|區塊瀏覽器|/tx/|etherscan|bscscan|tronscan|polygonscan|explorer)",
    re.IGNORECASE,
)
_KEY_CUE = re.compile(r"(?:private\s*key|priv\s*key|privkey|私钥|私鑰|密钥|金鑰|secret\s*key)", re.IGNORECASE)
_CARD = re.compile(r"(?<![\d.])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d.])")
_CARD_NOT = re.compile(
    r"(?:订单|訂單|交易号|交易號|流水号|流水號|单号|單號|order|ref|invoice|txn|tracking|运单|運單)[^\d]{0,12}$",
    re.IGNORECASE,
)
_CODE_DIGITS = re.compile(r"(?<![\d.,])\d{3,8}(?![\d.,]\d|\d)")
_OTP_CUES = (
    r"验证码|驗證碼|校验码|校驗碼|动态码|動態碼|动态密码|動態密碼|短信码|簡訊碼|确认码|確認碼|"
    r"verification\s+code|one[- ]time\s+(?:code|password|passcode|pin)|\botp\b|passcode|2fa\s+code|"
    r"auth(?:entication)?\s+code|login\s+code|sms\s+code"
)
_CODE_CUE = re.compile(  # matched on lower-cased text; the look-ahead lets most positions fail at once
    r"(?=[验驗校动動短簡确確安卡背vopa2lsc])(?:(?P<cvv>\bcvv2?|\bcvc2?|\bcvn2?|security\s+code|安全码|安全碼|卡背后三位|卡背後三位|背面三位数?|背面末三位)"
    rf"|(?P<otp>{_OTP_CUES}))"
)
_NO_DIGIT_GAP = re.compile(r"[^\d\n]*")


@dataclass(frozen=True)
class SecretHit:
    """One secret found in a text.

    Attributes:
        kind: ``seed``, ``private_key``, ``card``, ``cvv`` or ``otp``.
        start: offset of the first character in the text.
        end: offset just after the last character.
        excerpt: a masked description, never the secret itself (e.g. ``12 words (English)``), in the interface
            language.
        verified: a checksum confirmed it (BIP-39 checksum, base58check, Luhn).
        shape: the same description without words (``("seed", 12, "English")``): kept with a sealed item so
            that :func:`describe` says it in whatever language is chosen later.
    """

    kind: str
    start: int
    end: int
    excerpt: str
    verified: bool = False
    shape: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class _Lists:
    english: frozenset[str]
    ranks: dict[str, int]
    chinese_char: re.Pattern[str]
    chinese_spaced: re.Pattern[str]
    chinese_clause: re.Pattern[str]


@cache
def _mnemonic(language: str):  # type: ignore[no-untyped-def]
    from mnemonic import Mnemonic

    return Mnemonic(language)


@cache
def _lists() -> _Lists:
    english = frozenset(_mnemonic("english").wordlist)
    simplified = _mnemonic("chinese_simplified").wordlist
    traditional = _mnemonic("chinese_traditional").wordlist
    ranks = {word: i for i, word in enumerate(traditional)}
    ranks.update({word: i for i, word in enumerate(simplified)})
    char_class = "[" + "".join(sorted(ranks)) + "]"
    spaced = re.compile(f"{char_class}(?:{_NONEMPTY_GAP}{char_class}){{{MIN_SEED_WORDS - 1},}}")
    return _Lists(english, ranks, re.compile(char_class), spaced, re.compile(f"{char_class}{{{MIN_SEED_WORDS},}}"))


@cache
def _word_index(language: str) -> dict[str, int]:
    return {word: i for i, word in enumerate(_mnemonic(language).wordlist)}


def _checksum_ok(words: list[str], languages: Iterable[str]) -> bool:
    """True when ``words`` form a BIP-39 phrase with a valid checksum in one of ``languages``."""
    count = len(words)
    if count not in SEED_LENGTHS:
        return False
    checksum_bits = count // 3
    entropy_bits = count * 11 - checksum_bits
    for language in languages:
        index = _word_index(language)
        number = 0
        for word in words:
            position = index.get(word)
            if position is None:
                break
            number = (number << 11) | position
        else:
            entropy = (number >> checksum_bits).to_bytes(entropy_bits // 8, "big")
            expected = hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits) if checksum_bits <= 8 else -1
            if expected == number & ((1 << checksum_bits) - 1):
                return True
    return False


def describe(shape: tuple[str | int, ...] | list[str | int]) -> str:
    """The masked excerpt of a hit from its :attr:`SecretHit.shape`, in the interface language ('' if unknown)."""
    match list(shape):
        case ["seed", int(count), str(language)]:
            name = _("English word list") if language == "English" else _("Chinese word list")
            return (_("{count} words ({language})").format(count=count, language=name) + " "
                    + " ".join(["•••"] * min(count, 3)) + " …")
        case ["hex", str(start)]:
            return _("64 hex digits {start}…").format(start=start)
        case ["wif", str(start), int(length)]:
            return _("WIF key {start}… ({length} characters)").format(start=start, length=length)
        case ["xprv", str(start)]:
            return _("{start}… (extended private key)").format(start=start)
    return ""


def _seed_hit(start: int, end: int, count: int, language: str, verified: bool) -> SecretHit:
    """``12 words (English) ••• ••• ••• …``: what was found, never the words."""
    shape = ("seed", count, language)
    return SecretHit("seed", start, end, describe(shape), verified, shape)


def _key_hit(start: int, end: int, shape: tuple[str | int, ...], verified: bool = False) -> SecretHit:
    return SecretHit("private_key", start, end, describe(shape), verified, shape)


def _english_runs(text: str) -> list[list[tuple[int, int, str]]]:
    """Runs of 12+ consecutive English list words, each as [(start, end, word)]."""
    english = _lists().english
    lowered = text.lower()
    words = _LATIN_WORD.findall(lowered)
    flags = "".join(["1" if w in english else "0" for w in words])
    if "1" * MIN_SEED_WORDS not in flags:
        return []  # fast path: no 12 list words in a row anywhere
    matches = list(_LATIN_WORD.finditer(lowered))
    runs: list[list[tuple[int, int, str]]] = []
    for candidate in re.finditer(f"1{{{MIN_SEED_WORDS},}}", flags):
        tokens: list[tuple[int, int, str]] = []
        for m in matches[candidate.start() : candidate.end()]:
            gap = text[tokens[-1][1] : m.start()] if tokens else ""
            if tokens and (len(gap) > _MAX_GAP or _GAP_OK.fullmatch(gap) is None):
                if len(tokens) >= MIN_SEED_WORDS:
                    runs.append(tokens)
                tokens = []
            tokens.append((m.start(), m.end(), m.group()))
        if len(tokens) >= MIN_SEED_WORDS:
            runs.append(tokens)
    return runs


def _random_looking(values: list[int], strict: bool = False) -> bool:
    """True when list characters look drawn at random rather than written as prose.

    ``strict`` (no recovery-phrase cue nearby) allows fewer frequent characters.
    """
    frequent = sum(r < _FREQUENT_RANK for r in values)
    common = sum(r < _COMMON_RANK for r in values)
    if strict:  # (and none of the ten particles prose can hardly do without, 的一是在不了有和人这: a random draw has
        # one of them in 6 % of 12-word phrases, a Chinese clause in nearly all)
        return (frequent <= len(values) // 12 and common <= len(values) // 3 and len(set(values)) == len(values)
                and min(values, default=0) >= _PARTICLE_RANK)
    return (
        frequent <= max(_MAX_FREQUENT_IN_WINDOW, len(values) // 6)
        and common <= len(values) // 2
        and len(set(values)) == len(values)
    )


def _best_span(
    text: str,
    spans: list[tuple[int, int]],
    words: list[str],
    values: list[int] | None,
    i: int,
    j: int,
    languages: tuple[str, ...],
) -> tuple[int, int]:
    """Narrows a run [i, j) of words (at ``spans`` in ``text``) to the phrase in it.

    The run itself when its checksum holds; else the longest sub-range whose checksum holds (a run can take in
    list words written just before or after the phrase, like "seed:"), preferring one bounded by a colon,
    a line break or the run's ends; else, for Chinese, the run without frequent characters at its ends.
    """
    if values is not None:
        while j - i > MIN_SEED_WORDS and values[i] < _FREQUENT_RANK:
            i += 1
        while j - i > MIN_SEED_WORDS and values[j - 1] < _FREQUENT_RANK:
            j -= 1
    if j - i in SEED_LENGTHS and _checksum_ok(words[i:j], languages):
        return i, j

    def bounded(start: int, end: int) -> int:
        before = start == i or bool(_STRONG_GAP.search(text, spans[start - 1][1], spans[start][0]))
        after = end == j or bool(_STRONG_GAP.search(text, spans[end - 1][1], spans[end][0]))
        return before + after

    for length in sorted(SEED_LENGTHS, reverse=True):
        valid = [s for s in range(i, j - length + 1) if _checksum_ok(words[s : s + length], languages)]
        if valid:
            best = max(valid, key=lambda s: (bounded(s, s + length), s))
            return best, best + length
    return i, j


def _find_seeds(text: str) -> list[SecretHit]:
    hits: list[SecretHit] = []
    for tokens in _english_runs(text):
        words = [t[2] for t in tokens]
        places = [(t[0], t[1]) for t in tokens]
        i, j = (
            _best_span(text, places, words, None, 0, len(words), _ENGLISH)
            if len(words) <= _MAX_NARROWED
            else (0, len(words))
        )
        ok = _checksum_ok(words[i:j], _ENGLISH)
        hits.append(_seed_hit(tokens[i][0], tokens[j - 1][1], j - i, "English", ok))
    hits += _spaced_chinese(text)
    hits += _unspaced_chinese(text)
    return hits


def _spaced_chinese(text: str) -> list[SecretHit]:
    """Chinese list characters each separated by spaces, punctuation or numbering: flagged from 12 on."""
    lists = _lists()
    hits = []
    for m in lists.chinese_spaced.finditer(text):
        places = [(c.start(), c.end()) for c in lists.chinese_char.finditer(text, m.start(), m.end())]
        words = [text[a] for a, _ in places]
        i, j = _best_span(text, places, words, None, 0, len(words), _CHINESE) if len(words) <= _MAX_NARROWED else (0, len(words))
        ok = _checksum_ok(words[i:j], _CHINESE)
        hits.append(_seed_hit(places[i][0], places[j - 1][1], j - i, "Chinese", ok))
    return hits


def _unspaced_chinese(text: str) -> list[SecretHit]:
    """Chinese list characters written together: a whole clause of a phrase's length with a valid checksum
    that looks random, or the characters right after a recovery-phrase cue (助记词是……)."""
    lists = _lists()
    ranks = lists.ranks
    hits = []
    for m in lists.chinese_clause.finditer(text):
        start, clause = m.start(), m.group()
        if len(clause) < MIN_SEED_WORDS:
            continue
        cue = None
        for found in _SEED_CUE.finditer(text, max(0, start - 8), m.end()):
            cue = found
        if cue is not None and cue.end() > start:
            offset = cue.end() - start
            while offset < len(clause) and clause[offset] in _CONNECTORS:
                offset += 1
            start, clause = start + offset, clause[offset:]
        elif cue is None and (len(clause) not in SEED_LENGTHS or not _checksum_ok(list(clause), _CHINESE)):
            continue
        if not MIN_SEED_WORDS <= len(clause) <= max(SEED_LENGTHS):
            continue
        words = list(clause)
        ok = _checksum_ok(words, _CHINESE)
        if not ok:
            for length in sorted(SEED_LENGTHS, reverse=True):
                if length < len(words) and _checksum_ok(words[:length], _CHINESE):
                    words, ok = words[:length], True
                    break
        adjacent = cue is not None and _CUE_GAP.fullmatch(text, min(cue.end(), start), start) is not None
        if not (ok and adjacent) and not _random_looking([ranks[w] for w in words], strict=cue is None):
            continue
        hits.append(_seed_hit(start, start + len(words), len(words), "Chinese", ok))
    return hits


def _line_before(text: str, start: int, width: int = 48) -> str:
    begin = max(text.rfind("\n", 0, start) + 1, start - width)
    return text[begin:start]


def _b58check(value: str) -> bool:
    """Whether base58 text carries a valid 4-byte double-SHA-256 checksum (WIF keys, Bitcoin and Tron addresses)."""
    num = 0
    for ch in value:
        num = num * 58 + _B58.index(ch)
    raw = b"\x00" * (len(value) - len(value.lstrip("1"))) + num.to_bytes((num.bit_length() + 7) // 8, "big")
    if len(raw) < 5:
        return False
    payload, check = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == check


def _find_private_keys(text: str) -> list[SecretHit]:
    hits: list[SecretHit] = []
    for m in _LONG_TOKEN.finditer(text):
        value = m.group()
        if _HEX64.fullmatch(value):
            body = value[-64:]
            if not (any(c.isdigit() for c in body) and any(c.isalpha() for c in body)):
                continue
            before = _line_before(text, m.start())
            if _TX_CUE.search(before) and not _KEY_CUE.search(before):
                continue
            hits.append(_key_hit(m.start(), m.end(), ("hex", body[:2])))
        elif _WIF.fullmatch(value):
            hits.append(_key_hit(m.start(), m.end(), ("wif", value[0], len(value)), _b58check(value)))
        elif _XPRV.fullmatch(value):
            hits.append(_key_hit(m.start(), m.end(), ("xprv", value[:4]), True))
    return hits


def luhn_ok(digits: str) -> bool:
    """True when a string of digits passes the Luhn check used by card numbers.

    Args:
        digits: only the digits 0-9.

    Returns:
        Whether the check digit matches.
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _find_cards(text: str) -> list[SecretHit]:
    hits: list[SecretHit] = []
    for m in _CARD.finditer(text):
        raw = m.group()
        digits = raw.replace(" ", "").replace("-", "")
        if not 13 <= len(digits) <= 19 or not luhn_ok(digits) or len(set(digits)) < 2:
            continue
        if _CARD_NOT.search(_line_before(text, m.start(), 24)):
            continue
        hits.append(SecretHit("card", m.start(), m.end(), "•••• " + digits[-4:], True))
    return hits


def _find_codes(text: str, wanted: set[str]) -> list[SecretHit]:
    """Digits right after a CVV/code cue (or, for codes, right before one), with no other digits between."""
    lowered = text.lower()
    cues = [(m.start(), m.end(), "cvv" if m.lastgroup == "cvv" else "otp") for m in _CODE_CUE.finditer(lowered)]
    if not cues:
        return []
    ends = [c[1] for c in cues]
    hits: list[SecretHit] = []
    for m in _CODE_DIGITS.finditer(text):
        digits = m.group()
        kind = ""
        first = bisect_left(ends, m.start() - 16)
        for start, end, cue_kind in cues[first:]:
            if start > m.end() + 14:
                break
            if end <= m.start() and m.start() - end <= (12 if cue_kind == "cvv" else 16):
                between = text[end : m.start()]
            elif cue_kind == "otp" and start >= m.end():
                between = text[m.end() : start]
            else:
                continue
            if not _NO_DIGIT_GAP.fullmatch(between):
                continue
            if cue_kind == "cvv" and len(digits) <= 4:
                kind = "cvv"
                break
            if cue_kind == "otp" and len(digits) >= 4:
                kind = "otp"
        if kind and kind in wanted:
            hits.append(SecretHit(kind, m.start(), m.end(), "•" * len(digits)))
    return hits


def find_secrets(text: str, kinds: Iterable[str] = ("seed", "private_key")) -> list[SecretHit]:
    """Finds secrets of the given kinds in ``text``.

    Args:
        text: any text (a note, a chat, an OCR result, a CSV cell). It is never logged or stored.
        kinds: any of ``seed``, ``private_key``, ``card``, ``cvv``, ``otp`` (default: the two that must never
            be stored: recovery phrases and private keys).

    Returns:
        The hits in text order, each with a masked excerpt.

    Raises:
        ValueError: an unknown kind.
    """
    wanted = set(kinds)
    unknown = wanted - set(ALL_KINDS)
    if unknown:
        raise ValueError(f"unknown secret kinds: {sorted(unknown)}")
    if not text:
        return []
    hits: list[SecretHit] = []
    if "seed" in wanted:
        hits += _find_seeds(text)
    if "private_key" in wanted:
        hits += _find_private_keys(text)
    if "card" in wanted:
        hits += _find_cards(text)
    if "cvv" in wanted or "otp" in wanted:
        hits += _find_codes(text, wanted)
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def contains_secret(text: str, kinds: Iterable[str] = ("seed", "private_key")) -> bool:
    """True when :func:`find_secrets` finds anything (convenience for refusal checks).

    Args:
        text: the text to check.
        kinds: as for :func:`find_secrets`.

    Returns:
        Whether at least one secret was found.
    """
    return bool(find_secrets(text, kinds))


def mask_secrets(text: str, kinds: Iterable[str] = ALL_KINDS) -> str:
    """Returns ``text`` with every detected secret replaced by bullets (for previews and logs of user text).

    Args:
        text: the text to mask.
        kinds: which kinds to mask (default: all).

    Returns:
        The masked text; the length of each secret is kept but not its characters.
    """
    out = []
    pos = 0
    for hit in find_secrets(text, kinds):
        if hit.start < pos:
            continue
        out.append(text[pos : hit.start])
        out.append(re.sub(r"\S", "•", text[hit.start : hit.end]))
        pos = hit.end
    out.append(text[pos:])
    return "".join(out)
