"""Trains the scam checker's character n-gram model and writes ``resources/safety/ngram_model.json``.

Corpus: the labelled messages of ``tests/unit/faq/scam_train/`` (scripts by family, benign notifications,
support replies, chats), ``tests/unit/faq/scam_corpus/`` (the rules' own corpus) and the held-out sets
already spent (their figures taken, then tuned against: ``SPENT``), plus every paragraph
of the help articles in ``resources/articles`` as benign hard negatives (they discuss scams in the same
words). The model is multinomial naive Bayes on character 1-4-grams (see ``walletcare.faq.ngram``); the
threshold is picked by 5-fold cross-validation so that at most ``--max-fp`` (1 %) of the benign messages score
above it. Run: ``python tools/train_scam_model.py [--check] [--loso]`` (``--check`` reports without writing;
``--loso`` first estimates each spent held-out set with a model trained without it, alone and inside the full
checker).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from benchmarks.bench_scam_heldout import SPENT  # noqa: E402
from walletcare.faq.content import split_front_matter  # noqa: E402
from walletcare.faq.cues import normalize  # noqa: E402
from walletcare.faq.markdown import to_plain  # noqa: E402
from walletcare.faq.ngram import NgramModel, model_text, ngrams  # noqa: E402

TRAIN = ROOT / "tests/unit/faq/scam_train"
OLD = ROOT / "tests/unit/faq/scam_corpus"
# SPENT: held-out sets whose figures were taken and then tuned against, spent as estimates, useful as training
SPENT_FAMILIES = {
    "fee_to_unfreeze": "fee-to-unfreeze", "safe_account": "safe-account", "secret_request": "secret-request",
    "remote_control": "remote-control", "leave_platform": "leave-platform", "giftcard_ff": "untraceable-payment",
    "recovery_scam": "recovery", "refund_rebate": "fake-support", "impersonated_authority": "authority",
    "fake_investment_task": "investment", "relative_or_boss": "impersonated-contact",
    "fee_to_unlock": "fee-to-unfreeze", "credential_theft": "secret-request", "off_platform": "leave-platform",
    "gift_card_or_ff": "untraceable-payment", "impersonated_relative_or_boss": "impersonated-contact",
    "refund_or_compensation": "fake-support", "fake_investment_or_task": "investment",
}
ARTICLES = ROOT / "resources/articles"
WIZARDS = ROOT / "resources/wizards"
SAFETY = ROOT / "resources/safety"
HELP_KEYS = {"ask", "check", "text", "warning", "why", "advice", "input", "label"}
OUT = ROOT / "resources/safety/ngram_model.json"
# The rules corpus names kinds; these are the families they belong to.
OLD_KINDS = {
    "unfreeze-fee": "fee-to-unfreeze", "seed-verify": "secret-request", "otp": "secret-request",
    "fake-customer-service": "fake-support", "refund-link": "fake-support", "authority": "authority",
    "screen-share": "remote-control", "safe-account": "safe-account", "recovery-offer": "recovery",
    "loan": "loan", "gift-card": "untraceable-payment", "channel-move": "leave-platform",
    "approve": "wallet-drain",
}
ALPHA = 0.5
MIN_COUNT = 5  # rarer n-grams add size (3x at 2) and no accuracy on unseen sets
MIN_WEIGHT = 0.2
ARTICLE_WEIGHT = 0.25  # an article paragraph counts a quarter of a message: they are many and long
FAMILY_GRAMS = 400


def load_messages() -> list[dict[str, str]]:
    """The labelled messages: ``{"text", "label", "family", "lang", "source"}``."""
    items = []
    for path in sorted(TRAIN.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            items.append({"text": item["text"], "label": item["label"], "family": item.get("family", ""),
                          "lang": path.stem, "source": "train"})
    for path in sorted(OLD.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            label = item["expect"]
            family = OLD_KINDS.get(item.get("kind", ""), "") if label == "scam" else item.get("kind", "")
            items.append({"text": item["text"], "label": label, "family": family, "lang": path.stem,
                          "source": "rules-corpus"})
    for path in SPENT:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            family = SPENT_FAMILIES.get(item.get("family", ""), "") if item["label"] == "scam" else ""
            items.append({"text": item["text"], "label": item["label"], "family": family,
                          "lang": item["lang"],
                          "source": "spent-heldout"})
    return items


def load_article_paragraphs() -> list[str]:
    """Every paragraph (20 characters or more) of every help article in every language, and the app's other
    help texts: the wizards' questions, checks and warnings and the checker's own explanations (why/advice of
    every rule and family), which warn about scams in the scripts' own words."""
    out = []
    for path in sorted(ARTICLES.glob("*/*.md")):
        _meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        for block in to_plain(body).split("\n"):
            if len(block.strip()) >= 20:
                out.append(block.strip())
    for path in sorted(WIZARDS.glob("*.yaml")) + [SAFETY / "redflags.yaml", SAFETY / "families.yaml"]:
        out += [text for text in _help_texts(yaml.safe_load(path.read_text(encoding="utf-8"))) if len(text) >= 20]
    return out


