"""What does not fit an attendee screen (the Journey Map kiosk, self-service check-in) at its size."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

TOUCH = 48
"""The smallest touch target, in pixels (the staff button is for staff, and kept discreet on purpose)."""


def cut_widgets(window: QWidget, spared: QWidget | None = None) -> list[str]:
    """Each visible widget of `window` that reaches past it, a label without the room its words need, and a
    button smaller than a finger (but `spared`, the small staff button)."""
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() == 0:
            continue
        name = widget.objectName() or type(widget).__name__
        box = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not window.rect().contains(box):
            problems.append(f"{name} reaches past the window: {box}")
        if isinstance(widget, QLabel) and widget.text():
            room = widget.heightForWidth(widget.width()) if widget.wordWrap() else widget.sizeHint().height()
            if room > widget.height() or (not widget.wordWrap() and widget.sizeHint().width() > widget.width()):
                problems.append(f"{name} is cut: {widget.text()[:40]!r}")
        small = min(widget.width(), widget.height()) < TOUCH
        if isinstance(widget, QAbstractButton) and widget is not spared and small:
            problems.append(f"{name} is smaller than a finger: {widget.width()}×{widget.height()}")
    return problems
