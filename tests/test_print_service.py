"""BadgePrints: a first badge once, reprints only with a reason, batches in order, and a BadgePrint record
with its change-log entry for every badge a printer took. The printer here is a stand-in backend; the real
CUPS queue is in test_print_cups.py."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from print_support import FakePrinter
from pypdf import PdfReader

from kiosk.core.badges import get_template
from kiosk.core.changelog import all_entries, ingest
from kiosk.core.errors import InvalidInput
from kiosk.core.models import Event
from kiosk.core.printing import JobState, Page, PrinterInfo, PrintError, SpoolerBackend, media_for, media_for_size
from kiosk.core.services import Kiosk
from kiosk.core.services.badge_prints import BATCH_REASON, BadgePrints

MM = 72 / 25.4


@pytest.fixture
def prints(kiosk: Kiosk, printer: FakePrinter) -> Iterator[BadgePrints]:
    service = BadgePrints(kiosk.ctx, backends={"spooler": printer})
    service.save_settings(printer="badges")
    yield service
    service.close()


@pytest.fixture
def people(kiosk: Kiosk, event: Event, register_people) -> list[str]:
    return [r.id for r in register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran")]


def _badge_log(kiosk: Kiosk) -> list[dict]:
    rows = kiosk.ctx.store._writer.execute(
        "SELECT entity_id, kind, payload FROM change_log WHERE entity = 'badge_print' ORDER BY station_seq"
    ).fetchall()
    return [{"id": i, "kind": k, **json.loads(p)} for i, k, p in rows]


def test_two_scans_of_one_ticket_print_one_badge(
    kiosk: Kiosk, event: Event, prints: BadgePrints, printer: FakePrinter, people: list[str]
) -> None:
    ticket = kiosk.tickets.payload_for(kiosk.registrants.get(people[0]))
    for _ in range(2):
        decision = kiosk.desk.scan(ticket, event)
        prints.auto_print(decision.person.registrant_id)
    assert prints.queue.wait_idle(30)
    assert prints.auto_print(people[0]) is None  # and never after, on any later scan
    assert len(printer.sent) == 1
    assert prints.printed(people[0]) == 1


def test_auto_prints_of_one_person_racing_on_several_threads_queue_one_badge(
    prints: BadgePrints, printer: FakePrinter, people: list[str]
) -> None:
    # As the desk's workers do, while the queue's own worker may be sending the first one already.
    start = threading.Barrier(6)
    queued = []

    def scan() -> None:
        start.wait(10)
        queued.append(prints.auto_print(people[0]))

    workers = [threading.Thread(target=scan) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert len(queued) == 6 and sum(job is not None for job in queued) == 1
    assert prints.queue.wait_idle(30)
    assert len(printer.sent) == 1 and prints.printed(people[0]) == 1


def _sync(source: Kiosk, target: Kiosk) -> None:
    with source.ctx.store.write() as db:
        entries = all_entries(db)
    with target.ctx.store.write() as db:
        assert ingest(db, entries, target.ctx.clock).pending == 0


def test_a_badge_printed_on_another_station_is_not_auto_printed_here(
    kiosk: Kiosk, prints: BadgePrints, printer: FakePrinter, people: list[str], tmp_path: Path
) -> None:
    other = Kiosk.open(tmp_path / "table-b", "Table B")
    other_printer = FakePrinter()
    other_prints = BadgePrints(other.ctx, backends={"spooler": other_printer})
    try:
        _sync(kiosk, other)
        assert other_prints.auto_print(people[0]) is not None and other_prints.queue.wait_idle(30)
        _sync(other, kiosk)  # Table B's BadgePrint arrives through the change log, as sync brings it
    finally:
        other_prints.close()
        other.close()
    assert prints.auto_print(people[0]) is None
    assert (len(other_printer.sent), len(printer.sent)) == (1, 0)
    assert prints.printed(people[0]) == 1


def test_every_print_writes_one_badge_print_with_its_change_log_entry(
    kiosk: Kiosk, prints: BadgePrints, people: list[str]
) -> None:
    first = prints.auto_print(people[0])
    assert first is not None and prints.queue.wait_idle(30)
    again = prints.reprint(people[0], "name misspelt")
    assert prints.queue.wait_idle(30)
    entries = _badge_log(kiosk)
    assert [e["id"] for e in entries] == [first.badge_print_ids[0], again.badge_print_ids[0]]
    assert all(e["kind"] == "append" and e["station_id"] == kiosk.ctx.station_id for e in entries)
    assert [(e["reason"], e["template"]) for e in entries] == [("", "fanfold-4x3"), ("name misspelt", "fanfold-4x3")]
    assert [(p.reason, p.template) for p in prints.prints(people[0])] == [
        ("", "fanfold-4x3"),
        ("name misspelt", "fanfold-4x3"),
    ]


def test_a_reprint_needs_a_reason(prints: BadgePrints, people: list[str]) -> None:
    with pytest.raises(InvalidInput, match="say why"):
        prints.reprint(people[0], "  ")
    assert prints.queue.jobs() == []


def test_asking_for_a_second_badge_without_a_reason_is_refused_with_how_many_were_printed(
    prints: BadgePrints, people: list[str]
) -> None:
    prints.print_badge(people[0])
    with pytest.raises(InvalidInput, match="waiting in the print queue"):
        prints.print_badge(people[0])
    assert prints.queue.wait_idle(30)
    with pytest.raises(InvalidInput, match="Ana Ruiz's badge was printed once already; give a reason"):
        prints.print_badge(people[0])
    assert prints.print_badge(people[0], reason="lost it").reason == "lost it"


def test_a_failed_print_records_nothing(
    kiosk: Kiosk, prints: BadgePrints, printer: FakePrinter, people: list[str]
) -> None:
    printer.fail = "the printer is out of labels"
    job = prints.auto_print(people[0])
    assert job is not None and prints.queue.wait_idle(30)
    assert prints.queue.get(job.id).error == "the printer is out of labels"
    assert prints.printed(people[0]) == 0 and _badge_log(kiosk) == []


def test_a_job_recorded_just_before_a_crash_is_not_printed_again(
    kiosk: Kiosk, printer: FakePrinter, people: list[str]
) -> None:
    """The printer took it and the BadgePrint was written, but the queue file still said pending."""
    first = BadgePrints(kiosk.ctx, backends={"spooler": printer}, start=False)
    job = first.print_badge(people[0])
    first._record(job)  # the crash came between recording and marking the job sent
    again = BadgePrints(kiosk.ctx, backends={"spooler": printer})
    try:
        assert again.queue.wait_idle(30)
        assert again.queue.get(job.id).state == JobState.SENT
    finally:
        again.close()
    assert printer.sent == [] and again.printed(people[0]) == 1


def test_a_batch_is_one_job_in_last_name_order_from_the_position_given(
    kiosk: Kiosk, event: Event, prints: BadgePrints, printer: FakePrinter, register_people
) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran", "Chidi Okafor", "Dana Lee")
    seen: list[tuple[int, int]] = []
    batch = prints.print_batch(
        event, sort="last-name", start_at=5, stock="avery-5392", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (4, 4)
    assert batch.job.title == "4 badges by last name" and batch.run.pages == 2
    assert prints.queue.wait_idle(30)
    pdf, _, page, _ = printer.sent[0]
    assert page.media == "Letter"
    path = kiosk.ctx.store.folder / "batch.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    assert "Lee" in reader.pages[0].extract_text() and "Okafor" in reader.pages[0].extract_text()
    assert "Ruiz" in reader.pages[1].extract_text() and "Tran" in reader.pages[1].extract_text()
    assert {e["reason"] for e in _badge_log(kiosk)} == {BATCH_REASON} and len(_badge_log(kiosk)) == 4


def test_a_batch_can_leave_out_people_with_a_badge_already(
    kiosk: Kiosk, event: Event, prints: BadgePrints, people: list[str]
) -> None:
    prints.auto_print(people[0])
    assert prints.queue.wait_idle(30)
    batch = prints.print_batch(event, unprinted_only=True)
    assert batch.job.registrant_ids == [people[1]]


def test_a_batch_refuses_a_position_past_the_sheet(event: Event, prints: BadgePrints, people: list[str]) -> None:
    with pytest.raises(InvalidInput, match="between 1 and 6"):
        prints.print_batch(event, start_at=7, stock="avery-5392")


def test_the_stations_measured_offset_moves_the_badge(prints: BadgePrints, people: list[str]) -> None:
    prints.save_settings(stock="brother-ql-62x100")
    assert prints.template().offset_x == 0
    prints.set_offset("brother-ql-62x100", -1.5, 2)
    template = prints.template()
    assert (template.offset_x, template.offset_y) == (-1.5, 2.0)
    assert get_template("brother-ql-62x100").offset_x == 0  # the resource file is left alone
    with pytest.raises(InvalidInput):
        prints.set_offset("brother-ql-62x100", 25, 0)


def test_settings_are_kept_per_station_and_checked(prints: BadgePrints) -> None:
    saved = prints.save_settings(printer="Badges Left", stock="avery-5392", backend="qt", auto_print=True)
    assert (saved.printer, saved.stock, saved.backend, saved.auto_print) == ("Badges Left", "avery-5392", "qt", True)
    with pytest.raises(Exception, match="no badge stock 'nope'"):
        prints.save_settings(stock="nope")
    with pytest.raises(InvalidInput, match="no printing backend"):
        prints.save_settings(backend="fax")


def test_a_check_in_is_handed_to_the_printer_within_a_second(
    kiosk: Kiosk, event: Event, prints: BadgePrints, printer: FakePrinter, people: list[str]
) -> None:
    prints.preview(people[1])  # fonts loaded once, as the app does at start-up
    ticket = kiosk.tickets.payload_for(kiosk.registrants.get(people[0]))
    start = time.perf_counter()
    decision = kiosk.desk.scan(ticket, event)
    queued = prints.auto_print(decision.person.registrant_id)
    queued_at = time.perf_counter()
    assert queued is not None and prints.queue.wait_idle(30)
    assert queued_at - start < 0.25  # what the desk waits: the scan and a small file write
    assert printer.sent_at[0] - start < 1.0


@pytest.mark.parametrize(
    ("stock", "media"),
    [
        ("fanfold-4x3", "Custom.4x3in"),
        ("avery-5392", "Letter"),
        ("a6-4up-a4", "A4"),
        ("brother-ql-62x100", "Custom.62x100mm"),
        ("brother-102x152", "Custom.102x152mm"),
    ],
)
def test_each_stock_asks_the_spooler_for_its_paper(stock: str, media: str) -> None:
    assert media_for(get_template(stock)) == media


def test_odd_sizes_are_asked_for_in_millimetres() -> None:
    assert media_for_size(54, 86) == "Custom.54x86mm"
    assert media_for_size(152.4, 101.6) == "Custom.6x4in"


def _script(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.mark.skipif(os.name != "posix", reason="stand-in lp scripts are shell scripts")
def test_the_spooler_passes_printer_media_and_title_to_lp(tmp_path: Path) -> None:
    args = tmp_path / "args"
    lp = _script(tmp_path, "lp", f'printf "%s\\n" "$@" > {args}; echo "request id is badges-7 (1 file(s))"')
    reference = SpoolerBackend(lp=lp).send(tmp_path / "b.pdf", "badges", Page("Custom.4x3in", 101.6, 76.2), "Ana Ruiz")
    assert reference == "badges-7"
    assert args.read_text().splitlines() == [
        "-d", "badges", "-o", "media=Custom.4x3in", "-o", "print-scaling=none", "-t", "Ana Ruiz", "--",
        str(tmp_path / "b.pdf"),
    ]  # fmt: skip


@pytest.mark.skipif(os.name != "posix", reason="stand-in lp scripts are shell scripts")
def test_the_spooler_says_what_went_wrong(tmp_path: Path) -> None:
    lp = _script(tmp_path, "lp", 'echo "lp: Error - No default destination." >&2; exit 1')
    with pytest.raises(PrintError, match="no printer is chosen"):
        SpoolerBackend(lp=lp).send(tmp_path / "b.pdf", "", Page("A4", 210, 297), "x")
    with pytest.raises(PrintError, match="no print spooler"):
        SpoolerBackend(lp=str(tmp_path / "missing-lp")).send(tmp_path / "b.pdf", "x", Page("A4", 210, 297), "x")


@pytest.mark.skipif(os.name != "posix", reason="stand-in lp scripts are shell scripts")
def test_the_spooler_lists_its_printers_and_the_default(tmp_path: Path) -> None:
    lpstat = _script(
        tmp_path,
        "lpstat",
        'case "$1" in -e) printf "badges\\nlaser\\n";; '
        '-p) echo "printer badges is idle.  enabled since today"; echo "printer laser disabled since today -";; '
        '-d) echo "system default destination: laser";; esac',
    )
    lp = _script(tmp_path, "lp", "exit 0")
    assert SpoolerBackend(lp=lp, lpstat=lpstat).printers() == [
        PrinterInfo("badges", False, "idle"),
        PrinterInfo("laser", True, "disabled"),
    ]
