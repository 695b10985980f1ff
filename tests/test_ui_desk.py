"""The check-in desk driven as a volunteer drives it: real widgets offscreen over a real store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTableView
from pytestqt.qtbot import QtBot
from sqlmodel import select

from kiosk.core.models import CheckIn, CheckInMethod, CheckInVoid, Event, Registrant, RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.core.services import desk as desk_module
from kiosk.core.services.desk import Kind
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui.decision_view import Look
from kiosk.ui.desk_view import DeskView
from kiosk.ui.edit_registrant_dialog import EditRegistrantDialog
from kiosk.ui.walk_in_dialog import WalkInDialog


@dataclass
class People:
    kiosk: Kiosk
    event: Event
    ana: Registrant
    li: Registrant
    li_other: Registrant
    farid: Registrant
    markup: Registrant

    def payload(self, person: Registrant) -> str:
        return self.kiosk.tickets.payload_for(person, self.event)


@pytest.fixture
def people(kiosk: Kiosk, event: Event) -> People:
    ana, li, li_other, farid, markup = kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(
                first_name="Ana",
                last_name="García",
                pronouns="she/her",
                ticket_type="General",
                accessibility_needs="Wheelchair access",
            ),
            RegistrantDraft(first_name="Li", last_name="Wei", title="Reporter"),
            RegistrantDraft(first_name="Li", last_name="Wei", title="Program director"),
            RegistrantDraft(first_name="Farid", last_name="Karimi", status=RegistrantStatus.CANCELLED),
            RegistrantDraft(first_name="<b>Ana</b>", last_name="Bold"),
        ],
    )
    return People(kiosk, event, ana, li, li_other, farid, markup)


@pytest.fixture
def desk(qtbot: QtBot, people: People) -> Iterator[DeskView]:
    view = DeskView(people.kiosk, people.event)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.hold.stop()


def shown_tooltip(tooltip: str) -> str:
    """A tooltip's text as Qt shows it: as markup when it might be rich text, as typed otherwise."""
    if not QtGui.Qt.mightBeRichText(tooltip):  # QtGui's Qt namespace has it, QtCore's does not
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def standing(kiosk: Kiosk, registrant_id: str) -> list[CheckIn]:
    with kiosk.ctx.store.session() as s:
        rows = s.exec(select(CheckIn).where(CheckIn.registrant_id == registrant_id)).all()
    return [row for row in rows if row.voided_by is None]


