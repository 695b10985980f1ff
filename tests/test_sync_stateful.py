"""Property test: 3 to 8 stations write at random and sync through random mixes of hub, LAN peer and
bundle, with entries duplicated, reordered and delayed. Once everything is delivered, every station holds
the same rows and every acknowledged write, nothing waits, and of the events stations apart gave one slug,
the one made first holds it."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from starlette.testclient import TestClient
from sync_support import entry_ids, open_station, station_snapshot

from kiosk.core.clashes import creation_stamp, own_slug
from kiosk.core.errors import InvalidInput
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.bundle import export_bundle, import_bundle
from kiosk.core.sync.client import pair, sync_now
from kiosk.core.sync.conflicts import competing_edits, duplicate_checkins, given_twice
from kiosk.core.sync.protocol import apply_batch, entries_missing, exchange, local_vector
from kiosk.hub.app import create_app
from kiosk.hub.store import HubStore

HUB = "http://hub.test"
_BASE = Path(tempfile.mkdtemp(prefix="kiosk-sync-stateful-"))
KINDS = ("built", "proud", "next", "wisdom", "transformed")


class Venue(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(dir=_BASE))
        self.stations: list[Kiosk] = []
        self.acked: set[tuple[str, int]] = set()
        self.mailbox: list[Path] = []
        self.bundles = 0
        self.hub = HubStore(f"sqlite:///{self.folder / 'hub.sqlite3'}")
        self.http = TestClient(create_app(self.hub), base_url=HUB)
        self.http.__enter__()
        self.event_id = ""

    @initialize(count=st.integers(3, 8))
    def open_venue(self, count: int) -> None:
        for i in range(count):
            self.stations.append(open_station(_BASE, self.folder / f"s{i}", f"Table {i}"))
        first = self.stations[0]
        event = first.events.create(name="Fresno", slug="fresno", date=dt.date(2025, 5, 14), city="Fresno")
        self.event_id = event.id
        first.registrants.register_many(
            event.id, [RegistrantDraft(first_name=n, last_name="Vang") for n in ("Mai", "Kou", "Pa", "Tou")]
        )
        for s in self.stations:
            pair(s.ctx, HUB, self.hub.new_pairing_token(), http=self.http)
        # Taking entries may make a station write (a merged record's arrival settled): sync until quiet.
        for _round in range(4):
            reports = [sync_now(s.ctx, http=self.http) for s in self.stations]
            if _round and not any(r.pulled or r.pushed for r in reports):
                break
        for s in self.stations:
            self._ack(s, 0)

    # Writes: each acknowledged write's entries must survive everywhere.

    def _seq(self, s: Kiosk) -> int:
        with s.ctx.store.write() as db:
            return local_vector(db).get(s.ctx.station_id, 0)

    def _ack(self, s: Kiosk, before: int) -> None:
        self.acked |= {(s.ctx.station_id, n) for n in range(before + 1, self._seq(s) + 1)}

    def _people(self, s: Kiosk) -> list[str]:
        with s.ctx.store.write() as db:
            return [
                r[0] for r in db.execute("SELECT id FROM registrant WHERE event_id = ? ORDER BY id", (self.event_id,))
            ]

    def _station(self, data: st.DataObject) -> Kiosk:
        return self.stations[data.draw(st.integers(0, len(self.stations) - 1), label="station")]

    @rule(data=st.data())
    def check_in(self, data: st.DataObject) -> None:
        s = self._station(data)
        before = self._seq(s)
        s.checkins.check_in(data.draw(st.sampled_from(self._people(s)), label="person"))
        self._ack(s, before)

    @rule(data=st.data())
    def void(self, data: st.DataObject) -> None:
        s = self._station(data)
        with s.ctx.store.write() as db:
            standing = [r[0] for r in db.execute("SELECT id FROM checkin WHERE voided_by IS NULL ORDER BY id")]
        if standing:
            before = self._seq(s)
            s.checkins.void(data.draw(st.sampled_from(standing), label="check-in"), "scanned the wrong ticket")
            self._ack(s, before)

    @rule(data=st.data(), field=st.sampled_from(["first_name", "title", "email", "status"]), value=st.integers(0, 3))
    def edit(self, data: st.DataObject, field: str, value: int) -> None:
        s = self._station(data)
        person = data.draw(st.sampled_from(self._people(s)), label="person")
        before = self._seq(s)
        if field == "status":
            s.registrants.update(person, status=("registered", "cancelled")[value % 2])
        else:
            s.registrants.update(person, **{field: f"{field}-{value}" if field != "email" else f"p{value}@example.org"})
        self._ack(s, before)

    @rule(data=st.data(), name=st.sampled_from(["Ana", "Bao", "Chai"]))
    def walk_in(self, data: st.DataObject, name: str) -> None:
        s = self._station(data)
        before = self._seq(s)
        person = s.registrants.register(self.event_id, RegistrantDraft(first_name=name, walk_in=True))
        s.checkins.check_in(person.id)
        self._ack(s, before)

    @rule(data=st.data())
    def merge(self, data: st.DataObject) -> None:
        s = self._station(data)
        people = self._people(s)
        kept, merged = (data.draw(st.sampled_from(people), label=label) for label in ("kept", "merged"))
        before = self._seq(s)
        with contextlib.suppress(InvalidInput):  # the same record, or one merged already: nothing written
            s.merges.merge(kept, merged, "Mai", "same person")
        self._ack(s, before)

    @rule(data=st.data())
    def same_merge_at_two_stations(self, data: st.DataObject) -> None:
        """Two tables that hold the same records merge the same pair apart: one merge, its check-in carried
        over once, as if one table had made it."""
        a, b = self._station(data), self._station(data)
        if a is b:
            return
        exchange(a.ctx, b.ctx)
        people = self._people(a)
        kept, merged = (data.draw(st.sampled_from(people), label=label) for label in ("kept", "merged"))
        before = {s: self._seq(s) for s in (a, b)}
        standing_before = self._standing(a, kept)
        carried: list[str | None] = []
        for s in (a, b):
            with contextlib.suppress(InvalidInput):
                carried.append(
                    s.merges.merge(kept, merged, "Mai", f"same person, says {s.ctx.station_name}").carried_over
                )
            self._ack(s, before[s])
        assert len(set(carried)) <= 1
        exchange(a.ctx, b.ctx)
        if carried and carried[0] is not None:
            assert self._standing(a, kept) == standing_before | {carried[0]}
        assert self._standing(a, kept) == self._standing(b, kept)

    def _standing(self, s: Kiosk, registrant_id: str) -> set[str]:
        with s.ctx.store.write() as db:
            query = "SELECT id FROM checkin WHERE registrant_id = ? AND voided_by IS NULL"
            return {r[0] for r in db.execute(query, (registrant_id,))}

    @rule(data=st.data(), name=st.sampled_from(["Day two", "Day two (Fresno)"]))
    def event_with_a_slug_given_elsewhere(self, data: st.DataObject, name: str) -> None:
        """A table sets up the second day's event, perhaps as another table apart already did, and takes a
        walk-in there: one slug, two events."""
        s = self._station(data)
        before = self._seq(s)
        with contextlib.suppress(InvalidInput):  # this table already holds an event of that slug
            event = s.events.create(name=name, slug="day-two", date=dt.date(2025, 5, 15), city="Fresno")
            s.desk.register_walk_in(event, "Ana", "Day Two")
        self._ack(s, before)

    @rule(data=st.data())
    def undo_merge(self, data: st.DataObject) -> None:
        s = self._station(data)
        with s.ctx.store.write() as db:
            merged = [r[0] for r in db.execute("SELECT id FROM registrant WHERE status = 'merged' ORDER BY id")]
        if merged:
            before = self._seq(s)
            s.merges.undo(data.draw(st.sampled_from(merged), label="merged"), "Lee", "two people")
            self._ack(s, before)

    @rule(data=st.data(), kind=st.sampled_from(KINDS))
    def contribute(self, data: st.DataObject, kind: str) -> None:
        s = self._station(data)
        before = self._seq(s)
        s.contributions.add(self.event_id, kind, f"a note about {kind}", review=False)
        self._ack(s, before)

    @rule(data=st.data(), hide=st.booleans())
    def moderate(self, data: st.DataObject, hide: bool) -> None:
        s = self._station(data)
        with s.ctx.store.write() as db:
            notes = [r[0] for r in db.execute("SELECT id FROM contribution ORDER BY id")]
        if notes:
            before = self._seq(s)
            note = data.draw(st.sampled_from(notes), label="note")
            s.contributions.hide(note) if hide else s.contributions.restore(note)
            self._ack(s, before)

    # Deliveries: hub, direct peer, bundles on a stick, and loose entries duplicated and reordered.

    @rule(data=st.data())
    def hub_sync(self, data: st.DataObject) -> None:
        sync_now(self._station(data).ctx, http=self.http)

    @rule(data=st.data(), page=st.integers(1, 50))
    def peer_exchange(self, data: st.DataObject, page: int) -> None:
        a, b = self._station(data), self._station(data)
        if a is not b:
            exchange(a.ctx, b.ctx, page=page)

    @rule(data=st.data(), targeted=st.booleans())
    def write_bundle(self, data: st.DataObject, targeted: bool) -> None:
        a, b = self._station(data), self._station(data)
        with b.ctx.store.write() as db:
            wanted = local_vector(db) if targeted else None
        self.bundles += 1
        self.mailbox.append(export_bundle(a.ctx, self.folder / f"b{self.bundles}.kiosk", wanted).path)

    @precondition(lambda self: bool(self.mailbox))
    @rule(data=st.data(), keep=st.booleans())
    def carry_bundle(self, data: st.DataObject, keep: bool) -> None:
        """A stick is plugged in somewhere: any bundle, any station, maybe again later (kept in the box)."""
        at = data.draw(st.integers(0, len(self.mailbox) - 1), label="bundle")
        path = self.mailbox[at] if keep else self.mailbox.pop(at)
        import_bundle(self._station(data).ctx, path)

    @rule(data=st.data(), seed=st.integers(0, 2**16))
    def loose_entries(self, data: st.DataObject, seed: int) -> None:
        """Some of what b lacks from a, shuffled, with repeats: delivery out of order and twice."""
        a, b = self._station(data), self._station(data)
        with b.ctx.store.write() as db:
            wanted = local_vector(db)
        with a.ctx.store.write() as db:
            missing = entries_missing(db, wanted)
        rng = random.Random(seed)
        chosen = rng.sample(missing, k=rng.randint(0, len(missing))) if missing else []
        chosen += rng.sample(chosen, k=len(chosen) // 2)
        apply_batch(b.ctx, chosen)

    @invariant()
    def nothing_acknowledged_is_lost_where_it_was_written(self) -> None:
        for s in self.stations:
            mine = {e for e in self.acked if e[0] == s.ctx.station_id}
            assert mine <= entry_ids(s)

    def teardown(self) -> None:
        try:
            if self.stations:
                self._settle_and_compare()
        finally:
            self.http.__exit__(None, None, None)
            for s in self.stations:
                s.close()
            self.hub.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _settle_and_compare(self) -> None:
        for path in self.mailbox:  # bundles still on the way arrive late
            import_bundle(self.stations[0].ctx, path)
        # Taking entries may make a station write (a merged record's arrival settled): sync until quiet.
        for _round in range(4):
            reports = [sync_now(s.ctx, http=self.http) for s in self.stations]
            if _round and not any(r.pulled or r.pushed for r in reports):
                break
        snapshots = [station_snapshot(s) for s in self.stations]
        ids = [entry_ids(s) for s in self.stations]
        for snap, held in zip(snapshots[1:], ids[1:], strict=True):
            assert snap == snapshots[0]
            assert held == ids[0]
        assert self.acked <= ids[0]
        views: list[Any] = []
        for s in self.stations:
            with s.ctx.store.write() as db:
                assert db.execute("SELECT count(*) FROM change_log WHERE NOT applied").fetchone()[0] == 0
                views.append((duplicate_checkins(db), competing_edits(db), given_twice(db)))
                events = db.execute("SELECT id, slug, field_clocks FROM event").fetchall()
            day_two = sorted((creation_stamp(c), i, slug) for i, slug, c in events if own_slug(slug, i) == "day-two")
            if day_two:  # the first made holds the slug; the others have it with the end of their id
                assert [slug for _made, _id, slug in day_two] == ["day-two"] + [
                    f"day-two-{i[-8:]}" for _m, i, _s in day_two[1:]
                ]
        assert all(v == views[0] for v in views)


Venue.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestVenueConverges = Venue.TestCase
