"""`kiosk report day|series`: the day-of report of one convening and the report of a whole series, as a
PDF in the style of OCPSC's California Connects report, and their figures as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.commands.common import FILE_KINDS, common_options
from kiosk.core.errors import InvalidInput, KioskError
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk


def add_to(subparsers: Any) -> None:
    top = subparsers.add_parser("report", help="the day-of report of a convening, or the report of a series (PDF)")
    sub = top.add_subparsers(dest="report", metavar="REPORT", required=True)

    day = sub.add_parser("day", help="one convening: figures at a glance, charts, haves and needs, Journey Map")
    common_options(day, top=False)
    day.add_argument("--out", type=Path, metavar="FILE.pdf", help="the PDF to write (optional with --json)")
    day.set_defaults(run=_day)

    series = sub.add_parser("series", help="every convening of a series: figures across them, a row per convening")
    common_options(series, top=False)
    series.add_argument("--series", metavar="NAME", help="the series (default: the current event's)")
    series.add_argument("--out", type=Path, metavar="FILE.pdf", help="the PDF to write (optional with --json)")
    series.set_defaults(run=_series)


def _check_out(args: argparse.Namespace) -> None:
    if args.out is None and not args.json:
        raise KioskError("say where to write the report with --out FILE.pdf (or ask for the figures with --json)")
    said = FILE_KINDS.get(args.out.suffix.lower()) if args.out is not None else None
    if said is not None and said != "pdf":
        # A PDF named report.xlsx is a file Excel refuses to open, and the one it replaced is gone.
        raise InvalidInput(
            f"a report is a PDF, but {args.out.name} is named as {said.upper()}: "
            f"name it {args.out.with_suffix('.pdf').name}"
        )


def _print(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if args.json:
        if args.out is not None:
            data = {**data, "file": str(args.out)}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)


def _day(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.figures import day_figures

    _check_out(args)
    event = kiosk.events.current(args.event)
    figures = day_figures(kiosk.ctx, event)
    pages = 0
    if args.out is not None:
        from kiosk.core.reports.day import write_day_report

        try:
            pages = write_day_report(kiosk, event, args.out, figures)
        except OSError as exc:
            raise KioskError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    _print(
        args,
        figures.to_json(),
        f"{event.name}: {plural(figures.participants, 'participant', 'participants')} from "
        f"{plural(figures.unique_organizations, 'organization', 'organizations')}; "
        f"{plural(pages, 'page', 'pages')} written to {args.out}",
    )
    return 0


def _series(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.figures import series_figures

    _check_out(args)
    name = args.series if args.series is not None else kiosk.events.current(args.event).series
    if not name:
        raise KioskError("the current event belongs to no series; name one with --series")
    figures = series_figures(kiosk.ctx, name)
    pages = 0
    if args.out is not None:
        from kiosk.core.reports.series import write_series_report

        try:
            pages = write_series_report(kiosk, args.out, figures)
        except OSError as exc:
            raise KioskError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    _print(
        args,
        figures.to_json(),
        f"{name}: {plural(figures.events, 'convening', 'convenings')}, "
        f"{plural(figures.participants, 'participant', 'participants')}, "
        f"{plural(figures.unique_organizations, 'unique organization', 'unique organizations')}; "
        f"{plural(pages, 'page', 'pages')} written to {args.out}",
    )
    return 0
