"""The desk's counters count a person once, as the record kept: a check-in another station made on a record
before it heard of its merge is not a second person in Checked in, Walk-ins or Arrived in the last 15 min."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt

from pytestqt.qtbot import QtBot
from sync_support import check_in_behind_the_merge

from kiosk.core.figures import day_figures
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk
from kiosk.core.services.merges import Merges
from kiosk.ui.desk_view import DeskView

NOW = dt.datetime(2025, 5, 14, 18, 0, tzinfo=dt.UTC)  # 11:00 AM at the venue, on the event's day


def test_a_check_in_on_a_merged_record_is_not_a_second_person_at_the_desk(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    kept, duplicate, other = register_people(kiosk, event.id, "Ana Ruiz", "Ana Ruiz", "Bao Tran")
    kiosk.checkins.check_in_all([(kept.id, NOW - dt.timedelta(hours=2)), (other.id, NOW)], CheckInMethod.QR)
    Merges(kiosk.ctx).merge(kept.id, duplicate.id, "staff", "same person")
    check_in_behind_the_merge(kiosk, event, duplicate.id, NOW - dt.timedelta(minutes=5))

    figures = kiosk.events.figures(event.id, NOW)

    assert figures.checked_in == 2 == day_figures(kiosk.ctx, event).participants
    assert figures.recent_arrivals == 1  # Bao; Ana arrived two hours ago, whatever her merged record says
    assert figures.registered == 2


def test_a_person_checked_in_at_two_stations_arrived_when_they_first_checked_in(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.checkins.check_in_all([(ana.id, NOW - dt.timedelta(hours=1))], CheckInMethod.QR)
    check_in_behind_the_merge(kiosk, event, ana.id, NOW - dt.timedelta(minutes=5))  # Table B, not yet synced

    figures = kiosk.events.figures(event.id, NOW)

    assert (figures.checked_in, figures.recent_arrivals) == (1, 0)


def test_a_walk_in_merged_into_their_registration_counts_as_the_registration(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    (registered,) = register_people(kiosk, event.id, "Ana Ruiz")
    walk_in = kiosk.desk.register_walk_in(event, "Ana", "Ruiz", operator="Mai").person
    assert walk_in is not None
    Merges(kiosk.ctx).merge(registered.id, walk_in.registrant_id, "staff", "she had registered")
    check_in_behind_the_merge(kiosk, event, walk_in.registrant_id, dt.datetime.now(dt.UTC))

    figures = kiosk.events.figures(event.id)

    assert (figures.registered, figures.walk_ins, figures.checked_in, figures.recent_arrivals) == (1, 0, 1, 1)


def test_the_desk_counter_shows_one_person_for_a_merged_pair(
    qtbot: QtBot, kiosk: Kiosk, event: Event, register_people
) -> None:
    kept, duplicate = register_people(kiosk, event.id, "Ana Ruiz", "Ana Ruiz")
    Merges(kiosk.ctx).merge(kept.id, duplicate.id, "staff", "same person")
    desk = DeskView(kiosk, event)
    qtbot.addWidget(desk)

    desk.handle_scan(kiosk.tickets.payload_for(kept, event))
    check_in_behind_the_merge(kiosk, event, duplicate.id, dt.datetime.now(dt.UTC))
    desk.refresh_counters()

    qtbot.waitUntil(lambda: desk.counters["checked_in"].value.text() == "1")
    qtbot.wait(200)  # a second count, had there been one to come, would have landed by now
    assert desk.counters["checked_in"].value.text() == "1"
    assert desk.counters["recent"].value.text() == "1"
    assert desk.feed.count_now(event.id).checked_in == 1
    desk.hold.stop()
