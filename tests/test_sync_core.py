"""Sync without a hub: version vectors, what a side lacks, applying batches, bundles, conflicts, clocks."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_support import entry_ids, open_station, station_snapshot

from kiosk.core.changelog import Entry, all_entries, ingest
from kiosk.core.clashes import Renamed, derived_code
from kiosk.core.errors import InvalidInput
from kiosk.core.exports.tables import attendance, registrants
from kiosk.core.figures.day import arrivals
from kiosk.core.hlc import wall_ms
from kiosk.core.models import SCHEMA_VERSION, CheckInMethod
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.bundle import export_bundle, import_bundle
from kiosk.core.sync.conflicts import GivenTwice, competing_edits, duplicate_checkins, review
from kiosk.core.sync.protocol import MAX_AHEAD_MS, apply_batch, entries_missing, exchange, local_vector, status

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Kiosk, Kiosk, Kiosk]]:
    a, b, c = (open_station(tmp_path, tmp_path / n, f"Table {n.upper()}") for n in "abc")
    try:
        yield a, b, c
    finally:
        for s in (a, b, c):
            s.close()


def setup_event(a: Kiosk) -> tuple[str, list[str]]:
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    people = a.registrants.register_many(
        event.id, [RegistrantDraft(first_name=n, last_name="Vang") for n in ("Mai", "Kou", "Pa")]
    )
    return event.id, [p.id for p in people]


def entries(station: Kiosk) -> list[Entry]:
    with station.ctx.store.write() as db:
        return all_entries(db)


def vector(station: Kiosk) -> dict[str, int]:
    with station.ctx.store.write() as db:
        return local_vector(db)


# Version vectors and what a side lacks.


def test_the_vector_counts_each_stations_contiguous_entries(stations) -> None:
    a, b, _ = stations
    setup_event(a)
    mine = entries(a)
    apply_batch(b.ctx, [e for e in mine if e.station_seq != 2])  # seq 2 is lost on the way
    assert vector(b)[a.ctx.station_id] == 1
    apply_batch(b.ctx, mine)
    assert vector(b)[a.ctx.station_id] == len(mine)


def test_entries_missing_sends_only_what_lies_beyond_the_vector(stations) -> None:
    a, _b, _ = stations
    setup_event(a)
    total = len(entries(a))
    with a.ctx.store.write() as db:
        assert len(entries_missing(db, {a.ctx.station_id: 2})) == total - 2
        assert entries_missing(db, local_vector(db)) == []
        page = entries_missing(db, {}, limit=2)
    assert [e.station_seq for e in page] == [1, 2]


def test_applying_a_batch_twice_changes_nothing(stations) -> None:
    a, b, _ = stations
    setup_event(a)
    first = apply_batch(b.ctx, entries(a))
    again = apply_batch(b.ctx, list(reversed(entries(a))))
    assert (first.new, again.new, again.pending) == (len(entries(a)), 0, 0)
    assert station_snapshot(b) == station_snapshot(a) | {
        k: v for k, v in station_snapshot(b).items() if k.startswith(f"station/{b.ctx.station_id}")
    }


def test_a_failure_mid_batch_applies_none_of_it_and_keeps_the_old_checkpoint(
    stations, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = stations
    setup_event(a)
    import kiosk.core.sync.protocol as protocol

    def crash(db, peer, vector) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(protocol, "record_peer", crash)
    with pytest.raises(RuntimeError):
        apply_batch(b.ctx, entries(a), peer=a.ctx.station_id, peer_vector={})
    assert a.ctx.station_id not in vector(b)
    monkeypatch.undo()
    assert apply_batch(b.ctx, entries(a), peer=a.ctx.station_id).new == len(entries(a))


def test_an_entry_from_a_newer_schema_is_parked_not_dropped(stations, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    apply_batch(b.ctx, entries(a))
    newer = Entry(
        a.ctx.station_id,
        99,
        f"{wall_ms():015d}.000000",
        "registrant",
        people[0],
        "upsert",
        {"title": "Director"},
        SCHEMA_VERSION + 1,
    )
    result = apply_batch(b.ctx, [newer])
    assert (result.new, result.parked) == (1, 1)
    assert b.registrants.get(people[0]).title == ""
    with b.ctx.store.write() as db:
        assert newer in entries_missing(db, {})  # kept, and shipped on to other stations
    monkeypatch.setattr("kiosk.core.changelog.SCHEMA_VERSION", SCHEMA_VERSION + 1)  # the station is upgraded
    after = apply_batch(b.ctx, [])
    assert (after.applied, after.parked) == (1, 0)
    assert b.registrants.get(people[0]).title == "Director"


# The clock: guard on receipt, skewed and jumping stations.


def test_entries_too_far_in_the_future_are_refused_with_a_reason(stations) -> None:
    a, b, _ = stations
    a.ctx.clock._wall = lambda: wall_ms() + MAX_AHEAD_MS + HOUR_MS
    setup_event(a)
    result = apply_batch(b.ctx, entries(a))
    assert result.new == 1 and len(result.refused) == len(entries(a)) - 1  # all but A's own opening entry
    reason = result.refused[0].reason
    assert reason.startswith("stamped 90 minutes ahead of this laptop's clock") and "nothing is lost" in reason
    assert b.ctx.clock.now().ms < wall_ms() + MINUTE_MS  # B's clock was not dragged ahead


def test_a_clock_three_minutes_off_syncs_and_the_later_edit_wins(stations) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    b.ctx.clock._wall = lambda: wall_ms() + 3 * MINUTE_MS
    a.registrants.update(people[0], title="Organizer")
    b.registrants.update(people[0], title="Director")
    ab, ba = exchange(a.ctx, b.ctx)
    assert not ab.refused and not ba.refused
    assert [s.registrants.get(people[0]).title for s in (a, b)] == ["Director", "Director"]
    assert station_snapshot(a) == station_snapshot(b)


def test_a_clock_that_jumps_back_an_hour_still_stamps_after_what_it_saw(stations) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    b.registrants.update(people[1], title="Before")
    exchange(a.ctx, b.ctx)
    a.ctx.clock._wall = lambda: wall_ms() - HOUR_MS  # A's clock jumps back an hour
    a.registrants.update(people[1], title="After")
    exchange(a.ctx, b.ctx)
    assert [s.registrants.get(people[1]).title for s in (a, b)] == ["After", "After"]


# Conflicts for staff.


def test_the_same_badge_at_two_stations_a_second_apart_is_flagged_on_every_station(stations) -> None:
    a, b, c = stations
    _event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    exchange(a.ctx, c.ctx)
    b.ctx.clock._wall = lambda: wall_ms() + 1000
    first = a.checkins.check_in(people[0]).checkin_id
    second = b.checkins.check_in(people[0]).checkin_id
    exchange(a.ctx, b.ctx)
    exchange(b.ctx, c.ctx)
    exchange(a.ctx, c.ctx)
    flagged = []
    for s in (a, b, c):
        with s.ctx.store.write() as db:
            flagged.append(duplicate_checkins(db, _event_id))
    assert flagged[0] == flagged[1] == flagged[2]
    (duplicate,) = flagged[0]
    assert duplicate.registrant_id == people[0]
    assert [x.checkin_id for x in duplicate.checkins] == [first, second]


def test_the_earliest_check_in_by_clock_counts_on_the_desk_and_in_the_conflicts_view(stations) -> None:
    a, b, _ = stations
    event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    a.ctx.clock._wall = lambda: wall_ms() + 3 * MINUTE_MS  # A's clock runs three minutes fast
    made_first = a.checkins.check_in(people[0]).checkin_id  # made first (its id and time say so), stamped later
    earliest_by_clock = b.checkins.check_in(people[0]).checkin_id
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        with s.ctx.store.write() as db:
            (duplicate,) = duplicate_checkins(db, event_id)
        assert [c.checkin_id for c in duplicate.checkins] == [earliest_by_clock, made_first]
        again = s.checkins.check_in(people[0])
        assert (again.checkin_id, again.station_name) == (earliest_by_clock, "Table B")
        event = s.events.by_slug("fresno-2025")
        scanned = s.desk.scan(s.tickets.payload_for(s.registrants.get(people[0]), event), event)
        assert (scanned.checkin_id, scanned.station) == (earliest_by_clock, "Table B")
        table = attendance(s, event)
        (row,) = [r for r in table.rows if r[-1] == people[0]]
        assert row[table.header.index("station")] == "Table B"


def test_the_arrivals_chart_and_registrants_export_give_the_time_of_the_check_in_that_counts(stations) -> None:
    a, b, _ = stations
    event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    a.ctx.clock._wall = lambda: wall_ms() + 3 * MINUTE_MS  # A's clock runs fast: its check-in is stamped later
    noon = dt.datetime(2025, 5, 14, 19, 0, tzinfo=dt.UTC)  # 12:00 in Fresno
    a.checkins.check_in_all([(people[0], noon - dt.timedelta(minutes=40))], CheckInMethod.QR)  # says 11:20
    b.checkins.check_in_all([(people[0], noon)], CheckInMethod.QR)  # earliest by clock: says 12:00
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        with s.ctx.store.write() as db:
            chart = arrivals(db, event_id)
        assert [(f"{x.start:%H:%M}", x.count) for x in chart] == [("12:00", 1)]
        event = s.events.by_slug("fresno-2025")
        table = registrants(s, event)
        (row,) = [r for r in table.rows if r[0] == people[0]]
        assert row[table.header.index("checked in")] == "2025-05-14 12:00"


def test_a_voided_duplicate_is_no_longer_flagged(stations) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    a.checkins.check_in(people[0])
    second = b.checkins.check_in(people[0]).checkin_id
    exchange(a.ctx, b.ctx)
    a.checkins.void(second, "duplicate")
    exchange(a.ctx, b.ctx)
    with b.ctx.store.write() as db:
        assert duplicate_checkins(db) == []


def test_losing_values_of_competing_edits_are_kept_for_staff(stations) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    a.registrants.update(people[2], first_name="Paj")
    b.ctx.clock._wall = lambda: wall_ms() + MINUTE_MS
    b.registrants.update(people[2], first_name="Pa Nhia")
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        with s.ctx.store.write() as db:
            (edit,) = competing_edits(db)
        assert (edit.field, edit.winner.value, [v.value for v in edit.losers]) == ("first_name", "Pa Nhia", ["Paj"])


def test_an_edit_after_seeing_the_creation_is_not_a_conflict(stations) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    b.registrants.update(people[0], email="mai@example.org")
    exchange(a.ctx, b.ctx)
    with a.ctx.store.write() as db:
        assert competing_edits(db) == []


# Bundles.


def test_a_bundle_carries_everything_to_another_station(stations, tmp_path: Path) -> None:
    a, b, _ = stations
    setup_event(a)
    written = export_bundle(a.ctx, tmp_path / "a.kiosk")
    result = import_bundle(b.ctx, written.path)
    assert result.new == written.entries == len(entries(a))
    assert entry_ids(a) <= entry_ids(b)
    assert not list(tmp_path.glob(".*tmp"))


def test_importing_the_same_bundle_twice_or_out_of_order_is_harmless(stations, tmp_path: Path) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    first = export_bundle(a.ctx, tmp_path / "1.kiosk").path
    a.checkins.check_in(people[0])
    second = export_bundle(a.ctx, tmp_path / "2.kiosk", for_vector=vector(b) | {a.ctx.station_id: 5}).path
    assert import_bundle(b.ctx, second).pending >= 0
    import_bundle(b.ctx, first)
    again = import_bundle(b.ctx, first)
    assert (again.new, again.pending) == (0, 0)
    assert entry_ids(a) <= entry_ids(b)
    assert b.checkins.check_in(people[0]).outcome == "already_checked_in"


def test_a_bundle_for_a_vector_holds_only_what_that_side_lacks(stations, tmp_path: Path) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    import_bundle(b.ctx, export_bundle(a.ctx, tmp_path / "1.kiosk").path)
    a.checkins.check_in(people[1])
    written = export_bundle(a.ctx, tmp_path / "2.kiosk", for_vector=vector(b))
    assert written.entries == 1


def test_a_truncated_bundle_is_refused_whole(stations, tmp_path: Path) -> None:
    a, b, _ = stations
    setup_event(a)
    path = export_bundle(a.ctx, tmp_path / "a.kiosk").path
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(InvalidInput, match="truncated"):
        import_bundle(b.ctx, path)
    assert a.ctx.station_id not in vector(b)


def test_a_bundle_with_a_flipped_bit_is_refused_whole(stations, tmp_path: Path) -> None:
    a, b, _ = stations
    setup_event(a)
    path = export_bundle(a.ctx, tmp_path / "a.kiosk").path
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("entries.jsonl")
    data[info.header_offset + 30 + len(info.filename) + 5] ^= 0x01  # inside the compressed entries
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match=r"altered|damaged"):
        import_bundle(b.ctx, path)
    assert a.ctx.station_id not in vector(b)


def rewrite(path: Path, change) -> None:
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)


def test_a_bundle_whose_entries_were_edited_is_refused(stations, tmp_path: Path) -> None:
    a, b, _ = stations
    setup_event(a)
    path = export_bundle(a.ctx, tmp_path / "a.kiosk").path
    rewrite(path, lambda m: m.update({"entries.jsonl": m["entries.jsonl"].replace(b"Vang", b"Wang")}))
    with pytest.raises(InvalidInput, match="altered"):
        import_bundle(b.ctx, path)


def test_a_bundle_with_a_forged_manifest_is_refused(stations, tmp_path: Path) -> None:
    a, b, _ = stations
    setup_event(a)
    path = export_bundle(a.ctx, tmp_path / "a.kiosk").path

    def forge(m: dict[str, bytes]) -> None:
        manifest = json.loads(m["manifest.json"])
        manifest["entries"] = 0
        m["manifest.json"] = json.dumps(manifest).encode()

    rewrite(path, forge)
    with pytest.raises(InvalidInput, match="signature"):
        import_bundle(b.ctx, path)


def test_a_bundle_from_another_network_is_refused(stations, tmp_path: Path) -> None:
    a, b, c = stations
    setup_event(a)
    import_bundle(b.ctx, export_bundle(a.ctx, tmp_path / "a.kiosk").path)  # B joins A's network
    c.events.create(name="Other", slug="other", date=dt.date(2025, 6, 1), city="Eureka")
    foreign = export_bundle(c.ctx, tmp_path / "c.kiosk").path  # C made its own network
    with pytest.raises(InvalidInput, match="another sync network"):
        import_bundle(b.ctx, foreign)


def test_a_bundle_signed_with_another_key_for_a_known_station_is_refused(stations, tmp_path: Path) -> None:
    a, b, _ = stations
    setup_event(a)
    import_bundle(b.ctx, export_bundle(a.ctx, tmp_path / "a.kiosk").path)
    (a.ctx.store.folder / "station-key.pem").unlink()  # A's key is replaced: a bundle signed by an impostor
    with pytest.raises(InvalidInput, match="key this station has not seen"):
        import_bundle(b.ctx, export_bundle(a.ctx, tmp_path / "a2.kiosk").path)


def test_status_tells_what_a_peer_may_lack(stations) -> None:
    a, b, _ = stations
    _event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    a.checkins.check_in(people[0])
    found = status(a.ctx)
    assert found.waiting[b.ctx.station_id] == 1
    assert (found.pending, found.parked) == (0, 0)


# Applying in runs: many entries go in together, with the rows entry-by-entry applying leaves.


def _replicated(station: Kiosk) -> dict:
    """Every replicated row but the station's own station row (which the writer never saw)."""
    return {k: v for k, v in station_snapshot(station).items() if not k.startswith(f"station/{station.ctx.station_id}")}