def test_a_scanned_ticket_welcomes_the_person_and_fills_the_desk(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    decision = desk.handle_scan(people.payload(people.ana))

    assert decision.kind is Kind.WELCOME
    assert desk.showing_decision()
    assert desk.decision.look() is Look.WELCOME
    assert desk.decision.headline.text() == "Welcome, Ana!"
    assert desk.decision.name.text() == "Ana García"
    assert desk.decision.pronouns.text() == "she/her"
    assert "Badge: not printed yet." in desk.decision.details.text()
    assert desk.undo_button.isVisible()
    qtbot.waitUntil(lambda: desk.counters["checked_in"].value.text() == "1")
    assert desk.counters["recent"].value.text() == "1"
    assert len(standing(people.kiosk, people.ana.id)) == 1


def test_a_second_scan_says_already_checked_in_and_adds_nothing(desk: DeskView, people: People) -> None:
    desk.operator.setText("Maya")
    desk.handle_scan(people.payload(people.ana))
    decision = desk.handle_scan(people.payload(people.ana))

    assert decision.kind is Kind.ALREADY_CHECKED_IN
    assert desk.decision.look() is Look.ALREADY
    assert desk.decision.headline.text() == "Already checked in"
    assert "station Table A, by Maya" in desk.decision.details.text()
    assert not desk.undo_button.isVisible()
    assert len(standing(people.kiosk, people.ana.id)) == 1


@pytest.mark.parametrize(
    ("code", "cause", "words"),
    [
        ("CK1-NOT-A-REAL-TICKET", "malformed", "Not a valid ticket"),
        ("KDFTWXHH", "unknown", "Not a valid ticket"),
    ],
)
def test_an_invalid_code_is_refused_with_the_reason_and_what_to_do(
    desk: DeskView, code: str, cause: str, words: str
) -> None:
    decision = desk.handle_scan(code)

    assert decision.kind is Kind.NOT_VALID
    assert decision.cause == cause
    assert desk.decision.look() is Look.INVALID
    assert desk.decision.headline.text() == words
    assert desk.decision.details.text() == decision.reason != ""
    assert desk.decision.advice.text() == decision.advice != ""


def test_a_forged_ticket_is_refused(desk: DeskView, people: People) -> None:
    real = people.payload(people.ana)
    forged = real[:-2] + ("AA" if not real.endswith("AA") else "BB")
    decision = desk.handle_scan(forged)

    assert decision.kind is Kind.NOT_VALID
    assert desk.decision.look() is Look.INVALID
    assert standing(people.kiosk, people.ana.id) == []


def test_a_cancelled_registration_is_refused_by_name(desk: DeskView, people: People) -> None:
    decision = desk.handle_scan(people.payload(people.farid))

    assert decision.kind is Kind.NOT_VALID
    assert decision.cause == "cancelled"
    assert desk.decision.look() is Look.INVALID
    assert desk.decision.name.text() == "Farid Karimi"
    assert "cancelled" in desk.decision.details.text()
    assert standing(people.kiosk, people.farid.id) == []


def test_already_checked_in_shows_their_access_needs_and_that_no_badge_was_printed(
    desk: DeskView, people: People
) -> None:
    desk.handle_scan(people.payload(people.ana))
    desk.handle_scan(people.payload(people.ana))

    details = desk.decision.details.text().splitlines()
    assert "Access needs: Wheelchair access" in details
    assert "Badge: not printed yet." in details
    advice = desk.decision.advice.text()
    assert "not printed yet: print it (Ctrl+P)" in advice
    assert "if they have no badge" not in advice  # the station knows whether they have one


def test_a_cancelled_registration_picked_by_name_says_so_and_check_in_is_off(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    qtbot.keyClicks(desk.search, "Farid")

    assert desk.results.hits[0].registrant_id == people.farid.id
    assert not desk.check_in_button.isEnabled()
    assert desk.message.isVisible() and "Farid Karimi was cancelled" in desk.message.text()
    assert "cancelled" in shown_tooltip(desk.check_in_button.toolTip())
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)  # Enter still explains, in full, on the decision
    assert desk.decision.headline.text() == "Registration cancelled"  # not "Not a valid ticket": none was scanned
    assert standing(people.kiosk, people.farid.id) == []


def test_choosing_someone_else_after_a_cancelled_registration_turns_check_in_back_on(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    qtbot.keyClicks(desk.search, "Farid")
    desk.search.clear()
    qtbot.keyClicks(desk.search, "Ana Garcia")

    assert desk.check_in_button.isEnabled()
    assert not desk.message.isVisible()
    assert desk.check_in_button.toolTip() == ""


def test_a_typed_code_with_characters_no_code_has_says_which(qtbot: QtBot, desk: DeskView) -> None:
    qtbot.keyClicks(desk.search, "YCRMW9W0")

    message = desk.message.text()
    assert message.startswith("No one found for “YCRMW9W0”.")
    assert "never contain 0, 1, 2, 5, 8, B, I, L, O, S or Z (this has 0)" in message
    assert "D or Q" in message


def test_a_name_that_finds_no_one_gets_no_code_hint(qtbot: QtBot, desk: DeskView) -> None:
    qtbot.keyClicks(desk.search, "Santiago")

    assert desk.message.text() == "No one found for “Santiago”."


def test_ctrl_z_undoes_the_check_in_just_made(qtbot: QtBot, desk: DeskView, people: People) -> None:
    desk.handle_scan(people.payload(people.ana))
    qtbot.waitUntil(lambda: desk.counters["checked_in"].value.text() == "1")
    qtbot.keyClick(desk.next_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert desk.decision.look() is Look.UNDONE
    assert desk.decision.headline.text() == "Check-in undone"
    assert standing(people.kiosk, people.ana.id) == []
    qtbot.waitUntil(lambda: desk.counters["checked_in"].value.text() == "0")
    # and the ticket checks in again afterwards
    assert desk.handle_scan(people.payload(people.ana)).kind is Kind.WELCOME


def test_undo_is_gone_once_the_window_has_passed(
    qtbot: QtBot, desk: DeskView, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    decision = desk.handle_scan(people.payload(people.ana))
    later = decision.at + dt.timedelta(seconds=desk_module.UNDO_SECONDS + 1)  # type: ignore[operator]
    monkeypatch.setattr(desk_module, "now", lambda: later)
    desk.undo_button.show()  # as if the expiry timer had not fired yet: the core still refuses
    desk.undo_last()

    assert len(standing(people.kiosk, people.ana.id)) == 1
    assert "can no longer be undone" in desk.decision.advice.text()
    assert not desk.undo_button.isVisible()


def test_typing_searches_from_the_first_letters_and_shows_who_is_who(qtbot: QtBot, desk: DeskView) -> None:
    qtbot.keyClicks(desk.search, "Li")

    shown = [
        (desk.results.data(desk.results.index(row, 0)), desk.results.data(desk.results.index(row, 2)))
        for row in range(desk.results.rowCount())
    ]
    assert ("Li Wei", "Attendee · Reporter") in shown
    assert ("Li Wei", "Attendee · Program director") in shown
    assert not desk.showing_decision()


def test_accents_do_not_matter_and_enter_checks_in_the_selected_person(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    qtbot.keyClicks(desk.search, "ana garcia")
    assert desk.results.hits[0].registrant_id == people.ana.id
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)

    assert desk.decision.look() is Look.WELCOME
    assert desk.decision.name.text() == "Ana García"
    checkins = standing(people.kiosk, people.ana.id)
    assert [c.method for c in checkins] == [CheckInMethod.SEARCH]


def test_arrow_keys_choose_among_results_without_leaving_the_search_box(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    qtbot.keyClicks(desk.search, "Li Wei")
    qtbot.keyClick(desk.search, Qt.Key.Key_Down)
    second = desk.results.hits[1].registrant_id
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)

    assert desk.decision.decision is not None and desk.decision.decision.person is not None
    assert desk.decision.decision.person.registrant_id == second


def test_a_click_on_a_result_checks_that_person_in(qtbot: QtBot, desk: DeskView, people: People) -> None:
    qtbot.keyClicks(desk.search, "Farid")
    rect = desk.table.visualRect(desk.results.index(0, 0))
    qtbot.mouseClick(desk.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert desk.decision.look() is Look.INVALID  # Farid's registration was cancelled
    assert desk.decision.decision is not None and desk.decision.decision.cause == "cancelled"


def test_a_typed_human_code_checks_in_like_a_scan(qtbot: QtBot, desk: DeskView, people: People) -> None:
    code = people.ana.ticket_code
    qtbot.keyClicks(desk.search, f"{code[:4].lower()}-{code[4:].lower()}")
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)

    assert desk.decision.look() is Look.WELCOME
    assert [c.method for c in standing(people.kiosk, people.ana.id)] == [CheckInMethod.CODE]


def test_typing_while_a_decision_shows_starts_the_next_search(qtbot: QtBot, desk: DeskView, people: People) -> None:
    desk.handle_scan(people.payload(people.ana))
    qtbot.keyClicks(desk.next_button, "L")

    assert not desk.showing_decision()
    assert desk.search.text() == "L"
    assert desk.search.hasFocus()


def test_escape_goes_back_to_an_empty_search(qtbot: QtBot, desk: DeskView, people: People) -> None:
    desk.handle_scan(people.payload(people.ana))
    qtbot.keyClick(desk.next_button, Qt.Key.Key_Escape)

    assert not desk.showing_decision()
    assert desk.search.text() == ""


def test_a_check_in_is_voided_later_only_with_a_reason(qtbot: QtBot, desk: DeskView, people: People) -> None:
    desk.handle_scan(people.payload(people.ana))
    desk.back_to_search()

    assert not desk.void_check_in(people.ana.id, reason="  ")
    assert len(standing(people.kiosk, people.ana.id)) == 1
    assert desk.void_check_in(people.ana.id, reason="checked in the wrong Ana")
    assert standing(people.kiosk, people.ana.id) == []
    with people.kiosk.ctx.store.session() as s:
        (void,) = s.exec(select(CheckInVoid)).all()
    assert void.reason == "checked in the wrong Ana"


def test_names_with_markup_show_literally(desk: DeskView, people: People) -> None:
    desk.handle_scan(people.payload(people.markup))

    assert desk.decision.name.text() == "<b>Ana</b> Bold"
    assert desk.decision.name.textFormat() == Qt.TextFormat.PlainText
    assert desk.decision.headline.textFormat() == Qt.TextFormat.PlainText


def test_a_name_with_markup_shows_as_typed_in_the_results_tooltip(qtbot: QtBot, desk: DeskView) -> None:
    qtbot.keyClicks(desk.search, "Bold")
    tooltip = desk.results.data(desk.results.index(0, 0), Qt.ItemDataRole.ToolTipRole)

    # Qt shows a tooltip that might be rich text as markup: what it renders must be the name as typed.
    assert shown_tooltip(tooltip).splitlines()[0] == "<b>Ana</b> Bold"


def test_the_results_tooltip_gives_the_name_organization_and_role_in_full(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    qtbot.keyClicks(desk.search, "Li Wei")
    row = next(r for r, hit in enumerate(desk.results.hits) if hit.registrant_id == people.li_other.id)
    tooltip = shown_tooltip(desk.results.data(desk.results.index(row, 1), Qt.ItemDataRole.ToolTipRole))

    assert tooltip.splitlines()[:2] == ["Li Wei", "Attendee · Program director"]
    assert people.li_other.ticket_code in tooltip


def test_every_control_has_an_accessible_name(desk: DeskView) -> None:
    controls = [*desk.findChildren(QAbstractButton), *desk.findChildren(QLineEdit), *desk.findChildren(QTableView)]
    assert len(controls) >= 8
    ours = [c for c in controls if not c.objectName().startswith("qt_")]  # Qt's own parts (the table's corner)
    unnamed = [c.objectName() or type(c).__name__ for c in ours if not c.accessibleName()]
    assert unnamed == []


def test_the_keyboard_alone_reaches_every_desk_action(qtbot: QtBot, desk: DeskView, people: People) -> None:
    # Tab moves from the search box to the result list and the buttons; nothing needs a mouse.
    desk.search.setFocus()
    seen = set()
    for _ in range(12):
        qtbot.keyClick(desk.focusWidget(), Qt.Key.Key_Tab)
        seen.add(desk.focusWidget().objectName())
    assert {"deskResults", "walkInButton", "operatorName"} <= seen


def test_tab_leaves_a_list_of_results_for_the_buttons_and_keeps_the_person_chosen(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    qtbot.keyClicks(desk.search, "Li Wei")
    qtbot.keyClick(desk.search, Qt.Key.Key_Down)
    chosen = desk._selected_hit_id()
    assert chosen is not None and len(desk.results.hits) == 2
    seen = []
    for _ in range(12):
        qtbot.keyClick(desk.focusWidget(), Qt.Key.Key_Tab)
        seen.append(desk.focusWidget().objectName())
        assert desk._selected_hit_id() == chosen, seen  # Tab never picks someone else

    assert {"deskResults", "checkInButton", "editButton", "walkInButton", "operatorName"} <= set(seen)
    assert seen.count("deskResults") <= 2  # once a round, not once a cell


def test_ctrl_n_registers_a_walk_in_and_the_desk_welcomes_them(qtbot: QtBot, desk: DeskView, people: People) -> None:
    desk.operator.setText("Maya")
    qtbot.keyClick(desk.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = desk.findChild(WalkInDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.first_name, "Tenzin")
    dialog.save()

    assert desk.decision.look() is Look.WELCOME
    assert desk.decision.headline.text() == "Welcome, Tenzin!"
    assert "Walk-in: registered just now." in desk.decision.details.text()
    qtbot.waitUntil(lambda: desk.counters["walk_ins"].value.text() == "1")
    decision = desk.decision.decision
    assert decision is not None and decision.operator == "Maya"


def test_a_walk_in_who_is_already_registered_is_checked_in_instead(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    dialog = desk.open_walk_in()
    qtbot.keyClicks(dialog.first_name, "Ana")
    qtbot.keyClicks(dialog.last_name, "Garcia")
    dialog.save()
    dialog.existing_button.click()

    assert desk.decision.look() is Look.WELCOME
    assert desk.decision.decision is not None and desk.decision.decision.person is not None
    assert desk.decision.decision.person.registrant_id == people.ana.id
    qtbot.waitUntil(lambda: desk.counters["checked_in"].value.text() == "1")
    assert desk.counters["walk_ins"].value.text() == "0"


def test_editing_from_the_decision_saves_and_offers_a_badge_reprint(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    desk.handle_scan(people.payload(people.li))
    qtbot.keyClick(desk.next_button, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = desk.findChild(EditRegistrantDialog)
    assert dialog is not None
    dialog.last_name.setText("Wai")
    with qtbot.waitSignal(desk.reprint_requested) as reprint:
        dialog.save()
        dialog.reprint_button.click()
    assert reprint.args == [people.li.id]
    assert people.kiosk.registrants.get(people.li.id).last_name == "Wai"
    dialog.close_button.click()
    assert desk.showing_decision() and desk.decision.name.text().endswith(" Wai")  # the fix shows at once
    assert desk.decision.decision is not None and desk.decision.decision.person is not None
    assert desk.decision.decision.person.name.endswith(" Wai") and desk.decision.decision.can_undo


def test_a_name_fixed_in_the_edit_form_shows_in_the_list_behind_it_while_it_stays_open(
    qtbot: QtBot, desk: DeskView, people: People
) -> None:
    qtbot.keyClicks(desk.search, "Farid")
    qtbot.waitUntil(lambda: [h.display_name for h in desk.results.hits] == ["Farid Karimi"])
    dialog = desk.edit_registrant(people.farid.id)
    qtbot.waitExposed(dialog)
    dialog.last_name.setText("Karimy")
    dialog.save()
    assert dialog.isVisible()  # it offers the reprint
    qtbot.waitUntil(lambda: [h.display_name for h in desk.results.hits] == ["Farid Karimy"])
    dialog.reject()
