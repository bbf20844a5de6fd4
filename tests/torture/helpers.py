"""Plumbing shared by the torture suites: an isolated environment, a CLI runner, vault set-up and generators.

Every command runs as a real ``walletcare`` process of this checkout with ``HOME``, ``TMPDIR`` and every
``XDG_*`` folder pointed inside one scratch folder (``Sandbox``), so a suite can grep everything the app
wrote, kill what it started by process group, and leave nothing behind. Budgets come from ``budget()``:
the fast figure in ``make test``, the full one under ``TORTURE_FULL=1`` (``make torture``).
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

PASSPHRASE = "correct horse battery staple 42"
REPO = Path(__file__).resolve().parents[2]
FULL = os.environ.get("TORTURE_FULL") == "1"
RESULTS = REPO / "benchmarks" / "results" / "torture-suites"


def budget(fast: int, full: int) -> int:
    """``full`` under ``TORTURE_FULL=1`` (``make torture``), else ``fast`` (``make test``)."""
    return full if FULL else fast


def walletcare_command() -> list[str]:
    """The command line of this checkout's CLI (the venv's console script, or ``python -m walletcare``)."""
    script = Path(sys.executable).with_name("walletcare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "walletcare"]


@dataclass
class Sandbox:
    """One scratch folder holding the HOME, TMPDIR, XDG folders and vault that CLI runs use."""

    root: Path
    vault: Path = field(init=False)
    home: Path = field(init=False)
    tmp: Path = field(init=False)

    def __post_init__(self) -> None:
        self.home, self.tmp, self.vault = self.root / "home", self.root / "tmp", self.root / "vault"
        for folder in (self.home, self.tmp, self.home / "run"):
            folder.mkdir(parents=True, exist_ok=True)
        (self.home / "run").chmod(0o700)

    def env(self, **extra: str) -> dict[str, str]:
        """The isolated environment (no ``WALLETCARE_*``/``XDG_*`` of the caller leaks in)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WALLETCARE_", "XDG_"))}
        env.update({
            "HOME": str(self.home), "TMPDIR": str(self.tmp),
            "XDG_CONFIG_HOME": str(self.home / ".config"), "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_DATA_HOME": str(self.home / ".local/share"), "XDG_STATE_HOME": str(self.home / ".local/state"),
            "XDG_RUNTIME_DIR": str(self.home / "run"),
            "WALLETCARE_VAULT": str(self.vault), "WALLETCARE_PASSPHRASE": PASSPHRASE,
            "WALLETCARE_TEST_KDF_SECONDS": "0", "PYTHONDONTWRITEBYTECODE": "1", "QT_QPA_PLATFORM": "offscreen",
        })
        env.update(extra)
        return env

    def run(self, *args: str, prefix: list[str] | None = None, timeout: float = 120, input: bytes | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Runs ``walletcare ARGS`` (behind ``prefix``, e.g. ``strace``) in the sandbox; output as text."""
        full_env = self.env(**(env or {}))
        return subprocess.run([*(prefix or []), *walletcare_command(), *args], env=full_env, cwd=self.root,
                              capture_output=True, timeout=timeout, input=input.decode() if input else None,
                              text=True, errors="replace")

    def must(self, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
        """``run`` that fails the test when the command does not exit 0."""
        done = self.run(*args, **kwargs)  # type: ignore[arg-type]
        assert done.returncode == 0, f"walletcare {' '.join(args)} exited {done.returncode}: {done.stderr[-1500:]}"
        return done

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        """Starts ``walletcare ARGS`` in its own process group (``kill_group`` ends it and its children)."""
        return subprocess.Popen([*walletcare_command(), *args], env=self.env(), cwd=self.root,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def init_case(self) -> int:
        """A new vault with one case; returns the case id."""
        self.must("init")
        out = self.must("case", "new", "--title", "torture case", "--provider", "支付宝", "--json").stdout
        return int(json.loads(out)["id"])


def kill_group(pgid: int) -> None:
    """SIGKILLs a process group this suite started (nothing else)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def group_members(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


def wait_until(check: object, timeout: float, step: float = 0.1) -> bool:
    """Polls ``check()`` until it is true or ``timeout`` seconds have passed."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():  # type: ignore[operator]
            return True
        time.sleep(step)
    return bool(check())  # type: ignore[operator]


# -- generators -----------------------------------------------------------------------------------------------

def alipay_csv(rows: int, *, marker: str = "", seed: int = 0) -> bytes:
    """An Alipay 1C export (GB18030) with ``rows`` rows; ``marker`` is put into every payee."""
    rnd = random.Random(seed)
    start = datetime(2023, 1, 1, 8, 0, 0)
    lines = ["-" * 84, "导出信息：", "姓名：测试", f"共{rows}笔记录", "", "特别提示：", "1.仅供测试。", "",
             "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------",
             "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,"]
    for i in range(rows):
        when = (start + timedelta(seconds=37 * i + rnd.randrange(30))).strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"{when},日用百货,商户{marker}{i % 977},shop{i % 977}@example.com,商品{i},支出,"
                     f"{rnd.randrange(1, 5000)}.50,招商银行信用卡(2542),交易成功,2023{i:024d}\t,M{i:012d}\t,,")
    return ("\n".join(lines) + "\n").encode("gb18030")


def paypal_csv(rows: int, *, seed: int = 0) -> bytes:
    """A classic PayPal activity download with ``rows`` rows."""
    rnd = random.Random(seed)
    lines = ['"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","Transaction ID"']
    for i in range(rows):
        gross = f"-{rnd.randrange(1, 900)}.{rnd.randrange(100):02d}"
        lines.append(f'"02/{i % 28 + 1:02d}/2024","13:{i % 60:02d}:35","PST","Shop {i}","Payment","Completed","USD",'
                     f'"{gross}","0","{gross}","8A{i:08X}"')
    return ("\r\n".join(lines) + "\r\n").encode()


def workbook(sheet_rows_xml: str, *, dimension: str | None = None) -> bytes:
    """A minimal XLSX whose one sheet's ``<sheetData>`` is ``sheet_rows_xml`` (``<row>`` elements)."""
    ns = "http://schemas.openxmlformats.org/"
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    members = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}spreadsheetml/2006/main" '
        f'xmlns:r="{ns}officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{ns}spreadsheetml/2006/main">{dim}<sheetData>'
        f"{sheet_rows_xml}</sheetData></worksheet>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return buf.getvalue()


def inline_row(number: int, cells: list[str]) -> str:
    """One ``<row>`` of inline-string cells starting in column A."""
    out = []
    for pos, text in enumerate(cells):
        ref = f"{column_letters(pos + 1)}{number}"
        text = text.replace("&", "&amp;").replace("<", "&lt;")
        out.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    return f'<row r="{number}">{"".join(out)}</row>'


def column_letters(n: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def screenshot_png(path: Path, *, seed: int = 0, size: tuple[int, int] = (400, 800)) -> None:
    """A noisy RGB PNG (not compressible, like a real screenshot's photo areas)."""
    from PIL import Image

    Image.effect_noise(size, 10 + seed % 80).convert("RGB").save(path)


def write_results(name: str, figures: dict[str, object]) -> None:
    """Stores one suite's figures for ``tools/torture_report.py`` (``make torture``)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
