"""The import wizard on a 1366 x 768 laptop: the window fits the screen beside its task bar."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.import_wizard import TITLE_BAR, ImportWizard


def test_the_wizard_fits_a_1366_by_768_laptop_screen_with_its_task_bar(
    qtbot: QtBot, kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shots: Path
) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, 728))
    export = tmp_path / "people.csv"
    export.write_text("First Name,Last Name,Email\n" + "".join(f"P{n},Q{n},p{n}@x.org\n" for n in range(30)))
    wizard = ImportWizard(kiosk, event)
    qtbot.addWidget(wizard)
    wizard.show()

    assert wizard.width() <= 1366 and wizard.height() + TITLE_BAR <= 728
    wizard.choose_page.set_path(export)
    wizard.next()
    assert wizard.currentId() == ImportWizard.MAPPING
    page = wizard.currentPage()
    assert page.minimumSizeHint().height() <= page.height()
    wizard.grab().save(str(shots / "import-wizard-1366x728.png"))