def _search_rows(station: Kiosk) -> dict[str, list[str]]:
    with station.ctx.store.write() as db:
        rows = db.execute("SELECT registrant_id, names, other FROM registrant_search ORDER BY registrant_id").fetchall()
    found: dict[str, list[str]] = {}
    for registrant_id, names, other in rows:
        found.setdefault(registrant_id, []).append(f"{names} | {other}")
    return found


def _indexes(station: Kiosk) -> list[str]:
    with station.ctx.store.write() as db:
        return [r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE type = 'index' ORDER BY name")]


def busy_day(a: Kiosk, people: int = 1200) -> tuple[str, list[str]]:
    """A first station's day: organizations, people, check-ins, edits (some twice), an organization renamed,
    a void: a station that syncs for the first time takes all of it in one batch."""
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    org = a.organizations.create("Hmong Cultural Center")
    made = a.registrants.register_many(
        event.id,
        [RegistrantDraft(first_name=f"Mai {i}", last_name="Vang", organization_id=org.id) for i in range(people)],
    )
    ids = [p.id for p in made]
    a.checkins.check_in_all([(rid, dt.datetime.now(dt.UTC)) for rid in ids[: people // 2]], CheckInMethod.QR)
    for rid in ids[:40]:
        a.registrants.update(rid, first_name="Kou", email="kou@example.org")
    a.registrants.update(ids[0], first_name="Pa")  # a second edit of the same person wins
    a.registrants.update(ids[1], title="Director")  # a field no search looks at
    with a.ctx.transaction() as w:
        w.record("organization", org.id, "upsert", {"name": "Hmong Cultural Center of Fresno"})
    with a.ctx.store.write() as db:
        first_checkin = db.execute("SELECT id FROM checkin ORDER BY id LIMIT 1").fetchone()[0]
    a.checkins.void(first_checkin, "scanned the wrong ticket")
    return event.id, ids


def test_a_first_sync_of_a_busy_day_leaves_the_writers_rows_and_search(stations) -> None:
    a, b, _ = stations
    _event_id, ids = busy_day(a)
    result = apply_batch(b.ctx, entries(a))
    assert (result.new, result.applied, result.pending) == (len(entries(a)), len(entries(a)), 0)
    assert _replicated(b) == station_snapshot(a)
    assert _indexes(b) == _indexes(a)  # the indexes dropped for the bulk are all back
    search = _search_rows(b)
    assert search == _search_rows(a)
    assert all(len(rows) == 1 for rows in search.values()) and len(search) == len(ids)
    assert search[ids[0]] == ["pa vang | hmong cultural center of fresno kou@example.org"]


def test_entries_that_arrive_before_their_rows_wait_then_apply_in_runs(stations) -> None:
    a, b, _ = stations
    busy_day(a, people=300)
    log = entries(a)
    later = [e for e in log if e.kind == "append" or e.entity != "registrant"]
    first = apply_batch(b.ctx, [e for e in log if e not in later][::-1] + later[:2])  # edits before creations
    assert first.pending > 0
    rest = apply_batch(b.ctx, later)
    assert (rest.pending, rest.parked) == (0, 0)
    assert first.applied + rest.applied == len(log)
    assert _replicated(b) == station_snapshot(a)
    assert _search_rows(b) == _search_rows(a)


# Values only one record may hold (an event's slug, a ticket code), given twice by stations apart.


def _shared(station: Kiosk) -> dict:
    """Every replicated row but the station rows (a station that never synced with another lacks its row)."""
    return {k: v for k, v in station_snapshot(station).items() if not k.startswith("station/")}


def _waiting(station: Kiosk) -> int:
    with station.ctx.store.write() as db:
        return db.execute("SELECT count(*) FROM change_log WHERE NOT applied").fetchone()[0]


def _tail(row_id: str) -> str:
    return row_id.replace("-", "")[-8:]


def two_events_with_one_slug(a: Kiosk, b: Kiosk) -> tuple[str, str]:
    """Tables A and B, set up apart, each create the day's event as 'fresno' (A a second before B) and
    register a walk-in there, checked in."""
    b.ctx.clock._wall = lambda: wall_ms() + 1000
    made = []
    for s in (a, b):
        event = s.events.create(name="Fresno Convening", slug="fresno", date=dt.date(2026, 11, 27), city="Fresno")
        s.desk.register_walk_in(event, "Walk", s.ctx.station_name[-1], organization=f"Org {s.ctx.station_name[-1]}")
        made.append(event.id)
    return made[0], made[1]


def test_an_event_slug_given_twice_apart_converges_with_every_event_walk_in_and_check_in(stations) -> None:
    a, b, _ = stations
    first, second = two_events_with_one_slug(a, b)
    ab, ba = exchange(a.ctx, b.ctx)
    assert (ab.pending, ba.pending) == (0, 0)
    for s in (a, b):
        assert _waiting(s) == 0
        assert {e.id: e.slug for e in s.events.all()} == {first: "fresno", second: f"fresno-{_tail(second)}"}
        for event_id in (first, second):
            figures = s.events.figures(event_id)
            assert (figures.registered, figures.walk_ins, figures.checked_in) == (1, 1, 1)
    assert _shared(a) == _shared(b)


@pytest.mark.parametrize("second_first", [False, True], ids=["first-made-first", "second-made-first"])
def test_the_event_made_first_keeps_the_slug_whatever_order_its_entries_come_in(stations, second_first: bool) -> None:
    a, b, c = stations
    first, second = two_events_with_one_slug(a, b)
    batches = [entries(a), entries(b)]
    if second_first:
        batches.reverse()
    for batch in batches:
        apply_batch(c.ctx, batch)
    exchange(a.ctx, b.ctx)
    for s in (a, b, c):
        assert _waiting(s) == 0
        assert s.events.by_slug("fresno").id == first
        assert s.events.by_slug(f"fresno-{_tail(second)}").id == second
        assert {h.registrant_id for h in s.search.registrants(second, "Walk")} != set()
    assert _shared(a) == _shared(b) == _shared(c)


def test_the_station_whose_own_event_is_renamed_keeps_working_on_it(stations) -> None:
    a, b, _ = stations
    first, second = two_events_with_one_slug(a, b)
    b.events.choose("fresno")
    exchange(a.ctx, b.ctx)
    current = b.events.current()
    assert (current.id, current.slug) == (second, f"fresno-{_tail(second)}")
    assert a.events.current().id == first  # the same day: the one whose slug sorts first


def test_the_ingest_and_the_conflicts_review_name_both_events_given_one_slug(stations) -> None:
    a, b, _ = stations
    first, second = two_events_with_one_slug(a, b)
    with b.ctx.store.write() as db:
        result = ingest(db, entries(a), b.ctx.clock)
    assert (result.pending, result.held) == (0, [])
    assert result.renamed == [Renamed("event", second, "slug", "fresno", f"fresno-{_tail(second)}", first)]
    found = review(b.ctx, second)
    assert found.given_twice == [
        GivenTwice(
            "event", "slug", "fresno", first, a.ctx.station_id, second, b.ctx.station_id, f"fresno-{_tail(second)}"
        )
    ]
    assert (found.records[first], found.records[second]) == ("Fresno Convening", "Fresno Convening")


@pytest.mark.parametrize("edit_first", [False, True], ids=["edit-last", "edit-first"])
def test_a_slug_edit_that_frees_the_slug_gives_it_to_the_event_that_lost_it_in_any_order(
    stations, edit_first: bool
) -> None:
    a, b, c = stations
    first, second = two_events_with_one_slug(a, b)
    exchange(a.ctx, b.ctx)
    with a.ctx.transaction() as w:  # no screen edits a slug yet: written as one would
        w.record("event", first, "upsert", {"slug": "fresno-day-one"})
    mine, theirs = entries(a), entries(b)
    batches = [mine, [e for e in theirs if e.station_id == b.ctx.station_id]]
    if edit_first:
        batches.reverse()
    for batch in batches:
        apply_batch(c.ctx, batch)
    exchange(a.ctx, b.ctx)
    for s in (a, b, c):
        assert {e.id: e.slug for e in s.events.all()} == {first: "fresno-day-one", second: "fresno"}
    assert _shared(a) == _shared(b) == _shared(c)


def _mai_and_tou_with_one_code(a: Kiosk, c: Kiosk, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    """Mai is registered at A; C, which has the event but not Mai, registers Tou a second later with the
    very code A gave Mai (the random codes of two laptops met). Returns Mai's id, Tou's id and the code."""
    event_id, people = setup_event(a)
    apply_batch(c.ctx, [e for e in entries(a) if e.entity == "event"])
    code = a.registrants.get(people[0]).ticket_code
    monkeypatch.setattr("kiosk.core.services.registrants.human_codes", lambda count: [code] * count)
    c.ctx.clock._wall = lambda: wall_ms() + 1000
    tou = c.registrants.register(event_id, RegistrantDraft(first_name="Tou", last_name="Lee"))
    assert tou.ticket_code == code
    return people[0], tou.id, code


@pytest.mark.parametrize("tou_first", [False, True], ids=["mai-first", "tou-first"])
def test_a_ticket_code_given_twice_stays_with_the_person_registered_first_on_every_station(
    stations, monkeypatch: pytest.MonkeyPatch, tou_first: bool
) -> None:
    a, b, c = stations
    mai, tou, code = _mai_and_tou_with_one_code(a, c, monkeypatch)
    event = [e for e in entries(a) if e.entity in ("station", "event")]
    mai_and_the_rest = [e for e in entries(a) if e not in event]
    tous = [e for e in entries(c) if e.station_id == c.ctx.station_id]
    assert apply_batch(b.ctx, event).pending == 0
    if tou_first:
        assert apply_batch(b.ctx, tous).pending == 0
        assert b.registrants.get(tou).ticket_code == code  # Tou holds it until Mai, registered first, arrives
    assert apply_batch(b.ctx, mai_and_the_rest).pending == 0
    assert apply_batch(b.ctx, tous).pending == 0
    exchange(a.ctx, c.ctx)
    exchange(b.ctx, c.ctx)
    for s in (a, b, c):
        assert _waiting(s) == 0
        assert s.registrants.get(mai).ticket_code == code
        assert s.registrants.get(tou).ticket_code == derived_code(tou, 1) != code
        assert s.registrants.by_ticket_code(derived_code(tou, 1)).id == tou  # type: ignore[union-attr]
        assert {h.registrant_id for h in s.search.registrants(s.registrants.get(mai).event_id, "Tou")} == {tou}
    assert _shared(a) == _shared(b) == _shared(c)
    assert _search_rows(a) == _search_rows(b) == _search_rows(c)


def test_the_conflicts_review_names_both_people_given_one_ticket_code(
    stations, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b, c = stations
    mai, tou, code = _mai_and_tou_with_one_code(a, c, monkeypatch)
    with c.ctx.store.write() as db:
        result = ingest(db, entries(a), c.ctx.clock)
    assert result.renamed == [Renamed("registrant", tou, "ticket_code", code, derived_code(tou, 1), mai)]
    found = review(c.ctx, c.registrants.get(mai).event_id)
    assert found.given_twice == [
        GivenTwice(
            "registrant", "ticket_code", code, mai, a.ctx.station_id, tou, c.ctx.station_id, derived_code(tou, 1)
        )
    ]
    assert (found.people[mai], found.people[tou]) == ("Mai Vang", "Tou Lee")


def test_a_value_only_one_row_may_hold_that_nothing_settles_is_held_with_why_not_as_on_the_way(stations) -> None:
    a, b, _ = stations
    a.organizations.create("Centro Binacional")
    b.organizations.create("Centro Binacional")
    with b.ctx.store.write() as db:  # a unique column sync knows no way to settle (none has one today)
        db.execute("CREATE UNIQUE INDEX test_organization_name ON organization (name)")
        result = ingest(db, entries(a), b.ctx.clock)
    assert (result.applied, result.pending) == (1, 1)  # A's station row applied; its organization held
    (held,) = result.held
    assert (held.station_id, held.station_seq) == (a.ctx.station_id, 2)
    assert held.reason.startswith("its organization has the same name as one this station holds")


def test_two_standing_check_ins_of_one_person_are_flagged_even_from_one_station_id(stations) -> None:
    a, b, _ = stations
    event_id, people = setup_event(a)
    exchange(a.ctx, b.ctx)
    first = a.checkins.check_in(people[0]).checkin_id
    with b.ctx.transaction() as w:  # a check-in carried over with A's station and time, as merges do
        w.record(
            "checkin",
            "0190c8e2-0000-7000-8000-000000000001",
            "append",
            {
                "event_id": event_id,
                "registrant_id": people[0],
                "station_id": a.ctx.station_id,
                "at": "2025-05-14T19:00:00.000000Z",
                "method": "merge",
                "operator": "",
            },
        )
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        with s.ctx.store.write() as db:
            (duplicate,) = duplicate_checkins(db, event_id)
        assert duplicate.registrant_id == people[0] and first in [c.checkin_id for c in duplicate.checkins]
