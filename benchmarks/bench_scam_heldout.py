"""The scam checker on a held-out set written by someone who saw neither its rules nor its training corpus
(``benchmarks/data/scam_heldout.jsonl``: id, lang, label scam|benign, family, impersonates, text).

Targets (issue #22): recall — scams rated medium or high — at least 95%; no benign message rated high;
at most 5% of benign messages rated medium. Reported overall, per family, per impersonation and per
language, for the full checker, for the rules alone (no model) and for the model alone.
``python benchmarks/bench_scam_heldout.py --write`` also writes ``benchmarks/results/scam_heldout.md`` and
``.json``; the held-out sentences themselves are never copied into rules or training data.

A second held-out set (``benchmarks/data/scam_heldout2.jsonl``), written the same way by another author who
also never saw the first set, was evaluated once with the checker as it was after the fixes the first set
prompted, and never tuned against: its figures are the honest estimate on unseen scripts (``--data
scam_heldout2.jsonl --write scam_heldout2_first``). Tuning against it spends it; the next estimate then needs a
new set. Sets 3 to 8 followed the same way (``scam_heldout3_first`` ... ``scam_heldout8_first``); all eight are
now spent, and so are the ninth and tenth (``scam_heldout9_first``, ``scam_heldout10_first``; the fixes they
prompted are in ``scam_heldout_spent``). The eleventh and twelfth sets were each scored once
(``scam_heldout11_first``, ``scam_heldout12_first``); the rule that "high" needs two signals was made after
reading their false highs (``scam_heldout_two_signals``), so they are spent as estimates too. The thirteenth to
thirtieth sets were each scored once (``scam_heldout13_first`` ... ``scam_heldout30_first``), in pairs, and then
read to fix what they showed (``scam_heldout_recounts``); the tests hold the first thirty to the targets
(``TUNED``). The thirty-first to fifty-ninth sets were scored once each, two to four at a time, with the checker of
their round (``scam_heldout31_first`` ... ``scam_heldout59_first``); all but the thirty-first were then read to
change the rules, and all fifty-nine are the statistical model's training data since (``SPENT``). The sixtieth to
sixty-seventh were scored once, four at a time, with the checker trained on them and, from the sixty-fourth, with
"high" needing the model's agreement (``scam_heldout60_first`` ... ``scam_heldout67_first``); the sixtieth to
sixty-fifth were read for their benign messages rated high and medium. The tests hold every read set to the targets
but the sixtieth and seventy-third (benign medium 5.4 %). The sixty-sixth to seventy-fifth were scored once each,
the sixty-eighth and seventy-third to seventy-fifth then read for their benign highs; the seventy-sixth to
seventy-ninth (scored once with the rules before a review, which changed none of their figures) and the eightieth
to eighty-third (scored once with the final checker of that round) were then read too, for the warnings they rated
medium. The eighty-fourth to eighty-seventh were scored once (``scam_heldout84_first`` ...) and read; the
eighty-eighth to ninety-first were scored once with the final checker of the next round (``scam_heldout88_first``
...), and the ninety-first was read for its one benign high; the ninety-second to ninety-fifth were scored once
with the checker at 11e0ab7 and the ninety-second read for its three benign highs; the ninety-sixth to
ninety-ninth were scored once with the final checker of that round (7056f02, ``scam_heldout96_first`` ...) and
never read. They, the eighty-eighth to ninetieth and the ninety-third to ninety-fifth are the honest estimates
now (docs/wizards-and-safety.md has the history).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import Figure

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "scam_heldout.jsonl"
# every held-out set in the order written; the first fifty-nine are spent (scored, then read to change the rules,
# all but the thirty-first, and training data for tools/train_scam_model.py); the sixtieth to eighty-seventh and
# the ninety-first and ninety-second were read after their first scoring; the eighty-eighth to ninetieth and
# ninety-third to ninety-ninth are the honest estimates (a missing file is skipped)
SETS = tuple(HERE / "data" / f"scam_heldout{n}.jsonl" for n in ("", *(str(k) for k in range(2, 100))))
SPENT = SETS[:59]
# every set read while the rules were changed that meets the targets, and the thirty-first: the tests hold each
# of them to the targets (the eighty-third rates 6.7 % of its benign messages medium, the model raising six)
TUNED = SETS[:82] + SETS[83:87] + SETS[90:92]
ORDINALS = ("", "second ", "third ", "fourth ", "fifth ", "sixth ", "seventh ", "eighth ", "ninth ", "tenth ",
            "eleventh ", "twelfth ", "thirteenth ", "fourteenth ", "fifteenth ", "sixteenth ", "seventeenth ",
            "eighteenth ", "nineteenth ", "twentieth ", "twenty-first ", "twenty-second ", "twenty-third ",
            "twenty-fourth ", "twenty-fifth ", "twenty-sixth ", "twenty-seventh ", "twenty-eighth ", "twenty-ninth ",
            "thirtieth ", "thirty-first ", "thirty-second ", "thirty-third ",
            "thirty-fourth ", "thirty-fifth ", "thirty-sixth ", "thirty-seventh ", "thirty-eighth ",
            "thirty-ninth ", "fortieth ", "forty-first ", "forty-second ", "forty-third ",
            "forty-fourth ", "forty-fifth ", "forty-sixth ", "forty-seventh ", "forty-eighth ", "forty-ninth ",
            "fiftieth ", "fifty-first ", "fifty-second ", "fifty-third ", "fifty-fourth ", "fifty-fifth ",
            "fifty-sixth ", "fifty-seventh ", "fifty-eighth ", "fifty-ninth ", "sixtieth ", "sixty-first ",
            "sixty-second ", "sixty-third ", "sixty-fourth ", "sixty-fifth ", "sixty-sixth ", "sixty-seventh ",
            "sixty-eighth ", "sixty-ninth ", "seventieth ", "seventy-first ", "seventy-second ", "seventy-third ",
            "seventy-fourth ", "seventy-fifth ", "seventy-sixth ", "seventy-seventh ", "seventy-eighth ",
            "seventy-ninth ", "eightieth ", "eighty-first ", "eighty-second ", "eighty-third ", "eighty-fourth ",
            "eighty-fifth ", "eighty-sixth ", "eighty-seventh ", "eighty-eighth ", "eighty-ninth ", "ninetieth ",
            "ninety-first ", "ninety-second ", "ninety-third ", "ninety-fourth ", "ninety-fifth ", "ninety-sixth ",
            "ninety-seventh ", "ninety-eighth ", "ninety-ninth ")
RESULTS = HERE / "results"


def load(path: Path = DATA) -> list[dict[str, Any]]:
    """The held-out messages."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(items: list[dict[str, Any]], alone: bool = True, checker: Any = None) -> dict[str, Any]:
    """Risk of every message under the full checker, the rules alone and the model alone, and the tallies.
    ``alone=False`` scores the full checker only (the tests' targets); the rules-alone and model-alone tallies
    then count nothing. ``checker``: a loaded ``ScamChecker`` to use (default: load the shipped one)."""
    import yaml

    from walletcare import resources
    from walletcare.faq.cues import normalize
    from walletcare.faq.scam import ScamChecker

    full = checker if checker is not None else ScamChecker.load()
    rules = ScamChecker(yaml.safe_load(resources.path("safety/redflags.yaml").read_text(encoding="utf-8")),
                        yaml.safe_load(resources.path("safety/families.yaml").read_text(encoding="utf-8")),
                        None, full.directory) if alone else None
    model = full.model if alone else None
    rows = []
    for item in items:
        result = full.scan(item["text"], item.get("lang", "zh-CN"))
        opinion = model.opinion(normalize(item["text"])) if model is not None else None
        rows.append({
            "id": item.get("id"), "lang": item.get("lang"), "label": item["label"], "family": item.get("family") or "",
            "impersonates": item.get("impersonates") or "", "risk": result.risk,
            "rules_risk": rules.scan(item["text"], item.get("lang", "zh-CN")).risk if rules is not None else None,
            "model": bool(opinion and opinion.resembles_scam),
            "families": [f.id for f in result.families],
            "flags": [f.rule for f in result.flags],
        })
    return {"rows": rows, "summary": summarise(rows)}


