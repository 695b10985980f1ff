"""Badge printing for people: the first badge once (auto-print after check-in), a reprint only with a
reason, a whole event's batch in handing-out order, and a BadgePrint record (synced like a check-in) for
every badge a printer took.

Jobs go through a durable queue (kiosk.core.printing.queue) whose worker thread draws single badges and
hands every job to the printer, so the desk never waits: `auto_print` costs a read and a small file write.
A person has one badge waiting or failed at most: a newer one settles it, and so does a badge printed since
(here or on a synced station), so a retry never prints a second badge; a retried badge is drawn anew on the
station's printer and stock of the moment.
The printer, stock, backend, auto-print and per-stock printer offsets are this station's own settings.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from kiosk.core.badges import BadgeFace, BadgeRun, Band, Template, face_for, get_template, render_badges
from kiosk.core.badges import render_calibration as draw_calibration
from kiosk.core.badges.draw import Problem
from kiosk.core.badges.records import badge_faces
from kiosk.core.badges.sheets import sort_faces
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.ids import new_id
from kiosk.core.models import BadgePrint, Event, Organization, Registrant, Setting
from kiosk.core.printing import (
    BACKENDS,
    SPOOLER,
    Backend,
    JobKind,
    JobState,
    Page,
    PrintError,
    PrintJob,
    PrintQueue,
    SpoolerBackend,
    Superseded,
    default_backend,
    media_for,
)
from kiosk.core.printing.queue import FOLDER, write_atomic
from kiosk.core.replica import APPEND
from kiosk.core.settings import put_setting

PRINTER = "print.printer"
STOCK = "print.stock"
BACKEND = "print.backend"
AUTO_PRINT = "print.auto"
OFFSET = "print.offset."
"""Followed by the stock's name: "x y" in millimetres, this station's printer offset for that stock."""
DEFAULT_STOCK = "fanfold-4x3"
BATCH_REASON = "batch"

_RENDER_LOCK = threading.Lock()
"""ReportLab registers fonts in process-wide tables: one badge drawn at a time (the worker, a preview, a batch)."""


@dataclass(frozen=True)
class PrinterSettings:
    """This station's printing choices (local settings, never synced: each table has its own printer)."""

    printer: str = ""
    """The spooler's or the system's printer name; empty for the computer's default printer."""
    stock: str = DEFAULT_STOCK
    backend: str = SPOOLER
    auto_print: bool = False
    offsets: dict[str, tuple[float, float]] = dataclasses.field(default_factory=dict)
    """Per stock, the measured printer offset (x, y mm) that replaces the template's own."""


@dataclass(frozen=True)
class Batch:
    job: PrintJob
    run: BadgeRun


def face_to_json(face: BadgeFace) -> dict[str, Any]:
    return dataclasses.asdict(face)


def face_from_json(data: dict[str, Any]) -> BadgeFace:
    band = data["band"]
    return BadgeFace(**{**data, "band": Band(band["label"], tuple(band["color"]))})


