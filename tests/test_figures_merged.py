"""A record staff merged into another is never a participant: not in the day's count, its arrivals or its
attendance export, even while a check-in another station made on it before it heard of the merge stands."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sync_support import check_in_behind_the_merge

from kiosk.core.figures import day_figures
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk
from kiosk.core.services.merges import Merges

PACIFIC = ZoneInfo("America/Los_Angeles")


def test_a_standing_check_in_on_a_merged_record_counts_nowhere(kiosk: Kiosk, event: Event, register_people) -> None:
    kept, duplicate, other = register_people(kiosk, event.id, "Ana Ruiz", "Ana Ruiz", "Bao Tran")
    nine = dt.datetime.combine(event.date, dt.time(9, 0), PACIFIC)
    kiosk.checkins.check_in_all([(kept.id, nine), (other.id, nine)], CheckInMethod.QR)
    Merges(kiosk.ctx).merge(kept.id, duplicate.id, "staff", "same person")
    check_in_behind_the_merge(kiosk, event, duplicate.id, nine + dt.timedelta(hours=2))

    figures = day_figures(kiosk.ctx, event)

    assert figures.participants == 2
    assert sum(figures.participants_by_sector.values()) == 2
    assert sum(a.count for a in figures.arrivals) + sum(o.count for o in figures.arrivals_other_days) == 2


def test_the_registrants_export_leaves_out_a_merged_record(
    kiosk: Kiosk, event: Event, register_people, tmp_path
) -> None:
    from kiosk.core.exports.tables import export_table

    kept, duplicate, cancelled = register_people(kiosk, event.id, "Ana Ruiz", "Ana Ruiz", "Bao Tran")
    kiosk.checkins.check_in(duplicate.id, CheckInMethod.QR)
    Merges(kiosk.ctx).merge(kept.id, duplicate.id, "staff", "same person")
    kiosk.registrants.cancel(cancelled.id)

    result = export_table(kiosk, event, "registrants", "csv", tmp_path / "registrants.csv")

    figures = day_figures(kiosk.ctx, event)
    assert result.rows["registrants"] == figures.registered + figures.cancelled == 2
    text = (tmp_path / "registrants.csv").read_text(encoding="utf-8-sig")
    assert duplicate.id not in text and kept.id in text
