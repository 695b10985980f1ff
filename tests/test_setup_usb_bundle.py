"""Moving the day's data between two tables on a USB stick from the Sync menu: what the volunteer is told."""

from __future__ import annotations

from pathlib import Path

from kiosk.ui.main_window import MainWindow


def test_a_damaged_bundle_is_refused_saying_nothing_was_imported_once(main_window: MainWindow, tmp_path: Path) -> None:
    window = main_window
    told: list[tuple[str, str, bool]] = []
    window.sync.tell = lambda title, text, problem=False: told.append((title, text, problem))  # type: ignore[method-assign]
    bundle = tmp_path / "table-b.kiosk"
    bundle.write_bytes(b"half a file")

    assert window.sync.import_bundle(bundle) is False
    [(title, text, problem)] = told
    assert title == "Bundle refused" and problem
    assert text.lower().count("nothing was imported") == 1
    assert text.startswith("Nothing was imported: table-b.kiosk is truncated or not a sync bundle")
    assert text.endswith("copy it again from the station that made it.")
