"""The day-of report of a convening of 100,000 registrants: `kiosk report day --out FILE.pdf` end to end.

On a copy of a store built with `kiosk demo --registrants 100000` (the store itself is never opened for
writing): the figures (`day_figures`: every SQL aggregate of the day) and then the whole report (figures,
charts, matrix, Journey Map, PDF written), each the best of a few runs; target under 10 s. The floor is one
bare pass of SQLite over the same rows: the event's standing check-ins joined to their registrants and
organizations, counted.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.figures import day_figures
from kiosk.core.reports.day import write_day_report
from kiosk.core.services import Kiosk

RUNS = 3
_FLOOR = (
    "SELECT count(*), count(DISTINCT o.normalized_name) FROM checkin c JOIN registrant r ON r.id = c.registrant_id "
    "LEFT JOIN organization o ON o.id = r.organization_id WHERE c.event_id = ? AND c.voided_by IS NULL"
)


@dataclass(frozen=True)
class Figures:
    registrants: int
    participants: int
    figures: float
    report: float
    pages: int
    floor: float


def _copy(store: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    for name in ("kiosk.sqlite3", "kiosk.sqlite3-wal"):
        if (store / name).exists():
            shutil.copy2(store / name, into / name)
    return into


def measure(store: Path, base: Path | None = None) -> Figures:
    """Time the biggest event of a copy of `store` (the store's own files are only read)."""
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = _copy(store, Path(tmp) / "store")
        kiosk = Kiosk.open(folder)
        try:
            with kiosk.ctx.store.session() as s:
                db = s.connection().connection.driver_connection
                assert isinstance(db, sqlite3.Connection)
                event_id, registrants = db.execute(
                    "SELECT event_id, count(*) FROM registrant GROUP BY event_id ORDER BY 2 DESC LIMIT 1"
                ).fetchone()
            event = next(e for e in kiosk.events.all() if e.id == event_id)
            floor = min(_timed(lambda: _floor(folder, event_id)) for _ in range(RUNS))
            figures = min(_timed(lambda: day_figures(kiosk.ctx, event)) for _ in range(RUNS))
            out = Path(tmp) / "day.pdf"
            report = min(_timed(lambda: write_day_report(kiosk, event, out)) for _ in range(RUNS))
            pages = write_day_report(kiosk, event, out)
            participants = day_figures(kiosk.ctx, event).participants
        finally:
            kiosk.close()
    return Figures(registrants, participants, figures, report, pages, floor)


def _floor(folder: Path, event_id: str) -> None:
    db = sqlite3.connect(folder / "kiosk.sqlite3")
    try:
        db.execute(_FLOOR, (event_id,)).fetchone()
    finally:
        db.close()


def _timed(work: object) -> float:
    assert callable(work)
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reports", description=__doc__)
    parser.add_argument("--store", type=Path, required=True, help="a store built with kiosk demo --registrants N")
    args = parser.parse_args()
    found = measure(args.store)
    print(
        f"{found.registrants:,} registrants, {found.participants:,} participants: day_figures {found.figures:.2f} s, "
        f"day-of report ({found.pages} pages) {found.report:.2f} s (target: under 10 s); "
        f"floor (one SQL pass) {found.floor:.2f} s"
    )


if __name__ == "__main__":
    main()
