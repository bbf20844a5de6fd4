"""Import speed and memory: a generated 100,000-row Alipay (1C) export and a 100,000-row Etherscan export, each
parsed, validated, de-duplicated and stored in a fresh vault (target < 1.0 s each, peak memory < 150 MB,
measured in a child process), against the floor of a plain ``csv`` parse plus a bare SQLCipher insert."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __name__ == "__main__":  # run as a script (the measuring child process): make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import Figure, peak_rss_mb, store_rows_cpu

ROWS = 100_000
FLOOR_NOTE = "floor: plain csv parse + bare SQLCipher insert of the same rows"


def make_alipay(path: Path, rows: int = ROWS) -> None:
    """A 1C export with ``rows`` rows (GB18030, padded preamble, TAB after ids, every tenth row a refund)."""
    start = datetime(2023, 1, 1, 8, 0, 0)
    lines = ["-" * 84, "导出信息：", "姓名：测试", f"共{rows}笔记录", "", "特别提示：", "1.仅供测试。", "",
             "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------",
             "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,"]
    for i in range(rows):
        when = (start + timedelta(seconds=37 * i)).strftime("%Y-%m-%d %H:%M:%S")
        trade = f"2023{i:024d}"
        if i % 10 == 9:
            lines.append(f"{when},退款,商户{i % 977},shop{i % 977}@example.com,退款-商品{i - 1},不计收支,{(i - 1) % 5000 + 1}.50,"
                         f"余额,退款成功,2023{i - 1:024d}_{i:08d}\t,M{i - 1:012d}\t,,")
        else:
            lines.append(f"{when},日用百货,商户{i % 977},shop{i % 977}@example.com,商品{i},支出,{i % 5000 + 1}.50,"
                         f"招商银行信用卡(2542),交易成功,{trade}\t,M{i:012d}\t,,")
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))


def make_etherscan(path: Path, rows: int = ROWS) -> None:
    """A normal-transactions export of one address with ``rows`` rows (every 50th one failed)."""
    me = "0x" + "1" * 40
    start = int(datetime(2023, 1, 1, tzinfo=UTC).timestamp())
    lines = ['"Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","ContractAddress","Value_IN(ETH)",'
             '"Value_OUT(ETH)","CurrentValue @ $2264.04/Eth","TxnFee(ETH)","TxnFee(USD)","Historical $Price/Eth",'
             '"Status","ErrCode","Method"']
    for i in range(rows):
        stamp = start + 13 * i
        other = f"0x{i % 3000:040x}"
        incoming = i % 3 == 0
        when = datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M:%S")
        status, err = ('"Error(0)"', '"Reverted"') if i % 50 == 49 else ('""', '""')
        lines.append(f'"0x{i:064x}","{17000000 + i}","{stamp}","{when}","{other if incoming else me}",'
                     f'"{me if incoming else other}","","{"0.0" + str(i % 97 + 1) if incoming else "0"}",'
                     f'"{"0" if incoming else "0.00" + str(i % 89 + 1)}","1.23","0.00042","0.95","1800.12",{status},{err},"Transfer"')
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def _child(mode: str, kind: str, source: Path, folder: Path) -> dict[str, float]:
    """Runs in a fresh process. ``import``: the full import into a new vault (wall and CPU time, peak memory);
    ``parse``: the pure parsing layer alone; ``store``: SQLCipher storing the finished rows alone; ``floor``: a
    plain csv parse plus a bare SQLCipher insert."""
    import csv

    if mode == "floor":
        return {"floor_s": _floor(csv, source, folder / "floor.db", "gb18030" if kind == "alipay" else "utf-8")}
    if mode == "parse":
        from walletcare.evidence.importers.detection import parse_bytes

        data = source.read_bytes()
        start = time.perf_counter()
        parsed = parse_bytes(data)
        assert len(parsed.rows) == ROWS and not parsed.bad_rows, (len(parsed.rows), parsed.bad_rows[:3])
        return {"parse_s": time.perf_counter() - start}
    if mode == "store":
        return {"store_s": _store_only(source, folder / "store-only")}
    from walletcare.evidence.importers.pipeline import import_file
    from walletcare.evidence.models import Case
    from walletcare.evidence.vault import Vault

    # kdf_seconds=0: the 64 MiB KDF floor, so the peak below is the import's, not the key derivation's
    vault, _code = Vault.create(folder / "vault", bytearray(b"benchmark passphrase"), kdf_seconds=0)
    case_id = vault.store.cases.add(Case(id=0, title="benchmark")).id
    before = peak_rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    result = import_file(vault.store, case_id, source)
    import_s, import_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result.added == ROWS, result
    vault.close()
    return {"import_s": import_s, "import_cpu_s": import_cpu, "rss_mb": peak_rss_mb(),
            "rss_before_mb": before}


def _store_only(source: Path, folder: Path) -> float:
    """CPU time SQLCipher alone spends storing the rows the import stores (raw row, references, extra fields
    and all), built beforehand: one ``executemany`` into the vault's table and the commit."""
    from walletcare.evidence.importers.detection import parse_bytes
    from walletcare.evidence.models import Case
    from walletcare.evidence.transactions import DEFAULTS, to_rows
    from walletcare.evidence.vault import Vault

    vault, _code = Vault.create(folder, bytearray(b"benchmark passphrase"), kdf_seconds=0)
    case_id = vault.store.cases.add(Case(id=0, title="benchmark")).id
    base = {**DEFAULTS, "case_id": case_id, "source_evidence_id": None}
    rows = to_rows([r.fields for r in parse_bytes(source.read_bytes()).rows], 1, lambda fields: None, base=base)
    return store_rows_cpu(vault, rows, small_cache=True)


