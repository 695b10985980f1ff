"""Waiting for a bundle the Sync menu or the New convening form writes or imports on a worker thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot


def run_bundle(qtbot: QtBot, owner: QObject, start: Callable[[], object]) -> bool:
    """Start it and wait for the owner's `bundle_done`: whether it was written or imported."""
    with qtbot.waitSignal(owner.bundle_done, timeout=30_000) as blocker:  # type: ignore[attr-defined]
        assert start() is not None, "the bundle did not start"
    return bool(blocker.args[0])  # type: ignore[index]
