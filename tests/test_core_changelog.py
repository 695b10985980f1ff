"""The change log: rows and entries commit together, seq is gapless, check-ins append, replay converges."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kiosk.core.changelog as changelog
from kiosk.core.changelog import Entry, Writer, all_entries, ingest
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.hlc import HybridClock, Timestamp, wall_ms
from kiosk.core.ids import new_id
from kiosk.core.models import SCHEMA_VERSION, Event, RegistrantStatus, Sector
from kiosk.core.services import Kiosk
from kiosk.core.services.checkins import Outcome
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.store import Store

REPLICATED_TABLES = ("station", "event", "organization", "registrant", "checkin", "checkin_void")
HOUR_MS = 3_600_000


def entries_of(station: Kiosk) -> list[Entry]:
    with station.ctx.store.write() as db:
        return all_entries(db)


def seqs_of(station: Kiosk) -> list[int]:
    return [e.station_seq for e in entries_of(station) if e.station_id == station.ctx.station_id]


def count(station: Kiosk, table: str) -> int:
    with station.ctx.store.write() as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def rows(db: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    return db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


Snapshot = dict[str, dict[str, Any]]


def snapshot(db: sqlite3.Connection) -> Snapshot:
    """Every column of every row of every replicated table, as stored: {'table/id/column': value}."""
    values: Snapshot = {}
    for table in REPLICATED_TABLES:
        cursor = db.execute(f"SELECT * FROM {table} ORDER BY id")
        columns = [d[0] for d in cursor.description]
        for row in cursor:
            record = dict(zip(columns, row, strict=True))
            for column, value in record.items():
                values[f"{table}/{record['id']}/{column}"] = value
    return values


def station_snapshot(station: Kiosk) -> Snapshot:
    with station.ctx.store.write() as db:
        return snapshot(db)


def send(source: Kiosk, target: Kiosk) -> None:
    """One direction of a sync: everything the source holds, ingested by the target."""
    entries = entries_of(source)
    with target.ctx.store.write() as db:
        result = ingest(db, entries, target.ctx.clock)
    assert result.pending == 0


def registrant_row(station: Kiosk, registrant_id: str) -> tuple[Any, ...]:
    with station.ctx.store.write() as db:
        return db.execute("SELECT * FROM registrant WHERE id = ?", (registrant_id,)).fetchone()


# Rows and their entries commit together.


def test_a_failure_after_the_entry_is_recorded_leaves_neither_row_nor_entry(
    kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries_before = count(kiosk, "change_log")
    real_apply = changelog._apply

    def apply_then_fail(db: sqlite3.Connection, entry: Entry) -> None:
        real_apply(db, entry)
        raise RuntimeError("power cut")

    monkeypatch.setattr(changelog, "_apply", apply_then_fail)
    with pytest.raises(RuntimeError, match="power cut"):
        kiosk.registrants.register(event.id, RegistrantDraft(first_name="Ana", last_name="Ruiz"))
    assert count(kiosk, "registrant") == 0
    assert count(kiosk, "change_log") == entries_before


def test_registering_for_a_missing_event_is_refused_before_writing(kiosk: Kiosk) -> None:
    entries_before = count(kiosk, "change_log")
    with pytest.raises(NotFound, match="no-such-event"):
        kiosk.registrants.register("no-such-event", RegistrantDraft(first_name="Ana", last_name="Ruiz"))
    assert count(kiosk, "registrant") == 0
    assert count(kiosk, "change_log") == entries_before


def test_a_row_whose_reference_fails_leaves_neither_row_nor_entry(kiosk: Kiosk, event: Event) -> None:
    entries_before = count(kiosk, "change_log")
    with pytest.raises(sqlite3.IntegrityError):
        kiosk.registrants.register(event.id, RegistrantDraft(first_name="Ana", organization_id="no-such-org"))
    assert count(kiosk, "registrant") == 0
    assert count(kiosk, "change_log") == entries_before


def test_a_batch_with_one_bad_entry_leaves_none_of_its_rows(
    kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    class SeqReusingWriter(Writer):
        def record(self, *args: Any, **kwargs: Any) -> Entry:
            entry = super().record(*args, **kwargs)
            self.next_seq = entry.station_seq  # the next entry reuses this seq: its log insert fails
            return entry

    entries_before = count(kiosk, "change_log")
    monkeypatch.setattr("kiosk.core.context.Writer", SeqReusingWriter)
    drafts = [RegistrantDraft(first_name="Ana", last_name="Ruiz"), RegistrantDraft(first_name="Bao", last_name="Tran")]
    with pytest.raises(sqlite3.IntegrityError, match="change_log"):
        kiosk.registrants.register_many(event.id, drafts)
    assert count(kiosk, "registrant") == 0
    assert count(kiosk, "change_log") == entries_before


def test_a_failed_change_log_insert_applies_no_row(kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch) -> None:
    # The seq lookup claims nothing was written yet, so the entry takes seq 1, which the station already has.
    monkeypatch.setattr(changelog, "_LAST_SEQ_AND_CLOCKS", "SELECT 0, NULL, NULL FROM (SELECT ? AS station_id)")
    monkeypatch.setattr(kiosk.ctx, "_known", None)  # forget what this process wrote last, so the lookup runs
    with pytest.raises(sqlite3.IntegrityError):
        kiosk.registrants.register(event.id, RegistrantDraft(first_name="Ana", last_name="Ruiz"))
    assert count(kiosk, "registrant") == 0


# Seq is gapless per station.


def test_seq_is_gapless_over_many_writes(kiosk: Kiosk, event: Event, register_people) -> None:
    people = [register_people(kiosk, event.id, f"Person{i} Tester")[0] for i in range(20)]
    for person in people[:10]:
        kiosk.registrants.update(person.id, email=f"{person.first_name}@example.org")
    for person in people[:5]:
        kiosk.checkins.check_in(person.id)
    assert seqs_of(kiosk) == list(range(1, 2 + 20 + 10 + 5 + 1))


def test_a_failed_write_leaves_no_gap_in_seq(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz")
    with pytest.raises(sqlite3.IntegrityError):
        kiosk.registrants.register(event.id, RegistrantDraft(first_name="Bao", organization_id="no-such-org"))
    register_people(kiosk, event.id, "Chai Vang")
    assert seqs_of(kiosk) == [1, 2, 3, 4]


def test_seq_continues_after_reopening(data_dir: Path, kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran")
    kiosk.close()
    reopened = Kiosk.open(data_dir)
    try:
        register_people(reopened, event.id, "Chai Vang")
        assert seqs_of(reopened) == [1, 2, 3, 4, 5]
    finally:
        reopened.close()


def test_two_processes_on_one_folder_share_one_gapless_seq(data_dir: Path, kiosk: Kiosk, event: Event) -> None:
    other = Kiosk.open(data_dir)
    try:
        assert other.ctx.station_id == kiosk.ctx.station_id
        for i in range(6):
            writer = kiosk if i % 2 == 0 else other
            writer.registrants.register(event.id, RegistrantDraft(first_name=f"Person{i}"))
        assert seqs_of(kiosk) == list(range(1, 2 + 6 + 1))
    finally:
        other.close()


def test_two_processes_on_one_folder_issue_increasing_clocks(data_dir: Path, kiosk: Kiosk, event: Event) -> None:
    other = Kiosk.open(data_dir)
    try:
        # The second process's wall clock runs an hour slow; it must still stamp after the first.
        other.ctx.clock._wall = lambda: wall_ms() - HOUR_MS
        for i in range(6):
            writer = kiosk if i % 2 == 0 else other
            writer.registrants.register(event.id, RegistrantDraft(first_name=f"Person{i}"))
        mine = sorted(entries_of(kiosk), key=lambda e: e.station_seq)
    finally:
        other.close()
    hlcs = [e.hlc for e in mine]
    assert hlcs == sorted(hlcs)
    assert len(set(hlcs)) == len(hlcs)


# What an entry carries.


def test_an_entry_carries_everything_sync_needs(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    entry = entries_of(kiosk)[-1]
    Timestamp.decode(entry.hlc)
    assert (entry.station_id, entry.entity, entry.entity_id, entry.kind) == (
        kiosk.ctx.station_id,
        "registrant",
        person.id,
        "upsert",
    )
    assert entry.payload["first_name"] == "Ana"
    assert entry.payload["event_id"] == event.id
    assert entry.payload["ticket_code"] == person.ticket_code
    assert entry.schema_version == SCHEMA_VERSION


def test_an_entry_never_carries_fields_each_station_derives(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz")
    for entry in entries_of(kiosk):
        assert not {"id", "field_clocks", "search_text", "voided_by", "stamp"} & set(entry.payload)


def test_an_update_entry_carries_only_the_changed_fields(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.registrants.update(person.id, email="ana@example.org")
    assert entries_of(kiosk)[-1].payload == {"email": "ana@example.org"}


# Check-ins are append-only.


def test_a_check_in_is_one_append_entry(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    result = kiosk.checkins.check_in(person.id)
    entry = entries_of(kiosk)[-1]
    assert result.outcome == Outcome.WELCOME
    assert (entry.entity, entry.entity_id, entry.kind) == ("checkin", result.checkin_id, "append")
    assert entry.payload["registrant_id"] == person.id


def test_a_void_is_its_own_entry_pointing_at_the_check_in(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    checkin_id = kiosk.checkins.check_in(person.id).checkin_id
    void_id = kiosk.checkins.void(checkin_id, "scanned the wrong ticket")
    entry = entries_of(kiosk)[-1]
    assert (entry.entity, entry.entity_id, entry.kind) == ("checkin_void", void_id, "append")
    assert entry.payload["checkin_id"] == checkin_id


def test_voiding_keeps_the_check_in_row_and_sets_voided_by(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    checkin_id = kiosk.checkins.check_in(person.id).checkin_id
    with kiosk.ctx.store.write() as db:
        before = db.execute("SELECT * FROM checkin WHERE id = ?", (checkin_id,)).fetchone()
    void_id = kiosk.checkins.void(checkin_id, "scanned the wrong ticket")
    with kiosk.ctx.store.write() as db:
        after = db.execute("SELECT * FROM checkin WHERE id = ?", (checkin_id,)).fetchone()
        voided_by = db.execute("SELECT voided_by FROM checkin WHERE id = ?", (checkin_id,)).fetchone()[0]
    assert voided_by == void_id
    assert [a for a, b in zip(after, before, strict=True) if a != b] == [void_id]


def test_a_voided_person_can_check_in_again(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    first = kiosk.checkins.check_in(person.id).checkin_id
    kiosk.checkins.void(first, "scanned the wrong ticket")
    again = kiosk.checkins.check_in(person.id)
    assert again.outcome == Outcome.WELCOME
    assert again.checkin_id != first
    assert count(kiosk, "checkin") == 2


def test_second_check_in_returns_already_checked_in(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    first = kiosk.checkins.check_in(person.id, operator="Mai")
    second = kiosk.checkins.check_in(person.id)
    assert second.outcome == Outcome.ALREADY_CHECKED_IN
    assert second.checkin_id == first.checkin_id
    assert (second.station_name, second.operator) == ("Table A", "Mai")


def test_second_check_in_writes_no_entry(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.checkins.check_in(person.id)
    entries_before = count(kiosk, "change_log")
    kiosk.checkins.check_in(person.id)
    assert count(kiosk, "change_log") == entries_before
    assert count(kiosk, "checkin") == 1


def test_a_cancelled_registrant_is_refused(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.registrants.cancel(person.id)
    assert kiosk.checkins.check_in(person.id).outcome == Outcome.CANCELLED


def test_refusing_a_cancelled_registrant_writes_nothing(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.registrants.cancel(person.id)
    entries_before = count(kiosk, "change_log")
    kiosk.checkins.check_in(person.id)
    assert count(kiosk, "change_log") == entries_before
    assert count(kiosk, "checkin") == 0


# Replay: the same entries, in any order, any number of times, give the same rows.


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Entry], Snapshot]:
    """A day's entries from two stations (A, plus B's that A received) and the rows A holds after them."""
    a = Kiosk.open(tmp_path_factory.mktemp("a"), "Table A")
    b = Kiosk.open(tmp_path_factory.mktemp("b"), "Table B")
    try:
        event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
        centro = a.organizations.create("Centro Binacional", Sector.COMMUNITY_BASED, ["es", "mix"])
        hmong = a.organizations.create("Hmong Innovating Politics", Sector.COMMUNITY_BASED, ["hmn"])
        people = a.registrants.register_many(
            event.id,
            [
                RegistrantDraft(first_name="José", last_name="Núñez", organization_id=centro.id, languages=["es"]),
                RegistrantDraft(first_name="Mai", last_name="Vang", organization_id=hmong.id, photo_consent=True),
                RegistrantDraft(first_name="प्रिया", last_name="शर्मा", external_ids={"eventbrite": "123"}),
                RegistrantDraft(first_name="Bao", last_name="Tran", walk_in=True),
            ],
        )
        jose, mai, priya, bao = people
        a.registrants.update(jose.id, email="jose@example.org")
        first = a.checkins.check_in(jose.id).checkin_id
        a.checkins.void(first, "scanned the wrong ticket")
        a.checkins.check_in(jose.id)
        a.checkins.check_in(mai.id)
        a.registrants.cancel(bao.id)
        send(a, b)
        b.registrants.update(mai.id, preferred_name="Maiv", title="Director")
        b.checkins.check_in(priya.id)
        walk_in = b.registrants.register(event.id, RegistrantDraft(first_name="Kim", walk_in=True))
        b.checkins.check_in(walk_in.id)
        b.stations.rename("Front Door")
        a.registrants.update(mai.id, title="Executive Director")
        a.organizations.create("Fresno Center, Inc.")
        with a.ctx.transaction() as w:  # an organization rename must refresh its members' search text
            w.record("organization", centro.id, "upsert", {"name": "Centro Binacional para el Desarrollo"})
        send(b, a)
        entries = entries_of(a)
        expected = station_snapshot(a)
    finally:
        a.close()
        b.close()
    assert {e.station_id for e in entries} == {a.ctx.station_id, b.ctx.station_id}
    return entries, expected


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A fresh station's store; each test works in a transaction that is rolled back."""
    store = Store(tmp_path_factory.mktemp("fresh"))
    yield store
    store.close()


