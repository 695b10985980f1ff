"""`python -m benchmarks`: one table of speed figures, each against a raw floor measured in the same run."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks import badges, checkin_write, cold_start, desk, imports, reports, search, sync, tickets, wall

Row = tuple[str, str, str, str, str]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--writes", type=int, default=2000, help="writes of each kind to time (default 2000)")
    parser.add_argument("--registrants", type=int, default=100_000, help="size of the cold-start store")
    parser.add_argument("--store", type=Path, help="reuse (or build once) the cold-start store in this folder")
    args = parser.parse_args()

    writes = checkin_write.measure(args.writes, base=Path.cwd())
    floor = f"{writes.floor * 1e6:.0f} us"
    rows: list[Row] = [
        (
            "check-in row + change-log entry, one transaction",
            f"{writes.write * 1e6:.0f} us",
            "bare 1-row INSERT+COMMIT",
            floor,
            f"{writes.write / writes.floor:.2f}x (target <= 1.5x)",
        ),
        (
            "CheckIns.check_in (also reads 'already in?')",
            f"{writes.check_in * 1e6:.0f} us",
            "bare 1-row INSERT+COMMIT",
            floor,
            f"{writes.check_in / writes.floor:.2f}x",
        ),
    ]
    made = tickets.measure(base=Path.cwd())
    rows.append(
        (
            "ticket per registrant: PNG / with CSV and PDF",
            f"{made.png * 1e3:.0f} ms / {made.export * 1e3:.0f} ms",
            "qrcode.make of the payload to PNG",
            f"{made.floor * 1e3:.0f} ms",
            f"{made.png / made.floor:.1f}x / {made.export / made.floor:.1f}x",
        )
    )
    made_badges = badges.measure()
    rows += [
        (
            f"one badge PDF ({badges.STOCK}, mixed scripts), median; first of the process",
            f"{made_badges.single * 1e3:.1f} ms; {made_badges.first * 1e3:.0f} ms",
            "",
            "",
            "target: under 25 ms",
        ),
        (
            f"{made_badges.badges:,} badges on {badges.STOCK} sheets ({made_badges.pages} pages)",
            f"{made_badges.batch:.2f} s",
            "bare ReportLab: same pages, strings, a QR image each",
            f"{made_badges.floor:.2f} s",
            f"{made_badges.batch / made_badges.floor:.2f}x (target: under 15 s)",
        ),
    ]
    imported = imports.measure(base=Path.cwd())
    rows.append(
        (
            f"import of {imported.rows:,} Eventbrite rows (Imports.run)",
            f"{imported.imported:.2f} s",
            "csv parse + executemany of the columns",
            f"{imported.floor:.2f} s",
            f"{imported.imported / imported.floor:.2f}x (target <= 4x)",
        )
    )
    rows.append(
        (
            "  its reading and matching alone (a dry run, no writes)",
            f"{imported.read_only:.2f} s",
            "the same floor",
            f"{imported.floor:.2f} s",
            f"{imported.read_only / imported.floor:.2f}x",
        )
    )
    rows.append(
        (
            "  its storing alone (the rows it wrote, by executemany)",
            f"{imported.storing:.2f} s",
            "the same floor",
            f"{imported.floor:.2f} s",
            f"{imported.storing / imported.floor:.2f}x",
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = cold_start.ensure_store(args.store or Path(tmp) / "store", args.registrants)
        bare, app = cold_start.measure(store)
        scans = desk.measure(store, base=Path.cwd())  # on a copy: the store is left as it was
        found = search.measure(store)
        reported = reports.measure(store, base=Path.cwd())  # on a copy: the store is left as it was
    p50, p99 = found.overall
    rows.append(
        (
            f"Search.registrants per keystroke, {found.registrants:,} registrants",
            f"p50 {p50 * 1e3:.1f} ms / p99 {p99 * 1e3:.1f} ms",
            "",
            "",
            "target: p99 under 30 ms",
        )
    )
    rows.append(
        (
            f"cold start, kiosk --screenshot, {args.registrants:,} registrants",
            f"{app:.2f} s",
            "bare PySide6 window to PNG",
            f"{bare:.2f} s",
            f"{app / bare:.2f}x (target: under 2 s)",
        )
    )
    rows += [
        (
            f"Desk.scan to decision, already in (no write), {scans.registrants:,} registrants",
            f"p50 {scans.decision.p50 * 1e3:.2f} ms / p99 {scans.decision.p99 * 1e3:.2f} ms",
            "",
            "",
            "target: p99 under 5 ms",
        ),
        (
            "Desk.scan, complete check-in by QR (durable commit)",
            f"p50 {scans.check_in.p50 * 1e3:.2f} ms / p99 {scans.check_in.p99 * 1e3:.2f} ms",
            "bare 1-row INSERT+COMMIT",
            f"p50 {scans.floor.p50 * 1e3:.2f} ms / p99 {scans.floor.p99 * 1e3:.2f} ms",
            f"{scans.check_in.p50 / scans.floor.p50:.2f}x / {scans.check_in.p99 / scans.floor.p99:.2f}x (target <= 2x)",
        ),
    ]
    walls = wall.measure(base=Path.cwd())
    rows += [
        (
            f"add a note to a {walls.notes:,}-note wall: write, poll, model and columns, paint",
            f"p50 {walls.add_p50 * 1e3:.1f} ms / p99 {walls.add_p99 * 1e3:.1f} ms",
            "Contributions.add alone",
            f"p50 {walls.write_p50 * 1e3:.1f} ms",
            f"{walls.add_p50 / walls.write_p50:.1f}x (target: under 50 ms)",
        ),
        (
            f"lay out a {walls.notes:,}-note wall: read, model, columns, first paint",
            f"{walls.layout * 1e3:.0f} ms",
            "bare QLabel grid of the cards' texts",
            f"{walls.floor_layout * 1e3:.0f} ms",
            f"{walls.layout / walls.floor_layout:.1f}x (target: under 300 ms)",
        ),
    ]

    rows.append(
        (
            f"day-of report (kiosk report day), {reported.registrants:,} registrants: figures / whole PDF",
            f"{reported.figures:.2f} s / {reported.report:.2f} s",
            "one SQL pass over the check-ins",
            f"{reported.floor:.2f} s",
            f"{reported.report / reported.floor:.1f}x (target: under 10 s)",
        )
    )

    applied = sync.measure_apply(base=Path.cwd())
    hubbed = sync.measure_hub(base=Path.cwd())
    rows += [
        (
            f"apply {applied.entries:,} change-log entries from a station (apply_batch, one transaction)",
            f"{applied.apply:.2f} s",
            "bare executemany of the same log and entity rows",
            f"{applied.floor:.2f} s",
            f"{applied.apply / applied.floor:.2f}x (target <= 4x)",
        ),
        (
            f"{hubbed.stations} stations x {hubbed.entries // hubbed.stations:,} entries converge via a uvicorn hub",
            f"{hubbed.converge:.1f} s",
            "",
            "",
            f"{hubbed.rounds} rounds of pull and push, rows compared",
        ),
    ]

    header: Row = ("measure", "figure", "floor", "floor figure", "ratio")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    for row in [header, ("-" * widths[0], "", "", "", ""), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
