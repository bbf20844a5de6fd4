"""The evidence vault: encrypted storage of cases, transactions, contacts and evidence files, the
importers that read wallets' own export files, and the dispute dossier. Plain Python, no Qt."""
