"""Staff merges of two records of one person: one change-log event, synced like any other, idempotent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sync_support import open_station, station_snapshot

from kiosk.core.errors import InvalidInput
from kiosk.core.models import RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.merges import LOOP_REASON, UNDONE
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.conflicts import duplicate_checkins, possible_duplicate_walk_ins
from kiosk.core.sync.protocol import apply_batch, entries_missing, exchange, local_vector


@pytest.fixture
def two(tmp_path: Path):
    a = open_station(tmp_path, tmp_path / "a", "Table A")
    b = open_station(tmp_path, tmp_path / "b", "Table B")
    yield a, b
    a.close()
    b.close()


def setup(a: Kiosk, b: Kiosk) -> tuple[str, str, str]:
    """An event with Ana Ruiz registered online and checked in at A, and at B a walk-in of the same name
    and email, checked in there too (the stations were apart)."""
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    ana = a.registrants.register(event.id, RegistrantDraft(first_name="Ana", last_name="Ruiz", email="ana@example.org"))
    a.checkins.check_in(ana.id)
    exchange(a.ctx, b.ctx)
    b.desk.register_walk_in(event, "Ana", "Ruiz", email="ana@example.org")
    exchange(a.ctx, b.ctx)
    with b.ctx.store.write() as db:
        walk_in = db.execute("SELECT id FROM registrant WHERE walk_in").fetchone()[0]
    return event.id, ana.id, walk_in


def entries_about(k: Kiosk, entity: str, entity_id: str) -> list[dict[str, object]]:
    with k.ctx.store.write() as db:
        return [
            json.loads(p)
            for (p,) in db.execute(
                "SELECT payload FROM change_log WHERE entity = ? AND entity_id = ?", (entity, entity_id)
            )
        ]


def test_a_merge_is_one_entry_and_moves_the_check_in(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    a.checkins.void(_standing(a, ana), "checked in by mistake: only the walk-in came")
    exchange(a.ctx, b.ctx)
    result = b.merges.merge(ana, walk_in, "Mai", "same email, registered online")
    assert result.recorded and len(result.voided) == 1 and result.carried_over is not None
    merges = [p for p in entries_about(b, "registrant", walk_in) if p.get("merged_into")]
    assert merges == [
        {"status": "merged", "merged_into": ana, "merge_reason": "same email, registered online", "merged_by": "Mai"}
    ]
    figures = b.events.figures(event_id)
    assert (figures.registered, figures.walk_ins, figures.checked_in) == (1, 0, 1)


def _standing(k: Kiosk, rid: str) -> str:
    with k.ctx.store.write() as db:
        return db.execute("SELECT id FROM checkin WHERE registrant_id = ? AND voided_by IS NULL", (rid,)).fetchone()[0]


def test_the_merged_record_leaves_counts_search_and_duplicates(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    assert [p.walk_in.registrant_id for p in possible_duplicate_walk_ins(b.ctx, event_id)] == [walk_in]
    before = b.events.figures(event_id)
    assert (before.registered, before.walk_ins, before.checked_in) == (2, 1, 2)
    b.merges.merge(ana, walk_in, "", "same person")
    assert [h.registrant_id for h in b.search.registrants(event_id, "Ana Ruiz")] == [ana]
    assert possible_duplicate_walk_ins(b.ctx, event_id) == []
    after = b.events.figures(event_id)
    assert (after.registered, after.walk_ins, after.checked_in) == (1, 0, 1)


def test_a_merge_syncs_to_another_station_with_apply_batch(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    b.merges.merge(ana, walk_in, "Mai", "same email")
    with a.ctx.store.write() as db:
        theirs = local_vector(db)
    with b.ctx.store.write() as db:
        batch = entries_missing(db, theirs)
    apply_batch(a.ctx, batch)
    assert a.registrants.get(walk_in).status == RegistrantStatus.MERGED
    assert a.registrants.get(walk_in).merged_into == ana
    assert [h.registrant_id for h in a.search.registrants(event_id, "Ana")] == [ana]
    assert station_snapshot(a) == station_snapshot(b)
    history = a.merges.history(event_id)
    assert [(h.merged_name, h.kept_name, h.reason, h.operator) for h in history] == [
        ("Ana Ruiz", "Ana Ruiz", "same email", "Mai")
    ]


def test_merging_twice_records_nothing_more(two) -> None:
    a, b = two
    _event_id, ana, walk_in = setup(a, b)
    b.merges.merge(ana, walk_in, "", "same email")
    with b.ctx.store.write() as db:
        before = db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    again = b.merges.merge(ana, walk_in, "", "same email")
    assert not again.recorded
    with b.ctx.store.write() as db:
        assert db.execute("SELECT count(*) FROM change_log").fetchone()[0] == before
    exchange(a.ctx, b.ctx)
    exchange(a.ctx, b.ctx)
    assert station_snapshot(a) == station_snapshot(b)


def test_a_check_in_made_elsewhere_before_the_merge_arrived_is_settled_when_it_syncs(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    b.merges.merge(ana, walk_in, "", "same email")
    a.checkins.void(_standing(a, walk_in), "scanned twice")  # station A, apart, still sees the walk-in
    a.checkins.check_in(walk_in)
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        assert _all_standing(s, walk_in) == []
        assert s.events.figures(event_id).checked_in == 1
    again = b.merges.merge(ana, walk_in, "", "same email")
    assert not again.recorded and again.voided == ()
    assert station_snapshot(a) == station_snapshot(b)


def test_the_merged_ticket_checks_in_the_kept_person(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    a.checkins.void(_standing(a, ana), "not here yet")
    a.checkins.void(_standing(a, walk_in), "not here yet")
    a.merges.merge(ana, walk_in, "", "same email")
    result = a.checkins.check_in(walk_in)
    assert result.registrant_id == ana and result.outcome == "welcome"
    assert a.events.figures(event_id).checked_in == 1


def test_a_ticket_merged_twice_over_at_two_stations_checks_in_the_person_at_the_end(two) -> None:
    """A merges the walk-in into Ana; B, apart, merges Ana into a third record of hers: the walk-in's
    ticket reaches the third record through both merges, instead of being refused."""
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    third = a.registrants.register(event_id, RegistrantDraft(first_name="Ana", last_name="Ruiz Soto")).id
    exchange(a.ctx, b.ctx)
    a.merges.merge(ana, walk_in, "Mai", "same email")
    b.merges.merge(third, ana, "Lee", "same person, family name in full")
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        result = s.checkins.check_in(walk_in)
        assert result.registrant_id == third and result.outcome in ("welcome", "already_checked_in")


def test_a_merge_needs_a_reason_and_one_event(two) -> None:
    a, b = two
    _event_id, ana, walk_in = setup(a, b)
    with pytest.raises(InvalidInput, match="say why"):
        a.merges.merge(ana, walk_in, "", " ")
    with pytest.raises(InvalidInput, match="itself"):
        a.merges.merge(ana, ana, "", "same")
    a.merges.merge(ana, walk_in, "", "same")
    with pytest.raises(InvalidInput, match="merged into another record"):
        a.merges.merge(walk_in, ana, "", "same")


def _standing_rows(k: Kiosk, rid: str) -> list[tuple[str, str, str]]:
    with k.ctx.store.write() as db:
        return db.execute(
            "SELECT station_id, at, method FROM checkin WHERE registrant_id = ? AND voided_by IS NULL", (rid,)
        ).fetchall()


def test_undoing_a_merge_gives_the_record_and_its_arrival_back_on_every_station(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    a.checkins.void(_standing(a, ana), "checked in by mistake: only the walk-in came")
    exchange(a.ctx, b.ctx)
    (walk_in_arrival,) = _standing_rows(b, walk_in)
    merged = b.merges.merge(ana, walk_in, "Mai", "same email")
    assert merged.carried_over is not None
    undone = b.merges.undo(walk_in, "Lee", "two people: Ana Ruiz from Fresno and Ana Ruiz from Merced")
    assert (undone.kept_id, undone.status, undone.voided) == (ana, "registered", merged.carried_over)
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        restored = s.registrants.get(walk_in)
        assert (restored.status, restored.merged_into, restored.merged_by) == ("registered", None, "Lee")
        assert restored.merge_reason == "merge undone: two people: Ana Ruiz from Fresno and Ana Ruiz from Merced"
        # The arrival is the walk-in's again, with its time and station; Ana, who never came, is not in.
        assert [row[:2] for row in _standing_rows(s, walk_in)] == [walk_in_arrival[:2]]
        assert _standing_rows(s, ana) == []
        figures = s.events.figures(event_id)
        assert (figures.registered, figures.walk_ins, figures.checked_in) == (2, 1, 1)
        assert {h.registrant_id for h in s.search.registrants(event_id, "Ana Ruiz")} == {ana, walk_in}
        assert s.merges.history(event_id) == []
    assert station_snapshot(a) == station_snapshot(b)


def test_undoing_a_merge_when_both_had_arrived_leaves_the_kept_persons_own_check_in(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)  # both checked in
    ana_arrival = _standing_rows(b, ana)
    b.merges.merge(ana, walk_in, "", "same email")
    assert b.events.figures(event_id).checked_in == 1
    undone = b.merges.undo(walk_in, "", "not the same person")
    assert undone.voided is None and undone.carried_back is not None
    assert _standing_rows(b, ana) == ana_arrival
    assert b.events.figures(event_id).checked_in == 2


def test_a_merged_record_that_had_not_arrived_comes_back_not_checked_in_and_can_be_merged_again(two) -> None:
    a, b = two
    _event_id, ana, walk_in = setup(a, b)
    b.checkins.void(_standing(b, walk_in), "scanned the wrong ticket")
    b.merges.merge(ana, walk_in, "", "same email")
    undone = b.merges.undo(walk_in, "", "merged the wrong pair")
    assert (undone.voided, undone.carried_back) == (None, None)
    assert _standing_rows(b, walk_in) == []
    again = b.merges.merge(ana, walk_in, "", "same email after all")
    assert again.recorded and b.registrants.get(walk_in).merged_into == ana


def test_only_a_merged_record_can_be_unmerged_and_with_a_reason(two) -> None:
    a, b = two
    _event_id, ana, walk_in = setup(a, b)
    with pytest.raises(InvalidInput, match="no merge to undo"):
        b.merges.undo(walk_in, "", "mistake")
    b.merges.merge(ana, walk_in, "", "same")
    with pytest.raises(InvalidInput, match="say why"):
        b.merges.undo(walk_in, "", "  ")
    assert b.registrants.get(walk_in).status == RegistrantStatus.MERGED


def test_connections_and_notes_follow_a_merge_and_its_undo_on_every_station_and_their_rows_stay(two) -> None:
    """The walk-in connects with Bao and signs a note at table B; Ana, whom table A knows, connects with Bao
    there too. Merged at A, every station shows one connection, and the note, as Ana's; undone, both are the
    walk-in's again. Nothing is written to the connections or the notes: they are read through the merge."""
    from kiosk.core.figures.day import day_figures
    from kiosk.core.models import Event

    a, b = two
    event_id, ana, walk_in = setup(a, b)
    bao = a.registrants.register(event_id, RegistrantDraft(first_name="Bao", last_name="Tran"))
    exchange(a.ctx, b.ctx)
    b.connections.connect(event_id, walk_in, bao.id, True, True)
    note = b.contributions.add(event_id, "built", "A bridge", registrant_id=walk_in, review=False)
    a.connections.connect(event_id, bao.id, ana, True, True)  # apart: the same two people
    exchange(a.ctx, b.ctx)

    def stored(s: Kiosk) -> dict[str, object]:
        return {k: v for k, v in station_snapshot(s).items() if k.startswith(("connection/", "contribution/"))}

    rows = {s: stored(s) for s in (a, b)}

    a.merges.merge(ana, walk_in, "Mai", "same email")
    exchange(a.ctx, b.ctx)

    with a.ctx.store.session() as s:
        event = s.get(Event, event_id)
    assert event is not None
    for s in (a, b):
        assert {frozenset((c.first.registrant_id, c.second.registrant_id)) for c in s.connections.list(event_id)} == {
            frozenset((ana, bao.id))
        }
        assert day_figures(s.ctx, event).new_connections == 1
        assert s.connections.already_connected(event_id, walk_in, bao.id)
        assert s.contributions.get(note.id).registrant_id == ana
        assert stored(s) == rows[s]

    a.merges.undo(walk_in, "Lee", "two people after all")
    exchange(a.ctx, b.ctx)

    for s in (a, b):
        assert len(s.connections.list(event_id)) == 2
        assert day_figures(s.ctx, event).new_connections == 2
        assert s.contributions.get(note.id).registrant_id == walk_in
    assert station_snapshot(a) == station_snapshot(b)


