"""The staff dialogs fit a short laptop screen (1280 x 680 under the taskbar and title bar) in both looks,
show long names whole from their start, and name every control for a screen reader."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from print_support import FakePrinter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.badge_prints import BadgePrints
from kiosk.ui import theme
from kiosk.ui.badge_batch_dialog import BatchPrintDialog
from kiosk.ui.edit_registrant_dialog import EditRegistrantDialog
from kiosk.ui.organizations_view import OrganizationsWindow
from kiosk.ui.print_settings_dialog import PrinterSettingsDialog
from kiosk.ui.walk_in_dialog import WalkInDialog

SHORT_SCREEN = (1280, 680)
LONG_ORGANIZATION = "Coalición de Organizaciones Comunitarias del Valle Central de California"


@pytest.fixture
def prints(kiosk: Kiosk) -> Iterator[BadgePrints]:
    service = BadgePrints(kiosk.ctx, backends={"spooler": FakePrinter()}, start=False)
    yield service
    service.close()


def shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()


def inside(widget: QWidget, window: QWidget) -> bool:
    corner = widget.mapTo(window, widget.rect().bottomRight())
    return corner.x() < window.width() and corner.y() < window.height()


def test_the_walk_in_form_fits_a_short_screen_with_its_buttons_and_whole_fields(
    qtbot: QtBot, kiosk: Kiosk, event: Event, high_contrast: bool
) -> None:
    dialog = WalkInDialog(kiosk, event)
    shown(qtbot, dialog)
    width, height = SHORT_SCREEN
    assert dialog.height() <= height and dialog.minimumSizeHint().height() <= height
    dialog.resize(min(dialog.width(), width), height)
    QApplication.processEvents()
    for button in (dialog.save_button, dialog.cancel_button):
        assert inside(button, dialog), button.objectName()
    for edit in dialog.findChildren(QLineEdit):
        if edit.isVisibleTo(dialog):
            # As tall as the text needs: a squeezed field cuts the descenders off in large text.
            assert edit.height() >= edit.minimumSizeHint().height(), edit.objectName()


def test_the_walk_in_fields_are_reached_with_tab_in_order_while_they_scroll(
    qtbot: QtBot, kiosk: Kiosk, event: Event, qapp: QApplication
) -> None:
    theme.apply_theme(qapp, high_contrast=True)
    try:
        dialog = WalkInDialog(kiosk, event)
        shown(qtbot, dialog)
        dialog.resize(dialog.width(), 420)
        order = [dialog.first_name, dialog.last_name, dialog.preferred_name, dialog.pronouns,
                 dialog.organization, dialog.role, dialog.languages, dialog.email]  # fmt: skip
        dialog.first_name.setFocus()
        for expected in order[1:]:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is expected
            assert expected.visibleRegion().boundingRect().height() > 0, expected.objectName()
    finally:
        qapp.setStyleSheet("")


def test_the_edit_form_shows_a_long_organization_from_its_start(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people
) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    org = kiosk.organizations.find_or_create(LONG_ORGANIZATION)
    kiosk.registrants.update(person.id, organization_id=org.id)
    dialog = EditRegistrantDialog(kiosk, person.id)
    shown(qtbot, dialog)
    assert dialog.organization.text() == LONG_ORGANIZATION
    assert dialog.organization.cursorPosition() == 0


def test_the_edit_form_keeps_its_fields_whole_after_a_save_in_large_text(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, qapp: QApplication
) -> None:
    theme.apply_theme(qapp, high_contrast=True)
    try:
        (person,) = register_people(kiosk, event.id, "Ana Ruiz")
        dialog = EditRegistrantDialog(kiosk, person.id)
        shown(qtbot, dialog)
        dialog.pronouns.setText("they/them")
        dialog.save()
        QApplication.processEvents()
        assert dialog.reprint_button.isVisible() and dialog.height() <= SHORT_SCREEN[1]
        for edit in dialog.findChildren(QLineEdit):
            assert edit.height() >= edit.minimumSizeHint().height(), edit.objectName()
    finally:
        qapp.setStyleSheet("")


def test_the_organizations_window_fits_a_1280_pixel_screen_in_large_text(
    qtbot: QtBot, kiosk: Kiosk, event: Event, high_contrast: bool
) -> None:
    window = OrganizationsWindow(kiosk, event)
    shown(qtbot, window)
    assert window.minimumSizeHint().width() <= SHORT_SCREEN[0]
    assert window.minimumSizeHint().height() <= SHORT_SCREEN[1]


def test_every_control_of_the_organizations_window_has_an_accessible_name(
    qtbot: QtBot, kiosk: Kiosk, event: Event
) -> None:
    window = OrganizationsWindow(kiosk, event)
    shown(qtbot, window)
    controls = [w for w in window.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    unnamed = [
        f"{type(w).__name__}#{w.objectName()}"
        for w in controls
        if w.isVisibleTo(window) and not w.accessibleName() and not isinstance(w.parent(), (QLineEdit,))
        and w.objectName() != "qt_spinbox_lineedit"
    ]  # fmt: skip
    assert unnamed == []


def assert_whole(label: QLabel, dialog: QWidget) -> None:
    assert label.width() >= label.sizeHint().width(), label.text()
    assert inside(label, dialog), label.text()


def test_the_batch_dialog_shows_the_stocks_description_whole(
    qtbot: QtBot, prints: BadgePrints, event: Event, high_contrast: bool
) -> None:
    dialog = BatchPrintDialog(prints, event)
    shown(qtbot, dialog)
    assert dialog.width() <= SHORT_SCREEN[0]
    assert_whole(dialog.stock_about, dialog)


def test_the_printer_settings_show_the_stocks_description_whole(
    qtbot: QtBot, prints: BadgePrints, high_contrast: bool
) -> None:
    dialog = PrinterSettingsDialog(prints)
    shown(qtbot, dialog)
    assert dialog.width() <= SHORT_SCREEN[0] and dialog.height() <= SHORT_SCREEN[1]
    assert_whole(dialog.stock_about, dialog)
