"""Sync speed against raw floors measured in the same run.

(a) Apply: a real station writes about 100,000 entries (organizations, registrants, their check-ins, edits
    of names, titles and emails, a few voids); a fresh station applies all of them with `apply_batch` in
    one transaction. Floor: a bare bulk insert (executemany, one transaction, the store's pragmas, the
    same migrated schema with its indexes and foreign keys) of the same change-log rows plus the entity
    rows they leave on the source station. The apply also builds the FTS5 search rows; the floor does not.
(b) Hub: 10 stations write 10,000 entries each, then sync through a hub that a real uvicorn process serves
    on loopback (`kiosk hub`, SQLite hub store): each station pulls then pushes, one after another, again
    until every station holds every entry; the time runs from the first sync to the last, and the rows of
    every station are compared at the end.

`python -m benchmarks.sync --entries 20000 --stations 3` for a quicker run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.changelog import Entry, all_entries
from kiosk.core.models import CheckInMethod
from kiosk.core.paths import DB_FILENAME
from kiosk.core.replica import UPSERT
from kiosk.core.services import Kiosk
from kiosk.core.services.organizations import new_organization
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.store import Store, apply_pragmas
from kiosk.core.sync.client import pair, sync_now
from kiosk.core.sync.protocol import apply_batch, local_vector
from kiosk.resources import resource_path

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
"""In the order their rows can go in (each refers only to rows of the tables before it)."""


def _names(seed: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    names = json.loads(resource_path("demo", "names.json").read_text(encoding="utf-8"))
    languages = names["languages"]
    weights = [lang["weight"] for lang in languages]
    while True:
        lang = rng.choices(languages, weights)[0]
        yield rng.choice(lang["given"]), rng.choice(lang["family"])


def _own_entries(station: Kiosk) -> int:
    with station.ctx.store.write() as db:
        return local_vector(db).get(station.ctx.station_id, 0)


def write_day(station: Kiosk, event_id: str, entries: int, seed: int, organizations: int = 0) -> None:
    """What a registration table writes in a day, up to `entries` of its own change-log entries: new
    organizations, registrants (45%), their check-ins (45%), a void per thousand, and edits to the rest."""
    rng = random.Random(seed)
    names = _names(seed)
    orgs = [new_organization(f"Community Group {seed}-{i}") for i in range(organizations)]
    if orgs:
        with station.ctx.transaction() as w:
            w.record_many(
                "organization", UPSERT, [(o.id, o.model_dump(exclude={"id", "field_clocks"})) for o in orgs], new=True
            )
    org_ids: list[str | None] = [o.id for o in orgs] or [None]
    budget = entries - _own_entries(station)
    people = int(budget * 0.45)
    drafts = []
    for i in range(people):
        first, last = next(names)
        drafts.append(
            RegistrantDraft(
                first_name=first,
                last_name=last,
                email=f"p{seed}.{i}@example.org",
                organization_id=rng.choice(org_ids),
                title="Director",
            )
        )
    made = station.registrants.register_many(event_id, drafts)
    now = dt.datetime.now(dt.UTC)
    station.checkins.check_in_all([(p.id, now) for p in made[:people]], CheckInMethod.QR)
    with station.ctx.store.write() as db:
        standing = [r[0] for r in db.execute("SELECT id FROM checkin ORDER BY id LIMIT ?", (max(1, people // 1000),))]
    for checkin_id in standing:
        station.checkins.void(checkin_id, "scanned the wrong ticket")
    left = entries - _own_entries(station)
    with station.ctx.transaction() as w:
        for i in range(left):
            person = rng.choice(made)
            field = ("first_name", "title", "email")[i % 3]
            value = f"{person.first_name}a" if field == "first_name" else f"{field}-{i}"
            if field == "email":
                value = f"edit{i}@example.org"
            w.record("registrant", person.id, UPSERT, {field: value})


def _empty_store(folder: Path) -> Path:
    Store(folder).close()
    return folder / DB_FILENAME


def _rows(db: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cursor = db.execute(f"SELECT * FROM {table}")
    return [d[0] for d in cursor.description], cursor.fetchall()


def bare_floor(source: Path, empty: Path, folder: Path) -> float:
    """Seconds to bulk-insert the source's change log and entity rows into an empty migrated file."""
    target = folder / "floor.sqlite3"
    shutil.copyfile(empty, target)
    src = sqlite3.connect(source)
    tables = [("change_log", *_rows(src, "change_log"))] + [(t, *_rows(src, t)) for t in REPLICATED_TABLES]
    src.close()
    db = sqlite3.connect(target, isolation_level=None)
    apply_pragmas(db)
    db.execute("PRAGMA defer_foreign_keys = ON")  # a check-in and its void refer to each other
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    for table, columns, rows in tables:
        marks = ", ".join("?" * len(columns))
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    target.unlink()
    return elapsed


@dataclass(frozen=True)
class ApplyFigures:
    entries: int
    floor: float
    apply: float
    """Medians over the rounds, in seconds."""
    floors: list[float]
    applies: list[float]


