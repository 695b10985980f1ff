"""QA of the import wizard on a 1280 x 720 laptop: notes that run long (a line per organization whose rows
disagree on its sector) are read whole, by scrolling, and leave the rows not imported in view."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui import theme
from kiosk.ui.import_wizard import ImportWizard


def many_notes(tmp_path: Path) -> Path:
    """Nine organizations whose rows give two sectors each (a note line apiece), and two rows with no name."""
    lines = ["First Name,Last Name,Email,Company,Organization type"]
    for n in range(60):
        lines.append(f"P{n},Q{n},p{n}@example.org,Org {n % 9},{'CBO' if n % 2 else 'Ethnic media'}")
    lines += [",,nobody@example.org,Org 1,CBO", ",,none@example.org,Org 2,CBO"]
    path = tmp_path / "sectors.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(params=[False, True], ids=["standard", "large-text"])
def wizard(
    request: pytest.FixtureRequest, qtbot: QtBot, kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ImportWizard]:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1280, 680))  # 720 less a task bar
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, request.param)
    wizard = ImportWizard(kiosk, event)
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.stop_job()
    app.setStyleSheet("")


def test_long_notes_of_the_check_are_read_whole_at_1280_by_720(
    qtbot: QtBot, tmp_path: Path, wizard: ImportWizard, shots: Path
) -> None:
    wizard.choose_page.set_path(many_notes(tmp_path))
    wizard.next()
    wizard.next()
    page = wizard.check_page
    qtbot.waitUntil(lambda: page.ended, timeout=10_000)
    QApplication.processEvents()
    wizard.grab().save(str(shots / "import-check-long-notes-1280x720.png"))

    notes = page.notes
    assert notes.text().count("different sectors") == 9 and notes.isVisible()
    # The whole text is laid out (none of it cut off under the rows not imported), in a box that scrolls.
    assert notes.height() >= notes.heightForWidth(notes.width())
    box = notes.parentWidget().parentWidget()
    assert isinstance(box, QScrollArea)
    bar = box.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert box.viewport().height() + bar.value() >= notes.height()
    # The rows not imported stay in view, and nothing spills out of the page.
    view = page.rejections_view
    assert view.isVisible() and page.rejections_model.rowCount() == 2
    assert view.viewport().height() >= view.rowHeight(0)  # the next by scrolling
    assert page.minimumSizeHint().height() <= page.height()