class BadgePrints:
    def __init__(self, ctx: Context, backends: dict[str, Backend] | None = None, start: bool = True) -> None:
        """`start=False` leaves the worker thread off (the command line sends its job itself, `send_now`)."""
        self.ctx = ctx
        self.backends: dict[str, Backend] = {SPOOLER: SpoolerBackend(), **(backends or {})}
        self.queue = PrintQueue(ctx.store.folder / FOLDER, self._process)
        if start:
            self.queue.start()

    def close(self) -> None:
        self.queue.stop()

    # -- settings ------------------------------------------------------------------------------------

    def settings(self) -> PrinterSettings:
        with self.ctx.store.session() as s:
            rows = {k: v for k, v in s.exec(select(Setting.key, Setting.value).where(col(Setting.key).like("print.%")))}
        offsets: dict[str, tuple[float, float]] = {}
        for key, value in rows.items():
            if key.startswith(OFFSET):
                try:
                    x, y = (float(part) for part in value.split())
                except ValueError:
                    continue
                offsets[key.removeprefix(OFFSET)] = (x, y)
        backend = rows.get(BACKEND, "")
        return PrinterSettings(
            printer=rows.get(PRINTER, ""),
            stock=rows.get(STOCK, DEFAULT_STOCK),
            backend=backend if backend in BACKENDS else default_backend(),
            auto_print=rows.get(AUTO_PRINT) == "1",
            offsets=offsets,
        )

    def save_settings(
        self,
        printer: str | None = None,
        stock: str | None = None,
        backend: str | None = None,
        auto_print: bool | None = None,
    ) -> PrinterSettings:
        """Change what is given; a stock or backend that does not exist is refused with the ones there are."""
        if stock is not None:
            get_template(stock)  # TemplateError names the stocks there are
        if backend is not None and backend not in BACKENDS:
            raise InvalidInput(f"no printing backend {backend!r}; there are: {', '.join(BACKENDS)}")
        with self.ctx.store.write() as db:
            for key, value in ((PRINTER, printer), (STOCK, stock), (BACKEND, backend)):
                if value is not None:
                    put_setting(db, key, value.strip())
            if auto_print is not None:
                put_setting(db, AUTO_PRINT, "1" if auto_print else "0")
        return self.settings()

    def set_offset(self, stock: str, x: float, y: float) -> Template:
        """This station's measured printer offset for `stock` (from the calibration page), in mm."""
        if abs(x) > 20 or abs(y) > 20:
            raise InvalidInput("a printer offset is at most 20 mm either way; measure the calibration page again")
        get_template(stock)
        with self.ctx.store.write() as db:
            put_setting(db, OFFSET + stock, f"{x:g} {y:g}")
        return self.template(stock)

    def template(self, stock: str | None = None) -> Template:
        """The stock's template with this station's printer offset, if one was measured."""
        settings = self.settings()
        template = get_template(stock or settings.stock)
        if template.name in settings.offsets:
            x, y = settings.offsets[template.name]
            template = dataclasses.replace(template, offset_x=x, offset_y=y)
        return template

    # -- people --------------------------------------------------------------------------------------

    def face(self, registrant_id: str) -> BadgeFace:
        with self.ctx.store.session() as s:
            row = s.exec(
                select(Registrant, Organization, Event)
                .join(Event, col(Event.id) == col(Registrant.event_id))
                .join(Organization, col(Organization.id) == col(Registrant.organization_id), isouter=True)
                .where(Registrant.id == registrant_id)
            ).first()
        if row is None:
            raise NotFound(f"no registrant with id {registrant_id}")
        registrant, organization, event = row
        return face_for(registrant, organization, event)

    def printed(self, registrant_id: str) -> int:
        """How many badges were printed for this person, on any station that has synced here."""
        with self.ctx.store.session() as s:
            return s.exec(select(func.count()).where(BadgePrint.registrant_id == registrant_id)).one()

    def prints(self, registrant_id: str) -> list[BadgePrint]:
        with self.ctx.store.session() as s:
            return list(
                s.exec(select(BadgePrint).where(BadgePrint.registrant_id == registrant_id).order_by(col(BadgePrint.id)))
            )

    def preview(self, registrant_id: str, stock: str | None = None) -> tuple[bytes, list[Problem]]:
        """The person's badge as a PDF on this station's stock (first position), and its problems."""
        template = self.template(stock)
        face = self.face(registrant_id)
        buffer = io.BytesIO()
        with _RENDER_LOCK:
            run = render_badges([face], template, buffer, title=f"Badge: {face.name}")
        return buffer.getvalue(), run.problems

    # -- printing ------------------------------------------------------------------------------------

    def auto_print(self, registrant_id: str) -> PrintJob | None:
        """Queue the person's first badge, unless one was printed (here or on a synced station) or is
        waiting in the queue: scanning twice never prints twice. None when nothing was queued."""
        with self.queue.locked():
            if self.printed(registrant_id) or self.queue.open_jobs_for(registrant_id):
                return None
            return self._queue_one(registrant_id, JobKind.FIRST, "")

    def reprint(
        self, registrant_id: str, reason: str, printer: str | None = None, stock: str | None = None
    ) -> PrintJob:
        """Print the person's badge again; the reason ("name misspelt", "lost it") is recorded with it."""
        if not reason.strip():
            raise InvalidInput("say why the badge is printed again, for example 'name misspelt' or 'lost it'")
        return self._queue_one(registrant_id, JobKind.REPRINT, reason.strip(), printer, stock)

    def print_badge(
        self, registrant_id: str, reason: str = "", printer: str | None = None, stock: str | None = None
    ) -> PrintJob:
        """The first badge, or a reprint when a reason is given; asking for a second badge without a
        reason is refused with how many were printed."""
        if reason.strip():
            return self.reprint(registrant_id, reason, printer, stock)
        with self.queue.locked():
            count = self.printed(registrant_id)
            if count:
                times = "once" if count == 1 else f"{count} times"
                name = self._name(registrant_id)
                raise InvalidInput(f"{name}'s badge was printed {times} already; give a reason to print it again")
            if self.queue.open_jobs_for(registrant_id):
                name = self._name(registrant_id)
                raise InvalidInput(f"{name}'s badge is waiting in the print queue already (retry it there if failed)")
            return self._queue_one(registrant_id, JobKind.FIRST, "", printer, stock)

    def print_batch(
        self,
        event: Event,
        sort: str = "last-name",
        start_at: int = 1,
        stock: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        registrant_ids: list[str] | None = None,
        unprinted_only: bool = False,
        printer: str | None = None,
    ) -> Batch:
        """Draw the event's badges (or the named people's) in handing-out order, from position `start_at` of
        the first sheet, and queue them as one job. `unprinted_only` leaves out people with a badge already
        (a second run for late registrations)."""
        template = self.template(stock)
        if not 1 <= start_at <= template.per_page:
            raise InvalidInput(f"the first position must be between 1 and {template.per_page} for {template.name}")
        faces = sort_faces(badge_faces(self.ctx, event, registrant_ids), sort)
        if unprinted_only:
            with self.ctx.store.session() as s:
                done = set(s.exec(select(BadgePrint.registrant_id).distinct()))
            faces = [f for f in faces if f.registrant_id not in done]
        if not faces:
            raise InvalidInput(f"no badges to print for {event.name}")
        order = {"last-name": "by last name", "organization": "by organization"}.get(sort, "")
        count = f"{len(faces)} badge{'s' if len(faces) != 1 else ''}"
        job = self._new_job(JobKind.BATCH, f"{count} {order}".strip(), template, BATCH_REASON, printer)
        job.registrant_ids = [f.registrant_id for f in faces]
        job.badge_print_ids = [new_id() for _ in faces]
        job.event_id = event.id
        buffer = io.BytesIO()
        with _RENDER_LOCK:
            run = render_badges(
                faces, template, buffer, start_at=start_at, progress=progress, title=f"Badges: {event.name}"
            )
        return Batch(self.queue.add(job, buffer.getvalue()), run)

    def print_calibration(self, stock: str | None = None, printer: str | None = None) -> PrintJob:
        """The stock's calibration page, to measure this printer's offset (nothing is recorded)."""
        template = self.template(stock)
        job = self._new_job(JobKind.CALIBRATION, f"Calibration page: {template.name}", template, "", printer)
        buffer = io.BytesIO()
        with _RENDER_LOCK:
            draw_calibration(template, buffer)
        return self.queue.add(job, buffer.getvalue())

    def retry(self, job_id: str) -> PrintJob:
        """A failed job again, to the printer and backend chosen now (the failure was often the choice). A
        person's badge is drawn anew on the stock loaded now, or settled, not sent, if it was printed since."""
        settings = self.settings()
        with self.queue.locked():
            job = self.queue.get(job_id)
            if not job.person or job.state != JobState.FAILED:
                return self.queue.retry(job_id, printer=settings.printer, backend=settings.backend)
            printed = self._printed_since(job)
            if printed:
                return self.queue.settle(job_id, printed)
            changes: dict[str, Any] = {"printer": settings.printer, "backend": settings.backend}
            with contextlib.suppress(NotFound):  # a name corrected since the failure is printed right
                face = self.face(job.person)
                changes |= {"faces": [face_to_json(face)], "title": face.name}
            redraw = bool(changes.get("faces") or job.faces)
            if redraw:
                template = self.template(settings.stock)
                changes |= {
                    "stock": template.name,
                    "media": media_for(template),
                    "page_mm": (template.page_width, template.page_height),
                }
            return self.queue.retry(job_id, redraw=redraw, **changes)

    def _new_job(self, kind: JobKind, title: str, template: Template, reason: str, printer: str | None) -> PrintJob:
        settings = self.settings()
        return self.queue.new_job(
            kind=kind,
            title=title,
            stock=template.name,
            printer=settings.printer if printer is None else printer,
            backend=settings.backend,
            media=media_for(template),
            page_mm=(template.page_width, template.page_height),
            reason=reason,
        )

    def _name(self, registrant_id: str) -> str:
        return self.face(registrant_id).name

    def _queue_one(
        self, registrant_id: str, kind: JobKind, reason: str, printer: str | None = None, stock: str | None = None
    ) -> PrintJob:
        """The person's badge as a job; it settles their older badge waiting or failed (see PrintQueue.add)."""
        face = self.face(registrant_id)
        job = self._new_job(kind, face.name, self.template(stock), reason, printer)
        job.registrant_ids = [registrant_id]
        job.badge_print_ids = [new_id()]
        job.faces = [face_to_json(face)]
        with self.queue.locked():
            on_their_way = [i for j in self.queue.open_jobs_for(registrant_id) for i in j.badge_print_ids]
            job.known_prints = sorted({p.id for p in self.prints(registrant_id)} | set(on_their_way))
            return self.queue.add(job)

    def _printed_since(self, job: PrintJob) -> str | None:
        """The person's badge print that makes this single-badge job unnecessary: one made since the job was
        (for a job from before that was kept, any print makes a first badge unnecessary), else None."""
        if not job.person:
            return None
        others = [p.id for p in self.prints(job.person) if p.id not in job.badge_print_ids]
        if job.known_prints is not None:
            known = set(job.known_prints)
            return next((i for i in others if i not in known), None)
        return others[0] if others and job.kind == JobKind.FIRST else None

    # -- the queue's worker --------------------------------------------------------------------------

    def _process(self, job: PrintJob, pdf: Path) -> str:
        """Draw the job's badge if it has not been drawn, hand it to the printer, and record the prints."""
        if job.badge_print_ids and self._recorded(job.badge_print_ids[0]):
            return job.spooler_ref or "sent before a restart"  # the printer took it; only the queue forgot
        printed = self._printed_since(job)
        if printed:
            raise Superseded(printed)
        backend = self.backends.get(job.backend)
        if backend is None:
            raise PrintError(f"{job.backend} printing works only in the app; print from there, or choose the spooler")
        if not pdf.exists():
            if not job.faces:
                raise PrintError("the badges of this job are gone; print them again")
            template = self.template(job.stock)
            buffer = io.BytesIO()
            with _RENDER_LOCK:
                render_badges([face_from_json(f) for f in job.faces], template, buffer, title=f"Badge: {job.title}")
            write_atomic(pdf, buffer.getvalue())
        title = job.title if job.kind is not JobKind.BATCH else f"Badges: {job.title}"
        reference = backend.send(pdf, job.printer, Page(job.media, *job.page_mm), title)
        self._record(job)
        return reference

    def _recorded(self, badge_print_id: str) -> bool:
        with self.ctx.store.session() as s:
            return s.get(BadgePrint, badge_print_id) is not None

    def _record(self, job: PrintJob) -> None:
        """One BadgePrint per badge the printer took, with its change-log entry, in one transaction."""
        if not job.registrant_ids:
            return
        reason = {JobKind.FIRST: "", JobKind.BATCH: BATCH_REASON}.get(JobKind(job.kind), job.reason)
        now = dt.datetime.now(dt.UTC)
        with self.ctx.transaction() as w:
            for registrant_id, print_id in zip(job.registrant_ids, job.badge_print_ids, strict=True):
                if w.db.execute("SELECT 1 FROM badge_print WHERE id = ?", (print_id,)).fetchone():
                    continue
                w.record(
                    "badge_print",
                    print_id,
                    APPEND,
                    {
                        "registrant_id": registrant_id,
                        "station_id": self.ctx.station_id,
                        "at": now,
                        "template": job.stock,
                        "reason": reason,
                    },
                )
