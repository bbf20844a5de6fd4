"""Worker processes that end with the process that started them.

A ``ProcessPoolExecutor`` worker waits on its task queue forever: when the app is killed (``kill -9``, the
machine's out-of-memory killer, a crash) nothing tells it to stop, and each one keeps ~100 MB. Two guards,
set up by ``die_with_parent`` in the worker's initializer: on Linux the kernel sends the worker SIGKILL the
moment its parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere, a daemon thread checks twice a second that
the parent is still the one that started it (this also covers a parent that died before the first guard
was in place, and the kernel's rule that the signal follows the parent *thread* that forked the worker).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
CHECK_SECONDS = 0.5


def die_with_parent(parent_pid: int) -> None:
    """Makes the calling (worker) process exit as soon as ``parent_pid`` is no longer its parent."""
    if sys.platform.startswith("linux"):
        _kernel_guard()
    if os.getppid() != parent_pid:  # the parent died before the guard was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="parent-watch", daemon=True).start()


def _kernel_guard() -> None:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no usable libc: the watching thread still ends the worker
        pass


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(CHECK_SECONDS)
    os._exit(1)
