"""Qt models for the import wizard: the file's first rows, where each column goes, and the rows refused.

Every cell is data shown as plain text ("<b>Ana</b>" stays those characters); a long or multi-line cell is
shortened to one line, with the whole of it in the tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kiosk.core.io.headers import EXTERNAL, EXTRA, FIELDS, IGNORE
from kiosk.core.services.imports import ColumnChoice, ImportPreview, RejectedRow
from kiosk.ui.tooltips import plain_tooltip

CELL_CHARS = 60
"""A cell longer than this is shortened in the table; the tooltip holds all of it."""

Index = QModelIndex | QPersistentModelIndex

FIELD_LABELS: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (first and last in one)",
    "preferred_name": "Preferred name (for the badge)",
    "pronouns": "Pronouns",
    "email": "Email",
    "phone": "Phone",
    "organization": "Organization",
    "sector": "Organization type (sector)",
    "title": "Job title",
    "languages": "Languages",
    "accessibility_needs": "Accessibility needs",
    "ticket_type": "Ticket type",
    "barcode": "Barcode",
    "status": "Attendance status",
    EXTRA: "Keep as form answer",
    IGNORE: "Ignore",
}
SOURCE_LABELS = {"you": "You", "preset": "Preset", "alias": "Common name", "unmapped": "Not recognised"}


def field_label(target: str) -> str:
    """'first_name' -> 'First name'; 'external:eventbrite_attendee' -> 'ID: eventbrite attendee'."""
    if target.startswith(EXTERNAL):
        return f"ID: {target[len(EXTERNAL) :].replace('_', ' ')}"
    return FIELD_LABELS.get(target, target.replace("_", " ").capitalize())


def field_choices(externals: Iterable[str]) -> list[tuple[str, str]]:
    """(field, label) for every target a column can have: registrant fields, form answer, ignore, ids."""
    fields = [f for f in FIELD_LABELS if f in FIELDS] + sorted(FIELDS - FIELD_LABELS.keys())
    ids = sorted({t for t in externals if t.startswith(EXTERNAL)})
    return [(f, field_label(f)) for f in (*fields, EXTRA, IGNORE, *ids)]


def one_line(text: str, limit: int = CELL_CHARS) -> str:
    """A cell as one short line for a table."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _needs_tooltip(text: str) -> bool:
    return len(text) > CELL_CHARS or "\n" in text


class PreviewRowsModel(QAbstractTableModel):
    """The first rows of the file under its own headers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = ()
        self.rows: tuple[tuple[str, ...], ...] = ()

    def show_preview(self, preview: ImportPreview) -> None:
        self.beginResetModel()
        self.headers, self.rows = preview.headers, preview.rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def cell(self, row: int, column: int) -> str:
        cells = self.rows[row]
        return cells[column] if column < len(cells) else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(text)
        if role == Qt.ItemDataRole.ToolTipRole and _needs_tooltip(text):
            return plain_tooltip(text)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        header = self.headers[section] if section < len(self.headers) else ""
        return one_line(header, 40) or f"Column {section + 1}"


MAPPING_HEADERS = ("Column in the file", "Example", "Goes to", "Decided by")
GOES_TO = 2


class MappingModel(QAbstractTableModel):
    """One row per column of the file: its header, an example value, the field it fills and who decided.

    Choosing a field does not change the model: it emits `field_chosen`, the wizard asks the service for a
    new preview with that choice, and `show_preview` shows the service's answer (which may move a clash).
    """

    field_chosen = Signal(str, str)
    """Header, field."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns: tuple[ColumnChoice, ...] = ()
        self.examples: tuple[str, ...] = ()
        self.choices: list[tuple[str, str]] = field_choices(())

    def show_preview(self, preview: ImportPreview, externals: Iterable[str]) -> bool:
        """A new file resets the rows (True); a new mapping of the same file only updates them (editors stay)."""
        examples = tuple(
            next((row[i] for row in preview.rows if i < len(row) and row[i].strip()), "")
            for i in range(len(preview.columns))
        )
        self.choices = field_choices([*externals, *(c.field for c in preview.columns)])
        if [c.header for c in preview.columns] == [c.header for c in self.columns]:
            self.columns, self.examples = preview.columns, examples
            if self.columns:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.columns) - 1, len(MAPPING_HEADERS) - 1))
            return False
        self.beginResetModel()
        self.columns, self.examples = preview.columns, examples
        self.endResetModel()
        return True

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MAPPING_HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == GOES_TO else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        choice = self.columns[index.row()]
        column = index.column()
        if column == 0:
            text = choice.header or f"Column {index.row() + 1}"
        elif column == 1:
            text = self.examples[index.row()]
        elif column == GOES_TO:
            if role == Qt.ItemDataRole.EditRole:
                return choice.field
            text = field_label(choice.field)
        else:
            text = SOURCE_LABELS.get(choice.source, choice.source)
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(text, 48 if column == 0 else CELL_CHARS)
        if role == Qt.ItemDataRole.ToolTipRole and column < GOES_TO and (_needs_tooltip(text) or len(text) > 48):
            return plain_tooltip(text)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != GOES_TO or not index.isValid():
            return False
        choice = self.columns[index.row()]
        if value != choice.field:
            self.field_chosen.emit(choice.header, str(value))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return MAPPING_HEADERS[section]
        return None


class FieldDelegate(QStyledItemDelegate):
    """A combo box of fields in the "Goes to" column, open all the time (persistent editors)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("fieldChoice")
        model = index.model()
        assert isinstance(model, MappingModel)
        for target, label in model.choices:
            combo.addItem(label, target)
        combo.setMaxVisibleItems(len(model.choices))
        combo.currentIndexChanged.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        target = index.data(Qt.ItemDataRole.EditRole)
        editor.blockSignals(True)  # showing the service's answer is not a new choice
        if editor.findData(target) < 0:
            editor.addItem(field_label(target), target)
        editor.setCurrentIndex(editor.findData(target))
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


REJECTION_HEADERS = ("Line", "Why it is not imported")


def rejections_text(rejections: tuple[RejectedRow, ...] | list[RejectedRow]) -> str:
    """The rows not imported as plain lines ("Line 5: why"), whole: for an email to whoever keeps the file."""
    return "".join(f"Line {r.line}: {r.reason}\n" for r in rejections)


class RejectionsModel(QAbstractTableModel):
    """Rows the import refused, with the line a person finds them at in the file."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rejections: tuple[RejectedRow, ...] = ()

    def show_rejections(self, rejections: tuple[RejectedRow, ...]) -> None:
        self.beginResetModel()
        self.rejections = rejections
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rejections)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(REJECTION_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rejection = self.rejections[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{rejection.line:,}" if index.column() == 0 else one_line(rejection.reason, 400)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return plain_tooltip(rejection.reason)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return REJECTION_HEADERS[section]
        return None
