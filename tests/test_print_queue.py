"""The print queue on its own: jobs survive a restart, go out in order, and fail or cancel cleanly."""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

import pytest

from kiosk.core.errors import KioskError
from kiosk.core.printing import JobKind, JobState, PrintError, PrintJob, PrintQueue, Superseded


class Recorder:
    """A `process` that remembers the jobs it was given, and can be made to fail or to wait."""

    def __init__(self, fail: str = "") -> None:
        self.sent: list[str] = []
        self.fail = fail
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, job: PrintJob, pdf: Path) -> str:
        self.gate.wait(10)
        if self.fail:
            raise PrintError(self.fail)
        assert pdf.read_bytes().startswith(b"%PDF")
        self.sent.append(job.title)
        return f"spool-{len(self.sent)}"


def _add(queue: PrintQueue, title: str) -> PrintJob:
    job = queue.new_job(
        kind=JobKind.CALIBRATION, title=title, stock="fanfold-4x3", printer="p", backend="spooler",
        media="Custom.4x3in", page_mm=(101.6, 76.2),
    )  # fmt: skip
    return queue.add(job, b"%PDF-1.4 " + title.encode())


def test_jobs_left_pending_by_a_crash_are_there_after_a_restart_and_get_sent_in_order(tmp_path: Path) -> None:
    before = PrintQueue(tmp_path, Recorder())  # never started: the app "crashed" before sending
    for title in ("first", "second", "third"):
        _add(before, title)
    after_recorder = Recorder()
    after = PrintQueue(tmp_path, after_recorder)  # a new process on the same folder
    assert [j.title for j in after.jobs()] == ["first", "second", "third"]
    assert {j.state for j in after.jobs()} == {JobState.PENDING}
    after.start()
    try:
        assert after.wait_idle(10)
    finally:
        after.stop()
    assert after_recorder.sent == ["first", "second", "third"]
    assert [j.state for j in PrintQueue(tmp_path, Recorder()).jobs()] == [JobState.SENT] * 3


def test_a_sent_job_keeps_its_record_but_not_its_pdf(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path, Recorder())
    job = _add(queue, "Ana Ruiz")
    assert queue.pdf_path(job).exists()
    sent = queue.send_now(job.id)
    assert sent.state == JobState.SENT and sent.spooler_ref == "spool-1" and sent.sent_at
    assert not queue.pdf_path(job).exists()  # names are personal data
    assert json.loads((tmp_path / f"{job.id}.json").read_text())["state"] == "sent"


def test_a_failure_keeps_the_job_with_the_reason_and_a_retry_sends_it(tmp_path: Path) -> None:
    recorder = Recorder(fail="there is no printer called 'x' here")
    queue = PrintQueue(tmp_path, recorder)
    job = _add(queue, "Ana Ruiz")
    failed = queue.send_now(job.id)
    assert failed.state == JobState.FAILED and failed.error == "there is no printer called 'x' here"
    assert PrintQueue(tmp_path, recorder).get(job.id).error == failed.error  # the reason survives a restart
    recorder.fail = ""
    queue.retry(job.id, printer="kiosk-test")
    sent = queue.send_now(job.id)
    assert sent.state == JobState.SENT and sent.printer == "kiosk-test" and sent.attempts == 2


def test_a_bug_in_sending_fails_the_job_instead_of_stopping_the_worker(tmp_path: Path) -> None:
    def broken(job: PrintJob, pdf: Path) -> str:
        raise ValueError("boom")

    queue = PrintQueue(tmp_path, broken)
    queue.start()
    try:
        job = _add(queue, "Ana Ruiz")
        assert queue.wait_idle(10)
        assert "printing stopped unexpectedly" in queue.get(job.id).error
        queue.process = Recorder()
        queue.retry(job.id)
        assert queue.wait_idle(10)
        assert queue.get(job.id).state == JobState.SENT
    finally:
        queue.stop()


def test_cancelling_a_waiting_job_removes_its_pdf_and_it_is_never_sent(tmp_path: Path) -> None:
    recorder = Recorder()
    queue = PrintQueue(tmp_path, recorder)
    job = _add(queue, "Ana Ruiz")
    queue.cancel(job.id)
    assert not queue.pdf_path(job).exists()
    assert queue.send_now(job.id).state == JobState.CANCELLED
    assert recorder.sent == []
    with pytest.raises(KioskError, match="cancelled"):
        queue.retry(job.id)


