"""`python -m benchmarks`: one table of speed figures, each against a raw floor measured in the same run."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks import checkin_write, cold_start, imports, tickets

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
    with tempfile.TemporaryDirectory() as tmp:
        store = cold_start.ensure_store(args.store or Path(tmp) / "store", args.registrants)
        bare, app = cold_start.measure(store)
    rows.append(
        (
            f"cold start, kiosk --screenshot, {args.registrants:,} registrants",
            f"{app:.2f} s",
            "bare PySide6 window to PNG",
            f"{bare:.2f} s",
            f"{app / bare:.2f}x (target: under 2 s)",
        )
    )

    header: Row = ("measure", "figure", "floor", "floor figure", "ratio")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    for row in [header, ("-" * widths[0], "", "", "", ""), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