def measure_apply(entries: int = 100_000, rounds: int = 3, base: Path | None = None) -> ApplyFigures:
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = Path(tmp)
        source = Kiosk.open(folder / "source", "Table A")
        event = source.events.create(name="Bench", slug="bench", date=dt.date.today(), city="Fresno")
        write_day(source, event.id, entries, seed=1, organizations=300)
        with source.ctx.store.write() as db:
            log = all_entries(db)
        source.close()
        empty = _empty_store(folder / "empty")
        floors: list[float] = []
        applies: list[float] = []
        for i in range(rounds):
            floors.append(bare_floor(folder / "source" / DB_FILENAME, empty, folder))
            station_dir = folder / f"target{i}"
            station_dir.mkdir()
            shutil.copyfile(empty, station_dir / DB_FILENAME)
            target = Kiosk.open(station_dir, "Table B", verify=False)
            batch = [Entry(*e) for e in log]
            start = time.perf_counter()
            result = apply_batch(target.ctx, batch)
            applies.append(time.perf_counter() - start)
            if (result.new, result.applied, result.pending) != (len(log), len(log), 0):
                raise AssertionError(f"apply went wrong: {result}")
            target.close()
            shutil.rmtree(station_dir)
        return ApplyFigures(len(log), statistics.median(floors), statistics.median(applies), floors, applies)


# (b) Ten stations through a hub on loopback.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def hub_process(folder: Path, db_url: str, tls: tuple[Path, Path] | None = None) -> Iterator[str]:
    """`kiosk hub` in its own process (uvicorn) on a free loopback port; yields its URL."""
    port = _free_port()
    command = [sys.executable, "-m", "kiosk", "hub", "--data-dir", str(folder), "--db", db_url]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    scheme = "http"
    if tls is not None:
        command += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])]
        scheme = "https"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"{scheme}://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the hub exited: {process.stderr.read().decode() if process.stderr else ''}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the hub did not start within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _replicated(station: Kiosk) -> dict[str, list[tuple[Any, ...]]]:
    with station.ctx.store.write() as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in REPLICATED_TABLES}


@dataclass(frozen=True)
class HubFigures:
    stations: int
    entries: int
    converge: float
    rounds: int


def measure_hub(stations: int = 10, per_station: int = 10_000, base: Path | None = None) -> HubFigures:
    from kiosk.hub.store import HubStore

    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = Path(tmp)
        empty = _empty_store(folder / "empty")
        hub_url = f"sqlite:///{folder / 'hub.sqlite3'}"
        hub = HubStore(hub_url)  # made here so the pairing tokens can be issued from this process
        kiosks: list[Kiosk] = []
        try:
            for i in range(stations):
                station_dir = folder / f"s{i}"
                station_dir.mkdir()
                shutil.copyfile(empty, station_dir / DB_FILENAME)
                kiosks.append(Kiosk.open(station_dir, f"Table {i}", verify=False))
            with hub_process(folder / "hub", hub_url) as url:
                for s in kiosks:
                    pair(s.ctx, url, hub.new_pairing_token())
                first = kiosks[0]
                event = first.events.create(name="Bench", slug="bench", date=dt.date.today(), city="Fresno")
                sync_now(first.ctx)
                for i, s in enumerate(kiosks):
                    if i:
                        sync_now(s.ctx)
                    write_day(s, event.id, per_station, seed=100 + i, organizations=20)
                total = sum(_own_entries(s) for s in kiosks)
                start = time.perf_counter()
                rounds = 0
                while True:
                    rounds += 1
                    for s in kiosks:
                        sync_now(s.ctx)
                    vectors = []
                    for s in kiosks:
                        with s.ctx.store.write() as db:
                            vectors.append(local_vector(db))
                    if all(v == vectors[0] for v in vectors) and sum(vectors[0].values()) == total:
                        break
                    if rounds > 5:
                        raise AssertionError("the stations did not converge in 5 rounds")
                converge = time.perf_counter() - start
                urllib.request.urlopen(f"{url}/health", timeout=10).read()
            reference = _replicated(kiosks[0])
            for s in kiosks[1:]:
                if _replicated(s) != reference:
                    raise AssertionError(f"station {s.ctx.station_name} holds different rows")
            for s in kiosks:
                with s.ctx.store.write() as db:
                    if db.execute("SELECT count(*) FROM change_log WHERE NOT applied").fetchone()[0]:
                        raise AssertionError(f"station {s.ctx.station_name} has entries waiting")
            return HubFigures(stations, total, converge, rounds)
        finally:
            for s in kiosks:
                s.close()
            hub.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync", description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000, help="entries to apply in (a)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (a), alternating floor and apply")
    parser.add_argument("--stations", type=int, default=10, help="stations in (b); 0 skips it")
    parser.add_argument("--per-station", type=int, default=10_000, help="entries each station writes in (b)")
    parser.add_argument("--skip-apply", action="store_true", help="only (b)")
    args = parser.parse_args()
    if not args.skip_apply:
        a = measure_apply(args.entries, args.rounds, base=Path.cwd())
        print(
            f"(a) apply {a.entries:,} entries: {a.apply:.2f} s (rounds {', '.join(f'{x:.2f}' for x in a.applies)}); "
            f"bare bulk insert {a.floor:.2f} s (rounds {', '.join(f'{x:.2f}' for x in a.floors)}); "
            f"ratio {a.apply / a.floor:.2f}x (target <= 4x)"
        )
    if args.stations:
        b = measure_hub(args.stations, args.per_station, base=Path.cwd())
        print(
            f"(b) {b.stations} stations x {b.entries // b.stations:,} entries through a uvicorn hub on loopback: "
            f"all converged in {b.converge:.1f} s ({b.rounds} rounds of sync)"
        )


if __name__ == "__main__":
    main()
