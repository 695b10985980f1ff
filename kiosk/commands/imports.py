"""`kiosk import FILE`: registrants from an Eventbrite, Google Forms or any CSV/XLSX export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands.common import common_options, emit
from kiosk.core.errors import InvalidInput
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk
    from kiosk.core.services.imports import ImportSummary


def add_to(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import", help="import registrants from a CSV or XLSX export (Eventbrite, Google Forms, any sheet)"
    )
    common_options(parser, top=False)
    parser.add_argument("file", type=Path, help="the export: .csv (any common encoding and delimiter) or .xlsx")
    parser.add_argument("--preset", help="eventbrite, google-forms, generic or a saved one (default: detected)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="which field a column fills, e.g. 'Agency=organization' or 'Member ID=external:crm' (repeatable)",
    )
    parser.add_argument("--dry-run", action="store_true", help="read the whole file and report; write nothing")
    parser.set_defaults(run=run)


def parse_mapping(items: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise InvalidInput(f"--map {item!r} must look like COLUMN=FIELD, e.g. 'Agency=organization'")
        mapping[column.strip()] = target.strip()
    return mapping


def run(args: argparse.Namespace, kiosk: Kiosk) -> int:
    mapping = parse_mapping(args.map)
    event = kiosk.events.current(args.event)

    def show(done: int, total: int | None) -> None:
        read = f"{done:,} of {plural(total, 'row', 'rows')}" if total else plural(done, "row", "rows")
        print(f"\rimporting {args.file.name}: {read} read", end="", file=sys.stderr, flush=True)

    summary = kiosk.imports.run(
        args.file, event.id, args.preset, mapping, dry_run=args.dry_run, progress=None if args.json else show
    )
    if not args.json:
        print(file=sys.stderr)
    emit(args, summary, lambda: describe(summary))
    return 0


def describe(summary: ImportSummary) -> str:
    verb = "would import" if summary.dry_run else "imported"
    lines = [
        f"{verb} {Path(summary.file).name} into {summary.event} ({summary.format}"
        f"{', ' + summary.encoding if summary.encoding else ''}, preset {summary.preset}): "
        f"{summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.cancelled} cancelled, {summary.rejected} rejected"
    ]
    if summary.organizations_created:
        lines.append(plural(summary.organizations_created, "new organization", "new organizations"))
    if summary.organization_sectors_set:
        lines.append(f"sector set for {plural(summary.organization_sectors_set, 'organization', 'organizations')}")
    lines += [f"problem: {p}" for p in summary.problems]
    lines += [f"line {r.line}: {r.reason}" for r in summary.rejections]
    lines += [f"suggestion: {s.message}" for s in summary.suggestions]
    return "\n".join(lines)