def _help_texts(node: object, key: str = "") -> list[str]:
    """The localised texts (``{zh-CN: ..., en: ...}`` values) of a wizard or of the rules' why/advice."""
    if isinstance(node, dict):
        if key in HELP_KEYS and all(isinstance(v, str) for v in node.values()):
            return [v.strip() for v in node.values()]
        return [t for k, v in node.items() for t in _help_texts(v, str(k))]
    if isinstance(node, list):
        return [t for v in node for t in _help_texts(v, key)]
    return []


def _grams(text: str) -> list[str]:
    return [g for _s, g in ngrams(model_text(normalize(text)))]


def train(scams: list[dict[str, str]], benign: list[str], articles: list[str]) -> dict[str, object]:
    """Naive Bayes weights (log ratio scam / benign) and per-family weights (family / all scams)."""
    counts: dict[str, Counter[str]] = {"scam": Counter(), "benign": Counter()}
    family_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in scams:
        grams = _grams(item["text"])
        counts["scam"].update(grams)
        if item["family"]:
            family_counts[item["family"]].update(grams)
    for text in benign:
        counts["benign"].update(_grams(text))
    article_counts: Counter[str] = Counter()
    for text in articles:
        article_counts.update(_grams(text))
    for gram, c in article_counts.items():
        counts["benign"][gram] += c * ARTICLE_WEIGHT  # type: ignore[assignment]
    vocab = set(counts["scam"]) | set(counts["benign"])
    total_s = sum(counts["scam"].values()) + ALPHA * len(vocab)
    total_b = sum(counts["benign"].values()) + ALPHA * len(vocab)
    weights = {}
    for gram in vocab:
        cs, cb = counts["scam"][gram], counts["benign"][gram]
        if cs + cb < MIN_COUNT:
            continue
        w = math.log((cs + ALPHA) / total_s) - math.log((cb + ALPHA) / total_b)
        if abs(w) >= MIN_WEIGHT:
            weights[gram] = round(w, 3)
    families = {}
    for name, fc in family_counts.items():
        if sum(1 for s in scams if s["family"] == name) < 5:
            continue
        total_f = sum(fc.values()) + ALPHA * len(vocab)
        scored = []
        for gram, c in fc.items():
            if gram not in weights or weights[gram] <= 0 or len(gram) < 2:
                continue
            w = math.log((c + ALPHA) / total_f) - math.log((counts["scam"][gram] + ALPHA) / total_s)
            if w > 0:
                scored.append((w * math.log1p(c), gram, w))
        scored.sort(reverse=True)
        families[name] = {g: round(w, 3) for _k, g, w in scored[:FAMILY_GRAMS]}
    return {"weights": weights, "families": families}


def _fold(text: str, k: int = 5) -> int:
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % k


def cross_validate(messages: list[dict[str, str]], articles: list[str]) -> list[tuple[float, str, str, str]]:
    """Scores each labelled message with a model trained on the other four folds (articles always in)."""
    results = []
    for k in range(5):
        train_msgs = [m for m in messages if _fold(m["text"]) != k]
        test_msgs = [m for m in messages if _fold(m["text"]) == k]
        data = train([m for m in train_msgs if m["label"] == "scam"],
                     [m["text"] for m in train_msgs if m["label"] == "benign"], articles)
        model = NgramModel({**data, "threshold": 0.0})
        for m in test_msgs:
            results.append((model.opinion(normalize(m["text"])).score, m["label"], m["lang"], m["text"]))
    return results


def cv_scores() -> dict[str, float]:
    """Cross-validated scores by text, for judging the checker with the model on unseen folds."""
    return {text: score for score, _label, _lang, text in cross_validate(load_messages(), load_article_paragraphs())}


def pick_threshold(results: list[tuple[float, str, str, str]], max_fp: float, latin: bool) -> float:
    """The lowest threshold that keeps the benign share above it at or below ``max_fp``, for English
    (``latin``) or Chinese messages."""
    benign = sorted((s for s, label, lang, _t in results if label == "benign" and (lang == "en") == latin),
                    reverse=True)
    allowed = int(len(benign) * max_fp)
    return round(benign[allowed] + 1e-3, 3) if len(benign) > allowed else 0.0


