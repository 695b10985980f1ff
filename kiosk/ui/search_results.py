"""The desk's result list: enough about each person (organization, role, status) to tell two people with
the same name apart. Item views draw DisplayRole text as plain text, so names never become markup."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kiosk.core.services.desk import role_label
from kiosk.core.services.search import SearchHit
from kiosk.ui.list_model import ListTableModel

COLUMNS = ("Name", "Organization", "Role", "Status")


def status_text(hit: SearchHit) -> str:
    if hit.cancelled:
        return "Cancelled"
    if hit.checked_in:
        return "Checked in"
    return "Walk-in, not in" if hit.walk_in else "Not yet here"


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
            if column == 0:
                return hit.display_name
            if column == 1:
                return hit.organization
            if column == 2:
                role_words = role_label(hit.role)
                return f"{role_words} · {hit.title}" if hit.title else role_words
            return status_text(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.display_name} — code {hit.ticket_code}"
        if role == Qt.ItemDataRole.FontRole and column in (0, 3):
            font = QFont()
            font.setBold(column == 0 or hit.checked_in or hit.cancelled)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            if hit.cancelled:
                return QBrush(QColor("#a61b1b"))
            if hit.checked_in:
                return QBrush(QColor("#8a5a00"))
        return None
