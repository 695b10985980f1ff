"""Fixing a registrant at the table over a real station: only what changed is saved, and a reprint is offered."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.core.changelog import Entry, newest_entries
from kiosk.core.models import Event, Registrant, Role
from kiosk.core.services import Kiosk
from kiosk.core.tickets import spaced
from kiosk.ui.edit_registrant_dialog import NOTHING_CHANGED, REPRINT, EditRegistrantDialog
from kiosk.ui.walk_in_dialog import NAME_NEEDED


def open_dialog(qtbot: QtBot, kiosk: Kiosk, registrant: Registrant) -> EditRegistrantDialog:
    dialog = EditRegistrantDialog(kiosk, registrant.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def newest(kiosk: Kiosk) -> Entry:
    with kiosk.ctx.store.write() as db:
        return newest_entries(db, 1)[0]


def log_size(kiosk: Kiosk) -> int:
    with kiosk.ctx.store.write() as db:
        return int(db.execute("SELECT count(*) FROM change_log").fetchone()[0])


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


@pytest.fixture
def ana(kiosk: Kiosk, event: Event, register_people) -> Registrant:
    center = kiosk.organizations.create("The Fresno Center, Inc.")
    [person] = register_people(kiosk, event.id, "Ana Ruis", organization_id=center.id, pronouns="she/her")
    return person


def test_the_form_shows_the_registrant_as_stored(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    assert (dialog.first_name.text(), dialog.last_name.text(), dialog.pronouns.text()) == ("Ana", "Ruis", "she/her")
    assert dialog.organization.text() == "The Fresno Center, Inc."
    assert dialog.role.currentData() == Role.ATTENDEE and dialog.role.currentText() == "Attendee"
    assert dialog.title.text() == "Edit Ana Ruis" and dialog.subtitle.text() == f"Ticket {spaced(ana.ticket_code)}"


def test_a_fixed_last_name_is_saved_logged_and_a_reprint_is_offered(
    qtbot: QtBot, kiosk: Kiosk, ana: Registrant
) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    before = log_size(kiosk)
    retype(qtbot, dialog.last_name, "Ruiz")
    with qtbot.waitSignal(dialog.changes_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert kiosk.registrants.get(ana.id).last_name == "Ruiz"
    assert log_size(kiosk) == before + 1
    entry = newest(kiosk)
    assert (entry.entity, entry.entity_id, entry.payload) == ("registrant", ana.id, {"last_name": "Ruiz"})
    assert dialog.changed_fields == {"last_name"} and dialog.saved is not None and dialog.saved.last_name == "Ruiz"
    assert dialog.done_note.isVisible() and REPRINT in dialog.done_note.text()
    assert dialog.reprint_button.isVisible() and dialog.title.text() == "Edit Ana Ruiz"
    with qtbot.waitSignal(dialog.reprint_requested) as signal:
        qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
    assert signal.args == [ana.id]


def test_saving_without_a_change_writes_nothing_and_says_so(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    before = log_size(kiosk)
    retype(qtbot, dialog.first_name, "  Ana ")
    retype(qtbot, dialog.organization, "fresno center")  # another spelling of the same organization
    with qtbot.assertNotEmitted(dialog.changes_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.note.isVisible() and dialog.note.text() == NOTHING_CHANGED
    assert log_size(kiosk) == before and not dialog.reprint_button.isVisible() and dialog.saved is None


def test_a_new_organization_is_created_and_set(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    retype(qtbot, dialog.organization, "Centro La Familia")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    org = kiosk.organizations.find("Centro La Familia")
    assert org is not None and kiosk.registrants.get(ana.id).organization_id == org.id
    assert dialog.changed_fields == {"organization_id"} and dialog.reprint_button.isVisible()


def test_a_known_organization_is_reused_not_duplicated(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    other = kiosk.organizations.create("Centro La Familia")
    dialog = open_dialog(qtbot, kiosk, ana)
    retype(qtbot, dialog.organization, "centro la familia")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert kiosk.registrants.get(ana.id).organization_id == other.id
    assert len(kiosk.organizations.all()) == 2


def test_a_cleared_organization_is_removed(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    dialog.organization.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert kiosk.registrants.get(ana.id).organization_id is None


def test_pronouns_and_role_are_saved_in_one_entry(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    retype(qtbot, dialog.pronouns, "she/ella")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SPEAKER))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert newest(kiosk).payload == {"pronouns": "she/ella", "role": "speaker"}
    saved = kiosk.registrants.get(ana.id)
    assert (saved.pronouns, saved.role) == ("she/ella", "speaker")


def test_a_registrant_needs_a_name(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    before = log_size(kiosk)
    dialog.first_name.clear()
    dialog.last_name.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and dialog.error.text() == NAME_NEEDED
    assert log_size(kiosk) == before and kiosk.registrants.get(ana.id).first_name == "Ana"


def test_the_keyboard_alone_fixes_a_name_and_asks_for_the_badge(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    assert QApplication.focusWidget() is dialog.first_name
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # Alt+L: Last name
    assert QApplication.focusWidget() is dialog.last_name
    qtbot.keyClick(dialog.last_name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.last_name, "Ruiz")
    qtbot.keyClick(dialog.last_name, Qt.Key.Key_Return)
    assert kiosk.registrants.get(ana.id).last_name == "Ruiz"
    assert QApplication.focusWidget() is dialog.reprint_button
    with qtbot.waitSignal(dialog.reprint_requested):
        qtbot.keyClick(dialog.reprint_button, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_close_accepts_after_a_save_and_rejects_without_one(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    untouched = open_dialog(qtbot, kiosk, ana)
    qtbot.mouseClick(untouched.close_button, Qt.MouseButton.LeftButton)
    assert untouched.result() == QDialog.DialogCode.Rejected
    dialog = open_dialog(qtbot, kiosk, ana)
    retype(qtbot, dialog.last_name, "Ruiz")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_names_with_markup_show_literally(qtbot: QtBot, kiosk: Kiosk, event: Event, register_people) -> None:
    [person] = register_people(kiosk, event.id, "<b>Ana</b> <i>Ruiz</i>")
    dialog = open_dialog(qtbot, kiosk, person)
    assert dialog.title.textFormat() == Qt.TextFormat.PlainText
    assert dialog.title.text() == "Edit <b>Ana</b> <i>Ruiz</i>"
    assert dialog.first_name.text() == "<b>Ana</b>"


def test_every_control_has_an_accessible_name(qtbot: QtBot, kiosk: Kiosk, ana: Registrant) -> None:
    dialog = open_dialog(qtbot, kiosk, ana)
    controls = [
        dialog.first_name,
        dialog.last_name,
        dialog.preferred_name,
        dialog.pronouns,
        dialog.organization,
        dialog.role,
        dialog.save_button,
        dialog.close_button,
        dialog.reprint_button,
    ]
    assert all(control.accessibleName() for control in controls)
