"""The vault commands end to end, as a user runs them (fresh processes, real vault folder)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image


def _run(vault: Path, *args: str, passphrase: str | None = "口令 pass 1", stdin: str | None = None,
         extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WALLETCARE_TEST_KDF_SECONDS": "0"}
    env.pop("WALLETCARE_PASSPHRASE", None)
    if passphrase is not None:
        env["WALLETCARE_PASSPHRASE"] = passphrase
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "walletcare", "--vault", str(vault), "--lang", "en", *args],
                          capture_output=True, text=True, env=env, input=stdin, timeout=120)


def test_cli_flow(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    init = _run(vault, "init")
    assert init.returncode == 0, init.stderr
    code = next(line.split(": ", 1)[1] for line in init.stdout.splitlines() if line.startswith("Recovery code"))
    assert _run(vault, "init").returncode == 2  # never overwrites

    created = _run(vault, "case", "new", "--title", "微信转账未到账", "--provider", "WeChat Pay", "--amount", "1,200.50",
                   "--currency", "cny", "--opened", "2024-03-01", "--json")
    assert created.returncode == 0, created.stderr
    case_id = json.loads(created.stdout)["id"]
    listed = json.loads(_run(vault, "case", "list", "--json").stdout)
    assert listed == [{"id": case_id, "title": "微信转账未到账", "provider": "WeChat Pay", "kind": "payment",
                       "opened": "2024-03-01", "status": "open"}]

    tx = _run(vault, "tx", "add", "--case", str(case_id), "--time", "2024-03-01 10:15+08:00", "--amount", "1200.50",
              "--currency", "CNY", "--counterparty", "张三", "--ref", "100004990124030112345")
    assert tx.returncode == 0 and tx.stdout.strip().isdigit(), tx.stderr
    note = _run(vault, "note", "add", "--case", str(case_id), "--kind", "call", "--at", "2024-03-02 09:00",
                "--channel", "95017", "--summary", "客服说 24 小时内处理", "--promised", "退回零钱", "--follow-up", "2024-03-03")
    assert note.returncode == 0, note.stderr

    shot = tmp_path / "shot.png"
    image = Image.new("RGB", (720, 1600), (7, 193, 96))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    shot.write_bytes(buffer.getvalue())
    added = _run(vault, "evidence", "add", "--case", str(case_id), str(shot), "--caption", "转账截图", "--json")
    assert added.returncode == 0, added.stderr
    item = json.loads(added.stdout)[0]
    assert {k: item[k] for k in ("file", "bytes", "mime")} == {"file": "shot.png", "bytes": len(buffer.getvalue()),
                                                                "mime": "image/png"}
    import hashlib

    assert item["sha256"] == hashlib.sha256(buffer.getvalue()).hexdigest()
    again = _run(vault, "evidence", "add", "--case", str(case_id), str(shot), "--json")
    assert json.loads(again.stdout)[0]["duplicate"] is True

    edit = _run(vault, "case", "edit", str(case_id), "--status", "escalated", "--respondent", "财付通",
                "--claimant-name", "李四", "--requested-resolution", "退回 1200.50 元")
    assert edit.returncode == 0, edit.stderr
    shown = json.loads(_run(vault, "case", "show", str(case_id), "--json").stdout)
    assert shown["status"] == "escalated" and shown["respondent"]["name"] == "财付通"
    assert shown["counts"] == {"transactions": 1, "contacts": 1, "evidence": 1}

    trail = json.loads(_run(vault, "audit", "--json").stdout)
    assert set(trail[0]) >= {"seq", "at", "action", "object", "hash"}
    verify = _run(vault, "audit", "--verify", "--json")
    assert verify.returncode == 0 and json.loads(verify.stdout)["intact"] is True

    backup = _run(vault, "backup", "-o", str(tmp_path / "backup"))
    assert backup.returncode == 0, backup.stderr
    assert _run(vault, "restore", str(tmp_path / "backup")).returncode == 0

    changed = _run(vault, "passwd", extra_env={"WALLETCARE_NEW_PASSPHRASE": "new pass 2"})
    assert changed.returncode == 0, changed.stderr
    assert _run(vault, "case", "list").returncode == 3
    forgot = _run(vault, "passwd", "--recovery-code", "--new-recovery-code", passphrase=None, stdin=code + "\n",
                  extra_env={"WALLETCARE_NEW_PASSPHRASE": "third pass"})
    assert forgot.returncode == 0, forgot.stderr
    assert _run(vault, "case", "list", passphrase="third pass").returncode == 0
    old_code = _run(vault, "passwd", "--recovery-code", passphrase=None, stdin=code + "\n",
                    extra_env={"WALLETCARE_NEW_PASSPHRASE": "x"})
    assert old_code.returncode == 3


def test_cli_errors(tmp_path: Path) -> None:
    missing = _run(tmp_path / "none", "case", "list")
    assert missing.returncode == 3 and "No vault" in missing.stderr
    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    wrong = _run(vault, "case", "list", passphrase="wrong")
    assert wrong.returncode == 3 and "passphrase" in wrong.stderr and "Traceback" not in wrong.stderr
    unreadable = _run(vault, "evidence", "add", "--case", "1", str(tmp_path / "nope.png"))
    assert unreadable.returncode == 4
    bad_time = _run(vault, "tx", "add", "--case", "1", "--time", "yesterday", "--amount", "1", "--currency", "CNY")
    assert bad_time.returncode == 2
    no_case = _run(vault, "tx", "add", "--case", "42", "--time", "2024-01-01", "--amount", "1", "--currency", "CNY")
    assert no_case.returncode == 2 and "42" in no_case.stderr
    from walletcare.evidence.vault import Vault

    with Vault.open(vault, bytearray("口令 pass 1".encode())) as opened:
        opened.store.conn.execute("UPDATE audit SET action = 'delete' WHERE seq = 1")
    broken = _run(vault, "audit", "--verify", "--json")
    assert broken.returncode == 1 and json.loads(broken.stdout)["intact"] is False
    (vault / "vault.db").write_bytes(b"\0" * 8192)
    corrupt = _run(vault, "audit", "--verify")
    assert corrupt.returncode == 3 and "walletcare restore" in corrupt.stderr


def test_cli_adds_many_files_at_once(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    assert _run(vault, "case", "new", "--title", "多文件").returncode == 0
    files = []
    for i in range(5):
        image = Image.new("RGB", (300, 600), (i * 40, 80, 160))
        path = tmp_path / f"shot{i}.png"
        image.save(path, "PNG")
        files.append(str(path))
    added = _run(vault, "evidence", "add", "--case", "1", *files, files[0], "--json")
    assert added.returncode == 0, added.stderr
    items = json.loads(added.stdout)
    assert [i["file"] for i in items] == [f"shot{i}.png" for i in range(5)] + ["shot0.png"]
    assert [i["duplicate"] for i in items] == [False] * 5 + [True]
    assert all(i["mime"] == "image/png" for i in items)


def test_damage_found_after_unlock_names_the_problem_and_the_way_out(tmp_path: Path) -> None:
    from walletcare.evidence.models import Case
    from walletcare.evidence.vault import Vault

    folder = tmp_path / "vault"
    vault, _code = Vault.create(folder, bytearray("口令 pass 1".encode()), kdf_seconds=0)
    store = vault.store
    case = store.cases.add(Case(0, "损坏测试"))
    first = store.conn.execute("PRAGMA page_count").fetchone()[0]
    with store.transaction():
        for i in range(300):  # an audit trail of ~90 pages of 4 KiB, ~25 of 16 KiB
            store.audit.record("note", f"entry {i}", case.id, os.urandom(32), detail="详情" * 200)
    last = store.conn.execute("PRAGMA page_count").fetchone()[0]  # the trail's pages are those in between
    store.evidence.add(case.id, os.urandom(9 << 20), "statement.bin")  # over 8 MiB: the unlock check is bounded
    page = int(store.conn.execute("PRAGMA page_size").fetchone()[0])
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] > 300
    vault.close()
    # damage a leaf in the middle of the trail (the pages the audit entries added; its first and last leaves are
    # read by the bounded check)
    with open(folder / "vault.db", "r+b") as db:
        db.seek(((first + last) // 2 - 1) * page + 1500)
        db.write(os.urandom(64))
    Vault.open(folder, bytearray("口令 pass 1".encode())).close()  # the bounded check at unlock does not see it
    result = _run(folder, "audit", "--verify")
    assert result.returncode == 3, result.stderr
    assert "damaged" in result.stderr and "walletcare restore" in result.stderr and "Traceback" not in result.stderr


def test_cli_refuses_bad_values_and_never_shows_a_traceback(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    assert _run(vault, "case", "new", "--title", "值").returncode == 0
    for args in (["tx", "add", "--case", "1", "--time", "0001-01-01", "--amount", "1", "--currency", "CNY"],
                 ["tx", "add", "--case", "1", "--time", "2024-01-01", "--amount", "1", "--currency", ""],
                 ["tx", "add", "--case", "1", "--time", "2024-01-01", "--amount", "1e400", "--currency", "CNY"],
                 ["case", "new", "--title", "x", "--amount", "5"],
                 ["case", "new", "--title", "x" * 201],
                 ["note", "add", "--case", "1", "--kind", "call", "--at", "2024-01-01", "--summary", " "],
                 ["export", "--case", "1", "-o", str(tmp_path)]):
        done = _run(vault, *args)
        assert done.returncode == 2 and "Traceback" not in done.stderr and "unexpected" not in done.stderr, (args, done.stderr)
    named = _run(vault, "tx", "add", "--case", "1", "--time", "2024-01-01", "--amount", "1", "--currency", "人民币", "--json")
    assert named.returncode == 0
    with_file = tmp_path / "file"
    with_file.write_text("x")
    assert _run(with_file, "init").returncode == 2
    assert _run(vault, "case", "list", passphrase=None, stdin="").returncode == 3  # no terminal, no passphrase
    piped = subprocess.run(f"{sys.executable} -m walletcare --lang en help refund-not-received | head -1", shell=True,
                           capture_output=True, text=True, timeout=60)
    assert piped.stdout.strip() and "Error" not in piped.stderr and "Traceback" not in piped.stderr


def test_cli_deletes_what_export_refuses_and_restore_keeps_the_replaced_vault(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    assert _run(vault, "case", "new", "--title", "卡号").returncode == 0
    tx = _run(vault, "tx", "add", "--case", "1", "--time", "2024-01-01", "--amount", "1", "--currency", "CNY",
              "--note", "卡号 4111 1111 1111 1111 CVV 123")
    refused = _run(vault, "export", "--case", "1", "-o", str(tmp_path / "d.pdf"))
    assert refused.returncode == 4, refused.stderr
    assert _run(vault, "tx", "delete", tx.stdout.strip()).returncode == 0
    exported = _run(vault, "export", "--case", "1", "-o", str(tmp_path / "d.pdf"))
    assert exported.returncode == 0, exported.stderr

    assert _run(vault, "backup", "-o", str(vault / "inside")).returncode == 2  # never inside the vault
    assert _run(vault, "backup", "-o", str(tmp_path / "bk")).returncode == 0
    assert _run(vault, "case", "new", "--title", "after the backup").returncode == 0
    restored = _run(vault, "restore", str(tmp_path / "bk"))
    assert restored.returncode == 0, restored.stderr
    assert oct(vault.stat().st_mode & 0o777) == "0o700" and oct((vault / "vault.db").stat().st_mode & 0o777) == "0o600"
    (kept,) = (tmp_path / "vault-backups").iterdir()
    assert str(kept) in restored.stdout
    assert _run(vault, "restore", str(kept)).returncode == 0  # undone
    assert "after the backup" in _run(vault, "case", "list").stdout


def test_exporting_again_with_the_same_time_gives_the_same_bytes(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    assert _run(vault, "case", "new", "--title", "同一份").returncode == 0
    outputs = []
    for name in ("a.pdf", "b.pdf"):  # the first export's audit entry must not change the second
        done = _run(vault, "export", "--case", "1", "-o", str(tmp_path / name), "--export-time", "2026-01-01T10:00+08:00")
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def _on_terminal(vault: Path, answers: list[str], *args: str) -> tuple[int, str, int]:
    """Runs walletcare on a pseudo-terminal, typing one answer at each passphrase prompt; returns the exit
    code, everything the terminal showed and how many times the passphrase was asked for."""
    import pty
    import select

    env = {k: v for k, v in os.environ.items() if k != "WALLETCARE_PASSPHRASE"}
    env["WALLETCARE_TEST_KDF_SECONDS"] = "0"
    pid, fd = pty.fork()
    if pid == 0:  # the child: walletcare with the terminal as its stdin, stdout and stderr
        os.execve(sys.executable, [sys.executable, "-m", "walletcare", "--vault", str(vault), "--lang", "en", *args],
                  env)
    shown, asked, pending = b"", 0, list(answers)
    try:
        while select.select([fd], [], [], 60)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            while shown.count(b"Passphrase: ") > asked:
                asked += 1
                if pending:
                    os.write(fd, (pending.pop(0) + "\n").encode())
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace"), asked


def test_a_wrong_passphrase_typed_on_a_terminal_can_be_typed_again(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    code, shown, asked = _on_terminal(vault, ["wrong 1", "口令 pass 1"], "case", "list", "--json")
    assert code == 0 and asked == 2, shown
    assert "Try again" in shown and shown.rstrip().endswith("[]"), shown
    code, shown, asked = _on_terminal(vault, ["wrong 1", "wrong 2", "wrong 3", "口令 pass 1"], "case", "list")
    assert code == 3 and asked == 3, shown  # three attempts, then exit 3
    assert "does not open this vault" in shown


def test_a_wrong_passphrase_from_a_file_or_variable_is_not_asked_again(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    wrong = _run(vault, "case", "list", passphrase="wrong")
    assert wrong.returncode == 3 and "Try again" not in wrong.stderr
    pf = tmp_path / "pass.txt"
    pf.write_text("wrong\n", encoding="utf-8")
    wrong = _run(vault, "--passphrase-file", str(pf), "case", "list", passphrase=None)
    assert wrong.returncode == 3 and "Try again" not in wrong.stderr


def test_note_add_records_where_the_number_came_from_and_whether_the_promise_was_kept(tmp_path: Path) -> None:
    from pypdf import PdfReader

    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    case_id = json.loads(_run(vault, "case", "new", "--title", "充值未到账", "--json").stdout)["id"]
    for extra in (["--official-source", "游戏官网", "--promise-kept", "no"], ["--promise-kept", "yes"], []):
        done = _run(vault, "note", "add", "--case", str(case_id), "--kind", "chat", "--at", "2024-05-21 10:05+08:00",
                    "--summary", "客服说 48 小时内补发", "--promised", "48 小时内补发", *extra)
        assert done.returncode == 0, done.stderr
    assert _run(vault, "note", "add", "--case", str(case_id), "--kind", "chat", "--at", "2024-05-21",
                "--summary", "x", "--promise-kept", "maybe").returncode == 2
    out = tmp_path / "d.pdf"
    made = _run(vault, "export", "--case", str(case_id), "-o", str(out), "--lang", "en")
    assert made.returncode == 0, made.stderr
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    log = text[text.index("Contact log"):]
    assert "Where the number came from 游戏官网" in log
    kept = [log[m:m + 20] for m in range(len(log)) if log.startswith("Promise kept", m)]
    assert [k.split()[2] for k in kept] == ["No", "Yes"]  # the third note: pending, nothing printed


def test_note_add_with_says_who_and_the_dossier_and_letters_use_it(tmp_path: Path) -> None:
    from pypdf import PdfReader

    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    case_id = str(json.loads(_run(vault, "case", "new", "--title", "PayPal item not received", "--provider", "PayPal",
                                  "--json").stdout)["id"])
    notes = [("seller", "2024-05-01 10:00+08:00", "Seller promised to ship"),
             ("platform", "2024-05-02 10:00+08:00", "PayPal opened a dispute"),
             ("impostor", "2024-05-03 10:00+08:00", "Fake support asked for the code"),
             (None, "2024-05-04 10:00+08:00", "Note without a party")]
    for party, at, summary in notes:
        with_party = ["--with", party] if party else []
        done = _run(vault, "note", "add", "--case", case_id, "--kind", "call", "--at", at, "--summary", summary,
                    *with_party)
        assert done.returncode == 0, done.stderr
    wrong = _run(vault, "note", "add", "--case", case_id, "--kind", "call", "--at", "2024-05-05", "--summary", "x",
                 "--with", "support")
    assert wrong.returncode == 2 and "--with" in wrong.stderr and "impostor" in wrong.stderr
    listed = json.loads(_run(vault, "note", "list", "--case", case_id, "--json").stdout)
    assert [(n["party"], n["summary"]) for n in listed] == [(p or "", s) for p, _at, s in notes]
    text = _run(vault, "note", "list", "--case", case_id).stdout.splitlines()
    assert len(text) == 4 and "The seller or merchant" in text[0] and "Someone posing as support (a scam)" in text[2]
    assert "Not said" in text[3] and all(" Call " in line for line in text)
    zh = subprocess.run([sys.executable, "-m", "walletcare", "--vault", str(vault), "--lang", "zh-CN", "note", "list",
                         "--case", case_id], capture_output=True, text=True, timeout=120,
                        env={**os.environ, "WALLETCARE_PASSPHRASE": "口令 pass 1"}).stdout.splitlines()
    assert len(zh) == 4 and all(" 电话 " in line and "call" not in line for line in zh), zh
    assert _run(vault, "note", "list", "--case", "99").returncode == 2

    out = tmp_path / "d.pdf"
    made = _run(vault, "export", "--case", case_id, "-o", str(out), "--lang", "en")
    assert made.returncode == 0, made.stderr
    flat = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    log = flat[flat.index("Contact log"):]
    assert "Phone call · with the seller or merchant" in log
    assert "Phone call · with the official support of the payment app or wallet" in log
    assert "Phone call · with a person posing as customer service (a scam)" in log
    assert ("4 contacts since 1 May 2024 (1 with the seller or merchant; 1 with the official support of the payment "
            "app or wallet; 1 with a person posing as customer service (a scam); 1 whose note does not say with "
            "whom)") in flat
    assert "contacted customer service" not in flat

    to_paypal = tmp_path / "paypal.pdf"
    made = _run(vault, "export", "--case", case_id, "-o", str(to_paypal), "--lang", "en", "--to", "paypal")
    assert made.returncode == 0, made.stderr
    flat = " ".join(" ".join(page.extract_text() for page in PdfReader(to_paypal).pages).split())
    order = [flat.index(s) for s in ("Messages with the seller:", "Seller promised to ship", "Contacts with PayPal:",
                                     "PayPal opened a dispute", "posing as customer service (not the real support):",
                                     "Fake support asked", "Contacts so far:", "Note without a party")]
    assert order == sorted(order)
    letter = flat[order[0]:order[-1]]
    assert letter.count("Messages with the seller:") == 1


def test_note_edit_gives_an_old_note_its_party_and_keeps_the_rest(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert _run(vault, "init").returncode == 0
    case_id = str(json.loads(_run(vault, "case", "new", "--title", "t", "--json").stdout)["id"])
    note_id = str(json.loads(_run(vault, "note", "add", "--case", case_id, "--kind", "call", "--at",
                                  "2024-05-01 10:00+08:00", "--summary", "客服说三天内回复", "--agent", "A01",
                                  "--json").stdout)["id"])
    edited = _run(vault, "note", "edit", note_id, "--with", "impostor", "--promise-kept", "no", "--json")
    assert edited.returncode == 0, edited.stderr
    after = json.loads(edited.stdout)
    assert (after["party"], after["promise_kept"], after["summary"], after["agent"]) == (
        "impostor", False, "客服说三天内回复", "A01")
    assert json.loads(_run(vault, "note", "list", "--case", case_id, "--json").stdout) == [after]
    cleared = _run(vault, "note", "edit", note_id, "--with", "", "--json")  # back to "not said"
    assert cleared.returncode == 0 and json.loads(cleared.stdout)["party"] == "", cleared.stderr
    after = json.loads(_run(vault, "note", "edit", note_id, "--with", "impostor", "--json").stdout)
    nothing = _run(vault, "note", "edit", note_id)
    assert nothing.returncode == 2 and "--with" in nothing.stderr
    assert _run(vault, "note", "edit", note_id, "--with", "support").returncode == 2
    assert _run(vault, "note", "edit", note_id, "--summary", " ").returncode == 2
    assert _run(vault, "note", "edit", "99", "--with", "seller").returncode == 2
    audit = json.loads(_run(vault, "audit", "--case", case_id, "--json").stdout)
    entries = audit["entries"] if isinstance(audit, dict) else audit
    assert [e["action"] for e in entries if e["object"] == f"contact:{note_id}"] == ["create"] + ["update"] * 3
    assert json.loads(_run(vault, "note", "list", "--case", case_id, "--json").stdout) == [after]
