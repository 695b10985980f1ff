"""The moderation queue as staff read it: which prompt or category, and who signed, never cut to nothing."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Draft
from kiosk.ui.moderation import COLUMNS, ModerationDialog


def test_the_prompt_column_and_its_header_are_wide_enough_to_read(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    kiosk.contributions.add_many(event.id, [Draft("need", "We need interpreters", "people"), Draft("wisdom", "Listen")])
    dialog = ModerationDialog(kiosk, event)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 800)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.queue.table
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    assert header.sectionSize(2) >= metrics.horizontalAdvance(COLUMNS[2]) + 16  # "Prompt or category", whole
    model = dialog.queue.model
    headings = [model.data(model.index(row, 2)) for row in range(model.rowCount())]
    assert all(header.sectionSize(2) >= table.fontMetrics().horizontalAdvance(h) for h in headings), headings
    assert header.sectionSize(4) >= table.fontMetrics().horizontalAdvance("anonymous")
    assert header.sectionSize(3) > header.sectionSize(2)  # the note still gets the most room


def test_a_note_with_markup_shows_as_typed_in_its_tooltip(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    body = "<b>We</b> need <i>interpreters</i>\n<font color=red>now</font>"
    kiosk.contributions.add_many(event.id, [Draft("need", body, "people")])
    dialog = ModerationDialog(kiosk, event)
    qtbot.addWidget(dialog)
    model = dialog.queue.model
    tooltip = model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)

    # Qt shows a tooltip that might be rich text as markup: what it renders must be the note as typed.
    assert QtGui.Qt.mightBeRichText(tooltip)  # so it is rendered, as markup whose text is the note
    document = QTextDocument()
    document.setHtml(tooltip)
    assert document.toPlainText() == body
    assert model.data(model.index(0, 3)) == " ".join(body.split())  # the cell itself: one line, as typed


def test_a_note_held_at_the_kiosk_appears_in_the_open_queue_without_a_click(
    qtbot: QtBot, kiosk: Kiosk, event: Event
) -> None:
    kiosk.contributions.add_many(event.id, [Draft("wisdom", "Listen first")])
    dialog = ModerationDialog(kiosk, event)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    queue = dialog.queue
    queue.table.selectRow(0)
    held = kiosk.contributions.add(event.id, "proud", "Our youth council", review=True)
    qtbot.waitUntil(lambda: any(n.id == held.id for n in queue.model.notes), timeout=5000)
    assert "1 held for review" in queue.summary.text()
    assert [n.body for n in queue.selected()] == ["Listen first"]  # staff's selection follows its note


def test_the_hold_switch_shows_what_the_menu_set(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    dialog = ModerationDialog(kiosk, event)
    qtbot.addWidget(dialog)
    assert not dialog.queue.hold.isChecked()
    kiosk.contributions.set_hold_for_review(True)  # as Contributions → Hold kiosk notes for review does
    dialog.set_event(event)  # the menu opens the kept dialog again
    assert dialog.queue.hold.isChecked()
    assert kiosk.contributions.holds_for_review()


def test_one_paper_note_saved_says_one_note(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    dialog = ModerationDialog(kiosk, event)
    qtbot.addWidget(dialog)
    dialog.entry.text.setPlainText("Bring interpreters")
    assert len(dialog.entry.save()) == 1
    assert dialog.entry.message.text() == "Saved 1 note. Type the next batch."
