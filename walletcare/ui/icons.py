"""The window's icons, drawn from the Material Design Icons font that ``qtawesome`` ships (Apache-2.0
icons, MIT-licensed package). One table names every icon the window uses, so the look stays consistent
and a missing glyph shows up in one test.

Loading qtawesome (its Qt layer, QtPy, and the icon fonts) takes a few hundred milliseconds, more than the
whole first paint may. So widgets built at start-up ask with ``set_icon(widget.setIcon, name)``: the icon
is set at once when the font is loaded, otherwise when the window calls ``load()`` after its first paint."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

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
    "calendar": "mdi6.calendar-export-outline",
    "playbook": "mdi6.clipboard-check-outline",
    "submit": "mdi6.send-check-outline",
    "overdue": "mdi6.alert-circle-outline",
    "reminder": "mdi6.bell-ring-outline",
    "ok": "mdi6.check",
    "close": "mdi6.close",
    "delete": "mdi6.delete-outline",
    "chat": "mdi6.forum-outline",
}


_font: ModuleType | None = None
_waiting: list[tuple[Callable[[QIcon], object], str]] = []


def load() -> None:
    """Loads the icon font and gives the waiting widgets their icons (once; later calls do nothing)."""
    global _font
    if _font is not None:
        return
    import qtawesome  # deferred: see the module docstring

    _font = qtawesome
    waiting = list(_waiting)
    _waiting.clear()
    for setter, name in waiting:
        try:
            setter(icon(name))
        except RuntimeError:  # the widget was deleted before the font was loaded
            pass


def icon(name: str) -> QIcon:
    """The icon called ``name`` in ``ICONS`` (loads the font when it is not loaded yet)."""
    load()
    assert _font is not None
    made: QIcon = _font.icon(ICONS[name], color=ICON_COLOR)
    return made


def set_icon(setter: Callable[[QIcon], object], name: str) -> None:
    """Calls ``setter`` with the icon ``name`` now when the font is loaded, else once ``load()`` runs."""
    if _font is not None:
        setter(icon(name))
    else:
        _waiting.append((setter, name))
