"""Dialogs; each offers ``@classmethod ask(...)`` returning the answer, so callers need no ``exec()``."""
