"""The scam checker's explanation beyond the flags, in the user's language: the scam families, who the
text pretends to be, the statistical second opinion and what the directory of real channels says. Shared by
``walletcare scan-text`` and the Safety page, so both say the same thing."""

from __future__ import annotations

from walletcare.faq.localized import to_simplified, to_taiwan
from walletcare.faq.scam import ScanResult
from walletcare.i18n import N_, translate

IMPERSONATION_NAMES: dict[str, str] = {
    "platform-support": N_("platform support"),
    "police-regulator": N_("police or a regulator"),
    "exchange": N_("an exchange"),
    "wallet": N_("a wallet"),
    "payment-app": N_("a payment app"),
    "courier": N_("a courier"),
    "teacher": N_("a teacher"),
    "relative": N_("a relative"),
    "boss": N_("a boss"),
    "lawyer-recovery": N_("a lawyer or recovery agent"),
}
KIND_NAMES: dict[str, str] = {
    "payment": N_("payment app"),
    "exchange": N_("exchange"),
    "self-custody": N_("self-custody wallet"),
}


def quoted(text: str, lang: str) -> str:
    """``text`` in the quotation marks of ``lang``: 「…」 in zh-TW, “…” otherwise."""
    return f"「{text}」" if lang == "zh-TW" else f"“{text}”"


def in_script(word: str, lang: str) -> str:
    """A word of the explanation in the script of the interface (Traditional on a zh-TW screen)."""
    if lang == "zh-TW":
        return to_taiwan(word)
    return to_simplified(word) if lang == "zh-CN" else word


def rating_line(result: ScanResult, lang: str) -> str:
    """Why a text with a high flag is rated medium ("High" needs two signals) and what to do, else ""."""
    if result.risk != "medium" or not result.held:
        return ""  # (a decisive request capped by anti-fraud wording is not "the only sign … real notices")
    return translate(N_("Not rated high: real notices and warnings about scams sometimes contain these signs "
                        "too, and the text as a whole does not read like a known scam script. Still, do not pay, "
                        "share a code or install anything because of this message: check it first through the "
                        "official app or a number you already trust."), lang)


def closing_line(result: ScanResult, lang: str) -> str:
    """What to do, last: stop and check when the text is rated high, check first when some signs were found
    (medium), else the rule that always holds; a text rated low whose signs are weak or sit in a warning or a
    description says so (its flags may still be severe)."""
    if result.risk == "low":
        return translate(N_("Only weak signs were found, or signs inside a warning or a description rather than a "
                            "request to you. Still, check anything you are asked to do through the official app "
                            "before you act."), lang)
    if result.risk == "high":
        return translate(N_("This matches known scam patterns. It is not a certainty, but stop and check through the "
                            "official app, or a number you already trust, before you do anything."), lang)
    if result.flags or result.risk != "none":  # (medium: some signs, not the verdict that the text is a scam)
        return translate(N_("Some of these signs match known scam patterns. It is not a certainty: before you do "
                            "anything, check through the official app or a number you already trust."), lang)
    return translate(N_("No known scam pattern was found. Still never share codes, passwords or recovery phrases."),
                     lang)


def brands(result: ScanResult) -> list[str]:
    """The wallets and payment apps whose support a suspicious text speaks as (not a hotline the user looked up,
    not a calm text that merely names the app's real support)."""
    if result.risk not in ("medium", "high") and not any(note.flagged for note in result.directory):
        return []
    return list(dict.fromkeys(note.name for note in result.directory if note.code != "listed"))


def family_line(result: ScanResult, lang: str) -> str:
    """``Scam family: …`` or "" when the text belongs to none."""
    if not result.families:
        return ""
    names = ("、" if lang.startswith("zh") else "; ").join(f.name for f in result.families)
    return translate(N_("Scam family: {families}"), lang).format(families=names)


def impersonation_line(result: ScanResult, lang: str) -> str:
    """``Pretends to be: …`` or ""."""
    names = brands(result)
    if not result.impersonates and not names:
        return ""
    sep = "、" if lang.startswith("zh") else ", "
    who = sep.join(translate(IMPERSONATION_NAMES.get(i, i), lang) for i in result.impersonates)
    if names and who:
        return translate(N_("Pretends to be {brands}: {who}"), lang).format(brands=sep.join(names), who=who)
    return translate(N_("Pretends to be: {who}"), lang).format(who=who or sep.join(names))


def opinion_line(result: ScanResult, lang: str) -> str:
    """The statistical model's view when it finds the text resembles known scam scripts, else ""."""
    opinion = result.opinion
    if opinion is None or not opinion.resembles_scam:
        return ""
    sep = "、" if lang.startswith("zh") else ", "
    words = sep.join(quoted(in_script(w, lang), lang) for w in opinion.words) or "—"
    if result.resembles is not None:
        return translate(N_("Resembles known scam scripts: {family} (words that weighed most: {words})."),
                         lang).format(family=result.resembles.name, words=words)
    return translate(N_("Resembles known scam scripts (words that weighed most: {words})."), lang).format(words=words)


def directory_lines(result: ScanResult, lang: str) -> list[str]:
    """One paragraph per provider the text names: official domains, hotline, in-app support, date, source."""
    lines = []
    sep = "、" if lang.startswith("zh") else ", "
    for note in result.directory:
        kind = translate(KIND_NAMES.get(note.kind, note.kind), lang)
        if note.hotlines:
            phone = translate(N_("published hotline {hotlines}"), lang).format(hotlines=sep.join(note.hotlines))
        else:
            phone = translate(N_("no published phone number"), lang)
        line = translate(N_("Real channels of {name} ({kind}): official sites {domains}; {phone}; support: {support} "
                            "(as of {date}; source: {source})"), lang).format(
            name=note.name, kind=kind, domains=sep.join(note.domains) or "—", phone=phone, support=note.support,
            date=note.as_of, source=note.source)
        lines.append(line)
        if note.self_custody_rule:
            lines.append(note.self_custody_rule)
    return lines


def explanation(result: ScanResult, lang: str) -> list[str]:
    """Every line above, in order, without the empty ones."""
    return [line for line in (family_line(result, lang), impersonation_line(result, lang), opinion_line(result, lang),
                              *directory_lines(result, lang)) if line]
