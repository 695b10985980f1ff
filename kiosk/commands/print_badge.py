"""`kiosk print-badge ID`: a person's badge to the station's printer, no dialog; `kiosk printer`: the station's
printer, stock, auto-print and offsets, its print queue, and the calibration page. `kiosk badges --print`
sends a whole batch through the same queue (see kiosk/commands/badges.py)."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import TYPE_CHECKING, Any

from kiosk.commands.common import common_options, emit
from kiosk.core.errors import InvalidInput, KioskError

if TYPE_CHECKING:
    from kiosk.core.printing import PrinterInfo, PrintJob
    from kiosk.core.services import Kiosk
    from kiosk.core.services.badge_prints import BadgePrints

RETRY_HINT = "it waits in the print queue as failed: `kiosk printer --retry` once the printer is fixed"
IN_SETTINGS = "choose one in settings"
"""How the printer's reason ends in the app; at the command line the commands that choose one are named instead."""
NO_PRINTER = "none chosen"
NO_PRINTER_HINT = ", and this computer has no default printer: choose one with `kiosk printer --set NAME`"
CHOOSE_PRINTER = "choose one with `kiosk printer --set NAME` (`kiosk printer --list` names them)"


def add_to(subparsers: Any) -> None:
    one = subparsers.add_parser("print-badge", help="print a person's badge on this station's printer, no dialog")
    common_options(one, top=False)
    one.add_argument("registrant", metavar="ID", help="registrant id or ticket code")
    one.add_argument("--printer", metavar="NAME", help="this printer, not the station's (`kiosk printer --list`)")
    one.add_argument("--stock", help=f"this badge stock instead of the station's: {stock_names()}")
    one.add_argument("--reason", default="", help="why the badge is printed again (required for a reprint)")
    one.set_defaults(run=_print_badge)

    setup = subparsers.add_parser("printer", help="this station's badge printer, stock, auto-print and print queue")
    common_options(setup, top=False)
    setup.add_argument("--list", action="store_true", help="the printers this computer has")
    setup.add_argument("--set", metavar="NAME", help="print to this printer ('' for the computer's default)")
    setup.add_argument("--stock", help=f"badge stock for single badges: {stock_names()}")
    setup.add_argument("--backend", choices=("spooler", "qt"), help="the OS spooler (lp) or Qt's printing")
    setup.add_argument("--auto", choices=("on", "off"), help="print a badge after each first check-in at the desk")
    setup.add_argument(
        "--offset", nargs=2, type=float, metavar=("X", "Y"), help="measured printer offset for the stock, in mm"
    )
    setup.add_argument("--calibrate", action="store_true", help="print the stock's calibration page")
    setup.add_argument("--queue", action="store_true", help="list the print queue")
    setup.add_argument("--retry", action="store_true", help="send failed and waiting jobs now (app not running)")
    setup.set_defaults(run=_printer)


def stock_names() -> str:
    """The badge stocks there are, for --help ("a6-4up-a4, avery-5392, ...")."""
    from kiosk.resources import resource_path

    return ", ".join(sorted(p.stem for p in resource_path("badges").glob("*.json")))


def open_prints(kiosk: Kiosk) -> BadgePrints:
    """The service without its worker thread (this command sends its own job), with Qt printing when the
    station chose it (Windows): a headless QApplication is made for it."""
    from kiosk.core.printing import QT
    from kiosk.core.services.badge_prints import BadgePrints

    prints = BadgePrints(kiosk.ctx, start=False)
    if prints.settings().backend == QT:
        from PySide6.QtWidgets import QApplication

        from kiosk.ui.print_qt import QtBackend

        if QApplication.instance() is None:
            QApplication([sys.argv[0], "-platform", "offscreen"] if sys.platform.startswith("linux") else sys.argv[:1])
        prints.backends[QT] = QtBackend()
    return prints


def job_data(job: PrintJob) -> dict[str, Any]:
    return {
        "job": job.id,
        "title": job.title,
        "kind": str(job.kind),
        "state": str(job.state),
        "error": job.error,
        "printer": job.printer,
        "backend": job.backend,
        "stock": job.stock,
        "media": job.media,
        "badges": job.badges,
        "reason": job.reason,
        "spooler_job": job.spooler_ref,
        "superseded_by": job.superseded_by,
        "created_at": job.created_at,
        "sent_at": job.sent_at,
    }


def send(prints: BadgePrints, job: PrintJob) -> PrintJob:
    """Send the job now, on this thread; a failure ends the command with the printer's reason."""
    job = prints.queue.send_now(job.id)
    if job.state != "sent":
        raise KioskError(f"{job.title}: not printed: {at_the_command_line(job.error)} ({RETRY_HINT})")
    return job


def at_the_command_line(reason: str) -> str:
    """The printer's reason with the app's "choose one in settings" told as the commands that do it."""
    return reason.replace(IN_SETTINGS, CHOOSE_PRINTER)


def _printed_line(job: PrintJob) -> str:
    where = job.printer or "the default printer"
    return f"{job.title}: sent to {where} on {job.stock} ({job.media}), spooler job {job.spooler_ref}"


