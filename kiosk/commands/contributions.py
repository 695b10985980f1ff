"""`kiosk contributions`: export the Journey Map and Stronger Together notes, add notes from a script,
list, hide and restore them, and count them (with the partner connections)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.commands.common import check_extension, common_options, emit
from kiosk.core.errors import KioskError
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk
    from kiosk.core.services.contributions import Note

FORMATS = ("csv", "xlsx", "poster", "matrix")
WRITES = {"csv": "csv", "xlsx": "xlsx", "poster": "pdf", "matrix": "xlsx"}
"""What kind of file each format is, for its --out's extension."""


def add_to(subparsers: Any) -> None:
    top = subparsers.add_parser("contributions", help="Journey Map and Stronger Together notes: export, add, moderate")
    sub = top.add_subparsers(dest="action", metavar="ACTION", required=True)

    export = sub.add_parser("export", help="write the visible notes as CSV, XLSX, a PDF poster or the matrix")
    common_options(export, top=False)
    export.add_argument("--format", choices=FORMATS, required=True, help="csv, xlsx, poster (PDF) or matrix (XLSX)")
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    export.add_argument(
        "--include-hidden", action="store_true", help="staff copy: hidden and held notes too, with a status column"
    )
    export.set_defaults(run=_export)

    add = sub.add_parser("add", help="add a note, as the kiosk does (for scripts and transcription)")
    common_options(add, top=False)
    add.add_argument("--kind", required=True, help="a Journey Map prompt id (built, proud, ...), or have / need")
    add.add_argument("--category", help="for have / need: people, places, relationships, ...")
    add.add_argument("--text", required=True, help="the note, as written")
    add.add_argument("--language", default="", help="language it was written in, e.g. es, zh_TW, fa")
    add.add_argument("--badge", metavar="CODE", help="sign it with the name on this scanned badge (CKB1:...)")
    add.add_argument("--review", action="store_true", help="hold it for staff review instead of showing it")
    add.set_defaults(run=_add)

    listing = sub.add_parser("list", help="the notes, newest first (visible only unless --all)")
    common_options(listing, top=False)
    listing.add_argument("--all", action="store_true", help="hidden and held notes too")
    listing.set_defaults(run=_list)

    for verb, helptext in (("hide", "take a note off every wall and export"), ("restore", "show a note again")):
        moderate = sub.add_parser(verb, help=helptext)
        common_options(moderate, top=False)
        moderate.add_argument("id", help="the note's id (from `kiosk contributions list`)")
        moderate.set_defaults(run=_moderate, verb=verb)

    counts = sub.add_parser("counts", help="notes per prompt and category, and partner connections")
    common_options(counts, top=False)
    counts.set_defaults(run=_counts)


def _export(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.exports.contributions import export

    event = kiosk.events.current(args.event)
    out: Path = args.out
    if out.is_dir():
        raise KioskError(f"{out} is a folder; give --out a file name")
    if args.include_hidden and args.format not in ("csv", "xlsx"):
        raise KioskError("--include-hidden is for csv and xlsx; posters and matrices show visible notes only")
    check_extension(out, WRITES[args.format], args.format)
    try:
        result = export(kiosk, event, args.format, out, args.include_hidden)
    except OSError as exc:
        raise KioskError(f"cannot write {out}: {exc.strerror or exc}") from None
    data = {"event": event.slug, "format": args.format, "notes": result.notes, "file": str(out)}
    emit(args, data, lambda: f"{plural(result.notes, 'note', 'notes')} of {event.name} written to {out}")
    return 0


def _note_data(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "kind": note.kind,
        "category": note.category,
        "body": note.body,
        "language": note.language,
        "status": note.status,
        "name": note.author,
        "organization": note.organization,
        "created_at": note.created_at,
    }


def _add(args: argparse.Namespace, kiosk: Kiosk) -> int:
    event = kiosk.events.current(args.event)
    registrant_id = kiosk.contributions.badge_holder(event, args.badge).registrant_id if args.badge else None
    note = kiosk.contributions.add(
        event.id,
        args.kind,
        args.text,
        category=args.category,
        language=args.language,
        registrant_id=registrant_id,
        review=True if args.review else None,
    )
    emit(args, _note_data(note), lambda: f"{note.status}: {note.id}")
    return 0


def _list(args: argparse.Namespace, kiosk: Kiosk) -> int:
    event = kiosk.events.current(args.event)
    notes = kiosk.contributions.notes(event.id) if args.all else kiosk.contributions.visible(event.id)
    prompts = kiosk.contributions.prompt_set

    def text() -> str:
        lines = []
        for n in notes:
            body = " ".join(n.body.split())
            lines.append(f"{n.id}  {n.status:<7} {prompts.heading(n.kind, n.category)[:34]:<34} {body[:80]}")
        return "\n".join(lines) or "no notes"

    emit(args, [_note_data(n) for n in notes], text)
    return 0


def _moderate(args: argparse.Namespace, kiosk: Kiosk) -> int:
    service = kiosk.contributions
    note = service.hide(args.id) if args.verb == "hide" else service.restore(args.id)
    emit(args, _note_data(note), lambda: f"{note.status}: {note.id}")
    return 0


def _counts(args: argparse.Namespace, kiosk: Kiosk) -> int:
    event = kiosk.events.current(args.event)
    counts = kiosk.contributions.counts(event.id)
    links = kiosk.connections.counts(event.id)
    prompts = kiosk.contributions.prompt_set
    data = {"event": event.slug, "contributions": counts, "connections": links}

    def text() -> str:
        shown = plural(counts.visible, "note", "notes")
        lines = [f"{event.name}: {shown} shown, {counts.held} held, {counts.hidden} hidden"]
        for prompt in prompts.prompts:
            lines.append(f"  {prompt.text():<34} {counts.by_group.get(prompt.id, 0)}")
        for category in prompts.categories:
            have, need = (counts.by_group.get(f"{side}:{category.id}", 0) for side in ("have", "need"))
            lines.append(f"  {category.label():<34} have {have}  need {need}")
        lines.append(
            f"partner connections: {links.connections} ({links.cross_organization} across organizations, "
            f"{plural(links.organization_pairs, 'pair', 'pairs')} of organizations)"
        )
        return "\n".join(lines)

    emit(args, data, text)
    return 0
