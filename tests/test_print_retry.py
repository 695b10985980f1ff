"""A person's badge that failed, then printed another way: the failed job is settled (cancelled, superseded)
rather than printed again, and a retry draws the badge anew on the station's current printer and stock. The
printer is the stand-in backend of print_support.py; the command-line scenario QA found goes through
the real CUPS queue of test_print_cups.py (and skips without it)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from print_support import FakePrinter
from pypdf import PdfReader
from test_print_cups import CupsPdf, cups  # noqa: F401  (cups: for cups_pdf below)

from kiosk.cli import main
from kiosk.core.changelog import all_entries, ingest
from kiosk.core.models import Event
from kiosk.core.printing import JobState
from kiosk.core.services import Kiosk
from kiosk.core.services.badge_prints import BadgePrints

PT = 72 / 25.4


@pytest.fixture
def prints(kiosk: Kiosk, printer: FakePrinter) -> Iterator[BadgePrints]:
    service = BadgePrints(kiosk.ctx, backends={"spooler": printer})
    service.save_settings(printer="badges", stock="fanfold-4x3")
    yield service
    service.close()


@pytest.fixture
def cups_pdf(request: pytest.FixtureRequest) -> CupsPdf:
    """test_print_cups.py's cups-pdf queue (started and made when it can be, else the test skips)."""
    return request.getfixturevalue("cups")


@pytest.fixture
def person(kiosk: Kiosk, event: Event, register_people) -> str:
    return register_people(kiosk, event.id, "Ana Ruiz")[0].id


def _fail_first_badge(prints: BadgePrints, printer: FakePrinter, person: str) -> str:
    """Ana's first badge, on fanfold, to a printer that is not there: it waits in the queue as failed."""
    printer.fail = "there is no printer called '' here"
    job = prints.print_badge(person)
    assert prints.queue.wait_idle(30)
    assert prints.queue.get(job.id).state == JobState.FAILED
    printer.fail = ""
    return job.id


def _retry_failed(prints: BadgePrints) -> None:
    """What `kiosk printer --retry` and the queue window's "Retry all failed" do."""
    for job in prints.queue.jobs((JobState.FAILED,)):
        prints.retry(job.id)
    assert prints.queue.wait_idle(30)


def _page_pt(pdf: bytes, folder: Path) -> tuple[float, float]:
    path = folder / "sent.pdf"
    path.write_bytes(pdf)
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_a_reprint_settles_the_failed_first_badge_so_a_retry_prints_nothing_more(
    prints: BadgePrints, printer: FakePrinter, person: str
) -> None:
    failed = _fail_first_badge(prints, printer, person)
    prints.save_settings(stock="avery-5392")
    reprint = prints.print_badge(person, reason="lost")
    assert prints.queue.wait_idle(30)
    settled = prints.queue.get(failed)
    assert settled.state == JobState.CANCELLED and settled.superseded_by == reprint.id
    _retry_failed(prints)
    assert len(printer.sent) == 1
    assert [(p.reason, p.template) for p in prints.prints(person)] == [("lost", "avery-5392")]


def test_a_person_has_at_most_one_badge_waiting_or_failed(
    prints: BadgePrints, printer: FakePrinter, person: str
) -> None:
    _fail_first_badge(prints, printer, person)
    printer.fail = "the printer is out of labels"
    prints.print_badge(person, reason="lost")
    assert prints.queue.wait_idle(30)
    assert len(prints.queue.open_jobs_for(person)) == 1


def test_a_retried_badge_is_drawn_again_on_the_stations_current_printer_and_stock(
    prints: BadgePrints, printer: FakePrinter, person: str, tmp_path: Path
) -> None:
    failed = _fail_first_badge(prints, printer, person)
    prints.save_settings(printer="kiosk-test", stock="avery-5392")
    _retry_failed(prints)
    pdf, name, page, _ = printer.sent[0]
    assert (name, page.media) == ("kiosk-test", "Letter")
    assert _page_pt(pdf, tmp_path) == (612, 792)  # not the 288 x 216 pt fanfold page drawn for the first try
    sent = prints.queue.get(failed)
    assert (sent.state, sent.stock, sent.page_mm) == (JobState.SENT, "avery-5392", (215.9, 279.4))
    assert [(p.reason, p.template) for p in prints.prints(person)] == [("", "avery-5392")]


