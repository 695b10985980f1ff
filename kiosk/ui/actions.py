"""Menu actions as every station menu makes them: a shortcut when one is given, the slot connected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def menu_action(
    parent: QObject,
    text: str,
    keys: str,
    slot: Callable[..., Any],
    *,
    checkable: bool = False,
    menu: QMenu | None = None,
) -> QAction:
    """A QAction for `text` with the shortcut `keys` (none when empty), its `triggered` connected to `slot`,
    and added to `menu` when one is given."""
    action = QAction(text, parent)
    if keys:
        action.setShortcut(QKeySequence(keys))
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    if menu is not None:
        menu.addAction(action)
    return action
