"""Search as you type: `Search.registrants` per keystroke on a large store, p50 and p99 by kind of query.

Every prefix of each query is timed, as a volunteer types it (the 1-, 2-, 3-4-character and whole-word
figures are those prefixes), in Latin, Vietnamese, Chinese, Korean, Armenian, Arabic script, Cyrillic,
Gurmukhi, Devanagari, Khmer and Ethiopic, plus two-word queries in either order, organizations, emails and
ticket codes; each is timed several times from a warm store (the desk's steady state).
The bar is p99 under 30 ms on 100,000 registrants.

`python -m benchmarks.search --store DIR` reuses (or builds once) the store; a copy of /work/bench100k will do.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import cold_start
from kiosk.core.services import Kiosk
from kiosk.core.services.search import Search

WORDS = (
    "Li",
    "Ng",
    "Nguyễn",
    "José",
    "María",
    "Hernández",
    "Smith",
    "Rodriguez",
    "王",
    "陈",
    "김",
    "박",
    "Արամ",
    "محمد",
    "فاطمه",
    "Иван",
    "ਨਵਦੀਪ",
    "प्रिया",
    "សុខ",
    "ሰላም",
    "Tran",
    "Garcia",
)
PHRASES = ("ruiz ana", "ana ruiz", "maria garcia", "nguyen van", "community", "department", "example.org")
REPEATS = 5


@dataclass(frozen=True)
class Figures:
    registrants: int
    per_kind: dict[str, tuple[float, float, int]]
    """kind -> (p50 s, p99 s, timed calls)"""

    @property
    def overall(self) -> tuple[float, float]:
        return self.per_kind["all"][0], self.per_kind["all"][1]


def _kind(query: str, whole: bool) -> str:
    if " " in query.strip():
        return "two words"
    if whole:
        return "whole word"
    return {1: "1 char", 2: "2 chars"}.get(len(query), "3-4 chars")


def _queries(codes: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for word in WORDS:
        for end in range(1, min(len(word), 4) + 1):
            out.append((_kind(word[:end], end == len(word)), word[:end]))
        if len(word) > 4:
            out.append(("whole word", word))
    out += [("two words", phrase) if " " in phrase else ("whole word", phrase) for phrase in PHRASES]
    out += [("ticket code", code) for code in codes] + [("ticket code", code[:4]) for code in codes]
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(store: Path) -> Figures:
    kiosk = Kiosk.open(store, verify=False)
    try:
        event = max(kiosk.events.all(), key=lambda e: kiosk.events.figures(e.id).registered)
        search = Search(kiosk.ctx)
        codes = [hit.ticket_code for hit in search.registrants(event.id, "a", limit=3)]
        queries = _queries(codes)
        for _, query in queries:  # warm the page cache, as a desk that has been open a while has
            search.registrants(event.id, query)
        times: dict[str, list[float]] = {"all": []}
        for _ in range(REPEATS):
            for kind, query in queries:
                start = time.perf_counter()
                search.registrants(event.id, query)
                took = time.perf_counter() - start
                times.setdefault(kind, []).append(took)
                times["all"].append(took)
        registered = kiosk.events.figures(event.id).registered
    finally:
        kiosk.close()
    per_kind = {k: (statistics.median(v), _percentile(v, 0.99), len(v)) for k, v in times.items()}
    return Figures(registered, per_kind)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--store", type=Path, help="reuse (or build once) the store in this folder")
    parser.add_argument("--registrants", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = cold_start.ensure_store(args.store or Path(tmp) / "store", args.registrants)
        figures = measure(store)
    print(f"{figures.registrants:,} registrants at the event")
    for kind, (p50, p99, n) in figures.per_kind.items():
        print(f"{kind:12} p50 {p50 * 1e3:6.2f} ms  p99 {p99 * 1e3:6.2f} ms  ({n} calls)")


if __name__ == "__main__":
    main()