# The same merge made at two stations apart, and undone.


@pytest.fixture
def three(tmp_path: Path):
    stations = [open_station(tmp_path, tmp_path / n, f"Table {n.upper()}") for n in "abc"]
    yield stations
    for s in stations:
        s.close()


def only_the_walk_in_came(a: Kiosk, b: Kiosk, c: Kiosk) -> tuple[str, str, str]:
    """Ana Ruiz registered online and never came (her check-in at A was a mistake, voided); the walk-in Ana
    Ruiz at B did. Every station holds all of it."""
    event_id, ana, walk_in = setup(a, b)
    a.checkins.void(_standing(a, ana), "checked in by mistake: only the walk-in came")
    exchange(a.ctx, b.ctx)
    exchange(a.ctx, c.ctx)
    return event_id, ana, walk_in


def sync_all(stations: list[Kiosk], reverse: bool = False) -> None:
    order = stations[::-1] if reverse else stations
    for first, second in zip(order, order[1:] + order[:1], strict=True):
        exchange(first.ctx, second.ctx)
    for first, second in zip(order, order[1:] + order[:1], strict=True):
        exchange(first.ctx, second.ctx)


def _all_standing(k: Kiosk, rid: str) -> list[str]:
    with k.ctx.store.write() as db:
        return [
            r[0] for r in db.execute("SELECT id FROM checkin WHERE registrant_id = ? AND voided_by IS NULL", (rid,))
        ]


