"""Auto-print after a welcome, off the UI thread: the desk is free for the next scan while the badge is queued
on a worker thread, the queue's lock decides whether it is the person's first, a failure reaches the status
line, and quitting while a badge is being queued finishes it cleanly."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Callable, Iterator

import pytest
from print_support import FakePrinter, window_printing_to
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.printing import JobState, PrintJob
from kiosk.core.services import Kiosk
from kiosk.core.services.badge_prints import STOCK, BadgePrints
from kiosk.core.services.desk import Kind
from kiosk.core.settings import put_setting

WAIT_MS = 10_000


@pytest.fixture
def people(kiosk: Kiosk, event: Event, register_people) -> list[str]:
    return [r.id for r in register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran")]


@pytest.fixture
def window(qtbot: QtBot, kiosk: Kiosk, event: Event, printer: FakePrinter, people: list[str]) -> Iterator:
    win = window_printing_to(kiosk, event, printer, "badges", qtbot)
    win.badges.set_auto_print(True)
    yield win
    win.badges.close()


class Gate:
    """Holds every call of `prints.auto_print` (the service call the worker makes) at its start until opened:
    the real queueing runs, only later."""

    def __init__(self, prints: BadgePrints, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = threading.Event()
        self.waiting = 0
        self._count = threading.Lock()
        real: Callable[[str], PrintJob | None] = prints.auto_print

        def held(registrant_id: str) -> PrintJob | None:
            with self._count:
                self.waiting += 1
            assert self.opened.wait(WAIT_MS / 1000), "the gate was never opened"
            return real(registrant_id)

        monkeypatch.setattr(prints, "auto_print", held)

    def open(self) -> None:
        self.opened.set()


@pytest.fixture
def gate(window, monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate(window.badges.prints(), monkeypatch)
    yield held
    held.open()  # a failing test must not leave a worker waiting


@pytest.fixture
def queued(window) -> list[tuple[str, PrintJob | None]]:
    """What `auto_printed` said, in order, as the UI thread received it."""
    said: list[tuple[str, PrintJob | None]] = []
    window.badges.auto_printed.connect(lambda person, job: said.append((person, job)))
    return said


def ticket(kiosk: Kiosk, registrant_id: str) -> str:
    return kiosk.tickets.payload_for(kiosk.registrants.get(registrant_id))


def test_the_desk_is_free_for_the_next_scan_before_the_badge_is_queued(
    window, kiosk: Kiosk, people: list[str], printer: FakePrinter, gate: Gate, queued: list, qtbot: QtBot
) -> None:
    prints = window.badges.prints()
    assert window.desk.handle_scan(ticket(kiosk, people[0])).kind is Kind.WELCOME
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=WAIT_MS)  # the event loop runs on while it is held
    assert prints.queue.jobs() == []
    assert window.desk.decision.advice.text() == "Their badge is printing: hand it over."
    assert window.desk.handle_scan(ticket(kiosk, people[1])).kind is Kind.WELCOME  # the next in line
    qtbot.waitUntil(lambda: gate.waiting == 2, timeout=WAIT_MS)
    assert prints.queue.jobs() == []
    gate.open()
    qtbot.waitUntil(lambda: len(queued) == 2, timeout=WAIT_MS)
    assert sorted(j.person for j in prints.queue.jobs()) == sorted(people)
    assert prints.queue.wait_idle(30)
    assert sorted(printer.titles) == ["Ana Ruiz", "Bao Tran"]


def test_a_second_scan_while_the_first_badge_is_being_queued_queues_nothing(
    window, kiosk: Kiosk, people: list[str], printer: FakePrinter, gate: Gate, qtbot: QtBot
) -> None:
    code = ticket(kiosk, people[0])
    assert window.desk.handle_scan(code).kind is Kind.WELCOME
    assert window.desk.handle_scan(code).kind is Kind.ALREADY_CHECKED_IN
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=WAIT_MS)
    with qtbot.waitSignal(window.badges.auto_printed, timeout=WAIT_MS) as queued:
        gate.open()
    assert queued.args[0] == people[0] and queued.args[1] is not None
    prints = window.badges.prints()
    assert prints.queue.wait_idle(30)
    assert printer.titles == ["Ana Ruiz"]
    qtbot.waitUntil(lambda: not window.badges.queueing(people[0]), timeout=WAIT_MS)  # its thread ended


def test_two_welcomes_of_one_person_racing_on_two_workers_queue_one_badge(
    window, kiosk: Kiosk, people: list[str], printer: FakePrinter, gate: Gate, queued: list, qtbot: QtBot
) -> None:
    code = ticket(kiosk, people[0])
    first = window.desk.handle_scan(code)
    kiosk.desk.undo(first.checkin_id)  # undone at the desk and scanned again: a second welcome
    assert window.desk.handle_scan(code).kind is Kind.WELCOME
    qtbot.waitUntil(lambda: gate.waiting == 2, timeout=WAIT_MS)  # both workers held, then let go together
    gate.open()
    qtbot.waitUntil(lambda: len(queued) == 2, timeout=WAIT_MS)
    assert sum(job is not None for _, job in queued) == 1  # the queue's lock and open jobs decided
    prints = window.badges.prints()
    assert len(prints.queue.jobs()) == 1
    assert prints.queue.wait_idle(30)
    assert printer.titles == ["Ana Ruiz"] and prints.printed(people[0]) == 1


def test_an_open_print_queue_window_lists_the_badge_by_the_time_it_is_said_to_be_queued(
    window, kiosk: Kiosk, people: list[str], qtbot: QtBot
) -> None:
    queue_window = window.badges.open_queue()
    listed: list[tuple[str, list[str]]] = []
    window.badges.auto_printed.connect(
        lambda person, job: listed.append((job.id, [j.id for j in queue_window.model.jobs]))
    )
    window.desk.handle_scan(ticket(kiosk, people[0]))
    qtbot.waitUntil(lambda: listed != [], timeout=WAIT_MS)
    ((job_id, shown),) = listed
    assert shown == [job_id]
    assert window.badges.prints().queue.wait_idle(30)


def test_ctrl_p_while_the_badge_is_being_queued_asks_for_a_reprint_reason(
    window, kiosk: Kiosk, people: list[str], gate: Gate, qtbot: QtBot
) -> None:
    window.desk.handle_scan(ticket(kiosk, people[0]))
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=WAIT_MS)
    assert window.badges.queueing(people[0])
    dialog = window.badges.print_current()
    assert dialog is not None and dialog.objectName() == "reprintReason"  # the badge is on its way already
    dialog.reject()
    with qtbot.waitSignal(window.badges.auto_printed, timeout=WAIT_MS):
        gate.open()
    assert len(window.badges.prints().queue.jobs()) == 1


def test_a_badge_that_cannot_be_queued_says_why_on_the_status_line(
    window, kiosk: Kiosk, people: list[str], qtbot: QtBot
) -> None:
    with kiosk.ctx.store.write() as db:
        put_setting(db, STOCK, "gone-stock")  # the station's stock file was removed since it was chosen
    said_on: list[str] = []
    real_say = window.badges.say

    def say(text: str) -> None:
        said_on.append(threading.current_thread().name)
        real_say(text)

    window.badges.say = say
    window.desk.handle_scan(ticket(kiosk, people[0]))
    qtbot.waitUntil(lambda: "Badge not queued" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert said_on == [threading.main_thread().name]  # the worker's reason, delivered on the UI thread
    assert "no badge stock 'gone-stock'" in window.statusBar().currentMessage()
    assert window.badges.prints().queue.jobs() == []
    qtbot.waitUntil(lambda: not window.badges.queueing(people[0]), timeout=WAIT_MS)


def test_a_bug_while_queueing_reaches_the_status_line_too(
    window, kiosk: Kiosk, people: list[str], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(registrant_id: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(window.badges.prints(), "face", broken)
    window.desk.handle_scan(ticket(kiosk, people[0]))
    qtbot.waitUntil(lambda: "Badge not queued" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert "RuntimeError('boom')" in window.statusBar().currentMessage()


def test_quitting_while_a_badge_is_being_queued_finishes_it_for_the_next_start(
    window, kiosk: Kiosk, people: list[str], printer: FakePrinter, gate: Gate, qtbot: QtBot
) -> None:
    window.desk.handle_scan(ticket(kiosk, people[0]))
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=WAIT_MS)
    ((_, job),) = window.badges._queueing
    real_wait = job.wait

    def wait() -> None:  # the worker is let go only once quitting waits for it: in flight for certain
        gate.open()
        real_wait()

    job.wait = wait
    window.badges.close()  # what the app does on aboutToQuit
    assert not job.is_running()
    window.close()
    decision = window.desk.handle_scan(ticket(kiosk, people[1]))
    assert decision.kind is Kind.WELCOME and window.badges.after_decision(decision) is None  # closed: nothing
    # The badge is in the durable queue (sent just before the queue stopped, or waiting for the next start).
    again = BadgePrints(kiosk.ctx, backends={"spooler": printer})
    try:
        assert [j.person for j in again.queue.jobs()] == [people[0]]
        assert again.queue.wait_idle(30)
        assert [j.state for j in again.queue.jobs()] == [JobState.SENT]
    finally:
        again.close()
    assert printer.titles == ["Ana Ruiz"] and again.printed(people[0]) == 1
