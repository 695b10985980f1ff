"""Helpers for the sync tests: stations opened fast from one migrated template file, and their rows."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from kiosk.core.models import CheckInMethod, Event
from kiosk.core.paths import DB_FILENAME
from kiosk.core.services import Kiosk
from kiosk.core.store import Store

REPLICATED_TABLES = (
    "station",
    "event",
    "organization",
    "registrant",
    "checkin",
    "checkin_void",
    "badge_print",
    "contribution",
    "connection",
)

_TEMPLATES: dict[str, Path] = {}


def template(base: Path) -> Path:
    """A migrated, empty station file (no station identity yet), made once per test session."""
    key = str(base)
    if key not in _TEMPLATES:
        folder = base / "template"
        Store(folder).close()
        _TEMPLATES[key] = folder / DB_FILENAME
    return _TEMPLATES[key]


def open_station(base: Path, folder: Path, name: str) -> Kiosk:
    """A new station in `folder`, on a copy of the template (migrations run once, not per station)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template(base), folder / DB_FILENAME)
    return Kiosk.open(folder, name, verify=False)


def snapshot(db: sqlite3.Connection) -> dict[str, Any]:
    """Every column of every row of every replicated table: {'table/id/column': value}."""
    values: dict[str, Any] = {}
    for table in REPLICATED_TABLES:
        cursor = db.execute(f"SELECT * FROM {table} ORDER BY id")
        columns = [d[0] for d in cursor.description]
        for row in cursor:
            record = dict(zip(columns, row, strict=True))
            for column, value in record.items():
                values[f"{table}/{record['id']}/{column}"] = value
    return values


def station_snapshot(station: Kiosk) -> dict[str, Any]:
    with station.ctx.store.write() as db:
        return snapshot(db)


def entry_ids(station: Kiosk) -> set[tuple[str, int]]:
    with station.ctx.store.write() as db:
        return set(db.execute("SELECT station_id, station_seq FROM change_log").fetchall())


def check_in_behind_the_merge(kiosk: Kiosk, event: Event, registrant_id: str, when: dt.datetime) -> None:
    """What sync brings from a station that checked a merged record in before it heard of the merge: a
    standing check-in on that record, written as it arrives (no change of this station's)."""
    stamp = when.astimezone(dt.UTC).isoformat()
    with kiosk.ctx.transaction() as w:
        w.db.execute(
            "INSERT INTO checkin (registrant_id, id, event_id, station_id, at, method, operator, voided_by, stamp) "
            "VALUES (?, 'from-station-b', ?, ?, ?, ?, 'b', NULL, ?)",
            (registrant_id, event.id, kiosk.ctx.station_id, stamp, CheckInMethod.QR.value, stamp),
        )
