"""Importing an Eventbrite export of 100,000 attendees against a raw floor measured in the same run.

- floor: csv parsing of the same file plus a bulk insert of the same columns into a plain SQLite table in
  one transaction (executemany), under the same pragmas, on the same disk;
- import: `Imports.run` into an empty event, every row a registrant with its change-log entry;
- its reading part: the same call as a dry run (decoding, mapping, matching and building every row, no
  write), to tell the cost of reading a row from the cost of storing it;
- its storing part: the rows that import stored (registrants, their change-log entries, organizations,
  search rows), read back and written again into a copy of the store as it was before the import, as the
  import writes them (indexes dropped then built, search rows in rowid order, one transaction, 128 MiB
  cache), with no Python work but executemany: what the import would cost were reading free.

Both connections run the store's pragmas (journal_mode=WAL, synchronous=FULL, foreign_keys=ON,
busy_timeout). One setting differs: for the import's duration `Imports.run` raises the writer's page cache
to 128 MiB (`Store.large_cache`, PRAGMA cache_size=-131072) and restores it after; the floor keeps SQLite's
default 2 MB, which is all an append to one table without indexes needs. Both write in one transaction; the
import's also holds the change log, organizations, the registrant table's 7 secondary indexes (dropped and
built again at the end when an import at least doubles the table) and the FTS5 search rows (inserted at the
end in rowid order), all inside the timed call, and Python's cyclic garbage collector is paused during it.

`python -m benchmarks.imports --rows 20000` for a quicker run; the default is 100,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.replica import SEARCH_TABLE
from kiosk.core.services import Kiosk
from kiosk.core.store import BULK_CACHE_KIB, DB_FILENAME, apply_pragmas, create_indexes, drop_indexes
from kiosk.resources import resource_path

HEADER = (
    "Order #",
    "Order Date",
    "First Name",
    "Last Name",
    "Email",
    "Quantity",
    "Ticket Type",
    "Attendee # ",
    "Barcode #",
    "Buyer First Name",
    "Buyer Last Name",
    "Buyer Email ",
    "Attendee Status ",
    "Job Title",
    "Company",
    "Cell Phone",
    "What languages can you help others in?",
    "Do you need any accessibility accommodations?",
)
STATUSES = ("Attending",) * 40 + ("Checked In", "Not Attending", "Refunded", "Cancelled")


def write_eventbrite(path: Path, rows: int, seed: int = 7) -> None:
    """A realistic attendee export: the demo's names in sixteen scripts, organizations, custom questions."""
    rng = random.Random(seed)
    names = json.loads(resource_path("demo", "names.json").read_text(encoding="utf-8"))
    orgs = [
        o["name"] for o in json.loads(resource_path("demo", "organizations.json").read_text("utf-8"))["organizations"]
    ]
    languages = names["languages"]
    weights = [lang["weight"] for lang in languages]
    titles = names["titles"]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            lang = rng.choices(languages, weights)[0]
            first, last = rng.choice(lang["given"]), rng.choice(lang["family"])
            email = f"{rng.choice(lang['given_latin']).split()[0].lower()}.{i}@example.org"
            order = 1_000_000_000 + i // 2
            out.writerow(
                (
                    order,
                    "2025-04-02 10:15:00",
                    first,
                    last,
                    email,
                    1,
                    rng.choice(("General Admission", "Speaker", "Exhibitor")),
                    2_000_000_000 + i,
                    f"{2_000_000_000 + i}{order}001",
                    first,
                    last,
                    email,
                    rng.choice(STATUSES),
                    rng.choice(titles) if isinstance(titles, list) else "Director",
                    rng.choice(orgs),
                    f"(559) 555-{i % 10_000:04d}",
                    f"English, {lang['language']}",
                    rng.choice(("", "", "", "Wheelchair access", "ASL interpreter")),
                )
            )


@dataclass(frozen=True)
class Figures:
    rows: int
    floor: float
    imported: float
    read_only: float
    """The same file as a dry run: reading, matching and building every row, writing nothing."""
    storing: float
    """The rows the import stored, written again by executemany alone (see the module's docstring)."""


