"""The Qt desktop app: a thin layer over ``walletcare.evidence`` and ``walletcare.faq``."""

import os

# qtawesome reaches Qt through QtPy, which would take PyQt if one happened to be installed beside PySide6.
os.environ.setdefault("QT_API", "pyside6")
