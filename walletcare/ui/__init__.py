"""The Qt desktop app: a thin layer over ``walletcare.evidence`` and ``walletcare.faq``."""
