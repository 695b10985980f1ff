"""The staff exports of a convening: attendance, registrants, contributions and connections, each a table
written as CSV (one file) or XLSX (a sheet per table; `all` puts the four in one workbook).

- attendance: one row per participant (kiosk.core.figures: a standing check-in), their first standing
  check-in's time, station and method; as many rows as the day's "participants".
- registrants: everyone registered or cancelled, with contact details (staff only) and whether they came;
  never the ticket code or secret, which would check someone in.
- contributions: the notes the wall shows (the public copy); with `include_hidden`, the staff copy with
  hidden and held notes too and a status column (kiosk.core.exports.contributions writes both).
- connections: who met whom, and a person's email and phone only when that person agreed to share them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.errors import InvalidInput
from kiosk.core.exports.names import ALL, FORMATS, TABLES
from kiosk.core.exports.tabular import DATE_TIME, Table, write_csv, write_xlsx
from kiosk.core.figures.day import EVENT_TIME_ZONE, MERGED, reading
from kiosk.core.figures.labels import language_label, role_label, sector_label
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.names import full_name

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk



ID_WIDTH = 38
"""An id whole (36 characters): staff copy it from the sheet into a command."""
ATTENDANCE_WIDTHS = {0: 17, 1: 26, 2: 16, 3: 18, 4: 12, 5: 34, 6: 26, 7: 16, 8: 24, 10: 16, 11: 16, 12: 14,
                     13: ID_WIDTH}  # fmt: skip
REGISTRANT_WIDTHS = {0: ID_WIDTH, 1: 26, 2: 16, 3: 18, 4: 16, 5: 12, 6: 30, 7: 18, 8: 34, 9: 26, 10: 24, 11: 16,
                     12: 26, 13: 30, 14: 14, 15: 12, 17: 16, 18: 17, 19: 17}  # fmt: skip
CONNECTION_WIDTHS = {0: 17, 1: 24, 2: 30, 3: 14, 4: 28, 5: 18, 6: 24, 7: 30, 8: 14, 9: 28, 10: 18, 11: 20,
                     12: ID_WIDTH}  # fmt: skip
"""Column widths in characters (XLSX): wide enough that a phone number, a role or an id is not cut off by
the column beside it."""


@dataclass(frozen=True)
class TableExport:
    path: Path
    rows: dict[str, int]
    """Rows written per table."""


def _local(stored: str | None) -> str:
    if not stored:
        return ""
    return dt.datetime.fromisoformat(stored).astimezone(EVENT_TIME_ZONE).strftime(DATE_TIME)


def _name(first: str, last: str, preferred: str) -> str:
    return full_name(first, last, preferred)


def _yes(value: object) -> str:
    return "yes" if value else "no"


def _languages(raw: str | list[str] | None) -> str:
    """'["es", "hmn"]' -> 'Spanish, Hmong': staff read the file in a spreadsheet, not a code table."""
    codes = json.loads(raw) if isinstance(raw, str) else raw or []
    return ", ".join(language_label(str(c)) for c in codes)


METHOD_LABELS: dict[str, str] = {
    CheckInMethod.QR: "QR scan",
    CheckInMethod.CAMERA: "camera scan",
    CheckInMethod.CODE: "typed code",
    CheckInMethod.SEARCH: "name search",
    CheckInMethod.WALK_IN: "walk-in",
    CheckInMethod.CLI: "command line",
    CheckInMethod.MERGE: "carried over by a merge",
}


def _method(code: str) -> str:
    return METHOD_LABELS.get(code, code)


# One row a person, from the standing check-in that counts (the earliest by stamp, as the desk shows it):
# with min() the only aggregate, SQLite takes the other columns from that row.
_ATTENDANCE = (
    "SELECT c.at, c.method, c.station_id, c.operator, r.id, r.first_name, r.last_name, r.preferred_name, "
    "r.pronouns, COALESCE(o.name, ''), COALESCE(o.sector, ''), r.role, r.title, r.walk_in, min(c.stamp) "
    "FROM checkin c JOIN registrant r ON r.id = c.registrant_id LEFT JOIN organization o ON o.id = r.organization_id "
    f"WHERE c.event_id = ? AND c.voided_by IS NULL AND r.status != '{MERGED}' GROUP BY c.registrant_id ORDER BY 1, r.id"
)


def attendance(kiosk: Kiosk, event: Event) -> Table:
    def rows() -> Iterator[list[object]]:
        with reading(kiosk.ctx.store) as db:
            stations = dict(db.execute("SELECT id, name FROM station").fetchall())
            for row in db.execute(_ATTENDANCE, (event.id,)):
                (at, method, station, operator, rid, first, last, preferred, pronouns, org, sector, role, title,
                 walk_in, _stamp) = row
                yield [
                    _local(at), _name(first, last, preferred), first, last, pronouns, org,
                    sector_label(sector) if sector else "", role_label(role), title, _yes(walk_in), _method(method),
                    stations.get(station, station), operator, rid,
                ]  # fmt: skip

    header = ["checked in", "name", "first name", "last name", "pronouns", "organization", "sector", "role",
              "title", "walk-in", "method", "station", "operator", "registrant id"]  # fmt: skip
    return Table("Attendance", header, rows(), ATTENDANCE_WIDTHS, dates=frozenset({0}))


_REGISTRANTS = (
    "SELECT r.id, r.first_name, r.last_name, r.preferred_name, r.pronouns, r.email, r.phone, COALESCE(o.name, ''), "
    "COALESCE(o.sector, ''), r.title, r.role, r.languages, r.accessibility_needs, r.photo_consent, r.status, "
    "r.walk_in, r.ticket_type, r.created_at, "
    "(SELECT c.at FROM checkin c WHERE c.registrant_id = r.id AND c.voided_by IS NULL ORDER BY c.stamp, c.id "
    "LIMIT 1) "
    "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id "
    f"WHERE r.event_id = ? AND r.status != '{MERGED}' ORDER BY r.last_name, r.first_name, r.id"
)
"""Registered and cancelled people: a duplicate record staff merged into another is that person already (as
many rows as registered plus cancelled)."""


def registrants(kiosk: Kiosk, event: Event) -> Table:
    def rows() -> Iterator[list[object]]:
        with reading(kiosk.ctx.store) as db:
            for row in db.execute(_REGISTRANTS, (event.id,)):
                (rid, first, last, preferred, pronouns, email, phone, org, sector, title, role, languages, needs,
                 photo, status, walk_in, ticket_type, created, checked_in) = row  # fmt: skip
                yield [
                    rid, _name(first, last, preferred), first, last, preferred, pronouns, email, phone, org,
                    sector_label(sector) if sector else "", title, role_label(role), _languages(languages), needs,
                    "" if photo is None else _yes(photo), status, _yes(walk_in), ticket_type, _local(created),
                    _local(checked_in),
                ]  # fmt: skip

    header = ["registrant id", "name", "first name", "last name", "preferred name", "pronouns", "email", "phone",
              "organization", "sector", "title", "role", "languages", "accessibility needs", "photo consent",
              "status", "walk-in", "ticket type", "registered", "checked in"]  # fmt: skip
    return Table("Registrants", header, rows(), REGISTRANT_WIDTHS,
                 dates=frozenset({18, 19}))  # fmt: skip


def contributions(kiosk: Kiosk, event: Event, include_hidden: bool = False) -> Table:
    """The notes shown on the wall; with `include_hidden`, a staff copy that adds hidden and held ones and a
    status column (never the default: a file staff share must not publish what was taken off the wall)."""
    from kiosk.core.exports.contributions import contributions_table

    return contributions_table(kiosk, event, include_hidden=include_hidden)


def connections(kiosk: Kiosk, event: Event) -> Table:
    """Contact details only of a person who agreed to share them with the other; names and organizations
    always (both were at the convening and made the connection)."""

    def rows() -> Iterator[list[object]]:
        for link in kiosk.connections.list(event.id):
            first = link.first if link.first_consents else None
            second = link.second if link.second_consents else None
            yield [
                link.created_at.astimezone(EVENT_TIME_ZONE).strftime(DATE_TIME),
                link.first.name, link.first.organization, _yes(link.first_consents),
                first.email if first else "", first.phone if first else "",
                link.second.name, link.second.organization, _yes(link.second_consents),
                second.email if second else "", second.phone if second else "",
                _yes(link.cross_organization), link.id,
            ]  # fmt: skip

    header = ["connected", "first person", "organization", "shares details", "email", "phone", "second person",
              "organization", "shares details", "email", "phone", "across organizations", "connection id"]  # fmt: skip
    return Table("Connections", header, rows(), CONNECTION_WIDTHS,
                 dates=frozenset({0}))  # fmt: skip


BUILDERS = {"attendance": attendance, "registrants": registrants, "contributions": contributions,
            "connections": connections}  # fmt: skip


def _build(kiosk: Kiosk, event: Event, table: str, include_hidden: bool) -> Table:
    if table == "contributions":
        return contributions(kiosk, event, include_hidden)
    return BUILDERS[table](kiosk, event)


def export_table(
    kiosk: Kiosk, event: Event, table: str, fmt: str, out: Path, include_hidden: bool = False
) -> TableExport:
    """Write `table` (one of TABLES, or ALL with XLSX) of `event` to `out` as `fmt` (csv or xlsx);
    `include_hidden` adds hidden and held notes to the contributions (see `contributions`)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"format {fmt!r}: choose csv or xlsx")
    names = list(TABLES) if table == ALL else [table]
    if any(name not in BUILDERS for name in names):
        raise InvalidInput(f"table {table!r}: choose one of {', '.join(TABLES)} (or {ALL} with xlsx)")
    if fmt == "csv":
        if table == ALL:
            raise InvalidInput("a CSV holds one table: choose one, or --format xlsx for all of them")
        return TableExport(out, {table: write_csv(out, _build(kiosk, event, table, include_hidden))})
    tables = [_build(kiosk, event, name, include_hidden) for name in names]
    counts = write_xlsx(out, tables, f"{event.name}: {', '.join(names)}")
    return TableExport(out, dict(zip(names, counts, strict=True)))


def default_name(event: Event, table: str, fmt: str) -> str:
    return f"{table}-{event.slug}.{fmt}"
