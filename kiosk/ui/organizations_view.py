"""Registrants → Organizations…: the shown convening's organizations with their sector, people and languages
served, and the way staff set a sector (in the table, or for many selected at once) and languages. The day
report counts ethnic media organizations, state agency staff and languages served by them, and every
organization starts as community-based with no languages."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError, NotFound
from kiosk.core.figures.labels import language_label, sector_label
from kiosk.core.models import Event, Sector
from kiosk.core.services import Kiosk
from kiosk.core.services.organizations import OrganizationLine
from kiosk.core.text import fold, plural
from kiosk.ui.labels import data_label
from kiosk.ui.list_model import ListTableModel
from kiosk.ui.tooltips import plain_tooltip

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Organization", "Sector", "Registered", "Checked in", "Languages served")
NAME, SECTOR, REGISTERED, CHECKED_IN, LANGUAGES = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole
WHY = (
    "The day report counts ethnic media organizations and state agency staff by these sectors, and "
    "\"languages served\" from the languages each organization serves its community in. Every organization "
    "starts as community-based with no languages: choose its sector and type its languages (\"Spanish, Hmong\")."
)
SIZE = (1180, 680)
"""Within a 1366 x 768 laptop's screen, with room for its taskbar and the window's title bar."""


def languages_text(line: OrganizationLine) -> str:
    return ", ".join(language_label(code) for code in line.languages)


class OrganizationsModel(ListTableModel):
    """One row per organization of a roster; a sector chosen in the table goes to `choose`, languages typed
    to `serve`, each of which writes them (and says whether it did)."""

    columns = COLUMNS

    def __init__(
        self,
        choose: Callable[[list[OrganizationLine], Sector], bool],
        serve: Callable[[OrganizationLine, str], OrganizationLine | None],
    ) -> None:
        super().__init__()
        self.lines: list[OrganizationLine] = []
        self.choose = choose
        self.serve = serve

    def items(self) -> list[OrganizationLine]:
        return self.lines

    def show_lines(self, lines: list[OrganizationLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> OrganizationLine:
        return self.lines[row]

    def show_sector(self, keys: set[str], sector: Sector) -> None:
        """The organizations `keys` (normalized names) now have `sector`."""
        for row, line in enumerate(self.lines):
            if line.normalized_name in keys and line.sector != sector:
                self.lines[row] = dataclasses.replace(line, sector=sector)
                self.dataChanged.emit(self.index(row, SECTOR), self.index(row, SECTOR))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() in (SECTOR, LANGUAGES) else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return " ".join(line.name.split())
            if column == SECTOR:
                return sector_label(line.sector)
            if column == LANGUAGES:
                return languages_text(line)
            return f"{line.registered if column == REGISTERED else line.checked_in:,}"
        if role == Qt.ItemDataRole.EditRole and column == SECTOR:
            return line.sector.value
        if role == Qt.ItemDataRole.EditRole and column == LANGUAGES:
            return languages_text(line)
        if role == SORT_ROLE:
            if column == NAME:
                return fold(line.name)
            if column == SECTOR:
                return sector_label(line.sector)
            if column == LANGUAGES:
                return languages_text(line)
            return line.registered if column == REGISTERED else line.checked_in
        if role == Qt.ItemDataRole.ToolTipRole and column in (NAME, LANGUAGES):
            return plain_tooltip(line.name if column == NAME else languages_text(line))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (REGISTERED, CHECKED_IN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        line = self.lines[index.row()]
        if index.column() == LANGUAGES:
            if " ".join(str(value).split()) == languages_text(line):
                return False
            changed = self.serve(line, str(value))
            if changed is None:
                return False
            self.lines[index.row()] = changed
            self.dataChanged.emit(index, index)
            return True
        if index.column() != SECTOR:
            return False
        try:
            sector = Sector(value)
        except ValueError:
            return False
        return sector != line.sector and self.choose([line], sector)


class OrganizationsFilter(QSortFilterProxyModel):
    """Rows whose name holds the typed text, case and accents ignored ("jose" finds "San José")."""

    def __init__(self) -> None:
        super().__init__()
        self.wanted = ""
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.wanted = fold(text)
            self.endFilterChange()
        else:
            self.wanted = fold(text)
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not self.wanted or not isinstance(model, OrganizationsModel):
            return True
        return self.wanted in fold(model.line(source_row).name)


class SectorCombo(QComboBox):
    """Every sector by the label the reports print, its code as the item's data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for sector in Sector:
            self.addItem(sector_label(sector), sector.value)
        self.setMaxVisibleItems(len(Sector))