@pytest.mark.parametrize("reverse", [False, True], ids=["a-first", "b-first"])
def test_the_same_merge_at_two_stations_apart_leaves_the_kept_person_one_check_in(three, reverse: bool) -> None:
    a, b, c = three
    event_id, ana, walk_in = only_the_walk_in_came(a, b, c)
    at_a = a.merges.merge(ana, walk_in, "Mai", "same email")
    at_b = b.merges.merge(ana, walk_in, "Lee", "same person")
    assert at_a.carried_over == at_b.carried_over is not None  # one check-in, made alike at both
    with c.ctx.store.write() as db:  # C takes A's and B's entries, in either order
        vectors = local_vector(db)
    for source in (b, a) if reverse else (a, b):
        with source.ctx.store.write() as db:
            apply_batch(c.ctx, [e for e in entries_missing(db, vectors) if e.station_id == source.ctx.station_id])
    sync_all([a, b, c], reverse)
    for s in (a, b, c):
        assert _all_standing(s, ana) == [at_a.carried_over]
        assert _all_standing(s, walk_in) == []
        assert s.events.figures(event_id).checked_in == 1
        with s.ctx.store.write() as db:
            assert duplicate_checkins(db, event_id) == []
    assert station_snapshot(a) == station_snapshot(b) == station_snapshot(c)


