"""A second convening in the same data folder: once the station switches to it, nothing of the first shows
or is written on its screens."""

from __future__ import annotations

import pytest

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Draft
from kiosk.ui.main_window import MainWindow


@pytest.fixture
def window(main_window: MainWindow) -> MainWindow:
    return main_window


def test_moderation_opened_again_after_switching_convenings_lists_and_saves_the_new_ones_notes(
    window: MainWindow, kiosk: Kiosk, event: Event, create_event
) -> None:
    kiosk.contributions.add_many(event.id, [Draft("built", "Fresno's note")])
    window.contributions.open_moderation().close()
    second = create_event(kiosk, "statewide-2027")
    window.choose_event(second.slug)

    moderation = window.contributions.open_moderation()
    assert moderation.queue.model.notes == []
    assert second.name in moderation.windowTitle()
    moderation.entry.text.setPlainText("Statewide's paper note")
    moderation.entry.save()
    assert [n.body for n in kiosk.contributions.notes(second.id, ("visible", "held", "hidden"))] == [
        "Statewide's paper note"
    ]
    assert [n.body for n in kiosk.contributions.notes(event.id, ("visible", "held", "hidden"))] == ["Fresno's note"]
    moderation.close()  # stops its poll, which would otherwise read the store after the test closed it


def test_an_open_wall_follows_the_station_to_the_other_convening(
    window: MainWindow, kiosk: Kiosk, event: Event, create_event
) -> None:
    kiosk.contributions.add_many(event.id, [Draft("built", "Fresno's note")])
    window.contributions.open_wall()
    second = create_event(kiosk, "statewide-2027")
    window.choose_event(second.slug)

    wall = window.contributions.wall
    assert wall.isVisible() and wall.current_event.id == second.id
    assert wall.model.notes == []
    wall.close()


def test_of_two_walk_ins_who_may_be_one_person_the_later_is_offered_for_merging_into_the_first(
    kiosk: Kiosk, event: Event
) -> None:
    from kiosk.core.sync.conflicts import possible_duplicate_walk_ins

    first = kiosk.desk.register_walk_in(event, "Maria", "Gonzalez", organization="Latino Community Foundation")
    again = kiosk.desk.register_walk_in(event, "Maria", "Gonzales", organization="Latino Community Foundation")
    assert first.person is not None and again.person is not None
    [pair] = possible_duplicate_walk_ins(kiosk.ctx, event.id)
    assert (pair.walk_in.display_name, pair.other.display_name) == ("Maria Gonzales", "Maria Gonzalez")