def test_a_failed_badge_printed_since_on_another_station_is_settled_on_retry_not_printed(
    kiosk: Kiosk, prints: BadgePrints, printer: FakePrinter, person: str, tmp_path: Path
) -> None:
    failed = _fail_first_badge(prints, printer, person)
    other = Kiosk.open(tmp_path / "table-b", "Table B")
    other_prints = BadgePrints(other.ctx, backends={"spooler": FakePrinter()})
    try:
        _sync(kiosk, other)
        assert other_prints.auto_print(person) is not None and other_prints.queue.wait_idle(30)
        _sync(other, kiosk)
    finally:
        other_prints.close()
        other.close()
    _retry_failed(prints)
    assert printer.sent == []
    assert prints.queue.get(failed).state == JobState.CANCELLED
    assert prints.printed(person) == 1


def test_a_reprint_asked_for_while_the_first_badge_prints_is_still_printed(
    prints: BadgePrints, printer: FakePrinter, person: str
) -> None:
    """Two asks, one after the other, both honoured: only a print made since settles a job."""
    first = prints.print_badge(person)
    assert prints.queue.wait_idle(30)
    prints.print_badge(person, reason="name misspelt")
    assert prints.queue.wait_idle(30)
    assert len(printer.sent) == 2
    assert prints.queue.get(first.id).state == JobState.SENT


def _sync(source: Kiosk, target: Kiosk) -> None:
    with source.ctx.store.write() as db:
        entries = all_entries(db)
    with target.ctx.store.write() as db:
        assert ingest(db, entries, target.ctx.clock).pending == 0


# -- the command line, through CUPS ------------------------------------------------------------------


def _kiosk(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _failed_then_cups_loaded(
    kiosk: Kiosk, cups_pdf: CupsPdf, person: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, tuple[str, str]]:
    """The person's first badge failed on a printer that does not exist (it waits in the queue as failed),
    then the station was set to the CUPS queue loaded with Avery 5392: their ticket code and --data-dir."""
    code = kiosk.registrants.get(person).ticket_code
    kiosk.close()
    folder = ("--data-dir", str(data_dir))
    assert _kiosk(capsys, "printer", *folder, "--set", "no-such-printer")[0] == 0
    assert _kiosk(capsys, "print-badge", code, *folder)[0] == 1
    assert _kiosk(capsys, "printer", *folder, "--set", cups_pdf.queue, "--stock", "avery-5392")[0] == 0
    return code, folder


def test_kiosk_printer_retry_after_a_reprint_prints_no_second_badge(
    kiosk: Kiosk, cups_pdf: CupsPdf, person: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, folder = _failed_then_cups_loaded(kiosk, cups_pdf, person, data_dir, capsys)
    since = time.time()
    done, out = _kiosk(capsys, "print-badge", code, *folder, "--reason", "lost")
    assert done == 0, out
    reference = re.search(r"spooler job (\S+)", out)
    assert reference is not None
    assert _kiosk(capsys, "printer", *folder, "--retry")[0] == 0
    station = Kiosk.open(data_dir, "Table A")
    prints = BadgePrints(station.ctx, start=False)
    try:
        jobs = prints.queue.jobs()
        assert [(j.kind, j.state) for j in jobs] == [("first", JobState.CANCELLED), ("reprint", JobState.SENT)]
        assert jobs[0].superseded_by == jobs[1].id
        assert [(p.reason, p.template) for p in prints.prints(person)] == [("lost", "avery-5392")]
    finally:
        prints.close()
        station.close()
    box = PdfReader(cups_pdf.output(reference.group(1), since)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_kiosk_printer_retry_draws_a_failed_badge_on_the_stock_loaded_now(
    kiosk: Kiosk, cups_pdf: CupsPdf, person: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, folder = _failed_then_cups_loaded(kiosk, cups_pdf, person, data_dir, capsys)
    since = time.time()
    assert _kiosk(capsys, "printer", *folder, "--retry", "--json")[0] == 0
    station = Kiosk.open(data_dir, "Table A")
    prints = BadgePrints(station.ctx, start=False)
    try:
        (sent,) = prints.queue.jobs()
        assert (sent.state, sent.printer, sent.media) == (JobState.SENT, cups_pdf.queue, "Letter")
        assert sent.stock == "avery-5392"
        assert [(p.reason, p.template) for p in prints.prints(person)] == [("", "avery-5392")]
    finally:
        prints.close()
        station.close()
    box = PdfReader(cups_pdf.output(sent.spooler_ref, since)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
