"""The app's look: the standard stylesheet, or the same with large text and high contrast on top (for a
volunteer who needs it, or a table in bright daylight). A per-station choice, kept in its settings."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.core.models import Setting
from kiosk.core.settings import put_setting
from kiosk.core.store import Store
from kiosk.resources import resource_path

HIGH_CONTRAST = "high_contrast"


def stylesheet(high_contrast: bool) -> str:
    # The forms' own sheet (forms.qss) is applied by the dialogs themselves.
    sheets = ["kiosk.qss", "high-contrast.qss"] if high_contrast else ["kiosk.qss"]
    return "\n".join(resource_path("styles", name).read_text(encoding="utf-8") for name in sheets)


def apply_theme(app: QApplication, high_contrast: bool) -> None:
    app.setStyleSheet(stylesheet(high_contrast))


def high_contrast_chosen(store: Store) -> bool:
    with store.session() as s:
        setting = s.get(Setting, HIGH_CONTRAST)
    return setting is not None and setting.value == "1"


def choose_high_contrast(store: Store, on: bool) -> None:
    with store.write() as db:
        put_setting(db, HIGH_CONTRAST, "1" if on else "0")
