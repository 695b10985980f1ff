"""The desk's result list: enough about each person (organization, role, status) to tell two people with
the same name apart. Item views draw DisplayRole text as plain text, so names never become markup; the
tooltip, which Qt would render as markup, goes through plain_tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QFontMetricsF, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kiosk.core.services.desk import role_label
from kiosk.core.services.search import SearchHit
from kiosk.ui.list_model import ListTableModel
from kiosk.ui.tooltips import plain_tooltip

COLUMNS = ("Name", "Organization", "Role", "Status")
NAME, ORGANIZATION, ROLE, STATUS = range(len(COLUMNS))
MAX_LINES = 2
"""A name or an organization wraps to at most this many lines in the list; the tooltip has all of it. On a
short screen the desk gives the organization one line (ResultsDelegate.look) so more people show at once."""


def status_text(hit: SearchHit) -> str:
    if hit.cancelled:
        return "Cancelled"
    if hit.checked_in:
        return "Checked in"
    return "Walk-in, not in" if hit.walk_in else "Not yet here"


def role_text(hit: SearchHit) -> str:
    role_words = role_label(hit.role)
    return f"{role_words} · {hit.title}" if hit.title else role_words


def tooltip_text(hit: SearchHit) -> str:
    """Everything a row shows, in full: a cell too narrow for a long name or organization is cut short."""
    lines = (hit.display_name, hit.organization, role_text(hit), f"{status_text(hit)} · code {hit.ticket_code}")
    return "\n".join(line for line in lines if line)


class SearchResults(ListTableModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def items(self) -> list[SearchHit]:
        return self.hits

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row())
        if hit is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == NAME:
                return hit.display_name
            if column == ORGANIZATION:
                return hit.organization
            if column == ROLE:
                return role_text(hit)
            return status_text(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(tooltip_text(hit))
        if role == Qt.ItemDataRole.FontRole and column in (NAME, STATUS):
            font = QFont()
            font.setBold(column == NAME or hit.checked_in or hit.cancelled)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            if hit.cancelled:
                return QBrush(QColor("#a61b1b"))
            if hit.checked_in:
                return QBrush(QColor("#8a5a00"))
        return None


class CellLayout:
    """How the style lays out a column's cells: their font, how much wider a cell is than its longest line,
    and how tall it is for its lines (taller for some scripts: Gurmukhi, Bengali, Chinese)."""

    def __init__(self, view: QAbstractItemView, option: QStyleOptionViewItem) -> None:
        self.view = view
        self.option = option
        self.font = QFont(option.font)
        self.margin = _PROBE_WIDTH - _text_width(option)

    def height(self, lines: str) -> int:
        """The cell's height for `lines` (its text as drawn, lines parted by U+2028)."""
        self.option.text = lines
        style = self.view.style()
        return style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, self.option, QSize(), self.view).height()


class ResultsDelegate(QStyledItemDelegate):
    """Draws the desk's results: a name or an organization takes up to MAX_LINES lines, and what does not
    fit is cut from the middle of the last, so two long names that differ only at the end still look
    different. Role and status stay on one line. The desk sizes columns and rows with `layout` and `lines`
    (Qt's own measuring calls into Python for every cell, several times a keystroke)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: dict[tuple[str, float, str, int], str] = {}
        self.pixel_size = 0
        """The text's size in pixels (0: the style sheet's); the desk makes it smaller on a short screen."""
        self.max_lines = {NAME: MAX_LINES, ORGANIZATION: MAX_LINES}

    def look(self, pixel_size: int, name_lines: int, organization_lines: int) -> None:
        """Draw the text `pixel_size` pixels high (0: as the style sheet says), a name in at most `name_lines`
        lines and an organization in at most `organization_lines`."""
        self.pixel_size = pixel_size
        self.max_lines[NAME] = name_lines
        self.max_lines[ORGANIZATION] = organization_lines

    def _sized(self, option: QStyleOptionViewItem) -> None:
        if self.pixel_size > 0 and self.pixel_size != option.font.pixelSize():
            font = QFont(option.font)
            font.setPixelSize(self.pixel_size)
            option.font = font
            option.fontMetrics = QFontMetrics(font)

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        self._sized(option)
        wraps = bool(option.features & QStyleOptionViewItem.ViewItemFeature.WrapText)
        if index.column() not in (NAME, ORGANIZATION):
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        elif wraps and option.rect.width() > 0:
            option.text = self.lines(option.text, option.font, _text_width(option), self.max_lines[index.column()])

    def lines(self, text: str, font: QFont, width: float, most: int = MAX_LINES) -> str:
        """at_most_lines(…, most), kept: the desk measures the rows with the lines it then draws."""
        key = (text, width, font.key(), most)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) > 2000:
                self._lines.clear()
            found = self._lines[key] = at_most_lines(text, font, width, most)
        return found

    def layout(self, view: QAbstractItemView, index: QModelIndex) -> CellLayout:
        """The CellLayout of the cell at `index` (any row: a column's cells differ only in their words)."""
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        super().initStyleOption(option, index)
        self._sized(option)
        option.rect = QRect(0, 0, _PROBE_WIDTH, _PROBE_WIDTH)  # wide enough that only the breaks given count
        return CellLayout(view, option)


_PROBE_WIDTH = 10_000


def _text_width(option: QStyleOptionViewItem) -> float:
    """How wide a line of the cell's text may be, as the style lays it out (its padding and margins off)."""
    widget = option.widget
    style = widget.style() if widget is not None else QApplication.style()
    rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
    return max(1.0, rect.width() - 2 * margin - 1.0)  # a pixel to spare: the style's own rounding


def at_most_lines(text: str, font: QFont, width: float, lines: int) -> str:
    """`text` broken into lines at most `width` wide (at spaces where it can), `lines` of them at most: the
    last holds the rest with its middle cut out ("…"), so that the end still shows. The breaks are made
    here, not left to Qt, whose row height and drawing would otherwise wrap at different widths."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    ends = [*starts[1:], len(text)]
    if len(starts) <= lines:
        return "\u2028".join(text[start:end].rstrip() for start, end in zip(starts, ends, strict=True))
    kept = [text[start:end].rstrip() for start, end in zip(starts[: lines - 1], ends, strict=False)]
    rest = QFontMetricsF(font).elidedText(text[starts[lines - 1] :], Qt.TextElideMode.ElideMiddle, width)
    return "\u2028".join([*kept, rest])
