"""Check-in writes through the service layer against a bare single-row insert commit, same pragmas, same disk.

The two alternate write by write, so disk hiccups and checkpoints land on both alike.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.store import apply_pragmas

FLOOR_TABLE = (
    "CREATE TABLE checkin (id TEXT PRIMARY KEY, event_id TEXT, registrant_id TEXT, station_id TEXT,"
    " at TEXT, method TEXT, operator TEXT)"
)


def measure(rounds: int = 1000, base: Path | None = None) -> tuple[float, float]:
    """Median seconds per write: (bare insert commit, check-in with its change-log entry)."""
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = Path(tmp)
        floor_db = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
        apply_pragmas(floor_db)
        floor_db.execute(FLOOR_TABLE)
        kiosk = Kiosk.open(folder / "station", "Bench")
        event = kiosk.events.create(name="Bench", slug="bench", date=dt.date.today(), city="Fresno")
        people = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name=f"P{i}") for i in range(rounds)])
        floor: list[float] = []
        service: list[float] = []
        for person in people:
            row = (str(uuid.uuid4()), event.id, person.id, "s", dt.datetime.now(dt.UTC).isoformat(), "qr", "")
            start = time.perf_counter()
            floor_db.execute("BEGIN IMMEDIATE")
            floor_db.execute("INSERT INTO checkin VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            floor_db.execute("COMMIT")
            floor.append(time.perf_counter() - start)
            start = time.perf_counter()
            kiosk.checkins.check_in(person.id)
            service.append(time.perf_counter() - start)
        floor_db.close()
        kiosk.close()
        return statistics.median(floor), statistics.median(service)


if __name__ == "__main__":
    f, s = measure()
    print(f"bare {f * 1e6:.0f} us  service {s * 1e6:.0f} us  ratio {s / f:.2f}")
