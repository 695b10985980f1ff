"""The rows an import refused can be copied from the wizard, whole, to send to whoever keeps the file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.import_wizard import ImportWizard

NO_NAME = "no name: first name, last name and preferred name are all empty"


@pytest.fixture
def checked(qtbot: QtBot, wizard: ImportWizard, tmp_path: Path) -> ImportWizard:
    """The wizard's check page, done, on a file with three nameless rows (lines 3, 5 and 6)."""
    path = tmp_path / "people.csv"
    path.write_text(
        "First name,Last name,Email\nAna,Ruiz,a@example.org\n,,b@example.org\nبهار,احمدی,c@example.org\n"
        ",,<b>d</b>@example.org\n,,e@example.org\n",
        encoding="utf-8",
    )
    wizard.resize(1280, 720)
    wizard.choose_page.set_path(path)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.ended, timeout=10_000)
    return wizard


def test_copy_the_list_puts_every_row_not_imported_on_the_clipboard(qtbot: QtBot, checked: ImportWizard) -> None:
    page = checked.check_page
    assert page.copy_rejections.isVisible()

    qtbot.mouseClick(page.copy_rejections, Qt.MouseButton.LeftButton)

    assert QApplication.clipboard().text() == f"Line 3: {NO_NAME}\nLine 5: {NO_NAME}\nLine 6: {NO_NAME}\n"


def test_ctrl_c_in_the_list_copies_the_rows_chosen_whole(qtbot: QtBot, checked: ImportWizard) -> None:
    page = checked.check_page
    view = page.rejections_view
    view.setFocus()
    view.selectionModel().select(
        page.rejections_model.index(2, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )

    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    assert QApplication.clipboard().text() == f"Line 6: {NO_NAME}\n"


def test_no_copy_button_when_every_row_is_imported(qtbot: QtBot, wizard: ImportWizard, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("First name,Last name\nAna,Ruiz\n", encoding="utf-8")
    wizard.choose_page.set_path(path)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.ended, timeout=10_000)

    assert not wizard.check_page.copy_rejections.isVisible()
