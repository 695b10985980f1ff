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
