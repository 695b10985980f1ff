"""`kiosk export TABLE --out FILE [--format csv|xlsx]`: a convening's attendance, registrants, contributions
or connections for staff (kiosk.core.exports.tables). The format defaults to the file's extension."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.commands.common import check_extension, common_options, emit
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk


def add_to(subparsers: Any) -> None:
    from kiosk.core.exports.names import ALL, FORMATS, TABLES

    export = subparsers.add_parser(
        "export", help="write a table of the event (attendance, registrants, contributions, connections)"
    )
    common_options(export, top=False)
    export.add_argument("table", choices=(*TABLES, ALL), help=f"which table ({ALL}: every table, XLSX only)")
    export.add_argument(
        "--format", choices=FORMATS, help="csv (UTF-8 with BOM) or xlsx (default: the --out file's extension)"
    )
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    export.add_argument(
        "--include-hidden",
        action="store_true",
        help="staff copy of the contributions: hidden and held notes too, with a status column",
    )
    export.set_defaults(run=_export)


def _export(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.errors import InvalidInput
    from kiosk.core.exports.names import ALL, FORMATS
    from kiosk.core.exports.tables import export_table

    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidInput(
            f"cannot tell the format of {args.out.name}: name the file .csv or .xlsx, or give --format csv|xlsx"
        )
    if args.format:
        check_extension(args.out, fmt, fmt)
    event = kiosk.events.current(args.event)
    if args.include_hidden and args.table not in ("contributions", ALL):
        raise InvalidInput("--include-hidden is for the contributions table (or all)")
    try:
        result = export_table(kiosk, event, args.table, fmt, args.out, args.include_hidden)
    except OSError as exc:
        raise InvalidInput(f"cannot write {args.out}: {exc.strerror or exc}") from None
    data = {"event": event.slug, "file": str(args.out), "rows": result.rows}
    emit(
        args,
        data,
        lambda: "; ".join(f"{plural(n, 'row', 'rows')} of {name}" for name, n in result.rows.items())
        + f" of {event.name} written to {args.out}",
    )
    return 0
