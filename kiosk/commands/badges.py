"""`kiosk badges`: a PDF of name badges (or a stock's calibration page) to print."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.commands.common import common_options, emit
from kiosk.core.errors import KioskError
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk

SORT_CHOICES = ("last-name", "organization")
T = TypeVar("T")


def add_to(subparsers: Any) -> None:
    make = subparsers.add_parser("badges", help="write a PDF of name badges on a badge stock, or its calibration page")
    common_options(make, top=False)
    make.add_argument("--stock", default="avery-5392", help="badge stock: a template in resources/badges/")
    make.add_argument(
        "--registrant",
        action="append",
        default=[],
        metavar="ID",
        help="only this person (id or ticket code); repeat for more (default: every registered person)",
    )
    make.add_argument("--sort", choices=SORT_CHOICES, default="last-name", help="badge order (default last-name)")
    make.add_argument("--start-at", type=int, default=1, metavar="N", help="first free position on the first sheet")
    make.add_argument("--calibration", action="store_true", help="write the stock's calibration page instead")
    make.add_argument("--out", type=Path, metavar="FILE.pdf", help="PDF to write (or --print)")
    make.add_argument("--print", action="store_true", help="send the badges to this station's printer instead")
    make.add_argument("--printer", metavar="NAME", help="with --print: this printer, not the station's")
    make.set_defaults(run=_badges)


def _badges(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.badges import get_template, render_badges, render_calibration, sort_faces
    from kiosk.core.badges.records import badge_faces

    if args.print:
        from kiosk.commands.print_badge import print_batch

        return print_batch(args, kiosk)
    if args.out is None:
        raise KioskError("say where to write the badges with --out FILE.pdf, or print them with --print")
    template = get_template(args.stock)
    out: Path = args.out
    if out.is_dir():
        raise KioskError(f"{out} is a folder; give --out a file name such as badges.pdf")
    if not 1 <= args.start_at <= template.per_page:
        raise KioskError(f"--start-at must be between 1 and {template.per_page} for {template.name}")
    if args.calibration:
        _write(lambda: render_calibration(template, out), out)
        data: dict[str, Any] = {"stock": template.name, "calibration": True, "pdf": str(out)}
        emit(args, data, lambda: f"calibration page for {template.name}: {out}")
        return 0

    event = kiosk.events.current(args.event)
    faces = sort_faces(badge_faces(kiosk.ctx, event, args.registrant or None), args.sort)

    def show(done: int, total: int) -> None:
        print(f"\rbadge {done} of {total}", end="", file=sys.stderr)

    title = f"Badges: {event.name}"
    run = _write(
        lambda: render_badges(
            faces, template, out, start_at=args.start_at, progress=None if args.json else show, title=title
        ),
        out,
    )
    if faces and not args.json:
        print(file=sys.stderr)
    data = {
        "event": event.slug,
        "stock": template.name,
        "badges": run.badges,
        "pages": run.pages,
        "pdf": str(out),
        "problems": run.problems,
    }

    def text() -> str:
        badges, pages = plural(run.badges, "badge", "badges"), plural(run.pages, "page", "pages")
        lines = [f"{badges} on {pages} of {template.name} for {event.name}: {out}"]
        for p in run.problems:
            lines.append(f"  {p.name or p.registrant_id}: {p.field}: {p.kind.replace('_', ' ')} ({p.detail})")
        return "\n".join(lines)

    emit(args, data, text)
    return 0


def _write(make: Callable[[], T], out: Path) -> T:
    try:
        return make()
    except OSError as exc:
        raise KioskError(f"cannot write {out}: {exc.strerror or exc}") from None
