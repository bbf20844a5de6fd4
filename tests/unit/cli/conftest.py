"""The command-line tests, one file per command module of ``walletcare/cli``. Most run ``walletcare`` in a
child process or call ``walletcare.cli.main.main``; ``vault_dir`` is the importer tests' vault with a case,
closed, its passphrase in ``WALLETCARE_PASSPHRASE``."""

from tests.unit.evidence.importers.conftest import _template_vault, vault_dir  # noqa: F401 - fixtures used here
