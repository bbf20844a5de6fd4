"""The evidence grid: one item per original with its thumbnail (decoded in memory from the derived copy
the vault keeps — never written to disk), caption and file name. An item with no thumbnail (not a picture,
a picture too large or of a kind that cannot be read) shows a drawn file-type tile: a page with the file's
extension on a band coloured by its kind."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPen, QPixmap, QPolygon

from walletcare.evidence.models import Evidence
from walletcare.i18n import _
from walletcare.ui.display import file_category, file_kind_text, size_text
from walletcare.ui.models.records import RECORD_ROLE

Index = QModelIndex | QPersistentModelIndex
THUMB = QSize(160, 120)
KIND_COLOURS = {"image": "#2e7d32", "pdf": "#c62828", "text": "#546e7a", "table": "#1b5e20", "web": "#0277bd",
                "email": "#6a1b9a", "data": "#37474f", "audio": "#ad1457", "video": "#4527a0", "archive": "#795548",
                "document": "#1565c0", "file": "#616161"}


def badge_text(item: Evidence) -> str:
    """The short label on a file tile: the file's extension (``PDF``, ``TXT``, ``HEIC``)."""
    suffix = item.file_name.rsplit(".", 1)[-1] if "." in item.file_name else ""
    if suffix and len(suffix) <= 5 and suffix.isalnum():
        return suffix.upper()
    sub = item.mime.split("/")[-1].split(".")[-1].split("+")[0]
    return sub[:5].upper() if sub and sub != "octet-stream" else "…"


def file_tile(badge: str, colour: str) -> QPixmap:
    """A drawn file-type tile of ``THUMB`` size: a page with a folded corner and ``badge`` on a coloured band."""
    pixmap = QPixmap(THUMB)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = 80, 104
    x, y, fold = (THUMB.width() - w) // 2, (THUMB.height() - h) // 2, 20
    page = QPolygon([QPoint(x, y), QPoint(x + w - fold, y), QPoint(x + w, y + fold), QPoint(x + w, y + h),
                     QPoint(x, y + h)])
    painter.setPen(QPen(QColor("#9e9e9e"), 1.5))
    painter.setBrush(QColor("#fafafa"))
    painter.drawPolygon(page)
    painter.setBrush(QColor("#e0e0e0"))
    painter.drawPolygon(QPolygon([QPoint(x + w - fold, y), QPoint(x + w - fold, y + fold), QPoint(x + w, y + fold)]))
    band = QRect(x - 8, y + h // 2 - 4, w + 16, 28)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(band, 4, 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(15)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(band, Qt.AlignmentFlag.AlignCenter, badge)
    painter.end()
    return pixmap


class EvidenceModel(QAbstractListModel):
    """Rows are ``Evidence`` records; ``set_thumbnail`` adds a decoded preview when it arrives."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Evidence] = []
        self._icons: dict[int, QIcon] = {}
        self._tiles: dict[tuple[str, str], QIcon] = {}

    def set_items(self, items: list[Evidence]) -> None:
        """Replaces every item (keeps already decoded thumbnails of items still present)."""
        self.beginResetModel()
        self._items = list(items)
        keep = {e.id for e in items}
        self._icons = {k: v for k, v in self._icons.items() if k in keep}
        self.endResetModel()

    def clear(self) -> None:
        """Drops items and thumbnails (vault locked)."""
        self.beginResetModel()
        self._items = []
        self._icons = {}
        self.endResetModel()

    def missing_thumbnails(self) -> list[int]:
        """Ids of image items whose thumbnail is not decoded yet."""
        return [e.id for e in self._items if e.id not in self._icons and e.mime.startswith("image/")]

    def set_thumbnail(self, evidence_id: int, data: bytes) -> None:
        """Decodes thumbnail bytes (in memory) and shows them."""
        image = QImage.fromData(data)
        if image.isNull():
            return
        self._icons[evidence_id] = QIcon(QPixmap.fromImage(image))
        for row, item in enumerate(self._items):
            if item.id == evidence_id:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def file_icon(self, item: Evidence) -> QIcon:
        """The drawn file-type tile for ``item`` (shared between items of the same extension and kind)."""
        key = (badge_text(item), KIND_COLOURS[file_category(item.mime, item.file_name)])
        if key not in self._tiles:
            self._tiles[key] = QIcon(file_tile(*key))
        return self._tiles[key]

    def has_thumbnail(self, evidence_id: int) -> bool:
        """Whether a decoded picture (not a file-type tile) is shown for the item."""
        return evidence_id in self._icons

    def item(self, row: int) -> Evidence:
        """The evidence record at ``row``."""
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.caption or item.file_name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.file_name, f"{file_kind_text(item.mime, item.file_name)} · {size_text(item.size)}"]
            if item.id not in self._icons:
                lines.append(_("No picture preview; the original is kept byte-exact as it is."))
            return "\n".join([*lines, f"SHA-256 {item.sha256}"])
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(item.id) or self.file_icon(item)
        if role == RECORD_ROLE:
            return item
        return None