def _print_badge(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.badges.records import badge_faces

    event = kiosk.events.current(args.event)
    face = badge_faces(kiosk.ctx, event, [args.registrant])[0]
    prints = open_prints(kiosk)
    try:
        queued = prints.print_badge(face.registrant_id, args.reason, args.printer, args.stock)
    except InvalidInput as exc:
        if args.reason.strip() or not prints.printed(face.registrant_id):
            raise
        again = f"kiosk print-badge {shlex.quote(args.registrant)} --reason 'lost it'"
        raise InvalidInput(f"{exc}: {again}") from None
    job = send(prints, queued)
    emit(args, job_data(job), lambda: _printed_line(job))
    return 0


def _printer(args: argparse.Namespace, kiosk: Kiosk) -> int:
    prints = open_prints(kiosk)
    if args.list:
        backend = prints.backends.get(prints.settings().backend) or prints.backends["spooler"]
        problem = backend.problem()
        if problem:
            raise KioskError(problem)
        found = backend.printers()
        rows = [{"name": p.name, "default": p.is_default, "status": p.status} for p in found]

        def listing() -> str:
            if not found:
                return "no printers on this computer"
            return "\n".join(f"{p.name}{' (default)' if p.is_default else ''}  {p.status}".rstrip() for p in found)

        emit(args, rows, listing)
        return 0
    if args.queue or args.retry:
        return _queue(args, prints)
    changed = any(v is not None for v in (args.set, args.stock, args.backend, args.auto, args.offset))
    if changed:
        prints.save_settings(
            printer=args.set,
            stock=args.stock,
            backend=args.backend,
            auto_print=None if args.auto is None else args.auto == "on",
        )
        if args.offset is not None:
            prints.set_offset(args.stock or prints.settings().stock, *args.offset)
        if args.set:
            _warn_if_missing(prints, args.set)
    if args.calibrate:
        job = send(prints, prints.print_calibration(args.stock))
        emit(args, job_data(job), lambda: _printed_line(job))
        return 0
    settings = prints.settings()
    template = prints.template(settings.stock)
    shown = settings.printer or _default_printer_words(prints)
    hint = NO_PRINTER_HINT if shown == NO_PRINTER else ""
    data = {
        "printer": settings.printer,
        "stock": settings.stock,
        "backend": settings.backend,
        "auto_print": settings.auto_print,
        "offset": [template.offset_x, template.offset_y],
        "waiting": len(prints.queue.jobs(("pending",))),
        "failed": len(prints.queue.jobs(("failed",))),
    }
    emit(
        args,
        data,
        lambda: (
            f"printer: {shown} (through {settings.backend}){hint}\n"
            f"stock: {settings.stock} (offset x {template.offset_x:+.1f} mm, y {template.offset_y:+.1f} mm)\n"
            f"auto-print after check-in: {'on' if settings.auto_print else 'off'}\n"
            f"queue: {data['waiting']} waiting, {data['failed']} failed"
        ),
    )
    return 0


def _known_printers(prints: BadgePrints) -> list[PrinterInfo] | None:
    """The printers of this station's backend, or None when it cannot tell (no spooler here)."""
    backend = prints.backends.get(prints.settings().backend) or prints.backends["spooler"]
    if backend.problem():
        return None
    return backend.printers()


def _warn_if_missing(prints: BadgePrints, name: str) -> None:
    """A printer name this computer does not know is kept (the printer may be plugged in later), but said
    at once: a typo found when the first attendee's badge fails holds up the line."""
    found = _known_printers(prints)
    if found is None or any(p.name == name for p in found):
        return
    there = ", ".join(p.name for p in found) or "none"
    print(
        f"kiosk: warning: this computer has no printer called {name!r} (printers: {there}); badges will fail "
        "until it is there: check the name with `kiosk printer --list`",
        file=sys.stderr,
    )


def _default_printer_words(prints: BadgePrints) -> str:
    """What an empty printer setting prints to: the computer's default printer, named, or a warning that
    there is none."""
    found = _known_printers(prints)
    default = next((p.name for p in found or [] if p.is_default), None)
    if default:
        return f"the default printer ({default})"
    if found is None:
        return "the default printer"
    return NO_PRINTER


def _detail(job: PrintJob) -> str:
    if job.state == "failed":
        return at_the_command_line(job.error)
    if job.superseded_by:
        return "not needed: a newer badge was printed or asked for"
    return job.spooler_ref


def _queue(args: argparse.Namespace, prints: BadgePrints) -> int:
    if args.retry:
        # Failed badges are drawn anew on the station's printer and stock, or settled if printed since.
        for job in prints.queue.jobs(("failed",)):
            prints.retry(job.id)
        for job in prints.queue.jobs(("pending",)):
            prints.queue.send_now(job.id)
    jobs = prints.queue.jobs()
    failed = [j for j in jobs if j.state == "failed"]

    def text() -> str:
        if not jobs:
            return "the print queue is empty"
        lines = []
        for j in jobs:
            detail = _detail(j)
            lines.append(f"{j.created_at}  {j.state:<9} {j.title}  {j.printer or '(default)'}  {detail}".rstrip())
        return "\n".join(lines)

    emit(args, [job_data(j) for j in jobs], text)
    return 1 if args.retry and failed else 0


def print_batch(args: argparse.Namespace, kiosk: Kiosk) -> int:
    """`kiosk badges --print`: the batch drawn in order and sent through the print queue as one job."""
    event = kiosk.events.current(args.event)
    prints = open_prints(kiosk)

    def show(done: int, total: int) -> None:
        print(f"\rbadge {done} of {total}", end="", file=sys.stderr)

    if args.calibration:
        job = send(prints, prints.print_calibration(args.stock, args.printer))
        emit(args, job_data(job), lambda: _printed_line(job))
        return 0
    batch = prints.print_batch(
        event,
        sort=args.sort,
        start_at=args.start_at,
        stock=args.stock,
        progress=None if args.json else show,
        registrant_ids=args.registrant or None,
        printer=args.printer,
    )
    if not args.json:
        print(file=sys.stderr)
    job = send(prints, batch.job)
    data = job_data(job) | {"event": event.slug, "pages": batch.run.pages, "problems": batch.run.problems}
    pages = f"{batch.run.pages} page{'s' if batch.run.pages != 1 else ''}"
    emit(args, data, lambda: f"{_printed_line(job)}, {pages}")
    return 0