class _Undo(Exception):
    pass


@contextlib.contextmanager
def rolled_back(store: Store) -> Iterator[sqlite3.Connection]:
    with contextlib.suppress(_Undo), store.write() as db:
        yield db
        raise _Undo


def pending(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM change_log WHERE NOT applied").fetchone()[0]


def test_replaying_a_stations_entries_rebuilds_its_rows(history, empty_store: Store) -> None:
    entries, expected = history
    with rolled_back(empty_store) as db:
        result = ingest(db, entries, HybridClock())
        assert (result.received, result.new, result.applied, result.pending) == (len(entries),) * 3 + (0,)
        assert snapshot(db) == expected


def test_replaying_twice_changes_nothing(history, empty_store: Store) -> None:
    entries, expected = history
    with rolled_back(empty_store) as db:
        ingest(db, entries, HybridClock())
        result = ingest(db, entries, HybridClock())
        assert (result.new, result.pending) == (0, 0)
        assert snapshot(db) == expected


def test_replaying_in_reverse_order_gives_the_same_rows(history, empty_store: Store) -> None:
    entries, expected = history
    with rolled_back(empty_store) as db:
        ingest(db, list(reversed(entries)), HybridClock())
        assert pending(db) == 0
        assert snapshot(db) == expected


def test_replaying_one_entry_at_a_time_backwards_gives_the_same_rows(history, empty_store: Store) -> None:
    entries, expected = history
    with rolled_back(empty_store) as db:
        for entry in reversed(entries):
            ingest(db, [entry], HybridClock())
        assert pending(db) == 0
        assert snapshot(db) == expected


def test_an_entry_whose_row_is_missing_waits_as_pending(history, empty_store: Store) -> None:
    entries, _ = history
    checkins = [e for e in entries if e.entity == "checkin"]
    with rolled_back(empty_store) as db:
        result = ingest(db, checkins, HybridClock())
        assert (result.applied, result.pending) == (0, len(checkins))
        assert rows(db, "checkin") == []


def test_replay_moves_the_receiving_clock_past_every_entry(history, empty_store: Store) -> None:
    entries, _ = history
    clock = HybridClock(lambda: 0)
    with rolled_back(empty_store) as db:
        ingest(db, random.Random(3).sample(entries, len(entries)), clock)
    assert clock.now() > max(Timestamp.decode(e.hlc) for e in entries)


@st.composite
def shuffled_batches(draw: st.DrawFn, entries: list[Entry]) -> list[list[Entry]]:
    order = draw(st.permutations(entries))
    cuts = sorted(draw(st.lists(st.integers(0, len(order)), max_size=6)))
    bounds = [0, *cuts, len(order)]
    return [order[lo:hi] for lo, hi in itertools.pairwise(bounds)]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_replaying_in_any_order_and_batches_gives_the_same_rows(history, empty_store: Store, data) -> None:
    entries, expected = history
    batches = data.draw(shuffled_batches(entries), label="batches")
    again = data.draw(shuffled_batches(entries), label="second delivery")
    with rolled_back(empty_store) as db:
        for batch in batches:
            ingest(db, batch, HybridClock())
        assert pending(db) == 0
        assert snapshot(db) == expected
        for batch in again:
            ingest(db, batch, HybridClock())
        assert pending(db) == 0
        assert snapshot(db) == expected


# Two stations editing one registrant at once converge once they exchange entries.


@pytest.fixture
def two_stations(tmp_path: Path) -> Iterator[tuple[Kiosk, Kiosk, str]]:
    """Stations A and B, both holding one registrant A registered; B's wall clock runs an hour ahead."""
    a = Kiosk.open(tmp_path / "a", "Table A")
    b = Kiosk.open(tmp_path / "b", "Table B")
    b.ctx.clock._wall = lambda: wall_ms() + HOUR_MS
    try:
        event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
        person = a.registrants.register(event.id, RegistrantDraft(first_name="Ana", last_name="Ruiz"))
        send(a, b)
        yield a, b, person.id
    finally:
        a.close()
        b.close()


def exchange(a: Kiosk, b: Kiosk) -> None:
    a_entries, b_entries = entries_of(a), entries_of(b)
    with a.ctx.store.write() as db:
        assert ingest(db, b_entries, a.ctx.clock).pending == 0
    with b.ctx.store.write() as db:
        assert ingest(db, a_entries, b.ctx.clock).pending == 0


def test_edits_to_different_fields_both_survive(two_stations) -> None:
    a, b, person_id = two_stations
    a.registrants.update(person_id, first_name="Anita")
    b.registrants.update(person_id, email="ana@example.org")
    exchange(a, b)
    for station in (a, b):
        person = station.registrants.get(person_id)
        assert (person.first_name, person.email) == ("Anita", "ana@example.org")


def test_edits_to_the_same_field_converge_on_the_later_stamp(two_stations) -> None:
    a, b, person_id = two_stations
    b.registrants.update(person_id, first_name="Anna")  # B's clock is an hour ahead: its stamp is later
    a.registrants.update(person_id, first_name="Anita")
    a_stamp, b_stamp = entries_of(a)[-1].stamp, entries_of(b)[-1].stamp
    assert b_stamp > a_stamp
    exchange(a, b)
    assert [s.registrants.get(person_id).first_name for s in (a, b)] == ["Anna", "Anna"]


def test_concurrent_edits_leave_both_stations_with_identical_rows(two_stations) -> None:
    a, b, person_id = two_stations
    a.registrants.update(person_id, first_name="Anita", title="Organizer")
    b.registrants.update(person_id, first_name="Anna", email="ana@example.org")
    b.registrants.cancel(person_id)
    exchange(a, b)
    assert registrant_row(a, person_id) == registrant_row(b, person_id)
    assert station_snapshot(a) == station_snapshot(b)


def test_search_text_follows_the_winning_edit_on_both_stations(two_stations) -> None:
    a, b, person_id = two_stations
    b.registrants.update(person_id, last_name="Ruíz-García")
    a.registrants.update(person_id, last_name="Ruiz Lopez")
    exchange(a, b)
    assert ["ruiz-garcia" in s.registrants.get(person_id).search_text for s in (a, b)] == [True, True]


def test_a_cancel_on_one_station_reaches_the_other(two_stations) -> None:
    a, b, person_id = two_stations
    b.registrants.cancel(person_id)
    exchange(a, b)
    assert a.registrants.get(person_id).status == RegistrantStatus.CANCELLED
    assert a.checkins.check_in(person_id).outcome == Outcome.CANCELLED


def test_two_voids_of_one_check_in_point_it_at_the_same_void_everywhere(two_stations) -> None:
    a, b, person_id = two_stations
    checkin_id = a.checkins.check_in(person_id).checkin_id
    send(a, b)
    a_void = a.checkins.void(checkin_id, "wrong ticket")
    b.checkins.void(checkin_id, "duplicate")  # B's clock is an hour ahead: A's void is the earlier one
    exchange(a, b)
    voided_by = []
    for station in (a, b):
        with station.ctx.store.write() as db:
            voided_by.append(db.execute("SELECT voided_by FROM checkin WHERE id = ?", (checkin_id,)).fetchone()[0])
    assert voided_by == [a_void, a_void]


# Writing many entries at once (imports) gives the same log and rows as writing them one by one.


def organization_payload(name: str) -> dict[str, Any]:
    return {"name": name, "normalized_name": name.lower(), "sector": "community_based", "languages": [], "region": ""}


def registrant_payload(event: Event, first: str, **fields: Any) -> dict[str, Any]:
    """A new person's payload without the fields the table has server defaults for: clocks per field."""
    return {
        "event_id": event.id,
        "first_name": first,
        "last_name": "Nguyễn",
        "preferred_name": "",
        "pronouns": "they/them",
        "email": f"{first.lower()}@example.org",
        "phone": "",
        "organization_id": None,
        "title": "Director",
        "role": "attendee",
        "languages": ["vi", "en"],
        "accessibility_needs": "",
        "photo_consent": None,
        "external_ids": {"eventbrite_attendee": first},
        "ticket_code": f"CODE{first.upper()}",
        "status": "registered",
        "walk_in": False,
        "created_at": dt.datetime(2025, 5, 14, 9, 30, tzinfo=dt.UTC),
        **fields,
    }


def full_registrant_payload(event: Event, first: str, org_id: str | None) -> dict[str, Any]:
    """Every field a change can set, as an import writes a new person: one clock for the whole row."""
    return registrant_payload(
        event,
        first,
        organization_id=org_id,
        photo_consent=True,
        ticket_secret=f"SECRET{first.upper()}",
        barcode="",
        ticket_type="General Admission",
        extra={"Question?": "Answer"},
        merged_into=None,
        merge_reason="",
        merged_by="",
    )


def test_record_many_keeps_seq_gapless_and_a_timestamp_per_entry(kiosk: Kiosk, event: Event) -> None:
    with kiosk.ctx.transaction() as w:
        orgs = w.record_many("organization", "upsert", [(new_id(), organization_payload(f"Org {i}")) for i in range(3)])
        single = w.record("registrant", new_id(), "upsert", registrant_payload(event, "Ana"), new=True)
        people = w.record_many(
            "registrant",
            "upsert",
            [(new_id(), registrant_payload(event, name)) for name in ("Bao", "Chai", "Dara")],
            new=True,
        )
        assert w.record_many("registrant", "upsert", []) == []
    after = kiosk.registrants.register(event.id, RegistrantDraft(first_name="Eli"))
    mine = sorted((e for e in entries_of(kiosk) if e.station_id == kiosk.ctx.station_id), key=lambda e: e.station_seq)
    assert [e.station_seq for e in mine] == list(range(1, len(mine) + 1))
    assert [e.station_seq for e in (*orgs, single, *people)] == list(range(orgs[0].station_seq, single.station_seq + 4))
    hlcs = [e.hlc for e in mine]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
    assert mine[-1].entity_id == after.id
    assert count(kiosk, "registrant") == 5 and count(kiosk, "organization") == 3


@pytest.mark.parametrize("bad", ["missing organization", "repeated ticket code", "unknown field"])
def test_a_batch_with_one_failing_row_writes_nothing_of_the_batch(kiosk: Kiosk, event: Event, bad: str) -> None:
    register_before = kiosk.registrants.register(event.id, RegistrantDraft(first_name="Ana"))
    entries_before, rows_before = count(kiosk, "change_log"), count(kiosk, "registrant")
    rows = [(new_id(), registrant_payload(event, name)) for name in ("Bao", "Chai", "Dara", "Eli")]
    if bad == "missing organization":
        rows[2][1]["organization_id"] = "no-such-org"
    elif bad == "repeated ticket code":
        rows[3][1]["ticket_code"] = rows[0][1]["ticket_code"]
    else:
        rows[1][1]["search_text"] = "derived, never set"
    with pytest.raises((sqlite3.IntegrityError, InvalidInput)), kiosk.ctx.transaction() as w:
        w.record_many("registrant", "upsert", rows, new=True)
    assert (count(kiosk, "change_log"), count(kiosk, "registrant")) == (entries_before, rows_before)
    kiosk.registrants.register(event.id, RegistrantDraft(first_name="Fay"))  # the next write leaves no gap
    assert seqs_of(kiosk) == list(range(1, entries_before + 2))
    assert kiosk.registrants.get(register_before.id).first_name == "Ana"


def test_rows_written_in_batches_replay_to_the_same_rows_elsewhere(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    org_ids = [new_id(), new_id()]
    with kiosk.ctx.transaction() as w:
        w.record_many(
            "organization",
            "upsert",
            [(org_ids[0], organization_payload("Centro")), (org_ids[1], organization_payload("Слово"))],
            new=True,
        )
        w.record_many(
            "registrant",
            "upsert",
            [
                (new_id(), full_registrant_payload(event, "José", org_ids[0])),
                (new_id(), registrant_payload(event, "Mai", organization_id=org_ids[1], photo_consent=False)),
                (new_id(), full_registrant_payload(event, "प्रिया", None)),
                (new_id(), registrant_payload(event, "Bao", languages=["hmn"], walk_in=True)),
                (new_id(), full_registrant_payload(event, "Kim", org_ids[1])),
            ],
            new=True,
        )
    other = Kiosk.open(tmp_path / "other", "Table B")
    try:
        send(kiosk, other)
        send(kiosk, other)  # twice: applying again changes nothing
        theirs, mine = station_snapshot(other), station_snapshot(kiosk)
    finally:
        other.close()
    assert {k: v for k, v in theirs.items() if not k.startswith("station/")} == {
        k: v for k, v in mine.items() if not k.startswith("station/")
    }
    full = mine
    jose = next(key.split("/")[1] for key, value in full.items() if key.endswith("/first_name") and value == "José")
    assert full[f"registrant/{jose}/field_clocks"].startswith('{"*": ')
    assert "centro" in full[f"registrant/{jose}/search_text"]


def test_record_many_of_existing_rows_applies_each_entry_in_order(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    with kiosk.ctx.transaction() as w:
        w.record_many("registrant", "upsert", [(ana.id, {"title": "Organizer"}), (ana.id, {"title": "Director"})])
    assert kiosk.registrants.get(ana.id).title == "Director"
