"""The hybrid logical clock: never goes back, follows what it sees, encodes so string order is time order."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.core.changelog import all_entries
from kiosk.core.hlc import COUNTER_LIMIT, HybridClock, Timestamp, wall_ms
from kiosk.core.models import Event
from kiosk.core.services import Kiosk

HOUR_MS = 3_600_000
timestamps = st.builds(Timestamp, st.integers(0, 10**15 - 1), st.integers(0, COUNTER_LIMIT - 1))


class FakeWall:
    """A wall clock the test sets by hand."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_clock_follows_the_wall_clock_when_it_moves_forward() -> None:
    wall = FakeWall(1_000)
    clock = HybridClock(wall)
    clock.now()
    wall.ms = 2_000
    assert clock.now() == Timestamp(2_000, 0)


def test_clock_keeps_increasing_when_the_wall_clock_jumps_back_an_hour() -> None:
    wall = FakeWall(10 * HOUR_MS)
    clock = HybridClock(wall)
    issued = [clock.now() for _ in range(3)]
    wall.ms -= HOUR_MS
    issued += [clock.now() for _ in range(3)]
    assert all(earlier < later for earlier, later in itertools.pairwise(issued))


def test_clock_repeats_no_timestamp_when_the_wall_clock_stands_still() -> None:
    clock = HybridClock(FakeWall(5))
    issued = [clock.now() for _ in range(100)]
    assert len(set(issued)) == 100
    assert issued == sorted(issued)


def test_observing_a_later_remote_timestamp_moves_the_clock_past_it() -> None:
    clock = HybridClock(FakeWall(1_000))
    remote = Timestamp(1_000 + HOUR_MS, 42)
    clock.observe(remote)
    assert clock.now() > remote


def test_observing_an_earlier_timestamp_does_not_move_the_clock_back() -> None:
    clock = HybridClock(FakeWall(5_000))
    mine = clock.now()
    clock.observe(Timestamp(1_000, 7))
    assert clock.now() > mine


def test_a_stamp_read_from_the_wall_has_counter_0_and_one_that_follows_a_faster_clock_does_not() -> None:
    """What the sync clock guard reads to tell a clock set ahead from a station that passed its stamps on."""
    wall = FakeWall(1_000)
    clock = HybridClock(wall)
    assert clock.now() == Timestamp(1_000, 0)
    clock.observe(Timestamp(9 * 60_000, 0))  # a station 9 minutes ahead
    wall.ms = 2_000
    assert [clock.now(), *map(Timestamp.decode, clock.now_many(2))] == [Timestamp(9 * 60_000, n) for n in (1, 2, 3)]
    wall.ms = 9 * 60_000 + 1  # this clock catches up: its own again
    assert clock.now() == Timestamp(9 * 60_000 + 1, 0)


def test_a_spent_counter_borrows_the_next_millisecond() -> None:
    clock = HybridClock(FakeWall(5), last=Timestamp(5, COUNTER_LIMIT - 1))
    assert clock.now() == Timestamp(6, 0)


def test_the_clock_keeps_counting_after_borrowing_a_millisecond() -> None:
    clock = HybridClock(FakeWall(5), last=Timestamp(5, COUNTER_LIMIT - 1))
    clock.now()
    assert clock.now() == Timestamp(6, 1)


@given(st.integers(0, 2 * HOUR_MS), timestamps, st.integers(0, 50))
@example(5, Timestamp(5, COUNTER_LIMIT - 3), 6)
def test_a_batch_of_timestamps_is_what_as_many_calls_of_now_issue(wall_at: int, last: Timestamp, count: int) -> None:
    one_by_one = HybridClock(FakeWall(wall_at), last=last)
    batch = HybridClock(FakeWall(wall_at), last=last)
    expected = [one_by_one.now().encode() for _ in range(count)]
    assert batch.now_many(count) == expected
    assert batch.last == one_by_one.last
    assert batch.now() == one_by_one.now()


@given(timestamps)
def test_a_timestamp_survives_encoding_and_decoding(stamp: Timestamp) -> None:
    assert Timestamp.decode(stamp.encode()) == stamp


@given(timestamps, timestamps)
def test_encoded_string_order_is_timestamp_order(a: Timestamp, b: Timestamp) -> None:
    assert (a.encode() < b.encode()) == (a < b)
    assert (a.encode() == b.encode()) == (a == b)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "000000000001000",
        "000000000001000.",
        ".000001",
        "1000.1",
        "000000000001000.0000001",
        "0000000000001000.000001",
        "-00000000001000.000001",
        "000000000001000.00000a",
        "000000000001000:000001",
        " 00000000001000.000001",
        "000000000001000.000001.000001",
    ],
)
def test_decode_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="not a clock timestamp"):
        Timestamp.decode(text)


@given(st.text(max_size=30))
@example("١٢٣٤٥٦٧٨٩٠١٢٣٤٥.000000")  # Arabic-Indic digits: str.isdigit() says yes
def test_decode_accepts_only_text_that_encode_could_have_made(text: str) -> None:
    try:
        stamp = Timestamp.decode(text)
    except ValueError:
        return
    assert stamp.encode() == text


def test_decode_rejects_digits_of_other_scripts() -> None:
    with pytest.raises(ValueError):
        Timestamp.decode("١٢٣٤٥٦٧٨٩٠١٢٣٤٥.000000")


def _last_entry_hlc(station: Kiosk) -> str:
    with station.ctx.store.write() as db:
        return all_entries(db)[-1].hlc


def test_station_clock_stays_ahead_after_reopening_with_a_wall_clock_an_hour_behind(
    data_dir: Path, event: Event, kiosk: Kiosk, register_people
) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran")
    before = _last_entry_hlc(kiosk)
    kiosk.close()

    reopened = Kiosk.open(data_dir)
    try:
        reopened.ctx.clock._wall = lambda: wall_ms() - HOUR_MS
        register_people(reopened, event.id, "Chai Vang")
        after = _last_entry_hlc(reopened)
    finally:
        reopened.close()
    assert Timestamp.decode(before).ms > wall_ms() - HOUR_MS
    assert after > before