def test_undoing_a_merge_made_at_two_stations_leaves_the_person_who_never_came_not_checked_in(three) -> None:
    a, b, c = three
    event_id, ana, walk_in = only_the_walk_in_came(a, b, c)
    (arrival,) = _standing_rows(a, walk_in)
    a.merges.merge(ana, walk_in, "Mai", "same email")
    b.merges.merge(ana, walk_in, "Lee", "same person")
    sync_all([a, b, c])
    undone = a.merges.undo(walk_in, "Sam", "two people: one from Fresno, one from Merced")
    assert undone.carried_back is not None and len(undone.voided_all) == 1
    sync_all([a, b, c])
    for s in (a, b, c):
        assert _standing_rows(s, ana) == []
        assert [row[:2] for row in _standing_rows(s, walk_in)] == [arrival[:2]]
        figures = s.events.figures(event_id)
        assert (figures.registered, figures.walk_ins, figures.checked_in) == (2, 1, 1)
    assert station_snapshot(a) == station_snapshot(b) == station_snapshot(c)


def test_a_merge_undone_at_one_station_while_another_made_it_too_leaves_the_arrival_with_the_walk_in(three) -> None:
    a, b, c = three
    event_id, ana, walk_in = only_the_walk_in_came(a, b, c)
    b.merges.merge(ana, walk_in, "Lee", "same person")  # B, apart
    a.merges.merge(ana, walk_in, "Mai", "same person")
    a.merges.undo(walk_in, "Mai", "two people")
    sync_all([a, b, c])
    for s in (a, b, c):
        assert s.registrants.get(walk_in).status == RegistrantStatus.REGISTERED
        assert _standing_rows(s, ana) == []
        assert len(_standing_rows(s, walk_in)) == 1
        assert s.events.figures(event_id).checked_in == 1
    assert station_snapshot(a) == station_snapshot(b) == station_snapshot(c)


