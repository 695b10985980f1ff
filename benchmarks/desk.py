"""The check-in desk on a 100,000-registrant store: scan to decision, and a complete check-in by scan.

On a scratch copy of the store (the store itself is left as it was), with real QR payloads of people of
the largest convening:
- check-in: `Desk.scan` of someone not yet in (verify, check-in row and change-log entry with a durable
  COMMIT, the decision's reads), alternating one by one with a bare single-row INSERT + COMMIT on a plain
  sqlite3 file in the same folder under the same pragmas, so disk hiccups land on both alike;
- decision: `Desk.scan` of the same people again, now already in: verify and every read of the decision,
  and no write, so no commit to wait for (target p99 under 5 ms);
- verify: `Tickets.verify` alone, the part of a decision that reads the ticket.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from benchmarks.checkin_write import BareFloor
from kiosk.core.models import Event, Registrant, RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.desk import Kind
from kiosk.core.store import DB_FILENAME


@dataclass(frozen=True)
class Spread:
    """Seconds."""

    p50: float
    p99: float

    def ms(self) -> str:
        return f"{self.p50 * 1e3:.2f} / {self.p99 * 1e3:.2f} ms"


def spread(samples: list[float]) -> Spread:
    return Spread(statistics.median(samples), statistics.quantiles(samples, n=100, method="inclusive")[98])


@dataclass(frozen=True)
class Figures:
    registrants: int
    rounds: int
    floor: Spread
    check_in: Spread
    decision: Spread
    verify: Spread


def _people(kiosk: Kiosk, count: int) -> tuple[Event, int, list[Registrant]]:
    """The largest event, its size, and `count` of its registered people not yet in, in random order."""
    with kiosk.ctx.store.write() as db:
        event_id, size = db.execute(
            "SELECT event_id, count(*) FROM registrant GROUP BY event_id ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM registrant r WHERE event_id = ? AND status = ? AND NOT EXISTS "
                "(SELECT 1 FROM checkin c WHERE c.registrant_id = r.id AND c.voided_by IS NULL)",
                (event_id, RegistrantStatus.REGISTERED),
            )
        ]
    if len(ids) < count:
        raise SystemExit(f"the store has only {len(ids)} people left to check in; {count} are needed")
    chosen = random.Random(1).sample(ids, count)
    with kiosk.ctx.store.session() as s:
        event = s.get(Event, event_id)
        by_id = {r.id: r for r in s.exec(select(Registrant).where(col(Registrant.id).in_(chosen)))}
    assert event is not None
    return event, size, [by_id[i] for i in chosen]


def measure(store: Path, rounds: int = 1000, base: Path | None = None, copy: bool = True) -> Figures:
    """Time `rounds` of each series on the demo store in `store` (a copy of it unless `copy=False`)."""
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = Path(tmp)
        station = store
        if copy:
            station = folder / "station"
            station.mkdir()
            shutil.copy2(store / DB_FILENAME, station / DB_FILENAME)
        kiosk = Kiosk.open(station, "Bench")  # migrates an older store once, before anything is timed
        bare = BareFloor(folder)
        try:
            event, size, people = _people(kiosk, rounds)
            payloads = [kiosk.tickets.payload_for(person, event) for person in people]
            desk = kiosk.desk

            floor: list[float] = []
            check_in: list[float] = []
            for person, payload in zip(people, payloads, strict=True):
                floor.append(bare.insert(event.id, person.id))

                start = time.perf_counter()
                decision = desk.scan(payload, event)
                check_in.append(time.perf_counter() - start)
                assert decision.kind is Kind.WELCOME, decision

            again = random.Random(2).sample(payloads, len(payloads))
            decision_times: list[float] = []
            for payload in again:
                start = time.perf_counter()
                decision = desk.scan(payload, event)
                decision_times.append(time.perf_counter() - start)
                assert decision.kind is Kind.ALREADY_CHECKED_IN, decision
            verify: list[float] = []
            for payload in again:
                start = time.perf_counter()
                kiosk.tickets.verify(payload, event)
                verify.append(time.perf_counter() - start)
        finally:
            bare.close()
            kiosk.close()
    return Figures(size, rounds, spread(floor), spread(check_in), spread(decision_times), spread(verify))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.desk", description=__doc__)
    parser.add_argument("store", type=Path, help="a folder holding a demo store, e.g. a copy of /work/bench100k")
    parser.add_argument("--rounds", type=int, default=1000, help="scans of each kind to time (default 1000)")
    parser.add_argument("--in-place", action="store_true", help="check people in in the store itself, not a copy")
    args = parser.parse_args()
    f = measure(args.store, args.rounds, base=args.store.parent, copy=not args.in_place)
    print(f"{f.registrants:,} registrants, {f.rounds} scans of each kind; p50 / p99")
    print(f"bare INSERT+COMMIT       {f.floor.ms()}")
    print(
        f"check-in by scan         {f.check_in.ms()}  "
        f"({f.check_in.p50 / f.floor.p50:.2f}x / {f.check_in.p99 / f.floor.p99:.2f}x, target <= 2x)"
    )
    print(f"decision, already in     {f.decision.ms()}  (target p99 < 5 ms)")
    print(f"Tickets.verify           {f.verify.ms()}")


if __name__ == "__main__":
    main()
