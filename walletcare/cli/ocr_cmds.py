"""``walletcare ocr`` and ``walletcare evidence search|text``: machine-read text of screenshots and PDFs.

``ocr`` reads the images and PDFs not yet read (all cases, or ``--case N``) in a worker process and saves each
item's text as soon as it is read, so an interrupted run loses at most the item being read and the next run
goes on from there. ``--wait`` waits for the vault when the window is saving to it, instead of stopping.
``evidence search`` finds items by the text they show (``--json``: ``[{"id","case","file","snippet"}]``);
``evidence text ID`` prints what was read from one item.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from walletcare.cli.common import Context, ExitCode, open_vault, print_json
from walletcare.errors import Refused, UsageError
from walletcare.i18n import _, sentences

WAIT_MS = 10 * 60 * 1000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``ocr``."""
    p = sub.add_parser("ocr", help=_("read the text of screenshots and PDFs not yet read (resumable)"))
    p.add_argument("--case", type=int)
    p.add_argument("--wait", action="store_true",
                   help=_("wait while the window is saving to the vault instead of stopping"))
    p.set_defaults(func=run_ocr)


def register_evidence(ev_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``evidence search`` and ``evidence text``."""
    p = ev_sub.add_parser("search", help=_("find evidence by the text it shows, its name or caption"))
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--case", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_evidence_search)
    p = ev_sub.add_parser("text", help=_("show the text read from one evidence item"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_evidence_text)
    p = ev_sub.add_parser("suggest", help=_("facts found in read text, offered as links and labels to accept"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--accept", metavar="ID", action="append", default=[],
                   help=_("apply the suggestion with this id (can be given more than once)"))
    p.add_argument("--dismiss", metavar="ID", action="append", default=[],
                   help=_("stop offering the suggestion with this id (nothing is changed; can be repeated)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_evidence_suggest)
    p = ev_sub.add_parser("sealed", help=_("list items sealed because they show a recovery phrase or private key"))
    p.add_argument("--case", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_evidence_sealed)
    p = ev_sub.add_parser("keep-sealed", help=_("keep a sealed item in the vault (it is never exported)"))
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=run_keep_sealed)


def read_added(store: Any, evidence_ids: list[int]) -> list[Any]:
    """Reads the text of newly added images and PDFs right away (``evidence add``); returns their readings.

    Raises:
        Refused: an item shows a recovery phrase or private key; it is kept sealed (exit 4 with the reason).
    """
    from walletcare.evidence import ocr

    todo = [i for i in evidence_ids if store.readings.get(i) is None
            and store.evidence.get(i).mime in ocr.READABLE_MIMES]
    if not todo or not ocr.available():
        return []
    readings = []
    with ocr.OcrWorker() as worker:
        for evidence_id in todo:
            item = store.evidence.get(evidence_id)
            try:
                result = worker.read(store.evidence.data(evidence_id), item.mime)
            except ocr.OcrFailed:
                continue  # stays unread; ``walletcare ocr`` tries again
            readings.append(store.readings.save(evidence_id, result))
    held = [r for r in readings if r.sealed]
    if held:
        raise Refused("\n".join(sealed_message(store.evidence.get(r.evidence_id).file_name, r) for r in held))
    return readings


def sealed_message(name: str, reading: Any) -> str:
    """Why an item was sealed and the two ways out."""
    from walletcare.evidence.readings import sealed_advice

    what = _("a recovery (seed) phrase") if reading.secret == "seed" else _("a private key")
    return sentences(_("“{name}” shows {what} ({excerpt}). Anyone who sees it can take your funds, so it is kept "
                       "sealed in the vault and never exported. Delete it with “walletcare evidence delete {id}”, "
                       "or keep it sealed with “walletcare evidence keep-sealed {id}”.").format(
        name=name, what=what, excerpt=reading.excerpt, id=reading.evidence_id), sealed_advice())


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run_ocr(args: argparse.Namespace, ctx: Context) -> int:
    """Reads every item not yet read; prints one line per item."""
    from walletcare.evidence import ocr
    from walletcare.evidence.readings import Reading

    if not ocr.available():
        if getattr(sys, "frozen", False):  # an installed bundle built without it (make dist)
            raise UsageError(_("Reading text from images is not part of this download. Download the WalletCare "
                                 "file whose name ends in “-ocr” to have it."))
        raise UsageError(_("Reading text from images is not installed. Run “make run” again to install it."))
    with open_vault(ctx) as vault:
        store = vault.store
        if args.wait:
            store.conn.execute(f"PRAGMA busy_timeout = {WAIT_MS}")
        if args.case is not None:
            store.cases.get(args.case)
        names = {e: store.evidence.get(e).file_name for e in store.readings.pending(args.case)}
        if not names:
            _say(_("Every image and PDF has been read."))
            return ExitCode.OK
        _say(_("Reading the text of {count} items. You can stop with Ctrl+C and go on later.")
             .format(count=len(names)))
        failed = 0

        def report(evidence_id: int, outcome: Reading | Exception) -> None:
            nonlocal failed
            if isinstance(outcome, Exception):
                failed += 1
                _say(f"#{evidence_id} {names.get(evidence_id, '')}: " + str(outcome))
            else:
                _say(f"#{evidence_id} {names.get(evidence_id, '')}: "
                     + _("{lines} lines read").format(lines=len(outcome.lines)))

        with ocr.OcrWorker() as worker:
            try:
                done = store.readings.read_pending(worker, args.case, on_item=report)
            except KeyboardInterrupt:
                sys.stderr.write(_("Stopped. The items read so far are saved; run “walletcare ocr” again to go on.")
                                 + "\n")
                return ExitCode.USAGE
    _say(_("{done} items read, {failed} could not be read.").format(done=done, failed=failed))
    return ExitCode.OK


def run_evidence_search(args: argparse.Namespace, ctx: Context) -> int:
    """Lists the items whose read text, name or caption contains TEXT."""
    with open_vault(ctx) as vault:
        store = vault.store
        if args.case is not None:
            store.cases.get(args.case)
        hits = store.readings.search(args.text, args.case)
    if args.json:
        print_json([{"id": h.evidence_id, "case": h.case_id, "file": h.file_name, "snippet": h.snippet}
                    for h in hits])
        return ExitCode.OK
    if not hits:
        _say(_("No evidence shows “{text}”.").format(text=args.text))
    for hit in hits:
        _say(f"#{hit.evidence_id}  {hit.file_name}  (" + _("case {id}").format(id=hit.case_id) + ")")
        _say("  " + hit.snippet)
    return ExitCode.OK


def run_evidence_text(args: argparse.Namespace, ctx: Context) -> int:
    """Prints the machine-read text of one item, or says it was not read yet."""
    with open_vault(ctx) as vault:
        store = vault.store
        evidence = store.evidence.get(args.id)
        reading = store.readings.get(args.id)
    if args.json:
        print_json({"id": evidence.id, "file": evidence.file_name, "read": reading is not None,
                    "sealed": reading.sealed if reading else "", "secret": reading.secret if reading else "",
                    "flags": list(reading.flags) if reading else [],
                    "source": reading.source if reading else None, "engine": reading.engine if reading else None,
                    "model": reading.model if reading else None, "read_at": reading.read_at if reading else None,
                    "text": reading.text if reading else "",
                    "lines": [{"text": ln.text, "score": ln.score, "box": [list(p) for p in ln.box], "page": ln.page,
                               "words": [{"text": w, "box": list(r)} for w, r in ln.words]}
                              for ln in (reading.lines if reading else ())]})
        return ExitCode.OK
    if reading is None:
        _say(_("“{name}” has not been read yet. Run “walletcare ocr” to read it.").format(name=evidence.file_name))
        return ExitCode.OK
    if reading.sealed:  # no text is kept: the notice about machine-read text would not be true
        _say(sealed_message(evidence.file_name, reading))
        return ExitCode.OK
    _say(_("Text read by the computer from “{name}”. It can contain mistakes: check it against the picture.")
         .format(name=evidence.file_name))
    _say("")
    _say(reading.text)
    if reading.flags:
        from walletcare.cli.safety_cmds import SEVERITY_NAMES

        _say("")
        _say(_("Scam warning signs in this text:"))
        for flag in reading.flags:
            _say(f"  [{_(SEVERITY_NAMES.get(flag['severity'], flag['severity']))}] “{flag['match']}”")
        _say(_("Check through the official app before you do anything they ask."))
    return ExitCode.OK


def run_evidence_sealed(args: argparse.Namespace, ctx: Context) -> int:
    """Lists the sealed items: held ones (waiting for a decision) first."""
    with open_vault(ctx) as vault:
        store = vault.store
        found = [(r, store.evidence.get(r.evidence_id).file_name) for r in store.readings.sealed(args.case)]
    if args.json:
        print_json([{"id": r.evidence_id, "case": r.case_id, "file": name, "secret": r.secret, "excerpt": r.excerpt,
                     "state": r.sealed} for r, name in found])
        return ExitCode.OK
    if not found:
        _say(_("No evidence is sealed."))
    for reading, name in found:
        if reading.sealed == "held":
            _say(sealed_message(name, reading))
        else:
            _say(_("“{name}” (#{id}) is kept sealed and never exported.").format(name=name, id=reading.evidence_id))
    return ExitCode.OK


def run_keep_sealed(args: argparse.Namespace, ctx: Context) -> int:
    """Confirms keeping a held item sealed."""
    with open_vault(ctx) as vault:
        reading = vault.store.readings.keep_sealed(args.id)
        name = vault.store.evidence.get(args.id).file_name
    _say(_("“{name}” (#{id}) is kept sealed and never exported.").format(name=name, id=reading.evidence_id))
    return ExitCode.OK


from walletcare.evidence.facts import FACT_NAMES  # noqa: E402 - kept beside its only user here


def run_evidence_suggest(args: argparse.Namespace, ctx: Context) -> int:
    """Lists the suggestions of a case, or applies the ones named with ``--accept``."""
    with open_vault(ctx) as vault:
        store = vault.store
        store.cases.get(args.case)
        dismissed = [store.suggestions.dismiss(args.case, sid) for sid in args.dismiss]
        accepted = [store.suggestions.accept(args.case, sid) for sid in args.accept]
        pending = store.suggestions.list(args.case) if not accepted and not dismissed else []
        names = {e.id: e.file_name for e in store.evidence.list(args.case)}
    shown = accepted or pending
    if dismissed and not accepted:
        if args.json:
            print_json([{"id": s.id, "evidence_id": s.evidence_id, "kind": s.fact.kind, "value": s.fact.value,
                         "transaction_id": s.transaction_id, "dismissed": True} for s in dismissed])
        else:
            for s in dismissed:
                _say(_("Dismissed: {what} {value}").format(what=_(FACT_NAMES[s.fact.kind]), value=s.fact.value))
        return ExitCode.OK
    if args.json:
        print_json([{"id": s.id, "evidence_id": s.evidence_id, "kind": s.fact.kind, "value": s.fact.value,
                     "transaction_id": s.transaction_id, "accepted": bool(accepted)} for s in shown])
        return ExitCode.OK
    if not shown:
        _say(_("No suggestions: nothing new was found in the read text."))
    for s in shown:
        what = _(FACT_NAMES[s.fact.kind])
        if s.transaction_id is not None:
            action = _("link “{file}” to transaction {tx}").format(file=names.get(s.evidence_id, ""),
                                                                  tx=s.transaction_id)
        else:
            action = _("label “{file}” with it").format(file=names.get(s.evidence_id, ""))
        prefix = _("Done:") if accepted else f"[{s.id}]"
        _say(f"{prefix} {what} {s.fact.value} → {action}")
    if pending:
        _say(_("Nothing is changed until you accept: walletcare evidence suggest --case {case} --accept ID")
             .format(case=args.case))
    return ExitCode.OK