def test_undo_voids_every_check_in_the_merge_carried_over_and_both_were_flagged(two) -> None:
    """Two merges of one pair made apart by an older version carried two check-ins over, with other ids
    but the walk-in's station and time: both count as duplicates, and the undo voids both."""
    from kiosk.core.ids import new_id

    a, b = two
    event_id, ana, walk_in = setup(a, b)
    a.checkins.void(_standing(a, ana), "checked in by mistake: only the walk-in came")
    exchange(a.ctx, b.ctx)
    merged = a.merges.merge(ana, walk_in, "Mai", "same email")
    ((station_id, at, _method),) = _standing_rows(a, ana)
    with b.ctx.transaction() as w:
        w.record(
            "checkin",
            new_id(),
            "append",
            {
                "event_id": event_id,
                "registrant_id": ana,
                "station_id": station_id,
                "at": at,
                "method": "merge",
                "operator": "",
            },
        )
    exchange(a.ctx, b.ctx)
    with a.ctx.store.write() as db:
        (duplicate,) = duplicate_checkins(db, event_id)
    assert duplicate.registrant_id == ana and {c.station_id for c in duplicate.checkins} == {station_id}
    undone = a.merges.undo(walk_in, "Lee", "two people")
    assert len(undone.voided_all) == 2 and undone.voided == merged.carried_over
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        assert _standing_rows(s, ana) == []
        assert s.events.figures(event_id).checked_in == 1


def test_a_merge_made_again_after_an_undo_carries_the_check_in_over_again(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    a.checkins.void(_standing(a, ana), "checked in by mistake: only the walk-in came")
    exchange(a.ctx, b.ctx)
    first = a.merges.merge(ana, walk_in, "", "same email")
    a.merges.undo(walk_in, "", "not sure")
    exchange(a.ctx, b.ctx)
    again = b.merges.merge(ana, walk_in, "", "sure after all")
    assert again.carried_over not in (None, first.carried_over)
    exchange(a.ctx, b.ctx)
    for s in (a, b):
        assert _all_standing(s, ana) == [again.carried_over]
        assert s.events.figures(event_id).checked_in == 1


def test_a_merge_made_apart_after_another_station_merged_and_undid_it_keeps_the_arrival(three) -> None:
    """A merges the pair and undoes it; B, apart and later, merges it: B's merge is the newer and stands,
    and the arrival the undo carried back to the walk-in goes over to the person kept, on every station."""
    a, b, c = three
    event_id, ana, walk_in = only_the_walk_in_came(a, b, c)
    a.merges.merge(ana, walk_in, "Mai", "same email")
    a.merges.undo(walk_in, "Mai", "not sure")
    b.merges.merge(ana, walk_in, "Lee", "same person, asked her")
    sync_all([a, b, c])
    for s in (a, b, c):
        assert s.registrants.get(walk_in).status == RegistrantStatus.MERGED
        assert _all_standing(s, walk_in) == []
        assert len(_all_standing(s, ana)) == 1
        assert s.events.figures(event_id).checked_in == 1
        with s.ctx.store.write() as db:
            assert duplicate_checkins(db, event_id) == []
    assert station_snapshot(a) == station_snapshot(b) == station_snapshot(c)


@pytest.mark.parametrize("first_kept", ["Ana", "walk-in"])
def test_two_records_merged_into_each_other_apart_become_the_record_the_earlier_merge_kept(
    three, first_kept: str
) -> None:
    """A merges one record into the other while B, apart and a moment later, merges them the other way:
    both say they are one person, so the later merge is undone on every station, and the person is the
    one record the earlier merge kept, with the arrival; syncing again writes nothing."""
    a, b, c = three
    event_id, ana, walk_in = only_the_walk_in_came(a, b, c)
    kept, gone = (ana, walk_in) if first_kept == "Ana" else (walk_in, ana)
    a.merges.merge(kept, gone, "Mai", "same email")
    b.merges.merge(gone, kept, "Lee", "same email")  # made later: the one undone
    sync_all([a, b, c])
    held = [entry_count(s) for s in (a, b, c)]
    sync_all([a, b, c])
    assert [entry_count(s) for s in (a, b, c)] == held and len(set(held)) == 1
    for s in (a, b, c):
        assert (s.registrants.get(gone).status, s.registrants.get(gone).merged_into) == (RegistrantStatus.MERGED, kept)
        assert s.registrants.get(kept).status == RegistrantStatus.REGISTERED
        assert s.registrants.get(kept).merge_reason == UNDONE + LOOP_REASON
        assert len(_all_standing(s, kept)) == 1 and _all_standing(s, gone) == []
        assert s.events.figures(event_id).checked_in == 1
        assert [h.registrant_id for h in s.search.registrants(event_id, "Ana Ruiz")] == [kept]
    assert station_snapshot(a) == station_snapshot(b) == station_snapshot(c)


def entry_count(k: Kiosk) -> int:
    with k.ctx.store.write() as db:
        return int(db.execute("SELECT count(*) FROM change_log").fetchone()[0])
