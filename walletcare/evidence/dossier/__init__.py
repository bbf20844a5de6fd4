"""The dispute dossier: a print-ready PDF built with ReportLab Platypus from one case of the vault, with
embedded fonts, exhibits whose original bytes travel inside the PDF, and a signed manifest that
``walletcare verify`` checks offline. ``collect`` gathers a case into plain dataclasses (``data``), ``layout``
renders them, ``verify`` checks a finished file. Nothing here imports Qt; heavy libraries load on use."""
