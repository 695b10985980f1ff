"""`kiosk checkin CODE`: the desk's decision for a scanned or typed ticket, from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kiosk.commands.common import common_options, emit
from kiosk.core.models import CheckInMethod

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk
    from kiosk.core.services.desk import Decision

EXIT_CODES = """\
exit codes:
  0  welcome: checked in now
  1  already checked in, or not a valid ticket (the reason is on stderr);
     also any error, such as an unknown --event"""


def add_to(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "checkin",
        help="check someone in by a scanned QR code, a typed ticket code or a registration barcode",
        description="Check someone in as the desk does: verify the ticket, then check its holder in once.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common_options(parser, top=False)
    parser.add_argument("code", help="the QR payload, the 8-character code (any case, dashes or spaces) or a barcode")
    parser.add_argument("--operator", default="", metavar="NAME", help="who is checking them in, e.g. 'Mai'")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.services.desk import Kind

    event = kiosk.events.current(args.event)
    decision = kiosk.desk.scan(args.code, event, CheckInMethod.CLI, args.operator)
    emit(args, decision, lambda: describe(decision))
    if decision.kind is Kind.WELCOME:
        return 0
    print(f"kiosk: {decision.headline.lower()}: {decision.reason}", file=sys.stderr)
    return 1


def describe(decision: Decision) -> str:
    """The headline, the person and what to do, one item a line."""
    lines = [decision.headline]
    person = decision.person
    if person is not None:
        lines.append(" · ".join(part for part in (person.name, person.pronouns, person.organization) if part))
        role = ", ".join(part for part in (person.role, person.ticket_type) if part)
        lines.append(f"role: {role}")
        if person.accessibility_needs:
            lines.append(f"accessibility: {person.accessibility_needs}")
    if decision.reason:
        lines.append(decision.reason)
    if decision.advice:
        lines.append(decision.advice)
    return "\n".join(lines)
