"""WalletCare: offline help, an encrypted evidence vault and dispute dossiers for digital-wallet problems.

The package is layered: ``walletcare`` (this folder) holds the core that every front end shares — paths,
settings, languages, errors, logging and the command line; ``walletcare.evidence`` keeps the vault,
importers and dossier; ``walletcare.faq`` holds help content, search, wizards and the scam checker;
``walletcare.ui`` is the Qt desktop app. Nothing outside ``walletcare.ui`` imports Qt.
"""

__version__ = "0.1.0"
APP_NAME = "WalletCare"
