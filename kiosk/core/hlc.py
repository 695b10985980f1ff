"""Hybrid logical clock: timestamps that follow causality and never go back, even when the wall clock does.

A timestamp is wall-clock milliseconds plus a counter, encoded as a fixed-width string so that string
order is time order. Together with the station id it totally orders every change-log entry.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

COUNTER_LIMIT = 1_000_000
_ENCODED = re.compile(r"[0-9]{15}\.[0-9]{6}")


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


class Timestamp(NamedTuple):
    """Tuple order is time order. A NamedTuple because one is made for every write."""

    ms: int
    counter: int

    def encode(self) -> str:
        return f"{self.ms:015d}.{self.counter:06d}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        if not _ENCODED.fullmatch(text):
            raise ValueError(f"not a clock timestamp: {text!r}")
        ms, _, counter = text.partition(".")
        return cls(int(ms), int(counter))


ZERO = Timestamp(0, 0)


def _after(last: Timestamp, physical: int) -> Timestamp:
    """The timestamp issued after `last` when the wall clock reads `physical`."""
    if physical > last.ms:
        return Timestamp(physical, 0)
    if last.counter + 1 < COUNTER_LIMIT:
        return Timestamp(last.ms, last.counter + 1)
    return Timestamp(last.ms + 1, 0)  # the counter is spent within one millisecond: borrow the next one


class HybridClock:
    """Issues strictly increasing timestamps; `observe` folds in timestamps seen from other stations.

    So every station's stamps follow the fastest clock it has seen, its own or another's. A stamp with a
    counter of 0 was read from this station's own wall clock (but for a borrowed millisecond, a million
    stamps within one); one issued while the clock is behind a stamp it saw has a counter above 0. The sync
    clock guard reads that to tell a clock set ahead from a station that only passed its stamps on."""

    def __init__(self, wall: Callable[[], int] = wall_ms, last: Timestamp = ZERO) -> None:
        self._wall = wall
        self._last = last
        self._lock = threading.Lock()

    @property
    def last(self) -> Timestamp:
        return self._last

    def now(self) -> Timestamp:
        with self._lock:
            self._last = _after(self._last, self._wall())
            return self._last

    def now_many(self, count: int) -> list[str]:
        """`count` timestamps, encoded, as `count` calls of `now` in a row would issue them with the wall
        clock read once (a batch of entries written together)."""
        out: list[str] = []
        with self._lock:
            physical = self._wall()
            for _ in range(count):
                self._last = _after(self._last, physical)
                out.append(self._last.encode())
        return out

    def observe_encoded(self, seen: str) -> None:
        """`observe` for an encoded timestamp; encoded order is time order, so most calls decode nothing."""
        if seen > self._last.encode():
            self.observe(Timestamp.decode(seen))

    def observe(self, seen: Timestamp) -> None:
        with self._lock:
            if seen > self._last:
                self._last = seen