def _floor(path: Path, folder: Path) -> float:
    db = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
    apply_pragmas(db)
    db.execute(
        f"CREATE TABLE registrant (id INTEGER PRIMARY KEY, {', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})"
    )
    marks = ", ".join("?" * len(HEADER))
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        db.execute("BEGIN IMMEDIATE")
        db.executemany(f"INSERT INTO registrant VALUES (NULL, {marks})", reader)
        db.execute("COMMIT")
    took = time.perf_counter() - start
    db.close()
    return took


def _stored(db_file: Path, event_id: str) -> dict[str, list[tuple[object, ...]]]:
    """What the import wrote, table by table, in the order it wrote it."""
    db = sqlite3.connect(db_file)
    try:
        return {
            "organization": db.execute("SELECT * FROM organization").fetchall(),
            "change_log": db.execute(
                "SELECT * FROM change_log WHERE entity IN ('organization', 'registrant') ORDER BY station_seq"
            ).fetchall(),
            "registrant": db.execute(
                "SELECT * FROM registrant WHERE event_id = ? ORDER BY rowid", (event_id,)
            ).fetchall(),
            SEARCH_TABLE: db.execute(
                f"SELECT rowid, names, other, key, registrant_id FROM {SEARCH_TABLE} ORDER BY rowid"
            ).fetchall(),
        }
    finally:
        db.close()


def _storing(before: Path, rows: dict[str, list[tuple[object, ...]]]) -> float:
    db = sqlite3.connect(before, isolation_level=None)
    apply_pragmas(db)
    db.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    statements = {
        table: f"INSERT INTO {table} VALUES ({', '.join('?' * len(found[0]))})"
        for table, found in rows.items()
        if found and table != SEARCH_TABLE
    }
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    indexes = drop_indexes(db, "registrant")
    for table, sql in statements.items():
        db.executemany(sql, rows[table])
    db.executemany(
        f"INSERT INTO {SEARCH_TABLE} (rowid, names, other, key, registrant_id) VALUES (?, ?, ?, ?, ?)",
        rows[SEARCH_TABLE],
    )
    create_indexes(db, indexes)
    db.execute("COMMIT")
    took = time.perf_counter() - start
    db.close()
    return took


def measure(rows: int = 100_000, base: Path | None = None) -> Figures:
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = Path(tmp)
        export = folder / "eventbrite.csv"
        write_eventbrite(export, rows)
        floor = _floor(export, folder)
        kiosk = Kiosk.open(folder / "station", "Bench")
        event = kiosk.events.create(name="Bench", slug="bench", date=dt.date.today(), city="Fresno")
        kiosk.close()  # checkpointed: the file alone is the store before the import
        before = folder / "before.sqlite3"
        shutil.copyfile(folder / "station" / DB_FILENAME, before)
        kiosk = Kiosk.open(folder / "station", "Bench")
        try:
            start = time.perf_counter()
            kiosk.imports.run(export, event.id, dry_run=True)
            read_only = time.perf_counter() - start
            start = time.perf_counter()
            summary = kiosk.imports.run(export, event.id)
            took = time.perf_counter() - start
        finally:
            kiosk.close()
        assert summary.rejected == 0 and summary.added + summary.cancelled == rows, summary
        storing = _storing(before, _stored(folder / "station" / DB_FILENAME, event.id))
        return Figures(rows, floor, took, read_only, storing)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the export (default 100,000)")
    f = measure(parser.parse_args().rows, base=Path.cwd())
    print(
        f"{f.rows:,} rows: import {f.imported:.2f} s, floor {f.floor:.2f} s, "
        f"{f.imported / f.floor:.2f}x (target <= 4x); reading and matching alone (a dry run) "
        f"{f.read_only:.2f} s, {f.read_only / f.floor:.2f}x; storing alone (its rows written again by "
        f"executemany, no Python work) {f.storing:.2f} s, {f.storing / f.floor:.2f}x"
    )
