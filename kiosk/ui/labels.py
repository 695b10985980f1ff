"""Small helpers for showing data in widgets: plain-text labels and the way dates are written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def data_label(name: str, text: str = "") -> QLabel:
    """A label for data, never markup: a name like "<b>Ana</b>" must show exactly as typed."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def long_date(day: dt.date) -> str:
    """ "Thursday, April 23, 2026", with no zero-padded day."""
    return f"{day:%A, %B} {day.day}, {day.year}"
