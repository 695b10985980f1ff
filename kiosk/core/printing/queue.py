"""A print queue that survives a restart: one JSON file (and a PDF) per job in the station's data folder.

Every change is written to a temporary file, fsynced and renamed over the old one, so a job is either as it
was or as it became, never half written. Jobs go pending → sent, or pending → failed (with the reason; a
retry makes it pending again), or to cancelled. A person has at most one badge waiting or failed: a newer job
with their badge settles the older one (cancelled, `superseded_by` the newer), and so does their badge being
printed, so a retry never prints a second badge. A worker thread sends pending jobs in the order they were
made, off the UI thread: the desk never waits on a printer. After a crash, pending jobs are sent when the
queue is opened again (a job the printer took just before the crash may print twice; it is never lost).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.errors import KioskError, NotFound
from kiosk.core.ids import new_id

log = logging.getLogger(__name__)

FOLDER = "print-queue"
KEEP_FINISHED = 300
"""Sent and cancelled jobs kept (metadata only) for the queue window; older ones are removed on opening."""


class JobState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class JobKind(enum.StrEnum):
    FIRST = "first"
    """A person's first badge (auto-print after check-in, or asked for)."""
    REPRINT = "reprint"
    BATCH = "batch"
    CALIBRATION = "calibration"


SINGLE_KINDS = (JobKind.FIRST, JobKind.REPRINT)
"""Jobs of one person's badge, drawn when sent; a newer badge for the person makes them unnecessary."""


@dataclass
class PrintJob:
    id: str
    seq: int
    kind: str
    title: str
    """What the queue window shows: "Ana Ruiz", "Batch: 240 badges by last name"."""
    stock: str
    printer: str
    backend: str
    media: str
    page_mm: tuple[float, float]
    reason: str = ""
    registrant_ids: list[str] = field(default_factory=list)
    badge_print_ids: list[str] = field(default_factory=list)
    """Made with the job, one per badge: recording them is idempotent, so a restart never records twice."""
    faces: list[dict[str, Any]] = field(default_factory=list)
    """Badges to draw when the worker gets to the job (single badges); empty when the PDF came ready."""
    event_id: str = ""
    state: str = JobState.PENDING
    error: str = ""
    attempts: int = 0
    created_at: str = ""
    sent_at: str = ""
    spooler_ref: str = ""
    superseded_by: str = ""
    """Cancelled because of this: the newer job with the person's badge, or the badge print (made on another
    station, say) that made this one unnecessary."""
    known_prints: list[str] | None = None
    """The person's badge prints there were, or on their way, when the job was made (single badges): any
    other one is a print made since, which settles the job. None in jobs made before it was kept."""

    @property
    def badges(self) -> int:
        return len(self.registrant_ids)

    @property
    def person(self) -> str:
        """The person of a single badge (first or reprint); empty for a batch or a calibration page."""
        return self.registrant_ids[0] if self.kind in SINGLE_KINDS and len(self.registrant_ids) == 1 else ""

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["page_mm"] = list(self.page_mm)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PrintJob:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["page_mm"] = tuple(values.get("page_mm") or (0.0, 0.0))
        return cls(**values)


Process = Callable[[PrintJob, Path], str]
"""Sends a job (given its PDF path, which may not exist yet); returns the spooler's reference or raises
(Superseded to settle the job instead of sending it)."""


