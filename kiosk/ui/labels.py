"""Small helpers for showing data in widgets: plain-text labels and the way dates are written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout


def data_label(name: str, text: str = "") -> QLabel:
    """A label for data, never markup: a name like "<b>Ana</b>" must show exactly as typed."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def long_date(day: dt.date) -> str:
    """ "Thursday, April 23, 2026", with no zero-padded day."""
    return f"{day:%A, %B} {day.day}, {day.year}"


class CountTile(QFrame):
    """A live count over its caption (the desk's counters, the dashboard's tiles); `name` picks the look in
    the stylesheet: the frame is `name`, its labels `name` + "Value" and `name` + "Caption"."""

    def __init__(
        self, caption: str, name: str, margins: tuple[int, int, int, int] = (14, 6, 14, 6), wrap: bool = False
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.value = data_label(f"{name}Value", "–")
        self.caption = data_label(f"{name}Caption", caption)
        self.caption.setWordWrap(wrap)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*margins)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setAccessibleName(caption)

    def show_value(self, value: int) -> None:
        self.value.setText(f"{value:,}")
        self.setAccessibleDescription(f"{value:,} {self.caption.text().lower()}")
