"""Importers for wallets' and banks' own export files (Alipay, WeChat Pay, PayPal, Etherscan family, OKLink,
any CSV through a column mapping). ``detection.parse_bytes`` is the pure layer (bytes → ``ParsedFile``);
``pipeline.import_file`` stores a file and its rows in the vault, all or nothing. No Qt here.
"""
