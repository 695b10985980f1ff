"""Moving the day's data between two tables on a USB stick from the Sync menu: what the volunteer is told."""

from __future__ import annotations

from pathlib import Path

from bundle_support import run_bundle
from pytestqt.qtbot import QtBot

from kiosk.ui.main_window import MainWindow


def test_a_damaged_bundle_is_refused_saying_nothing_was_imported_once(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    window = main_window
    told: list[tuple[str, str, bool]] = []
    window.sync.tell = lambda title, text, problem=False: told.append((title, text, problem))  # type: ignore[method-assign]
    bundle = tmp_path / "table-b.kiosk"
    bundle.write_bytes(b"half a file")

    assert run_bundle(qtbot, window.sync, lambda: window.sync.import_bundle(bundle)) is False
    [(title, text, problem)] = told
    assert title == "Bundle refused" and problem
    assert text.lower().count("nothing was imported") == 1
    assert text.startswith("Nothing was imported: table-b.kiosk is truncated or not a sync bundle")
    assert text.endswith("copy it again from the station that made it.")


def test_a_bundle_from_a_clock_set_hours_ahead_says_to_import_it_again_later(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    from kiosk.core.hlc import HybridClock, wall_ms
    from kiosk.core.services import Kiosk
    from kiosk.core.sync.bundle import export_bundle

    window = main_window
    told: list[tuple[str, str, bool]] = []
    window.sync.tell = lambda title, text, problem=False: told.append((title, text, problem))  # type: ignore[method-assign]
    other = Kiosk.open(tmp_path / "table-c", "Table C")
    try:
        other.ctx.clock = HybridClock(wall=lambda: wall_ms() + 3 * 3_600_000, last=other.ctx.clock.last)
        other.organizations.create("Fresno Center")  # written with the clock three hours ahead
        bundle = export_bundle(other.ctx, tmp_path / "table-c.kiosk").path
    finally:
        other.close()

    assert run_bundle(qtbot, window.sync, lambda: window.sync.import_bundle(bundle)) is True
    [(_title, text, _problem)] = told
    assert "1 refused: stamped 3 hours ahead of this laptop's clock by its writer's own clock" in text
    assert "import this bundle again after " in text and "by themselves" not in text
