"""Logging to a rotating file in the user log folder, and the friendly last-resort error message.

What is logged: events and error types with their tracebacks from our own code. What is never logged:
passphrases, recovery codes, amounts, names, addresses or evidence content — callers log ids and counts
only, and exceptions that could carry user text (``WalletCareError``) are logged by type, not message.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from walletcare import paths

LOG_NAME = "walletcare.log"
log = logging.getLogger("walletcare")


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Adds the rotating file handler (1 MiB x 3) once; returns the log file, or None when unwritable."""
    target = paths.log_dir() / LOG_NAME
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in log.handlers):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False
    return target


def log_file() -> Path:
    """Where the log file is (whether or not it exists yet)."""
    return paths.log_dir() / LOG_NAME


def log_exception(where: str, exc: BaseException) -> Path:
    """Logs an unexpected exception with its traceback and returns the log file to name to the user."""
    setup_logging()
    log.error("unexpected error in %s: %s", where, type(exc).__name__, exc_info=(type(exc), exc, exc.__traceback__))
    return log_file()