class Superseded(KioskError):
    """Raised by a `process` that finds the job's badge printed since: the job is settled, not sent."""

    def __init__(self, by: str) -> None:
        super().__init__(f"a newer badge for this person was printed ({by})")
        self.by = by


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def write_atomic(path: Path, data: bytes) -> None:
    """Write, fsync, rename: after a crash the file is the old one or the new one."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # half a file on a full disk: not left for a reload to trip on
        raise
    if os.name == "posix":  # the rename itself must reach the disk; Windows cannot open a folder for this
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class PrintQueue:
    """Jobs in `folder`, and (once `start`ed) a worker thread that sends them through `process`."""

    def __init__(self, folder: Path, process: Process) -> None:
        self.folder = folder
        self.process = process
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._jobs: dict[str, PrintJob] = {}
        self._listeners: list[Callable[[PrintJob], None]] = []
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._busy: str | None = None
        self._load()

    # -- storage -------------------------------------------------------------------------------------

    def _load(self) -> None:
        for path in self.folder.glob("*.json"):
            try:
                job = PrintJob.from_json(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError) as exc:
                log.warning("print queue: skipping unreadable %s: %s", path.name, exc)
                continue
            self._jobs[job.id] = job
        for stray in self.folder.glob(".*.tmp"):  # a write a crash interrupted: the old file still stands
            stray.unlink(missing_ok=True)
        finished = [j for j in self.jobs() if j.state in (JobState.SENT, JobState.CANCELLED)]
        for job in finished[:-KEEP_FINISHED] if len(finished) > KEEP_FINISHED else []:
            self._remove_files(job)
            del self._jobs[job.id]
        self._settle_replaced(list(self._jobs.values()))

    def pdf_path(self, job: PrintJob | str) -> Path:
        return self.folder / f"{job if isinstance(job, str) else job.id}.pdf"

    def _save(self, job: PrintJob) -> None:
        write_atomic(self.folder / f"{job.id}.json", json.dumps(job.to_json(), ensure_ascii=False).encode())

    def _remove_files(self, job: PrintJob) -> None:
        self.pdf_path(job).unlink(missing_ok=True)
        (self.folder / f"{job.id}.json").unlink(missing_ok=True)

    def reload(self) -> None:
        """Pick up jobs another process (the `kiosk` command) wrote to the folder since opening."""
        with self._lock:
            found = []
            for path in self.folder.glob("*.json"):
                if path.stem not in self._jobs:
                    with contextlib.suppress(OSError, ValueError, TypeError):
                        job = PrintJob.from_json(json.loads(path.read_text(encoding="utf-8")))
                        self._jobs[job.id] = job
                        found.append(job)
            self._settle_replaced(found)
            self._wake.notify_all()

    def _settle_replaced(self, jobs: list[PrintJob]) -> None:
        """Settle what these jobs replace (see settle_older): a queue written before a person was kept to one
        badge waiting, or by another process, or left by a crash between adding a job and settling."""
        for job in sorted(jobs, key=lambda j: (j.seq, j.id)):
            if job.registrant_ids and job.state in (JobState.PENDING, JobState.FAILED, JobState.SENT):
                self.settle_older(job)

    # -- jobs ----------------------------------------------------------------------------------------

    def jobs(self, states: tuple[str, ...] | None = None) -> list[PrintJob]:
        """Copies of the jobs, oldest first."""
        with self._lock:
            found = [dataclasses.replace(j) for j in self._jobs.values() if states is None or j.state in states]
        return sorted(found, key=lambda j: (j.seq, j.id))

    def get(self, job_id: str) -> PrintJob:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFound(f"no print job {job_id}")
            return dataclasses.replace(job)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the queue still: a check and the `add` it leads to happen as one step."""
        with self._lock:
            yield

    def open_jobs_for(self, registrant_id: str) -> list[PrintJob]:
        """Jobs not yet sent (pending or failed) with a badge for this person."""
        with self._lock:
            return [
                dataclasses.replace(j)
                for j in self._jobs.values()
                if j.state in (JobState.PENDING, JobState.FAILED) and registrant_id in j.registrant_ids
            ]

    def new_job(self, **fields: Any) -> PrintJob:
        """A job not yet added (so its PDF can be written first), numbered after every job there is."""
        with self._lock:
            seq = max((j.seq for j in self._jobs.values()), default=0) + 1
            return PrintJob(id=new_id(), seq=seq, created_at=_now(), **fields)

    def add(self, job: PrintJob, pdf: bytes | None = None) -> PrintJob:
        """Store the job (and its PDF, when it comes ready) durably, settle the older single badges of its
        people it replaces, then wake the worker."""
        with self._lock:
            job.state = JobState.PENDING
            try:
                if pdf is not None:
                    write_atomic(self.pdf_path(job), pdf)
                self._save(job)
            except OSError as exc:  # a full disk, a folder made read-only: the job is not in the queue
                with contextlib.suppress(OSError):
                    self._remove_files(job)
                raise KioskError(
                    f"the badge could not be saved in the print queue ({self.folder}): "
                    f"{exc.strerror or exc}; free some space on the disk (or make the folder writable), then print "
                    "it again"
                ) from exc
            self._jobs[job.id] = dataclasses.replace(job)
            self._tell(job)
            self.settle_older(job)  # before the worker can take up the older job
            self._wake.notify_all()
        return job

    def _update(self, job_id: str, **changes: Any) -> PrintJob:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFound(f"no print job {job_id}")
            updated = dataclasses.replace(job, **changes)
            self._save(updated)
            self._jobs[job_id] = updated
            self._wake.notify_all()
            result = dataclasses.replace(updated)
        self._tell(result)
        return result

    def retry(self, job_id: str, redraw: bool = False, **changes: Any) -> PrintJob:
        """A failed job goes back in line, with `changes` such as a newly chosen printer. `redraw` drops a
        failed job's PDF so the worker draws it again from its faces (on the stock in `changes`)."""
        with self._lock:
            job = self.get(job_id)
            if job.state == JobState.SENT:
                raise KioskError("this job was printed already; reprint the badge instead")
            if job.state == JobState.CANCELLED and job.superseded_by:
                raise KioskError("a newer badge for this person was printed or asked for; this job is not needed")
            if job.state == JobState.CANCELLED:
                raise KioskError("this job was cancelled; print the badge again")
            if redraw and job.state == JobState.FAILED and self._busy != job_id:
                self.pdf_path(job).unlink(missing_ok=True)
            return self._update(job_id, state=JobState.PENDING, error="", **changes)

    def cancel(self, job_id: str) -> PrintJob:
        """Take a job out of line (pending or failed). A job being sent right now cannot be stopped."""
        with self._lock:
            job = self.get(job_id)
            if job.state not in (JobState.PENDING, JobState.FAILED) or self._busy == job_id:
                raise KioskError("only a job waiting or failed can be cancelled")
            self.pdf_path(job).unlink(missing_ok=True)
            return self._update(job_id, state=JobState.CANCELLED, faces=[])

    def settle(self, job_id: str, by: str) -> PrintJob:
        """Cancel a waiting or failed job made unnecessary `by` a newer job or badge print; a job being sent,
        or one no longer waiting, is left as it is."""
        with self._lock:
            job = self.get(job_id)
            if job.state not in (JobState.PENDING, JobState.FAILED) or self._busy == job_id:
                return job
            return self._settle(job, by)

    def _settle(self, job: PrintJob, by: str) -> PrintJob:
        self.pdf_path(job).unlink(missing_ok=True)
        log.info("print queue: job %s superseded by %s", job.id, by)
        return self._update(job.id, state=JobState.CANCELLED, error="", superseded_by=by, faces=[])

    def settle_older(self, job: PrintJob) -> list[PrintJob]:
        """Settle the waiting or failed single badges, made before `job`, of the people `job` has a badge for:
        whether `job` is waiting or sent, they would be a second badge."""
        people = set(job.registrant_ids)
        with self._lock:
            older = [
                j
                for j in self._jobs.values()
                if j.person in people
                and j.id != job.id
                and (j.seq, j.id) < (job.seq, job.id)
                and j.state in (JobState.PENDING, JobState.FAILED)
                and self._busy != j.id
            ]
            return [self._settle(j, job.id) for j in sorted(older, key=lambda j: (j.seq, j.id))]

    def forget_finished(self) -> int:
        """Remove sent and cancelled jobs from the list; returns how many."""
        with self._lock:
            gone = [j for j in self._jobs.values() if j.state in (JobState.SENT, JobState.CANCELLED)]
            for job in gone:
                self._remove_files(job)
                del self._jobs[job.id]
        return len(gone)

    # -- listeners -----------------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[PrintJob], None]) -> None:
        """`listener(job)` after every change, on the thread that made it (the worker's, mostly)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[PrintJob], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def _tell(self, job: PrintJob) -> None:
        for listener in list(self._listeners):
            try:
                listener(job)
            except Exception:  # a view's problem must not stop printing
                log.exception("print queue listener failed")

    # -- sending -------------------------------------------------------------------------------------

    def send_now(self, job_id: str) -> PrintJob:
        """Send one pending job on this thread (the `kiosk` command); the job comes back sent or failed."""
        with self._lock:
            job = self.get(job_id)
            if job.state != JobState.PENDING or self._busy is not None:
                return job
            self._busy = job_id
        try:
            return self._send(job)
        finally:
            with self._lock:
                self._busy = None

    def _send(self, job: PrintJob) -> PrintJob:
        try:
            reference = self.process(job, self.pdf_path(job))
        except Superseded as exc:
            return self._settle(job, exc.by)
        except Exception as exc:
            reason = str(exc) if isinstance(exc, KioskError) else f"printing stopped unexpectedly: {exc!r}"
            if not isinstance(exc, KioskError):
                log.exception("print job %s", job.id)
            return self._update(job.id, state=JobState.FAILED, error=reason, attempts=job.attempts + 1)
        self.pdf_path(job).unlink(missing_ok=True)  # names are personal data: nothing left on disk once printed
        sent = self._update(
            job.id,
            state=JobState.SENT,
            error="",
            attempts=job.attempts + 1,
            sent_at=_now(),
            spooler_ref=reference,
            faces=[],
        )
        self.settle_older(sent)
        return sent

    def start(self) -> None:
        """Start the worker thread (once); pending jobs left from before a restart go first."""
        with self._lock:
            if self._thread is not None:
                return
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker after the job it is sending; pending jobs stay for the next start."""
        with self._lock:
            self._stopping = True
            self._wake.notify_all()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Until no job is pending or being sent (for tests and the command line); False on timeout."""
        with self._wake:
            return self._wake.wait_for(
                lambda: self._busy is None and not any(j.state == JobState.PENDING for j in self._jobs.values()),
                timeout,
            )

    def _next(self) -> PrintJob | None:
        pending = [j for j in self._jobs.values() if j.state == JobState.PENDING]
        return dataclasses.replace(min(pending, key=lambda j: (j.seq, j.id))) if pending else None

    def _run(self) -> None:
        while True:
            with self._wake:
                job = None
                while not self._stopping and (self._busy is not None or (job := self._next()) is None):
                    self._wake.wait()
                if self._stopping or job is None:
                    return
                self._busy = job.id
            try:
                self._send(job)
            finally:
                with self._wake:
                    self._busy = None
                    self._wake.notify_all()
