"""The walk-in form over a real station: a volunteer registers someone who came without registering."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import select

from kiosk.core.models import CheckIn, Event, Registrant, Role
from kiosk.core.services import Kiosk
from kiosk.core.services.desk import Kind
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui.walk_in_dialog import NAME_NEEDED, NOTICE, WalkInDialog


def open_form(qtbot: QtBot, kiosk: Kiosk, event: Event) -> WalkInDialog:
    form = WalkInDialog(kiosk, event)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()  # the focused field, as at the table: a line edit follows its completer only then
    qtbot.waitUntil(form.isActiveWindow)
    return form


@pytest.fixture
def dialog(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[WalkInDialog]:
    yield open_form(qtbot, kiosk, event)


def people(kiosk: Kiosk) -> list[Registrant]:
    with kiosk.ctx.store.session() as s:
        return list(s.exec(select(Registrant)))


def checkins(kiosk: Kiosk) -> list[CheckIn]:
    with kiosk.ctx.store.session() as s:
        return list(s.exec(select(CheckIn)))


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def shown(dialog: WalkInDialog) -> list[str]:
    model = dialog.people_list.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_a_walk_in_with_only_a_first_name_is_registered_and_checked_in(
    qtbot: QtBot, kiosk: Kiosk, dialog: WalkInDialog
) -> None:
    type_into(qtbot, dialog.first_name, "Mai")
    with qtbot.waitSignal(dialog.registered) as signal:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    decision = dialog.decision
    assert decision is not None and signal.args == [decision]
    assert decision.kind is Kind.WELCOME and decision.headline == "Welcome, Mai!"
    assert decision.person is not None and decision.person.walk_in
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.existing_registrant_id is None
    [mai] = people(kiosk)
    assert (mai.first_name, mai.last_name, mai.walk_in) == ("Mai", "", True)
    assert [c.registrant_id for c in checkins(kiosk)] == [mai.id]


def test_without_a_name_nothing_is_saved_and_the_form_says_why(
    qtbot: QtBot, kiosk: Kiosk, dialog: WalkInDialog
) -> None:
    type_into(qtbot, dialog.email, "mai@example.org")
    type_into(qtbot, dialog.first_name, "   ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and dialog.error.text() == NAME_NEEDED
    assert people(kiosk) == [] and dialog.decision is None
    assert dialog.isVisible() and dialog.email.text() == "mai@example.org"
    assert focused() is dialog.first_name


def test_the_notice_at_collection_is_shown(dialog: WalkInDialog) -> None:
    assert dialog.notice.isVisible() and dialog.notice.text() == NOTICE
    assert "optional" in NOTICE and "never sold or shared" in NOTICE


def test_every_field_is_saved_with_the_walk_in(qtbot: QtBot, kiosk: Kiosk, dialog: WalkInDialog) -> None:
    type_into(qtbot, dialog.first_name, "Roberto")
    type_into(qtbot, dialog.last_name, "Kim")
    type_into(qtbot, dialog.preferred_name, "Bobby")
    type_into(qtbot, dialog.pronouns, "he/him")
    type_into(qtbot, dialog.organization, "Korean Community Center")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.ELECTED_OFFICIAL))
    type_into(qtbot, dialog.languages, "Korean, English, Jeju")
    type_into(qtbot, dialog.email, "bobby@example.org")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.decision is not None and dialog.decision.headline == "Welcome, Bobby!"
    assert dialog.decision.person is not None and dialog.decision.person.name == "Bobby Kim"
    [bobby] = people(kiosk)
    assert (bobby.preferred_name, bobby.pronouns, bobby.role) == ("Bobby", "he/him", "elected_official")
    assert (bobby.languages, bobby.email) == (["ko", "en", "Jeju"], "bobby@example.org")
    org = kiosk.organizations.find("Korean Community Center")
    assert org is not None and bobby.organization_id == org.id
    with kiosk.ctx.store.write() as db:  # registered in one entry, preferred name included
        (entries,) = db.execute("SELECT count(*) FROM change_log WHERE entity_id = ?", (bobby.id,)).fetchone()
    assert entries == 1


def test_roles_are_offered_by_their_readable_names(dialog: WalkInDialog) -> None:
    labels = [dialog.role.itemText(i) for i in range(dialog.role.count())]
    assert labels[0] == "Attendee" and "Elected official" in labels
    assert dialog.role.currentData() == Role.ATTENDEE


def test_the_organization_completer_offers_a_known_organization_from_typed_letters(
    qtbot: QtBot, kiosk: Kiosk, event: Event
) -> None:
    for name in ("San José Community Center", "Centro La Familia", "Fresno Center"):
        kiosk.organizations.create(name)
    form = open_form(qtbot, kiosk, event)
    completer = form.organization.completer()
    type_into(qtbot, form.organization, "JOSE")
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.completionCount() == 1 and completer.currentCompletion() == "San José Community Center"
    form.organization.clear()
    type_into(qtbot, form.organization, "cent")
    offered = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert offered == ["Centro La Familia", "Fresno Center", "San José Community Center"]
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert form.organization.text() == "Centro La Familia"


def test_a_new_organization_can_be_typed(qtbot: QtBot, kiosk: Kiosk, dialog: WalkInDialog) -> None:
    type_into(qtbot, dialog.first_name, "Mai")
    type_into(qtbot, dialog.organization, "Brand New Collective")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.decision is not None and dialog.decision.person is not None
    assert dialog.decision.person.organization == "Brand New Collective"


def test_the_same_email_is_shown_before_saving_and_this_is_them_returns_the_existing_id(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, dialog: WalkInDialog
) -> None:
    [ana] = register_people(kiosk, event.id, "Ana Ruiz", email="Ana.Ruiz@centro.org")
    type_into(qtbot, dialog.first_name, "Anita")
    type_into(qtbot, dialog.email, "ana.ruiz@CENTRO.org")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == dialog.DUPLICATES and dialog.people_list.isVisible()
    assert shown(dialog) == ["Ana Ruiz  ·  Same email\nAttendee  ·  Registered, not checked in"]
    with qtbot.waitSignal(dialog.existing_chosen) as signal:
        qtbot.mouseClick(dialog.existing_button, Qt.MouseButton.LeftButton)
    assert signal.args == [ana.id] and dialog.existing_registrant_id == ana.id
    assert dialog.decision is None and dialog.result() == QDialog.DialogCode.Accepted
    assert [p.id for p in people(kiosk)] == [ana.id] and checkins(kiosk) == []


def test_the_same_name_without_accents_is_shown_and_a_different_person_is_saved(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, dialog: WalkInDialog
) -> None:
    [jose] = register_people(kiosk, event.id, "José García")
    kiosk.checkins.check_in(jose.id)
    type_into(qtbot, dialog.first_name, "Jose")
    type_into(qtbot, dialog.last_name, "Garcia")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == dialog.DUPLICATES
    assert [p.display_name for p in dialog.duplicates] == ["José García"]
    assert shown(dialog) == ["José García  ·  Same name\nAttendee  ·  Checked in"]
    assert "Jose Garcia" in dialog.typed_summary.text()
    qtbot.mouseClick(dialog.different_button, Qt.MouseButton.LeftButton)
    assert dialog.decision is not None and dialog.decision.kind is Kind.WELCOME
    assert sorted(p.display_name for p in people(kiosk)) == ["Jose Garcia", "José García"]


def test_a_name_spelt_another_way_is_offered_before_a_second_record_is_made(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, dialog: WalkInDialog
) -> None:
    [darnell] = register_people(kiosk, event.id, "Darnell O'Brien")
    type_into(qtbot, dialog.first_name, "Darnell")
    type_into(qtbot, dialog.last_name, "OBrien")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == dialog.DUPLICATES
    assert shown(dialog) == ["Darnell O'Brien  ·  Same name\nAttendee  ·  Registered, not checked in"]
    qtbot.mouseClick(dialog.existing_button, Qt.MouseButton.LeftButton)
    assert dialog.existing_registrant_id == darnell.id and len(people(kiosk)) == 1


def test_a_first_name_alone_offers_whom_the_desk_search_would_find(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, dialog: WalkInDialog
) -> None:
    register_people(kiosk, event.id, "Aileen Aquino", "Bao Tran")
    kiosk.registrants.register(
        event.id, RegistrantDraft(first_name="أحمد", last_name="يوسف", email="ahmed.yousef@x.org")
    )
    type_into(qtbot, dialog.first_name, "Aileen")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown(dialog) == ["Aileen Aquino  ·  Partly the same name\nAttendee  ·  Registered, not checked in"]
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    dialog.first_name.clear()
    type_into(qtbot, dialog.first_name, "Ahmed")
    type_into(qtbot, dialog.last_name, "Yousef")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown(dialog) == ["أحمد يوسف  ·  Name matches their email\nAttendee  ·  Registered, not checked in"]


def test_escape_on_the_duplicates_goes_back_to_the_form_with_everything_typed(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, dialog: WalkInDialog
) -> None:
    register_people(kiosk, event.id, "Ana Ruiz")
    type_into(qtbot, dialog.first_name, "Ana")
    type_into(qtbot, dialog.last_name, "Ruiz")
    type_into(qtbot, dialog.pronouns, "she/her")
    qtbot.keyClick(dialog.last_name, Qt.Key.Key_Return)
    assert dialog.stack.currentIndex() == dialog.DUPLICATES
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.stack.currentIndex() == dialog.FORM
    assert (dialog.first_name.text(), dialog.last_name.text(), dialog.pronouns.text()) == ("Ana", "Ruiz", "she/her")
    assert len(people(kiosk)) == 1


def test_the_keyboard_alone_registers_a_walk_in(qtbot: QtBot, kiosk: Kiosk, dialog: WalkInDialog) -> None:
    assert focused() is dialog.first_name
    qtbot.keyClicks(focused(), "Mai")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.last_name
    qtbot.keyClicks(focused(), "Lee")
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # Alt+E: the Email field
    assert focused() is dialog.email
    qtbot.keyClicks(focused(), "mai@example.org")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.decision is not None and dialog.decision.headline == "Welcome, Mai!"
    assert [p.email for p in people(kiosk)] == ["mai@example.org"]


def test_the_keyboard_alone_picks_the_existing_person(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, dialog: WalkInDialog
) -> None:
    [ana] = register_people(kiosk, event.id, "Ana Ruiz")
    qtbot.keyClicks(focused(), "Ana")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Ruiz")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert focused() is dialog.people_list
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter on the list chooses nothing
    assert dialog.isVisible() and dialog.existing_registrant_id is None
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.existing_button
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.existing_registrant_id == ana.id and len(people(kiosk)) == 1


def test_a_refusal_from_the_core_is_shown_in_the_form_and_nothing_is_lost(
    qtbot: QtBot, kiosk: Kiosk, dialog: WalkInDialog
) -> None:
    type_into(qtbot, dialog.first_name, "Mai")
    type_into(qtbot, dialog.organization, "!!!")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and dialog.error.text() == "Organization name '!!!' has no letters or digits."
    assert (dialog.first_name.text(), dialog.organization.text()) == ("Mai", "!!!")
    assert people(kiosk) == [] and dialog.isVisible()


def test_a_pause_in_typing_says_who_may_already_be_registered(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, dialog: WalkInDialog
) -> None:
    register_people(kiosk, event.id, "Ana Ruiz")
    type_into(qtbot, dialog.first_name, "ana")
    type_into(qtbot, dialog.last_name, "ruiz")
    qtbot.waitUntil(dialog.hint.isVisible, timeout=3000)
    assert dialog.hint.text() == "Possibly already registered: Ana Ruiz. Saving will show them first."


def test_names_with_markup_show_literally(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people, dialog: WalkInDialog
) -> None:
    register_people(kiosk, event.id, "<b>Ana</b> Ruiz")
    type_into(qtbot, dialog.first_name, "<b>Ana</b>")
    type_into(qtbot, dialog.last_name, "Ruiz")
    dialog.look_for_duplicates()
    assert dialog.hint.textFormat() == Qt.TextFormat.PlainText and "<b>Ana</b> Ruiz" in dialog.hint.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown(dialog)[0].startswith("<b>Ana</b> Ruiz  ·  Same name")
    assert dialog.typed_summary.textFormat() == Qt.TextFormat.PlainText
    assert dialog.typed_summary.text() == "You typed: <b>Ana</b> Ruiz"


def test_every_control_has_an_accessible_name(dialog: WalkInDialog) -> None:
    controls = [
        dialog.first_name,
        dialog.last_name,
        dialog.preferred_name,
        dialog.pronouns,
        dialog.organization,
        dialog.role,
        dialog.languages,
        dialog.email,
        dialog.save_button,
        dialog.cancel_button,
        dialog.people_list,
        dialog.existing_button,
        dialog.different_button,
        dialog.back_button,
    ]
    assert all(control.accessibleName() for control in controls)
