"""The wall updates live (from this station and from another process on the same file), spotlights the
newest note, and loses hidden notes; the moderation queue and the paper-note form drive the same service."""

from __future__ import annotations

import itertools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.journey.samples import sample_drafts
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Draft
from kiosk.ui import theme
from kiosk.ui.moderation import ModerationDialog
from kiosk.ui.wall_window import TOGETHER, NoteCard, WallWindow


@pytest.fixture
def wall(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[WallWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, False)
    window = WallWindow(kiosk, event)
    qtbot.addWidget(window)
    window.poll.setInterval(20)
    window.resize(1600, 900)
    window.show()
    yield window
    window.close()


def _cards(wall: WallWindow) -> list[str]:
    return [card.body.text() for card in wall.board.findChildren(NoteCard) if card.isVisibleTo(wall)]


def test_a_note_from_this_station_appears_and_takes_the_spotlight(
    qtbot: QtBot, wall: WallWindow, kiosk: Kiosk, event: Event
) -> None:
    assert wall.empty.isVisibleTo(wall)
    kiosk.contributions.add(event.id, "built", "Trusted messengers")
    qtbot.waitUntil(lambda: wall.model.bodies() == ["Trusted messengers"], timeout=3000)
    assert wall.spot_body.text() == "Trusted messengers"
    assert _cards(wall) == ["Trusted messengers"]


def test_a_note_written_by_another_station_object_on_the_same_file_appears(
    qtbot: QtBot, wall: WallWindow, kiosk: Kiosk, event: Event, data_dir: Path
) -> None:
    other = Kiosk.open(data_dir)  # another process on this file, or sync applying entries
    try:
        other.contributions.add(event.id, "proud", "我们建立了合作网络")
    finally:
        other.close()
    qtbot.waitUntil(lambda: "我们建立了合作网络" in wall.model.bodies(), timeout=3000)


def test_a_hidden_note_vanishes_from_the_wall_model_and_cards(
    qtbot: QtBot, wall: WallWindow, kiosk: Kiosk, event: Event
) -> None:
    _, drop = kiosk.contributions.add_many(event.id, [Draft("built", "Keep me"), Draft("wisdom", "Rude words")])
    qtbot.waitUntil(lambda: len(wall.model.notes) == 2, timeout=3000)
    kiosk.contributions.hide(drop.id)
    qtbot.waitUntil(lambda: wall.model.bodies() == ["Keep me"], timeout=3000)
    assert "Rude words" not in _cards(wall) and wall.spot_body.text() != "Rude words"


def test_the_spotlight_turns_slowly_through_the_notes(wall: WallWindow, kiosk: Kiosk, event: Event) -> None:
    kiosk.contributions.add_many(event.id, [Draft("built", "One"), Draft("next", "Two"), Draft("wisdom", "Three")])
    wall.check()
    seen = set()
    for _ in range(3):
        wall.next_spotlight()
        seen.add(wall.spot_body.text())
    assert seen == {"One", "Two", "Three"}


def test_stronger_together_groups_by_category_and_screenshots(
    qtbot: QtBot, wall: WallWindow, kiosk: Kiosk, event: Event, shots: Path
) -> None:
    kiosk.contributions.add_many(
        event.id,
        [
            Draft("built", "Trusted messengers in every county who answer the phone in the language people speak."),
            Draft("proud", "ما برای اولین بار اطلاعات سرشماری را به زبان فارسی رساندیم.", language="fa"),
            Draft("next", "Chương trình dạy kỹ năng tài chính cho thanh thiếu niên.", language="vi"),
            Draft("wisdom", "함께하면 더 멀리 갈 수 있습니다.", language="ko"),
            Draft("transformed", "我学会了更用心地倾听。", language="zh_CN"),
            Draft("need", "Dedicated grant writers", "people"),
            Draft("have", "Community hall for 200, ADA accessible", "places"),
        ],
    )
    wall.check()
    qtbot.wait(50)
    assert wall.grab().save(str(shots / "journey-wall.png"))
    wall.set_mode(TOGETHER)
    headings = [key for key, _, _ in wall.groups()]
    assert headings[:2] == ["people", "places"] and len(headings) == 7
    assert sorted(_cards(wall)) == ["Community hall for 200, ADA accessible", "Dedicated grant writers"]
    qtbot.wait(50)
    assert wall.grab().save(str(shots / "journey-wall-together.png"))


def test_moderation_hides_restores_and_transcribes(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    kiosk.contributions.set_hold_for_review(True)
    held = kiosk.contributions.add(event.id, "built", "Waiting for review")
    dialog = ModerationDialog(kiosk, event)
    qtbot.addWidget(dialog)
    queue = dialog.queue
    assert queue.model.rowCount() == 1 and queue.model.data(queue.model.index(0, 1)) == "held"
    queue.table.selectRow(0)
    queue.restore_selected()
    assert [n.id for n in kiosk.contributions.visible(event.id)] == [held.id]
    queue.table.selectRow(0)
    queue.hide_selected()
    assert kiosk.contributions.visible(event.id) == []
    assert "1 hidden" in queue.summary.text()

    entry = dialog.entry
    entry.target.setCurrentIndex(entry.target.findData("need:funding"))
    entry.text.setPlainText("Multi-year operating funds\n\nA bookkeeper\n")
    saved = entry.save()
    assert [(n.kind, n.category, n.body) for n in saved] == [
        ("need", "funding", "Multi-year operating funds"),
        ("need", "funding", "A bookkeeper"),
    ]
    assert entry.text.toPlainText() == "" and "Saved 2 notes" in entry.message.text()
    entry.text.setPlainText("x" * 400)
    assert entry.save() == [] and entry.message.text().startswith("Nothing saved: the note is 400 characters")


def _overlaps(wall: WallWindow) -> list[str]:
    """Cards that overlap another card or stick out of their column (there should be none)."""
    problems = []
    for column in wall.board.columns.values():
        shown = [card for card in column.cards if card.isVisibleTo(wall)]
        for card in shown:
            if not column.rect().contains(card.geometry()):
                problems.append(f"{card.body.text()!r} sticks out of its column")
            if card.height() < card.heightForWidth(card.width()):
                problems.append(f"{card.body.text()!r} is cut short")
        for a, b in itertools.pairwise(shown):
            if a.geometry().intersects(b.geometry()):
                problems.append(f"{a.body.text()!r} overlaps {b.body.text()!r}")
    return problems


def test_a_wall_of_300_notes_shows_the_newest_whole_with_counts_and_screenshots(
    qtbot: QtBot, wall: WallWindow, kiosk: Kiosk, event: Event, shots: Path
) -> None:
    wall.resize(1920, 1080)
    kiosk.contributions.add_many(event.id, sample_drafts(kiosk.contributions.prompt_set, 300))
    newest = kiosk.contributions.add(event.id, "proud", "我们建立了合作网络，让老人不再孤单。", language="zh_CN")
    qtbot.waitUntil(lambda: len(wall.model.notes) == 301, timeout=3000)
    qtbot.wait(50)
    assert wall.spot_body.text() == newest.body
    journey = sum(1 for n in wall.model.notes if n.is_journey)
    assert wall.total.text() == f"{journey} notes"
    assert _overlaps(wall) == []
    assert all(c.fitting() >= 2 for c in wall.board.columns.values())  # readable: a few whole notes each
    assert wall.grab().save(str(shots / "journey-wall-300.png"))
    wall.set_mode(TOGETHER)
    qtbot.wait(50)
    assert _overlaps(wall) == []
    assert all(c.fitting() >= 2 for c in wall.board.columns.values())
    assert wall.grab().save(str(shots / "journey-wall-300-together.png"))


def test_a_note_hidden_on_a_full_wall_leaves_its_column_and_the_counts(
    qtbot: QtBot, wall: WallWindow, kiosk: Kiosk, event: Event
) -> None:
    kiosk.contributions.add_many(event.id, sample_drafts(kiosk.contributions.prompt_set, 300))
    top = kiosk.contributions.add(event.id, "built", "Take me down")
    qtbot.waitUntil(lambda: "Take me down" in _cards(wall), timeout=3000)
    before = wall.board.counts["built"].text()
    kiosk.contributions.hide(top.id)
    qtbot.waitUntil(lambda: "Take me down" not in _cards(wall), timeout=3000)
    assert top.id not in {n.id for n in wall.model.notes} and wall.spot_body.text() != "Take me down"
    assert int(wall.board.counts["built"].text().split()[0]) == int(before.split()[0]) - 1
