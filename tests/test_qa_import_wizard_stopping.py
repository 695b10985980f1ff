"""QA of stopping an import in the wizard: progress comes while rows that write nothing are read (a re-import),
so Cancel stops there and does not freeze the window until the end of the file; a stopped import says what
the rows it read came to, and lists the ones it did not import."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk, import_run
from kiosk.ui.import_wizard import ImportWizard

ROWS = 3_000


def people(tmp_path: Path, rows: int = ROWS, nameless: tuple[int, ...] = ()) -> Path:
    """`rows` people; the rows at the indexes in `nameless` have no name (refused, each on line index + 2)."""
    lines = ["First name,Last name,Email"]
    for n in range(rows):
        lines.append(f",,p{n}@example.org" if n in nameless else f"P{n},Q{n},p{n}@example.org")
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_run, "BATCH", 100)


def test_reading_rows_that_write_nothing_reports_progress_batch_by_batch(
    tmp_path: Path, kiosk: Kiosk, event: Event, small_batches: None
) -> None:
    path = people(tmp_path)
    kiosk.imports.run(path, event.id)
    seen: list[int] = []

    summary = kiosk.imports.run(path, event.id, progress=lambda done, _total: seen.append(done))

    assert summary.unchanged == ROWS
    assert seen[:3] == [100, 200, 300] and seen[-1] == ROWS


def test_cancelling_the_check_of_a_file_already_imported_stops_at_a_batch(
    tmp_path: Path, kiosk: Kiosk, event: Event, wizard: ImportWizard, small_batches: None
) -> None:
    path = people(tmp_path)
    kiosk.imports.run(path, event.id)
    wizard.choose_page.set_path(path)
    wizard.next()
    wizard.next()  # the check starts on its thread
    job = wizard.job
    assert job is not None

    wizard.reject()

    assert not job.is_running() and not wizard.isVisible()
    assert job.worker.done < ROWS  # it stopped at a batch, not at the end of the file


def test_a_stopped_import_lists_the_rows_it_did_not_import_and_counts_what_it_saved(
    qtbot: QtBot, tmp_path: Path, kiosk: Kiosk, event: Event, wizard: ImportWizard, small_batches: None
) -> None:
    wizard.choose_page.set_path(people(tmp_path, nameless=(1, 5)))
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.ended, timeout=10_000)
    wizard.next()  # Import now

    wizard.reject()  # Cancel: stops after the batch being saved

    page = wizard.import_page
    qtbot.waitUntil(lambda: page.ended, timeout=10_000)
    saved = kiosk.events.figures(event.id).registered
    assert 0 < saved < ROWS - 2
    assert page.summary is not None and page.summary.added == saved
    assert page.counts.isVisible() and page.counts.values["added"].text() == f"{saved:,}"
    assert page.counts.values["rejected"].text() == "2"
    assert [page.rejections_model.index(row, 0).data() for row in range(2)] == ["3", "7"]
    assert page.rejections_view.isVisible()
    status = page.status.text()
    assert status.startswith("Stopped.") and f"{saved:,} are saved and 2 are not imported" in status


def test_a_stop_asked_at_the_last_batch_keeps_the_whole_import_and_its_summary(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    from kiosk.core.services.imports import ImportStopped  # here: the other tests run without it

    def stop(done: int, _total: int | None) -> None:
        raise ImportStopped

    summary = kiosk.imports.run(people(tmp_path, rows=50), event.id, progress=stop)  # one batch: the last

    assert summary.added == 50 == kiosk.events.figures(event.id).registered
