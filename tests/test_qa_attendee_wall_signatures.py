"""A note's signature follows its signer: a name corrected at the desk, or a duplicate record merged by staff,
reaches the wall's cards and spotlight and the moderation queue at the next poll, not only a new window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from attendee_support import registered
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.moderation import ModerationQueue
from kiosk.ui.wall_window import TOGETHER, WallWindow


@pytest.fixture
def wall(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[WallWindow]:
    window = WallWindow(kiosk, event, TOGETHER)
    qtbot.addWidget(window)
    window.poll.stop()
    window.rotation.stop()
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def _card_signature(wall: WallWindow, category: str) -> str:
    column = wall.board.columns[category]
    return column.cards[0].signature.text()


def test_a_name_corrected_at_the_desk_reaches_the_wall_card_and_spotlight(
    wall: WallWindow, kiosk: Kiosk, event: Event
) -> None:
    typo = registered(kiosk, event, "Anna", "Gutierez", "Promotoras del Valle", "Central Valley")
    kiosk.contributions.add(event.id, "have", "Promotoras who speak Mixteco", category="people", registrant_id=typo.id)
    wall.check()
    assert _card_signature(wall, "people").startswith("Anna Gutierez")

    kiosk.registrants.update(typo.id, first_name="Ana", last_name="Gutiérrez")

    assert wall.check()
    assert _card_signature(wall, "people") == "Ana Gutiérrez · Promotoras del Valle · Central Valley"
    assert wall.spot_signature.text() == "Ana Gutiérrez · Promotoras del Valle · Central Valley"


def test_a_merge_of_the_signer_redraws_the_card_with_the_kept_person(
    wall: WallWindow, kiosk: Kiosk, event: Event
) -> None:
    ana = registered(kiosk, event, "Ana", "Gutiérrez", "Promotoras del Valle", "Central Valley")
    walk_in = registered(kiosk, event, "Anna", "Gutierez")
    kiosk.contributions.add(event.id, "have", "Promotoras", category="people", registrant_id=walk_in.id)
    kiosk.contributions.add(event.id, "need", "A hall for 200", category="places", registrant_id=ana.id)
    wall.check()
    assert _card_signature(wall, "people") == "Anna Gutierez"

    kiosk.merges.merge(ana.id, walk_in.id, "Mai", "same person, registered again at the door")

    assert wall.check()
    assert _card_signature(wall, "people") == "Ana Gutiérrez · Promotoras del Valle · Central Valley"
    assert _card_signature(wall, "places") == "Ana Gutiérrez · Promotoras del Valle · Central Valley"


def test_the_moderation_queue_shows_a_corrected_name_at_its_next_poll(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    typo = registered(kiosk, event, "Bao", "Trn", "Vietnamese Community Center")
    kiosk.contributions.add(event.id, "need", "Interpreters", category="people", registrant_id=typo.id)
    queue = ModerationQueue(kiosk, event)
    qtbot.addWidget(queue)
    assert queue.model.data(queue.model.index(0, 4)) == "Bao Trn · Vietnamese Community Center"

    kiosk.registrants.update(typo.id, last_name="Trần")

    assert queue.check()
    assert queue.model.data(queue.model.index(0, 4)) == "Bao Trần · Vietnamese Community Center"