def _floor(csv_module: object, source: Path, db: Path, encoding: str) -> float:
    """Plain ``csv.reader`` over the decoded file plus one ``executemany`` into an encrypted table."""
    import sqlcipher3

    start = time.perf_counter()
    text = source.read_bytes().decode(encoding)
    rows = [tuple(r[:6]) for r in csv_module.reader(text.splitlines()) if len(r) >= 6]  # type: ignore[attr-defined]
    conn = sqlcipher3.connect(str(db))
    conn.execute("PRAGMA key = \"x'" + "ab" * 32 + "'\"")
    conn.execute("CREATE TABLE t(a, b, c, d, e, f)")
    with conn:
        conn.executemany("INSERT INTO t VALUES (?,?,?,?,?,?)", rows)
    conn.close()
    return time.perf_counter() - start


def _measure(kind: str) -> dict[str, float]:
    got: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="wc-bench-import-") as tmp:
        folder = Path(tmp)
        source = folder / f"{kind}.csv"
        (make_alipay if kind == "alipay" else make_etherscan)(source)
        root = Path(__file__).resolve().parent.parent
        for mode in ("import", "parse", "store", "floor"):
            out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", mode, kind, str(source), str(folder)],
                                 check=True, capture_output=True, text=True, cwd=root)
            got.update(json.loads(out.stdout.strip().splitlines()[-1]))
    return got


def run() -> list[Figure]:
    """Measures and returns the figures."""
    figures: list[Figure] = []
    for kind, label in (("alipay", "alipay_1c"), ("etherscan", "etherscan")):
        got = _measure(kind)
        figures += [
            Figure(f"import_{label}_100k", got["import_s"], "s", 1.0, note="parse + validate + dedup + store (wall)"),
            Figure(f"import_{label}_100k_cpu", got["import_cpu_s"], "s", None, note="the same, CPU time of the process"),
            Figure(f"import_{label}_100k_parse_only", got["parse_s"], "s", None, note="pure parsing layer, whole file in memory"),
            Figure(f"import_{label}_100k_store_only_cpu", got["store_s"], "s", None,
                   note="SQLCipher storing the import's finished rows, nothing else (CPU)"),
            Figure(f"import_{label}_100k_floor", got["floor_s"], "s", None, note=FLOOR_NOTE),
            Figure(f"import_{label}_100k_vs_floor", got["import_s"] / got["floor_s"], "x", None, note="ratio to the floor"),
            Figure(f"import_{label}_100k_peak_memory", got["rss_mb"], "MB", 150.0,
                   note=f"child process peak RSS ({got['rss_before_mb']:.0f} MB before the import)"),
        ]
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5]))))
        sys.exit(0)
    for fig in run():
        print(fig)
