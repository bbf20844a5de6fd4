"""Base class of the main window's pages: a title, an empty-state hint, and retranslation on language change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


def focus_first_field(container: QWidget) -> QWidget | None:
    """Puts the focus on the first control inside ``container`` that Tab would reach (a scroll area's
    frame is passed over for the field inside it); returns it."""
    widget = container.nextInFocusChain()
    while widget is not None and widget is not container:
        if (container.isAncestorOf(widget) and widget.isVisibleTo(container) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(widget, QScrollArea)):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)  # the cursor, without selecting the text
            return widget
        widget = widget.nextInFocusChain()
    return None


class Page(QWidget):
    """A content page. Subclasses build their widgets in ``__init__`` and set every text in ``retranslate``."""

    area = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page-{self.area}")
        self.layout_ = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.layout_.addWidget(self.heading)

    def retranslate(self) -> None:
        """Sets every visible text in the current language."""

    def activated(self) -> None:
        """Called when the page becomes visible (focus the primary control here)."""

    def go_back(self) -> bool:
        """Esc: one step back inside the page; True when it moved."""
        return False


class PlaceholderPage(Page):
    """A page whose area is not built yet: says so plainly instead of pretending."""

    def __init__(self, area: str, title: str, parent: QWidget | None = None) -> None:
        self.area = area
        super().__init__(parent)
        self._title = title
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(self.body, 1)
