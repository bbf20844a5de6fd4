"""The window's icons, drawn from the Material Design Icons font that ``qtawesome`` ships (Apache-2.0
icons, MIT-licensed package). One table names every icon the window uses, so the look stays consistent
and a missing glyph shows up in one test."""

from __future__ import annotations

import qtawesome

from PySide6.QtGui import QIcon

ICON_COLOR = "#37474f"
ICONS = {
    "help": "mdi6.lifebuoy",
    "cases": "mdi6.folder-account-outline",
    "safety": "mdi6.shield-check-outline",
    "settings": "mdi6.cog-outline",
    "lock": "mdi6.lock-outline",
    "unlock": "mdi6.lock-open-variant-outline",
    "show": "mdi6.eye-outline",
    "hide": "mdi6.eye-off-outline",
    "new_case": "mdi6.folder-plus-outline",
    "import": "mdi6.file-import-outline",
    "export": "mdi6.file-pdf-box",
    "search": "mdi6.magnify",
    "quit": "mdi6.exit-to-app",
    "about": "mdi6.information-outline",
    "warning": "mdi6.alert-outline",
    "back": "mdi6.arrow-left",
    "language": "mdi6.translate",
    "add": "mdi6.plus",
    "attach": "mdi6.paperclip",
    "paste": "mdi6.content-paste",
    "call": "mdi6.phone-outline",
    "note": "mdi6.note-edit-outline",
    "open_folder": "mdi6.folder-open-outline",
    "create_vault": "mdi6.safe-square-outline",
    "preferences": "mdi6.tune-variant",
}


def icon(name: str) -> QIcon:
    """The icon called ``name`` in ``ICONS``."""
    return qtawesome.icon(ICONS[name], color=ICON_COLOR)
