"""Importer fuzzing with Hypothesis, run in a child process by ``test_fuzz.py`` (so its peak memory is its own).

Seeds: the shared sample exports, generated Alipay and PayPal files and hostile workbooks (a far cell, an
oversized member, broken shared strings); Hypothesis draws a seed, a format and a chain of mutations (byte
flips and insertions, line duplication, deletion and swapping, huge numbers and dates, quotes, NUL, truncation,
a mutated workbook member). Every input goes through ``parse_bytes``. Outcomes counted: unhandled (anything but
``InvalidInput``), hangs (more than ``--hang`` seconds of CPU), memory blow-ups (the process's peak rose more than
``--growth-mb`` above its memory before the input). Printed as one JSON document; the fixed ``--seed``
makes a run repeatable.

Usage: python tests/torture/fuzz_importers.py --examples 2000 --seed 20 [--samples DIR] [--progress FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import time
import traceback
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import alipay_csv, inline_row, paypal_csv, workbook

from walletcare.errors import InvalidInput
from walletcare.evidence.importers.detection import parse_bytes

FORMATS = ("auto", "auto", "auto", "alipay", "wechat", "paypal", "etherscan", "oklink", "csv")
TOKENS = [b"99999999999999999999", b"-0", b"1e400", b"NaN", b"9999-99-99", b"13:99:99", b"02/30/2024", b'"', b'""',
          b",", b"\t", b"\r", b"\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xe2\x80\xae", "￥".encode(), "¥".encode(),
          b"(1,234.56)", b"1.234,56", b"Error(0)", "退款".encode(), "微信支付账单明细列表".encode(), b"Txhash",
          b"0x" + b"f" * 40, b"24:00:00", b"1970-01-01 00:00:00", b"2100-12-31 23:59:59", b"%s%n", b"\\"]


def seeds(samples: Path | None) -> list[tuple[str, bytes]]:
    """The inputs mutations start from (samples read in memory only)."""
    out: list[tuple[str, bytes]] = []
    if samples and samples.is_dir():
        out += [(str(p.relative_to(samples)), p.read_bytes()) for p in sorted(samples.rglob("*"))
                if p.is_file() and p.suffix in (".csv", ".xlsx")]
    out.append(("generated:alipay", alipay_csv(40)))
    out.append(("generated:paypal", paypal_csv(30)))
    header = ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"]
    rows = [inline_row(1, ["微信支付账单明细列表"]), inline_row(2, header)]
    rows += [inline_row(3 + i, ["2024-01-02 10:00:00", "商户消费", f"店{i}", "x", "支出", f"¥{i}.50", "零钱", "支付成功",
                                f"42{i:020d}", f"M{i}", "/"]) for i in range(20)]
    out.append(("generated:wechat.xlsx", workbook("".join(rows))))
    out.append(("crafted:far_cell", workbook(inline_row(1, ["微信支付账单明细列表"]) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')))
    out.append(("crafted:far_row", workbook(inline_row(1, ["微信支付账单明细列表"]) + '<row r="99999999999"><c r="A1"><v>1</v></c></row>')))
    out.append(("crafted:bad_shared_index", workbook('<row r="1"><c r="A1" t="s"><v>99999999999999999999</v></c></row>')))
    return out


MAX_INPUT = 8 << 20  # mutated inputs are cut here: larger files are the size bounds' job (crafted seeds)


def mutate(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    """Applies ``(kind, position, argument)`` mutations; positions and arguments wrap to the input."""
    for kind, pos, arg in ops:
        data = data[:MAX_INPUT]
        size = max(1, len(data))
        at = pos % size
        if kind == 0:  # flip a byte
            data = data[:at] + bytes([data[at] ^ (1 + arg % 255)]) + data[at + 1:] if data else data
        elif kind == 1:  # insert a token
            data = data[:at] + TOKENS[arg % len(TOKENS)] + data[at:]
        elif kind == 2:  # truncate
            data = data[:at]
        elif kind in (3, 4, 5):  # duplicate, delete or swap lines
            lines = data.split(b"\n")
            i, j = at % len(lines), arg % len(lines)
            if kind == 3:
                lines[i:i] = [lines[i]] * (1 + arg % 50)
            elif kind == 4:
                del lines[i:i + 1 + arg % 5]
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif kind == 6:  # replace a number by a huge or odd one
            digits = [k for k in range(at, min(len(data), at + 400)) if data[k:k + 1].isdigit()]
            if digits:
                k = digits[0]
                data = data[:k] + TOKENS[arg % 9] + data[k + 1:]
        elif kind == 7:  # a long field
            data = data[:at] + b"A" * (1 + arg * 37) + data[at:]
        elif kind == 8 and data[:2] == b"PK":  # mutate one workbook member, keep the zip valid
            data = _mutate_member(data, pos, arg)
    return data[:MAX_INPUT]


def _mutate_member(data: bytes, pos: int, arg: int) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    except Exception:
        return data
    if not members:
        return data
    index = pos % len(members)
    name, body = members[index]
    body = mutate(body, [(arg % 8, pos // 7, arg // 3)])
    members[index] = (name, body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for member, content in members:
            dst.writestr(member, content)
    return out.getvalue()


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / (1024 * 1024)


def _reset_peak() -> None:
    """Starts a new peak: Linux resets VmHWM to the current RSS on "5" in clear_refs (the lifetime peak of
    ``getrusage`` would charge one input with an earlier input's high water mark)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    """The peak RSS since the last ``_reset_peak`` (VmHWM, this process's own). Not ``ru_maxrss``: Linux carries
    that over fork and exec, so a child started by a large test process would start at the parent's peak."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(examples: int, fixed_seed: int, hang: float, samples: Path | None,
        progress: Path | None = None, crafted: bool = True, growth_mb: float = 300.0) -> dict[str, object]:
    """Fuzzes ``examples`` inputs; returns the figures (runs, unhandled, hangs, slowest, distinct failure
    signatures, the first failures)."""
    pool = seeds(samples)
    if not crafted:  # (to compare fuzzers on what they find by mutation alone)
        pool = [(name, data) for name, data in pool if not name.startswith("crafted:")]
    signatures: set[str] = set()
    figures: dict[str, object] = {"runs": 0, "unhandled": 0, "hangs": 0, "memory": 0, "invalid_input": 0, "parsed": 0,
                                  "slowest_s": 0.0, "seeds": len(pool), "signatures": [], "failures": []}
    failures: list[dict[str, str]] = figures["failures"]  # type: ignore[assignment]
    op = st.tuples(st.integers(0, 8), st.integers(0, 1 << 20), st.integers(0, 1 << 16))

    @seed(fixed_seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(which=st.integers(0, len(pool) - 1), fmt=st.sampled_from(FORMATS), ops=st.lists(op, max_size=6))
    def one(which: int, fmt: str, ops: list[tuple[int, int, int]]) -> None:
        name, base = pool[which]
        data = mutate(base, ops)
        if progress is not None:  # what is running, for the parent to name an input that never returns
            progress.write_text(f"{name} format={fmt} ops={ops!r}", encoding="utf-8")
        _reset_peak()
        before = _rss_mb()
        start, cpu_start = time.monotonic(), time.process_time()
        outcome = "parsed"
        try:
            parse_bytes(data, format=fmt)
        except InvalidInput as exc:
            outcome = "invalid_input"
            exc.text()
        except Exception as exc:
            outcome = "unhandled"
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            signatures.add(f"{type(exc).__name__} {Path(frame.filename).name}:{frame.lineno}")
            if len(failures) < 20:
                failures.append({"seed": name, "format": fmt, "ops": repr(ops), "error": repr(exc)[:300],
                                 "trace": traceback.format_exc()[-1500:]})
        elapsed, cpu = time.monotonic() - start, time.process_time() - cpu_start
        figures["runs"] = int(figures["runs"]) + 1  # type: ignore[call-overload]
        figures[outcome] = int(figures[outcome]) + 1  # type: ignore[call-overload]
        figures["slowest_s"] = max(float(figures["slowest_s"]), elapsed)  # type: ignore[arg-type]
        if cpu > hang:  # CPU time: a niced run on a busy machine may get a tenth of the wall time
            figures["hangs"] = int(figures["hangs"]) + 1  # type: ignore[call-overload]
            failures.append({"seed": name, "format": fmt, "ops": repr(ops), "error": f"took {cpu:.1f} s of CPU"})
        grown = _peak_mb() - before  # a new peak this far above the memory before the input: it blew up
        figures["max_growth_mb"] = max(float(figures.get("max_growth_mb", 0.0)), grown)  # type: ignore[arg-type]
        if grown > growth_mb:
            figures["memory"] = int(figures["memory"]) + 1  # type: ignore[call-overload]
            failures.append({"seed": name, "format": fmt, "ops": repr(ops), "error": f"grew {grown:.0f} MB"})

    one()
    figures["signatures"] = sorted(signatures)
    figures["peak_rss_mb"] = round(_peak_mb(), 1)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--hang", type=float, default=10.0)
    parser.add_argument("--samples", type=Path, default=None)
    parser.add_argument("--progress", type=Path, default=None, help="file naming the input being parsed")
    parser.add_argument("--no-crafted", action="store_true", help="mutated samples and generated files only")
    parser.add_argument("--growth-mb", type=float, default=300.0)
    args = parser.parse_args()
    start = time.monotonic()
    figures = run(args.examples, args.seed, args.hang, args.samples, args.progress, not args.no_crafted,
                  args.growth_mb)
    figures["seconds"] = round(time.monotonic() - start, 1)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