class SectorEditor(SectorCombo):
    """The sector cell's editor: its list opens at once, and ↑/↓ or the wheel open it rather than step
    through sectors (a closed combo box reports each step as a choice, and each choice is saved)."""

    STEP_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                           Qt.Key.Key_Home, Qt.Key.Key_End})  # fmt: skip

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sectorEditor")
        self.setAccessibleName("Sector")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.showPopup)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in self.STEP_KEYS and not event.modifiers():
            self.showPopup()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()


class SectorDelegate(QStyledItemDelegate):
    """The sector cell as a combo box of the report's sector labels; a choice is saved at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = SectorEditor(parent)
        combo.activated.connect(lambda _i, c=combo: self._chosen(c))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class OrganizationsWindow(QDialog):
    """Staff's list of organizations for the convening the station shows; `changed` after a sector is set
    (the main window re-reads its figures)."""

    changed = Signal()

    def __init__(self, kiosk: Kiosk, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organizations")
        self.kiosk = kiosk
        self.current_event = event
        self.resize(*SIZE)

        self.why = data_label("organizationsWhy", WHY)
        self.why.setWordWrap(True)
        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("organizationsFilter")
        self.filter_box.setPlaceholderText("Find an organization (Ctrl+F)")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Find an organization by name")
        self.every = QCheckBox("&Every organization known, not only this convening's")
        self.every.setAccessibleName("Every organization known, not only this convening's")
        self.every.toggled.connect(lambda _on: self.reload())
        self.remaining = data_label("organizationsRemaining")

        self.model = OrganizationsModel(self.set_sector, self.set_languages)
        self.proxy = OrganizationsFilter()
        self.proxy.setSourceModel(self.model)
        self.filter_box.textChanged.connect(self._filter)
        self.table = QTableView()
        self.table.setObjectName("organizationsTable")
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(SECTOR, SectorDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the controls under it
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("Organizations")
        # Enter (or a double click) on a row opens its sector's list; on its languages, their text box.
        self.table.activated.connect(
            lambda index: self.table.edit(index if index.column() == LANGUAGES else index.siblingAtColumn(SECTOR))
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LANGUAGES, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LANGUAGES, 200)  # elided when long: the whole list is the cell's tooltip
        header.setSectionResizeMode(SECTOR, QHeaderView.ResizeMode.ResizeToContents)
        # The counts need only their heading's width and its sort arrow (Qt's own guess is far wider).
        header.ensurePolished()
        for column in (REGISTERED, CHECKED_IN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, header.fontMetrics().horizontalAdvance(COLUMNS[column]) + 40)

        self.choice = SectorCombo()
        self.choice.setObjectName("sectorChoice")
        self.choice.setAccessibleName("Sector for the selected organizations")
        self.choice.setCurrentIndex(self.choice.findData(Sector.ETHNIC_MEDIA.value))
        choice_label = QLabel("Set the selected organizations to:")
        choice_label.setBuddy(self.choice)
        self.set_button = QPushButton("&Set sector")
        self.set_button.setObjectName("setSectorButton")
        self.set_button.setAccessibleName("Set sector")
        self.set_button.clicked.connect(self.set_selected)
        close = self.close_button = QPushButton("Close")
        close.setObjectName("closeOrganizations")
        close.setAccessibleName("Close")
        close.clicked.connect(self.close)
        for button in (self.set_button, close):
            # Enter belongs to the table (it opens a row's sector) and the filter, never to a button.
            button.setAutoDefault(False)
        self.message = data_label("organizationsMessage")
        # One line, however long: it gives way rather than widen the window; the whole text is its tooltip.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hint = data_label(
            "organizationsHint",
            "Enter or a double click changes an organization's sector, F2 on its languages types them; Ctrl+A "
            "selects every organization shown.",
        )
        # Wrapped: on one line, in large text, it made the window wider than a 1280-pixel screen.
        self.hint.setWordWrap(True)

        find_row = QHBoxLayout()
        find_row.addWidget(self.filter_box, 1)
        find_row.addWidget(self.every)
        set_row = QHBoxLayout()
        set_row.addWidget(choice_label)
        set_row.addWidget(self.choice)
        set_row.addWidget(self.set_button)
        set_row.addStretch(1)
        set_row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.why)
        layout.addLayout(find_row)
        layout.addWidget(self.remaining)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(set_row)
        layout.addWidget(self.message)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_filter)
        self.set_event(event)

    def focus_filter(self) -> None:
        self.filter_box.setFocus()
        self.filter_box.selectAll()

    def set_event(self, event: Event) -> None:
        """Follow the convening the station shows (read now if the window is open, else when it opens)."""
        self.current_event = event
        self.setWindowTitle(f"Organizations — {event.name}")
        self.say("")
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # Shown (again): another station (by sync) or the CLI may have changed a sector meanwhile.
        if not event.spontaneous():
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        try:
            lines = self.kiosk.organizations.roster(self.current_event.id, every=self.every.isChecked())
        except (KioskError, sqlite3.Error) as exc:
            self.say(f"The organizations could not be read: {exc}", "error")
            return
        self.model.show_lines(lines)
        self._count()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._count()

    def _count(self) -> None:
        lines = self.model.lines
        left = sum(1 for line in lines if line.sector == Sector.COMMUNITY_BASED)
        where = "known" if self.every.isChecked() else "at this convening"
        text = f"{plural(len(lines), 'organization', 'organizations')} {where}; {left:,} still counted as "
        text += f"{sector_label(Sector.COMMUNITY_BASED)}"
        shown = self.proxy.rowCount()
        if shown != len(lines):
            text += f" · {shown:,} shown"
        self.remaining.setText(text + ".")

    def selected_lines(self) -> list[OrganizationLine]:
        rows = {self.proxy.mapToSource(index).row() for index in self.table.selectionModel().selectedRows()}
        return [self.model.line(row) for row in sorted(rows)]

    def set_selected(self) -> bool:
        lines = self.selected_lines()
        if not lines:
            self.say("Select one or more organizations first (Ctrl+A selects every one shown).", "error")
            return False
        return self.set_sector(lines, Sector(self.choice.currentData()))

    def set_sector(self, lines: list[OrganizationLine], sector: Sector) -> bool:
        """Set `sector` on the organizations through the service, in one transaction (one change-log entry
        per row changed); say what was done and what was not, in one line. True if any organization changed."""
        try:
            missing = set(self.kiosk.organizations.set_sector_of([line.name for line in lines], sector))
        except (KioskError, sqlite3.Error, OSError) as exc:
            done: set[str] = set()
            failed = [f"{line.name}: {' '.join(str(exc).split())}" for line in lines]
        else:
            done = {line.normalized_name for line in lines if line.name not in missing}
            gone = [line.name for line in lines if line.name in missing]
            failed = [f"{name} is no longer known here (removed or renamed)" for name in gone]
        self.model.show_sector(done, sector)
        self._count()
        parts = []
        if done:
            names = lines[0].name if len(lines) == 1 else plural(len(done), "organization", "organizations")
            parts.append(f"{names} now counted as {sector_label(sector)}.")
        if failed:
            more = f" (and {len(failed) - 1:,} more)" if len(failed) > 1 else ""
            parts.append(f"Not changed: {failed[0]}{more}.")
        self.say(" ".join(parts), "error" if failed else "done")
        if failed:
            self.reload_later()
        if done:
            self.changed.emit()
        return bool(done)

    def set_languages(self, line: OrganizationLine, text: str) -> OrganizationLine | None:
        """The languages typed for one organization, through the service; the line as it now is, or None
        (and the reason said) when they were not set."""
        try:
            rows = self.kiosk.organizations.set_languages(line.name, text)
        except NotFound:
            self.say(f"Not changed: {line.name} is no longer known here (removed or renamed).", "error")
            self.reload_later()
            return None
        except (KioskError, sqlite3.Error, OSError) as exc:
            self.say(f"Not changed: {line.name}: {exc}", "error")
            return None
        changed = dataclasses.replace(line, languages=tuple(rows[0].languages))
        served = languages_text(changed) or "no languages"
        self.say(f"{line.name} now serves {served}.", "done")
        self.changed.emit()
        return changed

    def reload_later(self) -> None:
        """Read the list again once the editor that asked for a change has closed (a reset under an open
        editor would pull the cell from under it)."""
        QTimer.singleShot(0, self, self.reload)

    def say(self, text: str, kind: str = "") -> None:
        one_line = " ".join(text.split())
        self.message.setText(one_line)
        self.message.setToolTip(plain_tooltip(one_line) if one_line else "")
        self.message.setProperty("kind", kind)  # coloured by kiosk.qss
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