def leave_one_set_out(messages: list[dict[str, str]], articles: list[str], max_fp: float) -> list[str]:
    """For each spent held-out set: a model trained without it (threshold by 5-fold cross-validation on the
    rest), scored on it alone and inside the full checker. Markdown table rows."""
    import yaml as _yaml

    from benchmarks.bench_scam_heldout import load
    from walletcare import resources
    from walletcare.faq.directory import Directory
    from walletcare.faq.scam import ScamChecker

    rules = _yaml.safe_load(resources.path("safety/redflags.yaml").read_text(encoding="utf-8"))
    families = _yaml.safe_load(resources.path("safety/families.yaml").read_text(encoding="utf-8"))
    directory = Directory.load()
    rows = ["| held out | model alone: recall | model alone: benign above | full: recall | full: benign high | "
            "full: benign medium |", "|---|---|---|---|---|---|"]
    for path in SPENT:
        held = {item["text"] for item in load(path)}
        rest = [m for m in messages if m["text"] not in held]
        results = cross_validate(rest, articles)
        data = train([m for m in rest if m["label"] == "scam"], [m["text"] for m in rest if m["label"] == "benign"],
                     articles)
        model = NgramModel({**data, "threshold": pick_threshold(results, max_fp, latin=False),
                            "threshold_latin": pick_threshold(results, max_fp, latin=True)})
        checker = ScamChecker(rules, families, model, directory)
        items = load(path)
        scams = [i for i in items if i["label"] == "scam"]
        benign = [i for i in items if i["label"] == "benign"]
        above = {i["text"]: model.opinion(normalize(i["text"])).resembles_scam for i in items}
        risk = {i["text"]: checker.scan(i["text"], i["lang"]).risk for i in items}
        caught = sum(risk[i["text"]] in ("medium", "high") for i in scams)
        medium = sum(risk[i["text"]] == "medium" for i in benign)
        rows.append(f"| {path.name} | {sum(above[i['text']] for i in scams)}/{len(scams)} = "
                    f"{sum(above[i['text']] for i in scams) / len(scams):.1%} | {sum(above[i['text']] for i in benign)}/"
                    f"{len(benign)} | {caught}/{len(scams)} = {caught / len(scams):.1%} | "
                    f"{sum(risk[i['text']] == 'high' for i in benign)} | {medium}/{len(benign)} = "
                    f"{medium / len(benign):.1%} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    """Cross-validates, reports, trains on everything and writes the weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-fp", type=float, default=0.01, help="benign share allowed above the threshold")
    parser.add_argument("--check", action="store_true", help="report only, do not write the model")
    parser.add_argument("--loso", action="store_true",
                        help="also estimate by leave-one-set-out over the spent held-out sets (slow)")
    args = parser.parse_args(argv)
    messages = load_messages()
    articles = load_article_paragraphs()
    if args.loso:
        print("\n".join(leave_one_set_out(messages, articles, args.max_fp)))
    results = cross_validate(messages, articles)
    threshold = pick_threshold(results, args.max_fp, latin=False)
    threshold_latin = pick_threshold(results, args.max_fp, latin=True)
    scams = [r for r in results if r[1] == "scam"]
    benign = [r for r in results if r[1] == "benign"]

    def above(r: tuple[float, str, str, str]) -> bool:
        return r[0] >= (threshold_latin if r[2] == "en" else threshold)

    caught = sum(1 for r in scams if above(r))
    false = sum(1 for r in benign if above(r))
    print(f"{len(messages)} messages ({len(scams)} scam, {len(benign)} benign) + {len(articles)} article paragraphs")
    print(f"5-fold CV at thresholds {threshold} (Chinese) / {threshold_latin} (English): scam recall "
          f"{caught}/{len(scams)} = {caught / len(scams):.1%}; benign above {false}/{len(benign)} = "
          f"{false / len(benign):.1%}")
    data = train([m for m in messages if m["label"] == "scam"],
                 [m["text"] for m in messages if m["label"] == "benign"], articles)
    model = {"version": 1, "ngram": [1, 4], "window": 80, "window_latin": 200, "threshold": threshold,
             "threshold_latin": threshold_latin,
             "trained_on": {"scam": len(scams), "benign": len(benign), "article_paragraphs": len(articles)},
             **data}
    print(f"{len(data['weights'])} n-gram weights, families: {', '.join(sorted(data['families']))}")  # type: ignore[arg-type]
    if not args.check:
        OUT.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                       encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