def test_a_half_written_file_from_a_crash_is_ignored(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path, Recorder())
    job = _add(queue, "Ana Ruiz")
    (tmp_path / f".{job.id}.json.tmp").write_text('{"id": "trunc')
    (tmp_path / "garbage.json").write_text("{not json")
    again = PrintQueue(tmp_path, Recorder())
    assert [j.id for j in again.jobs()] == [job.id]
    assert not (tmp_path / f".{job.id}.json.tmp").exists()


def test_the_worker_sends_off_the_calling_thread(tmp_path: Path) -> None:
    recorder = Recorder()
    recorder.gate.clear()  # the "printer" hangs
    queue = PrintQueue(tmp_path, recorder)
    queue.start()
    try:
        job = _add(queue, "Ana Ruiz")  # returns at once although the printer does not answer
        assert queue.get(job.id).state == JobState.PENDING
        recorder.gate.set()
        assert queue.wait_idle(10)
        assert queue.get(job.id).state == JobState.SENT
    finally:
        queue.stop()


def test_listeners_hear_every_change(tmp_path: Path) -> None:
    heard: list[str] = []
    queue = PrintQueue(tmp_path, Recorder())
    queue.subscribe(lambda job: heard.append(job.state))
    job = _add(queue, "Ana Ruiz")
    queue.send_now(job.id)
    assert heard == [JobState.PENDING, JobState.SENT]


def _add_badge(queue: PrintQueue, person: str, kind: JobKind = JobKind.FIRST) -> PrintJob:
    job = queue.new_job(
        kind=kind, title=person, stock="fanfold-4x3", printer="p", backend="spooler", media="Custom.4x3in",
        page_mm=(101.6, 76.2), registrant_ids=[person], badge_print_ids=[f"print-{person}"],
    )  # fmt: skip
    return queue.add(job, b"%PDF-1.4 " + person.encode())


def test_a_newer_badge_for_a_person_settles_their_waiting_one_and_no_one_elses(tmp_path: Path) -> None:
    recorder = Recorder()
    queue = PrintQueue(tmp_path, recorder)
    older = _add_badge(queue, "ana")
    other = _add_badge(queue, "bao")
    newer = _add_badge(queue, "ana", JobKind.REPRINT)
    settled = queue.get(older.id)
    assert (settled.state, settled.superseded_by) == (JobState.CANCELLED, newer.id)
    assert not queue.pdf_path(older).exists()
    assert [j.id for j in queue.jobs((JobState.PENDING,))] == [other.id, newer.id]
    with pytest.raises(KioskError, match="newer badge"):
        queue.retry(older.id)


def test_a_failed_badge_is_settled_when_another_process_printed_the_persons_badge(tmp_path: Path) -> None:
    """The queue folder as the `kiosk` command left it before a person was kept to one badge waiting: a
    failed first badge, and a reprint sent after it."""
    queue = PrintQueue(tmp_path, Recorder(fail="no printer"))
    failed = queue.send_now(_add_badge(queue, "ana").id)
    assert failed.state == JobState.FAILED
    sent = dict(failed.to_json(), id="reprint", seq=2, kind="reprint", state="sent", superseded_by="")
    (tmp_path / "reprint.json").write_text(json.dumps(sent))
    queue.reload()
    assert queue.get(failed.id).superseded_by == "reprint"
    reopened = PrintQueue(tmp_path, Recorder())
    assert [(j.id, j.state) for j in reopened.jobs()] == [(failed.id, JobState.CANCELLED), ("reprint", "sent")]


def test_a_job_its_sender_finds_unnecessary_is_settled_not_failed(tmp_path: Path) -> None:
    def printed_since(job: PrintJob, pdf: Path) -> str:
        raise Superseded("print-from-table-b")

    queue = PrintQueue(tmp_path, printed_since)
    job = queue.send_now(_add_badge(queue, "ana").id)
    assert (job.state, job.superseded_by, job.attempts) == (JobState.CANCELLED, "print-from-table-b", 0)


def test_a_badge_that_cannot_be_saved_on_a_full_disk_is_refused_with_the_reason_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = PrintQueue(tmp_path, Recorder())
    _add(queue, "kept")
    before = sorted(p.name for p in tmp_path.iterdir())

    def disk_full(fd: int) -> None:  # the disk says so when the file is flushed to it
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(KioskError, match=r"could not be saved in the print queue .*No space left on device; free some"):
        _add(queue, "Ana Ruiz")
    monkeypatch.undo()

    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert [j.title for j in queue.jobs()] == ["kept"]
    assert [j.title for j in PrintQueue(tmp_path, Recorder()).jobs()] == ["kept"]