def _tally(rows: list[dict[str, Any]], risk_key: str) -> dict[str, Any]:
    scams = [r for r in rows if r["label"] == "scam"]
    benign = [r for r in rows if r["label"] == "benign"]
    caught = sum(1 for r in scams if r[risk_key] in ("medium", "high"))
    return {
        "scams": len(scams), "caught": caught, "recall": caught / len(scams) if scams else None,
        "benign": len(benign), "benign_high": sum(1 for r in benign if r[risk_key] == "high"),
        "benign_medium": sum(1 for r in benign if r[risk_key] == "medium"),
        "benign_medium_share": (sum(1 for r in benign if r[risk_key] == "medium") / len(benign)) if benign else None,
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Tallies overall and per language, family and impersonation (full checker), plus rules and model alone."""
    for r in rows:
        r["model_risk"] = "medium" if r["model"] else "none"
    out: dict[str, Any] = {"overall": _tally(rows, "risk"), "rules_only": _tally(rows, "rules_risk"),
                           "model_only": _tally(rows, "model_risk")}
    for key in ("lang", "family", "impersonates"):
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            groups[str(r[key] or "-")].append(r)
        out[f"by_{key}"] = {k: _tally(v, "risk") for k, v in sorted(groups.items())}
    return out


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def markdown(summary: dict[str, Any], title: str) -> str:
    """The results as a Markdown report."""
    lines = [f"# {title}", "", "| checker | recall (medium or high) | benign high | benign medium |", "|---|---|---|---|"]
    for name, key in (("full (rules + families + directory + model)", "overall"), ("rules and families only", "rules_only"),
                      ("model only", "model_only")):
        t = summary[key]
        lines.append(f"| {name} | {t['caught']}/{t['scams']} = {_pct(t['recall'])} | {t['benign_high']}/{t['benign']} | "
                     f"{t['benign_medium']}/{t['benign']} = {_pct(t['benign_medium_share'])} |")
    for key, head in (("by_lang", "language"), ("by_family", "family"), ("by_impersonates", "impersonates")):
        lines += ["", f"| {head} | recall | benign high | benign medium |", "|---|---|---|---|"]
        for name, t in summary[key].items():
            recall = f"{t['caught']}/{t['scams']} = {_pct(t['recall'])}" if t["scams"] else "—"
            benign = f"{t['benign_medium']}/{t['benign']}" if t["benign"] else "—"
            lines.append(f"| {name} | {recall} | {t['benign_high'] if t['benign'] else '—'} | {benign} |")
    return "\n".join(lines) + "\n"


def run() -> list[Figure]:
    """Recall and false alarms on the held-out set against the issue's targets."""
    figures = []
    for path, ordinal in zip(SETS, ORDINALS, strict=True):
        label = f"scam {ordinal}held-out"
        if not path.is_file():
            continue
        summary = evaluate(load(path))["summary"]["overall"]
        figures += [
            Figure(f"{label} recall (medium or high)", summary["recall"] * 100, "%", 95.0, lower_is_better=False,
                   note=f"{summary['caught']}/{summary['scams']}"),
            Figure(f"{label} benign rated high", summary["benign_high"], "msgs", 0.0),
            Figure(f"{label} benign rated medium", (summary["benign_medium_share"] or 0) * 100, "%", 5.0,
                   note=f"{summary['benign_medium']}/{summary['benign']}"),
        ]
    return figures


def main(argv: list[str]) -> int:
    """Prints the report; ``--data FILE`` (in benchmarks/data) picks the set; ``--write [NAME]`` also saves it
    under ``benchmarks/results/``."""
    data = HERE / "data" / argv[argv.index("--data") + 1] if "--data" in argv else DATA
    result = evaluate(load(data))
    text = markdown(result["summary"], "Scam checker on the held-out set")
    sys.stdout.write(text)
    if "--write" in argv:
        name = argv[argv.index("--write") + 1] if len(argv) > argv.index("--write") + 1 else "scam_heldout"
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")
        (RESULTS / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
