"""The ``walletcare`` command line (contract: ``shared/spec/cli.md``). Sub-commands live one group per
module and import their heavy dependencies only when run, so ``walletcare --help`` starts fast."""
