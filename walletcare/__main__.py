"""Entry point for ``python -m walletcare``."""

import sys

from walletcare.cli.main import main

sys.exit(main())
