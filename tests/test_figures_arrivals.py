"""The arrivals figure: the event day's check-ins by quarter hour, and those made on other days counted by
date beside it, never drawn as if they were on the day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.core.figures import OtherDayArrivals, day_figures
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk

PACIFIC = ZoneInfo("America/Los_Angeles")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), PACIFIC)


def test_a_check_in_on_another_day_is_counted_by_its_date_and_left_out_of_the_days_quarter_hours(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    ana, bao, late, early = register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran", "Late Import", "Test Scan")
    later = event.date + dt.timedelta(days=190)
    kiosk.checkins.check_in_all(
        [(early.id, at(event.date - dt.timedelta(days=1), 16, 5)), (ana.id, at(event.date, 9, 0)),
         (bao.id, at(event.date, 10, 40)), (late.id, at(later, 4, 0))],
        CheckInMethod.QR,
    )  # fmt: skip

    figures = day_figures(kiosk.ctx, event)

    assert {a.start.date() for a in figures.arrivals} == {event.date}
    assert [(f"{a.start:%H:%M}", a.count) for a in figures.arrivals] == [
        ("09:00", 1), ("09:15", 0), ("09:30", 0), ("09:45", 0), ("10:00", 0), ("10:15", 0), ("10:30", 1),
    ]  # fmt: skip
    assert figures.arrivals_other_days == (
        OtherDayArrivals(event.date - dt.timedelta(days=1), 1),
        OtherDayArrivals(later, 1),
    )
    assert sum(a.count for a in figures.arrivals) + sum(o.count for o in figures.arrivals_other_days) == 4
    assert figures.participants == 4
    assert figures.to_json()["arrivals_other_days"] == [
        {"date": (event.date - dt.timedelta(days=1)).isoformat(), "count": 1},
        {"date": later.isoformat(), "count": 1},
    ]


def test_a_check_in_late_in_the_evening_counts_on_the_venues_date_not_utcs(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.checkins.check_in_all([(ana.id, at(event.date, 20, 30))], CheckInMethod.QR)  # 03:30 UTC the next day

    figures = day_figures(kiosk.ctx, event)

    assert [(a.start.date(), f"{a.start:%H:%M}", a.count) for a in figures.arrivals] == [(event.date, "20:30", 1)]
    assert figures.arrivals_other_days == ()
