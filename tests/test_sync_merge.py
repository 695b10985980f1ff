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
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.conflicts import possible_duplicate_walk_ins
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


def test_a_check_in_made_elsewhere_before_the_merge_arrived_is_settled_by_merging_again(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    b.merges.merge(ana, walk_in, "", "same email")
    a.checkins.void(_standing(a, walk_in), "scanned twice")  # station A, apart, still sees the walk-in
    a.checkins.check_in(walk_in)
    exchange(a.ctx, b.ctx)
    assert b.events.figures(event_id).checked_in == 2
    settled = b.merges.merge(ana, walk_in, "", "same email")
    assert settled.recorded and len(settled.voided) == 1 and settled.carried_over is None
    assert b.events.figures(event_id).checked_in == 1


def test_the_merged_ticket_checks_in_the_kept_person(two) -> None:
    a, b = two
    event_id, ana, walk_in = setup(a, b)
    a.checkins.void(_standing(a, ana), "not here yet")
    a.checkins.void(_standing(a, walk_in), "not here yet")
    a.merges.merge(ana, walk_in, "", "same email")
    result = a.checkins.check_in(walk_in)
    assert result.registrant_id == ana and result.outcome == "welcome"
    assert a.events.figures(event_id).checked_in == 1


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
