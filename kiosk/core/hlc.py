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


class HybridClock:
    """Issues strictly increasing timestamps; `observe` folds in timestamps seen from other stations."""

    def __init__(self, wall: Callable[[], int] = wall_ms, last: Timestamp = ZERO) -> None:
        self._wall = wall
        self._last = last
        self._lock = threading.Lock()

    @property
    def last(self) -> Timestamp:
        return self._last

    def now(self) -> Timestamp:
        with self._lock:
            physical = self._wall()
            if physical > self._last.ms:
                self._last = Timestamp(physical, 0)
            elif self._last.counter + 1 < COUNTER_LIMIT:
                self._last = Timestamp(self._last.ms, self._last.counter + 1)
            else:
                # The counter is spent within one millisecond: borrow the next one.
                self._last = Timestamp(self._last.ms + 1, 0)
            return self._last

    def now_many(self, count: int) -> list[str]:
        """`count` timestamps, encoded, as `count` calls of `now` in a row would issue them with the wall
        clock read once (a batch of entries written together)."""
        if count <= 0:
            return []
        with self._lock:
            physical = self._wall()
            if physical > self._last.ms:
                ms, counter = physical, 0
            else:
                ms, counter = self._last.ms, self._last.counter + 1
            out: list[str] = []
            for _ in range(count):
                if counter >= COUNTER_LIMIT:
                    ms, counter = ms + 1, 0
                out.append(f"{ms:015d}.{counter:06d}")
                counter += 1
            self._last = Timestamp(ms, counter - 1)
            return out

    def observe_encoded(self, seen: str) -> None:
        """`observe` for an encoded timestamp; encoded order is time order, so most calls decode nothing."""
        if seen > self._last.encode():
            self.observe(Timestamp.decode(seen))

    def observe(self, seen: Timestamp) -> None:
        with self._lock:
            if seen > self._last:
                self._last = seen
