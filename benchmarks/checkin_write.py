"""Check-in writes against a bare single-row insert commit under the same pragmas, on the same disk.

Three series alternate write by write, so disk hiccups and checkpoints land on all alike:
- floor: one INSERT of a check-in-shaped row and its COMMIT on a plain sqlite3 connection;
- write: the service layer's write path, a check-in row and its change-log entry in one transaction;
- check-in: `CheckIns.check_in` as the desk calls it, which also reads whether the person is in already.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.ids import new_id
from kiosk.core.models import CheckInMethod
from kiosk.core.replica import APPEND
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.store import apply_pragmas

FLOOR_TABLE = (
    "CREATE TABLE checkin (id TEXT PRIMARY KEY, event_id TEXT, registrant_id TEXT, station_id TEXT,"
    " at TEXT, method TEXT, operator TEXT)"
)


class BareFloor:
    """The raw floor every write benchmark compares against: one INSERT of a check-in-shaped row and its
    COMMIT on a plain sqlite3 connection under the store's pragmas, in a file of its own."""

    def __init__(self, folder: Path) -> None:
        self.db = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
        apply_pragmas(self.db)
        self.db.execute(FLOOR_TABLE)

    def insert(self, event_id: str, registrant_id: str) -> float:
        """Seconds for one durable single-row insert."""
        row = (str(uuid.uuid4()), event_id, registrant_id, "s", dt.datetime.now(dt.UTC).isoformat(), "qr", "")
        start = time.perf_counter()
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT INTO checkin VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        self.db.execute("COMMIT")
        return time.perf_counter() - start

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True)
class Figures:
    """Median seconds per write."""

    floor: float
    write: float
    check_in: float


def measure(rounds: int = 2000, base: Path | None = None) -> Figures:
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = Path(tmp)
        bare = BareFloor(folder)
        kiosk = Kiosk.open(folder / "station", "Bench")
        event = kiosk.events.create(name="Bench", slug="bench", date=dt.date.today(), city="Fresno")
        people = kiosk.registrants.register_many(
            event.id, [RegistrantDraft(first_name=f"P{i}") for i in range(2 * rounds)]
        )
        floor: list[float] = []
        write: list[float] = []
        check_in: list[float] = []
        for written, checked in zip(people[:rounds], people[rounds:], strict=True):
            floor.append(bare.insert(event.id, written.id))

            start = time.perf_counter()
            with kiosk.ctx.transaction() as w:
                w.record(
                    "checkin",
                    new_id(),
                    APPEND,
                    {
                        "event_id": event.id,
                        "registrant_id": written.id,
                        "station_id": kiosk.ctx.station_id,
                        "at": dt.datetime.now(dt.UTC),
                        "method": CheckInMethod.QR,
                        "operator": "",
                    },
                )
            write.append(time.perf_counter() - start)

            start = time.perf_counter()
            kiosk.checkins.check_in(checked.id, CheckInMethod.QR)
            check_in.append(time.perf_counter() - start)
        bare.close()
        kiosk.close()
        return Figures(statistics.median(floor), statistics.median(write), statistics.median(check_in))


if __name__ == "__main__":
    f = measure()
    print(
        f"floor {f.floor * 1e6:.0f} us  write {f.write * 1e6:.0f} us ({f.write / f.floor:.2f}x)  "
        f"check-in {f.check_in * 1e6:.0f} us ({f.check_in / f.floor:.2f}x)"
    )
