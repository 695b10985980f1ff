"""`kiosk tickets`: write every registered person's ticket; `kiosk verify CODE`: check one at the desk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.commands.common import common_options, emit
from kiosk.core.errors import KioskError
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk


def add_to(subparsers: Any) -> None:
    make = subparsers.add_parser(
        "tickets", help="write a PNG ticket per registered person, a mail-merge CSV and a PDF to print"
    )
    common_options(make, top=False)
    make.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write into (made if missing)")
    make.add_argument("--paper", choices=("letter", "a4"), default="letter", help="PDF page size (default letter)")
    make.set_defaults(run=_tickets)

    verify = subparsers.add_parser("verify", help="check a scanned QR code, a typed ticket code or a barcode")
    common_options(verify, top=False)
    verify.add_argument("code", help="the QR payload, the 8-character code (any case, dashes or spaces) or a barcode")
    verify.set_defaults(run=_verify)


def _tickets(args: argparse.Namespace, kiosk: Kiosk) -> int:
    event = kiosk.events.current(args.event)
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise KioskError(f"{out} is a file; give --out a folder")

    def show(done: int, total: int) -> None:
        print(f"\rticket {done} of {total}", end="", file=sys.stderr)

    try:
        files = kiosk.tickets.export(event, out, args.paper, None if args.json else show)
    except OSError as exc:
        raise KioskError(f"cannot write tickets into {out}: {exc.strerror or exc}") from None
    if files.pngs and not args.json:
        print(file=sys.stderr)
    data = {
        "event": event.slug,
        "tickets": len(files.pngs),
        "png_folder": str(files.pngs[0].parent) if files.pngs else "",
        "csv": str(files.csv),
        "pdf": str(files.pdf),
    }
    emit(
        args,
        data,
        lambda: (
            f"{plural(len(files.pngs), 'ticket', 'tickets')} for {event.name}\nmail merge: {files.csv}\n"
            f"to print:   {files.pdf}"
        ),
    )
    return 0


def _verify(args: argparse.Namespace, kiosk: Kiosk) -> int:
    event = kiosk.events.current(args.event)
    check = kiosk.tickets.verify(args.code, event)
    person = check.registrant
    data = {
        "event": event.slug,
        "outcome": check.outcome,
        "reason": check.reason,
        "advice": check.advice,
        "via": check.via,
        "other_event": check.other_event,
        "registrant": None
        if person is None
        else {
            "id": person.id,
            "name": person.display_name,
            "ticket_code": person.ticket_code,
            "status": person.status,
        },
    }
    if args.json:
        emit(args, data, str)
    else:
        lines = [f"{check.outcome.upper()}: {check.reason}", check.advice]
        if person is not None:
            lines.insert(1, f"name: {person.display_name}")
        print("\n".join(lines))
    if not check.valid:
        print(f"kiosk: {check.reason}", file=sys.stderr)
        return 1
    return 0
