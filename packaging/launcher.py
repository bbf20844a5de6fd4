"""Entry point of the frozen app (PyInstaller): the same command line as ``python -m walletcare``.

``freeze_support`` lets the worker processes (OCR, image previews; ``multiprocessing`` with ``spawn``) start
from the frozen executable. On Linux the bootloader points ``LD_LIBRARY_PATH`` at the bundle's libraries; this
process has already read it, so it is put back as it was for the programs the app starts (``xdg-open`` opening
a dossier in the PDF viewer must use the system's libraries, not the bundle's).
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    if sys.platform.startswith("linux") and getattr(sys, "frozen", False):
        original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is None:
            os.environ.pop("LD_LIBRARY_PATH", None)
        else:
            os.environ["LD_LIBRARY_PATH"] = original
    multiprocessing.freeze_support()
    from walletcare.cli.main import main

    sys.exit(main())
