"""OCR: CPU time per 1080x2400 chat screenshot in the worker (target < 2 s), the worker's peak memory (target
< 600 MB), and exact reading of order numbers, amounts and transaction hashes on generated screenshots (target
>= 98% of the facts). The detector's input size is compared at a few settings (``ocr.DET_SIDE`` is the one the
app uses). CPU time is read from the worker's ``/proc`` entry, so other jobs on the machine do not count;
``WALLETCARE_BENCH_OCR_IMAGES`` sets the accuracy suite's size (60 by default)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import Figure

SIDES = (1280, 1600, 2400)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(side: int, images: int) -> tuple[float, float, float, float]:
    """``(cpu s per image, wall s per image, peak MB, share of facts read exactly)`` at one detector size."""
    from tests.unit.evidence.chat_screens import chat_screen, found
    from walletcare.evidence.ocr import OcrWorker

    screens = [chat_screen(seed) for seed in range(images)]
    with OcrWorker(det_side=side) as worker:
        worker.read(screens[0].png, "image/png")  # loads the models
        pid = worker.pid
        assert pid is not None
        cpu0, wall0 = _cpu_seconds(pid), time.perf_counter()
        hits = total = 0
        for screen in screens:
            got = found(screen, worker.read(screen.png, "image/png").text)
            hits += sum(got.values())
            total += len(got)
        cpu, wall = _cpu_seconds(pid) - cpu0, time.perf_counter() - wall0
        peak = _peak_mb(pid)
    return cpu / images, wall / images, peak, hits / total


def accuracy(images: int) -> tuple[float, list[str], float, float]:
    """The accuracy suite (``chat_screens.suite_screen``: WeChat/Alipay/Telegram/WhatsApp-like layouts, light and
    dark, three fonts, zh-CN/zh-TW/en, every tenth a 1080x6000 capture): ``(share of facts read exactly, the
    misses as "variant: fact", cpu s per 1080x2400, cpu s per 1080x6000)``."""
    from tests.unit.evidence.chat_screens import found, suite_screen
    from walletcare.evidence.ocr import OcrWorker

    misses: list[str] = []
    hits = total = 0
    cpu = {False: [0.0, 0], True: [0.0, 0]}
    with OcrWorker() as worker:
        worker.read(suite_screen(0).png, "image/png")  # loads the models
        pid = worker.pid
        assert pid is not None
        for index in range(images):
            screen = suite_screen(index)
            before = _cpu_seconds(pid)
            got = found(screen, worker.read(screen.png, "image/png").text)
            long = screen.variant.endswith("x6000")
            cpu[long][0] += _cpu_seconds(pid) - before
            cpu[long][1] += 1
            hits += sum(got.values())
            total += len(got)
            misses += [f"#{index} {screen.variant}: {fact}" for fact, ok in got.items() if not ok]
    per = {k: (v[0] / v[1] if v[1] else 0.0) for k, v in cpu.items()}
    return hits / total, misses, per[False], per[True]


def run() -> list[Figure]:
    from walletcare.evidence.ocr import DET_SIDE

    figures: list[Figure] = []
    for side in SIDES:
        if side == DET_SIDE:
            continue
        cpu, wall, _peak, share = measure(side, 5)
        figures.append(Figure(f"ocr cpu per screenshot, longest side {side}px", cpu, "s",
                              note=f"wall {wall:.1f} s, {share:.1%} exact on 5 screens"))
    images = int(os.environ.get("WALLETCARE_BENCH_OCR_IMAGES", "60"))
    cpu, wall, peak, share = measure(DET_SIDE, images)
    suite, misses, suite_cpu, long_cpu = accuracy(images)
    figures += [
        Figure(f"ocr cpu per screenshot, longest side {DET_SIDE}px", cpu, "s", 2.0, note=f"wall {wall:.1f} s"),
        Figure("ocr worker peak memory", peak, "MB", 600.0),
        Figure(f"ocr facts read exactly ({images} WeChat-style screenshots)", share * 100, "%", 98.0,
               lower_is_better=False),
        Figure(f"ocr facts read exactly, suite of {images} (4 layouts, light/dark, 3 fonts, 3 languages, "
               "1080x6000 ones)", suite * 100, "%", 98.0, lower_is_better=False,
               note=f"cpu {suite_cpu:.2f} s per 1080x2400, {long_cpu:.2f} s per 1080x6000; missed: "
                    + ("; ".join(misses) if misses else "none")),
    ]
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure)
