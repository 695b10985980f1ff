"""Import registrants from a registration export (Eventbrite, Google Forms, any sheet with a header row).

Rows stream from the file and are written through the change log, like every write, 5,000 at a time within
one transaction (a large import builds the registrant indexes and the search rows once, at the end).
A person already in the event is found by external id (Eventbrite's Attendee #), then by email with a
similar name, then by folded name plus organization; an unchanged person writes nothing and a changed one
writes one entry of the changed fields, so importing an updated export again is safe. Empty cells never
clear a value. A second row for the same person in one file is rejected with a pointer to the first.
Every row that is not imported is reported with its line and why; one bad row never stops the others.
A sector column ("Organization type") sets the sector of each row's organization: the last row that gives
one wins, and it is written once, at the end, only where it differs, so a re-import writes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from kiosk.core.changelog import Writer, collection_paused
from kiosk.core.codes import human_codes, ticket_secrets
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.ids import new_id
from kiosk.core.io.headers import (
    EXTERNAL,
    EXTRA,
    FIELDS,
    FULL_NAME,
    IGNORE,
    PRESETS_FOLDER,
    Column,
    Preset,
    Resolution,
    check_field,
    check_preset_name,
    header_key,
    load_presets,
    resolve,
)
from kiosk.core.io.languages import parse_languages
from kiosk.core.io.tabular import ImportFileError, Row, Table, open_table
from kiosk.core.models import Event, RegistrantStatus, Role, Sector
from kiosk.core.replica import UPSERT
from kiosk.core.services.import_sectors import SectorColumn
from kiosk.core.services.organizations import new_organization
from kiosk.core.services.registrants import check_changes
from kiosk.core.sqltypes import iso_utc
from kiosk.core.store import create_indexes, drop_indexes
from kiosk.core.text import fold, normalize_org_name, plural

__all__ = ["ImportFileError", "ImportPreview", "ImportSummary", "Imports", "OrganizationSuggestion", "RejectedRow"]

BATCH = 5000
"""Rows read between writes (and progress reports). All of them go into one transaction: each commit
would rewrite every index page its rows touched, and with random keys (ticket codes, secrets, emails) a
batch touches most of them."""
MAX_FIELD_CHARS = 1000
"""A name, email, organization... longer than this is not one: the row is rejected."""
MAX_ANSWER_CHARS = 20_000
"""A form answer kept in `extra` may be long (a paragraph about one's work), but not unbounded."""
SIMILAR_ORGS = 90
MAX_SUGGESTION_ORGS = 5000
GENERIC = "generic"
HEADER_SEARCH = 10
"""Rows under the first one where the header may be (under a title, or a merged header's top row)."""
REGISTERED_STATUSES = frozenset({"", "attending", "checked in", "registered", "confirmed", "active"})
CANCELLED_STATUSES = frozenset(
    {"not attending", "cancelled", "canceled", "refunded", "deleted", "transferred", "declined"}
)
NO_ORGANIZATION = frozenset({"n/a", "na", "none", "-", "--", "—", ".", "no", "null"})

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class ColumnChoice:
    header: str
    field: str
    """A registrant field, `external:KEY`, `extra` (kept as a form answer) or `ignore`."""
    source: str
    """Who decided: `you` (a mapping given), `preset`, `alias` (generic names) or `unmapped`."""


@dataclass(frozen=True)
class ImportPreview:
    """What an import of the file would read, before anything is written: for the wizard and --dry-run."""

    file: str
    format: str
    encoding: str
    delimiter: str
    preset: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    mapping: dict[str, str]
    """Header -> field, for every column."""
    columns: tuple[ColumnChoice, ...]
    extra: tuple[str, ...]
    """Headers whose answers are kept in Registrant.extra."""
    ignored: tuple[str, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class RejectedRow:
    line: int
    """Physical line in the file where the row starts (the header is line 1), or the sheet row of an XLSX."""
    reason: str


@dataclass(frozen=True)
class OrganizationSuggestion:
    name: str
    looks_like: str
    score: float
    message: str


@dataclass(frozen=True)
class ImportSummary:
    file: str
    event: str
    format: str
    encoding: str
    preset: str
    dry_run: bool
    rows: int
    """Data rows read, blank ones excepted."""
    added: int
    updated: int
    unchanged: int
    cancelled: int
    """Cancelled rows imported as cancelled registrants, and registrants whose row turned cancelled."""
    rejected: int
    rejections: tuple[RejectedRow, ...]
    blank_lines: int
    organizations_created: int
    organization_sectors_set: int
    """Organizations whose sector the file gave and this import wrote: made with it, or changed to it."""
    suggestions: tuple[OrganizationSuggestion, ...]
    problems: tuple[str, ...]


class _Reject(Exception):
    pass


@dataclass
class _Known:
    """A registrant of the event as the import sees it (from the store, or added by this import)."""

    id: str
    values: dict[str, Any]
    claimed_by: int = 0


@dataclass
class _Counts:
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    blank: int = 0
    orgs_created: int = 0
    sectors_set: int = 0
    rejections: list[RejectedRow] = field(default_factory=list)


_KNOWN_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "organization_id",
    "title",
    "languages",
    "accessibility_needs",
    "external_ids",
    "barcode",
    "ticket_type",
    "extra",
    "status",
)
_JSON_COLUMNS = frozenset({"languages", "external_ids", "extra"})
_PLAIN_FIELDS = FIELDS - {FULL_NAME, "organization", "status", "languages"}
"""Fields a cell fills as it is, spaces collapsed (the rest: names, status, organization, languages...).
`sector` is one of them as it is read; `_settle` takes it out of the registrant's fields."""


class Imports:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # Presets -----------------------------------------------------------------------------------------

    @property
    def user_presets_folder(self) -> Path:
        return self.ctx.store.folder / PRESETS_FOLDER

    def presets(self) -> list[Preset]:
        """Built-in presets (resources/import_presets) and this data folder's own (import_presets/)."""
        return list(load_presets(self.user_presets_folder).values())

    def save_preset(self, name: str, mapping: dict[str, str], label: str = "") -> Preset:
        """Keep a mapping as a readable JSON preset in the data folder, for the next export of that kind."""
        check_preset_name(name)
        for header, target in mapping.items():
            check_field(target, f"column {header!r}")
        preset = Preset(name=name, label=label or name, columns=dict(mapping), use_aliases=True)
        folder = self.user_presets_folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(preset.to_json(), encoding="utf-8")
        tmp.replace(path)
        return Preset.load(path, builtin=False)

    def _preset(self, presets: dict[str, Preset], name: str | None, headers: Iterable[str]) -> Preset:
        if name is not None:
            if name not in presets:
                raise InvalidInput(f"no import preset {name!r}; the presets are {', '.join(sorted(presets))}")
            return presets[name]
        keys = {header_key(h) for h in headers}
        detected = [p for p in presets.values() if p.matches(keys)]
        if detected:
            return max(detected, key=lambda p: len(p.detect))
        return presets[GENERIC]

    def _open(self, path: Path, preset: str | None, mapping: dict[str, str] | None) -> tuple[Table, Preset, Resolution]:
        """The file's table with its header found, the preset and what each column fills.

        The header is the row among the first few that names the most columns (a title row, or the top row
        of a two-row merged header, above it is skipped and said); in a workbook whose first sheet has no
        name column, the first sheet that has one is read instead, and that is said too.
        """
        presets = load_presets(self.user_presets_folder)
        table = open_table(Path(path))
        try:
            self._find_header(table, presets, preset, mapping)
            chosen = self._preset(presets, preset, table.header)
            resolution = resolve(table.header, chosen, presets.get(GENERIC), mapping)
            first = table
            for index in range(1, len(table.sheets)):
                if resolution.has_name():
                    break
                try:
                    other = open_table(Path(path), sheet=index)
                except ImportFileError:  # an empty sheet
                    continue
                try:
                    self._find_header(other, presets, preset, mapping)
                    other_preset = self._preset(presets, preset, other.header)
                    other_resolution = resolve(other.header, other_preset, presets.get(GENERIC), None)
                    if not other_resolution.has_name():
                        other.close()
                        continue
                    other_resolution = resolve(other.header, other_preset, presets.get(GENERIC), mapping)
                except BaseException:
                    other.close()
                    raise
                table.close()
                table, chosen, resolution = other, other_preset, other_resolution
            notes = _header_notes(first, table)
        except BaseException:
            table.close()
            raise
        if notes:
            resolution = Resolution(resolution.columns, (*notes, *resolution.problems))
        return table, chosen, resolution

    def _find_header(
        self, table: Table, presets: dict[str, Preset], preset: str | None, mapping: dict[str, str] | None
    ) -> None:
        """Take as the header the first of the top rows that names the most columns, if it is not the first."""

        def named(cells: tuple[str, ...]) -> tuple[bool, int]:
            cells = tuple(cell.strip() for cell in cells)
            found = resolve(cells, self._preset(presets, preset, cells), presets.get(GENERIC), None)
            keys = {header_key(h) for h in cells}
            count = sum(1 for c in found.columns if c.source != "unmapped")
            count += sum(1 for h in mapping or {} if header_key(h) in keys)
            return found.has_name(), count

        best, score = None, named(table.header)
        for row in table.peek(HEADER_SEARCH):
            if row.error or not any(cell.strip() for cell in row.cells):
                continue
            if (found := named(row.cells)) > score:
                best, score = row, found
        if best is not None:
            table.header_at(best)

    # Preview -----------------------------------------------------------------------------------------

    def preview(
        self, path: Path, preset: str | None = None, mapping: dict[str, str] | None = None, rows: int = 20
    ) -> ImportPreview:
        """The file as the import would read it: encoding, delimiter, headers, first rows, the mapping."""
        table, chosen, resolution = self._open(path, preset, mapping)
        with table:
            first: list[tuple[str, ...]] = []
            for row in table.rows:
                if len(first) >= rows:
                    break
                if any(cell.strip() for cell in row.cells):
                    first.append(row.cells)
        columns = tuple(ColumnChoice(c.header, c.field, c.source) for c in resolution.columns)
        return ImportPreview(
            file=str(path),
            format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter_name,
            preset=chosen.name,
            headers=table.header,
            rows=tuple(first),
            mapping={c.key: c.field for c in resolution.columns},
            columns=columns,
            extra=tuple(c.key for c in resolution.columns if c.field == EXTRA),
            ignored=tuple(c.key for c in resolution.columns if c.field == IGNORE),
            problems=resolution.problems,
        )

    # Run ---------------------------------------------------------------------------------------------

    def run(
        self,
        path: Path,
        event_id: str,
        preset: str | None = None,
        mapping: dict[str, str] | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Import every row; rejected rows are reported, never dropped. `dry_run` writes nothing.

        ImportFileError (nothing written) if the file cannot be read or has no name column. Everything is
        written in one transaction, so should a write fail, nothing is; importing the file again is safe.
        An exception raised by `progress` (called after each BATCH of rows) stops the run there: the rows
        before it are saved, then the exception propagates.
        """
        with self.ctx.store.session() as s:
            event = s.get(Event, event_id)
        if event is None:
            raise NotFound(f"no event with id {event_id}; `kiosk events` lists them")
        table, chosen, resolution = self._open(path, preset, mapping)
        with table:
            if not resolution.has_name():
                sheets = (
                    f" in any of its sheets ({', '.join(repr(name) for name in table.sheets)})"
                    if len(table.sheets) > 1
                    else ""
                )
                raise ImportFileError(
                    f"cannot import {Path(path).name}: no column gives a name{sheets} (headers: "
                    f"{', '.join(repr(h) for h in table.header[:12])}); map one with --map 'COLUMN=first_name' "
                    "or choose a --preset"
                )
            with collection_paused():  # until _read has returned and its people are freed
                return self._read(path, event, table, chosen, resolution, dry_run, progress)

    def _read(
        self,
        path: Path,
        event: Event,
        table: Table,
        chosen: Preset,
        resolution: Resolution,
        dry_run: bool,
        progress: Progress | None,
    ) -> ImportSummary:
        run = _Run(self.ctx, event.id, resolution, frozenset(chosen.shared_ids), dry_run, progress, table.total)
        if dry_run:
            run.read(table.rows, None)
        else:
            # One transaction: people, entries, organizations, search rows and indexes commit together.
            with self.ctx.store.large_cache(), self.ctx.transaction() as w:
                with w.search_deferred():
                    run.read(table.rows, w)
                if run.indexes is not None:
                    create_indexes(w.db, run.indexes)
        if run.stop is not None:
            raise run.stop
        counts = run.counts
        empty = []
        if not counts.rows and not counts.rejections:
            empty = [
                f"the file holds its header row ({_line_word(table)} {table.header_line}) and no rows under it: "
                "nothing to import; export the attendee list again"
            ]
        return ImportSummary(
            file=str(path),
            event=event.slug,
            format=table.format,
            encoding=table.encoding,
            preset=chosen.name,
            dry_run=dry_run,
            rows=counts.rows,
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
            cancelled=counts.cancelled,
            rejected=len(counts.rejections),
            rejections=tuple(counts.rejections),
            blank_lines=counts.blank,
            organizations_created=counts.orgs_created,
            organization_sectors_set=counts.sectors_set,
            suggestions=run.suggestions(),
            problems=(
                *empty,
                *run.warnings(),
                *(run.sectors.problems(lambda key: run.orgs[key][1]) if run.sectors else ()),
                *(p for p in resolution.problems if not p.startswith("no column gives a name")),
            ),
        )


def _too_long(limit: int, column: str, length: int) -> str:
    return (
        f"cell longer than {limit:,} characters in column {column} ({length:,}): a paste gone wrong, or a "
        "missing quote that ran rows together; shorten it in the file, or leave the column out of the import, "
        "then import the file again"
    )


def _line_word(table: Table) -> str:
    return "row" if table.format == "xlsx" else "line"


def _header_notes(first: Table, table: Table) -> list[str]:
    """What the import skipped to find the header: other sheets, rows above it."""
    notes: list[str] = []
    if first.empty_sheets:
        sheets = ", ".join(map(repr, first.empty_sheets))
        notes.append(f"{'the sheet' if len(first.empty_sheets) == 1 else 'the sheets'} {sheets} "
                     f"{'is' if len(first.empty_sheets) == 1 else 'are'} empty: read the sheet {first.sheet!r}")
    if table is not first:
        notes.append(
            f"read the sheet {table.sheet!r}: the first sheet, {first.sheet!r}, has no column that gives a name"
        )
    if table.above:
        lines = [row.line for row in table.above]
        word = _line_word(table)
        where = f"{word} {lines[0]}" if len(lines) == 1 else f"{word}s {', '.join(map(str, lines))}"
        shown = "; ".join(" | ".join(c.strip() for c in row.cells if c.strip()) for row in table.above)
        if len(shown) > 120:
            shown = shown[:119] + "…"
        notes.append(
            f"{where} {'is' if len(lines) == 1 else 'are'} above the header row ({word} {table.header_line}): "
            f"read as a title, not imported ({shown})"
        )
    return notes


def _collapsed(cells: tuple[str, ...], columns: Iterable[tuple[int, str]]) -> dict[str, str]:
    """field -> value with its spaces collapsed, for the non-blank cells of (index, field) columns, taken in
    order (a later cell of one field wins). A plain loop: it runs three times for every row imported."""
    found: dict[str, str] = {}
    for at, name in columns:
        raw = cells[at]
        if raw:
            value = " ".join(raw.split())
            if value:
                found[name] = value
    return found


class _Run:
    """One import: the event's people and the organizations held in memory, and the batch being built."""

    def __init__(
        self,
        ctx: Context,
        event_id: str,
        resolution: Resolution,
        shared: frozenset[str],
        dry_run: bool,
        progress: Progress | None,
        total: int | None,
    ) -> None:
        self.ctx = ctx
        self.event_id = event_id
        self.shared = shared
        """External id kinds several people share (an order number): never used to tell people apart."""
        self.fold = functools.lru_cache(maxsize=65_536)(fold)
        self.languages = functools.lru_cache(maxsize=4096)(parse_languages)
        self.org_names: dict[str, str] = {}
        """Organization cell -> normalized name, as organizations repeat from row to row."""
        self.columns: list[Column] = [c for c in resolution.columns if c.field != IGNORE]
        self.width = len(resolution.columns)
        # The same columns by what they fill, for `_parse_clean`: each list in column order.
        self.plain = [(c.index, c.field) for c in self.columns if c.field in _PLAIN_FIELDS]
        self.answers = [
            (c.index, c.key, c.field == "languages") for c in self.columns if c.field in (EXTRA, "languages")
        ]
        self.external = [(c.index, c.field[len(EXTERNAL) :]) for c in self.columns if c.field.startswith(EXTERNAL)]
        # Status and organization: the last non-blank cell counts, as cell by cell; a full name: the first
        # (its columns reversed, so that it is the last one written).
        self.singles = [(c.index, c.field) for c in self.columns if c.field in ("status", "organization")]
        self.singles += [(c.index, c.field) for c in reversed(self.columns) if c.field == FULL_NAME]
        self.dry_run = dry_run
        self.progress = progress
        self.total = total
        self.counts = _Counts()
        self.now = iso_utc(dt.datetime.now(dt.UTC))
        self.known: dict[str, _Known] = {}
        self.by_external: dict[tuple[str, str], str] = {}
        self.by_email: dict[str, list[str]] = {}
        self.by_name: dict[tuple[str, str, str], list[str]] | None = None
        self.orgs: dict[str, tuple[str, str]] = {}
        """normalized name -> (id, name)."""
        self.org_keys: dict[str, str] = {}
        """id -> normalized name."""
        self.sectors = SectorColumn(NO_ORGANIZATION) if any(c.field == "sector" for c in self.columns) else None
        """The organization type column's sectors, when the file has one."""
        self.unwritten_orgs: dict[str, dict[str, Any]] = {}
        """id -> payload of the new organizations not yet written (in `new_orgs`)."""
        self.sector_ops: list[tuple[str, dict[str, Any]]] = []
        self.touched_orgs: set[str] = set()
        self.codes: set[str] | None = None
        self.code_pool: list[str] = []
        self.secret_pool: list[str] = []
        self.new_orgs: list[tuple[str, dict[str, Any]]] = []
        self.ops: list[tuple[str, str, dict[str, Any]]] = []
        self.writer: Writer | None = None
        self.present: set[str] = set()
        """People of the event with a standing check-in when the import began."""
        self.cancelled_present: list[tuple[int, str]] = []
        """(line, name) of people this file cancels who are already checked in."""
        self.stored = 0
        """Registrants in the store (every event) when the import began."""
        self.written = 0
        """New people written so far."""
        self.indexes: list[str] | None = None
        """The registrant indexes to make again at the end, once dropped for a bulk load."""
        self.stop: BaseException | None = None
        """What the progress callback raised to stop the run; raised again once the rows written are saved."""

    def _load(self, db: sqlite3.Connection) -> None:
        for org_id, name, key, sector in db.execute("SELECT id, name, normalized_name, sector FROM organization"):
            self.orgs.setdefault(key, (org_id, name))
            self.org_keys[org_id] = key
            if self.sectors:
                self.sectors.stored(key, org_id, sector)
        query = f"SELECT {', '.join(_KNOWN_COLUMNS)} FROM registrant WHERE event_id = ?"
        rows = db.execute(query, (self.event_id,))
        for row in rows:
            values = dict(zip(_KNOWN_COLUMNS, row, strict=True))
            for name in _JSON_COLUMNS:
                values[name] = json.loads(values[name]) if values[name] else ([] if name == "languages" else {})
            self._remember(_Known(values.pop("id"), values))
        self.stored = db.execute("SELECT count(*) FROM registrant").fetchone()[0]
        standing = "SELECT DISTINCT registrant_id FROM checkin WHERE event_id = ? AND voided_by IS NULL"
        self.present = {row[0] for row in db.execute(standing, (self.event_id,))}

    def _remember(self, person: _Known) -> None:
        self.known[person.id] = person
        for key, value in person.values["external_ids"].items():
            if key not in self.shared:
                self.by_external.setdefault((key, value), person.id)
        email = person.values["email"].casefold()
        if email:
            self.by_email.setdefault(email, []).append(person.id)
        if self.by_name is not None:
            self.by_name.setdefault(self._name_key(person.values), []).append(person.id)

    def _name_key(self, values: dict[str, Any]) -> tuple[str, str, str]:
        return self.fold(values["first_name"]), self.fold(values["last_name"]), self.org_key(values["organization_id"])

    def org_key(self, org_id: str | None) -> str:
        return self.org_keys.get(org_id, "") if org_id else ""

    # Reading -----------------------------------------------------------------------------------------

    def read(self, rows: Iterable[Row], writer: Writer | None) -> None:
        """Read every row, writing each BATCH of them through `writer` (all in its one transaction), or
        nothing for a dry run (None)."""
        self.writer = writer
        if writer is None:
            with self.ctx.store.write() as db:
                self._load(db)
        else:
            self._load(writer.db)
        for row in rows:
            if row.error:
                self._reject(row.line, row.error)
                continue
            if not any(row.cells) or not any(cell.strip() for cell in row.cells):
                self.counts.blank += 1
                continue
            self.counts.rows += 1
            try:
                self._take(row)
            except _Reject as reason:
                self._reject(row.line, str(reason))
            if len(self.ops) >= BATCH:
                self._flush()
                if self.stop is not None:
                    return
        if self.sectors:
            self._decide_sectors(self.sectors)
        self._flush()

    def _reject(self, line: int, reason: str) -> None:
        self.counts.rejections.append(RejectedRow(line, reason))

    def _parse(
        self, row: Row
    ) -> tuple[dict[str, Any], str | None, str | None, dict[str, str], dict[str, str], Sector | str | None]:
        cells = row.cells
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
            raise _Reject(
                f"{len(cells)} cells but the header has {self.width} columns; a value with the delimiter in it "
                "probably lacks quotes: fix the row in the file"
            )
        # Nearly every row has no unreadable byte and no overlong cell, which is all that `_parse_cells`
        # checks cell by cell: such rows take the path that does not (the same values, by column group).
        if cells and max(map(len, cells)) <= MAX_FIELD_CHARS and "\ufffd" not in "".join(cells):
            if len(cells) < self.width:
                cells = cells + ("",) * (self.width - len(cells))
            return self._settle(*self._parse_clean(cells))
        return self._settle(*self._parse_cells(cells))

    def _parse_clean(
        self, cells: tuple[str, ...]
    ) -> tuple[dict[str, Any], str, str | None, dict[str, str], dict[str, str]]:
        """`_parse_cells` for a row of at least `width` cells, none unreadable or longer than MAX_FIELD_CHARS."""
        fields: dict[str, Any] = _collapsed(cells, self.plain)
        extra: dict[str, str] = {}
        for at, key, languages in self.answers:
            raw = cells[at]
            if not raw:
                continue
            if languages:
                value = " ".join(raw.split())
                if value:
                    codes, unknown = self.languages(value)
                    if codes:
                        fields["languages"] = codes
                    if unknown:
                        extra[key] = value
            else:
                answer = raw.strip()
                if answer:
                    extra[key] = answer
        external = _collapsed(cells, self.external)
        singles = _collapsed(cells, self.singles)
        if FULL_NAME in singles:
            fields[FULL_NAME] = singles[FULL_NAME]
        return fields, singles.get("status", ""), singles.get("organization"), external, extra

    def _parse_cells(
        self, cells: tuple[str, ...]
    ) -> tuple[dict[str, Any], str, str | None, dict[str, str], dict[str, str]]:
        fields: dict[str, Any] = {}
        extra: dict[str, str] = {}
        external: dict[str, str] = {}
        status = ""
        organization: str | None = None
        for column in self.columns:
            raw = cells[column.index] if column.index < len(cells) else ""
            if not raw:
                continue
            if "\ufffd" in raw:
                raise _Reject(
                    f"column {column.key} holds bytes that could not be read (shown as \ufffd); "
                    "save the file as UTF-8 and import it again"
                )
            target = column.field
            if target == EXTRA:
                if len(raw) > MAX_ANSWER_CHARS:
                    raise _Reject(_too_long(MAX_ANSWER_CHARS, column.key, len(raw)))
                if raw.strip():
                    extra[column.key] = raw.strip()
                continue
            value = " ".join(raw.split())
            if len(value) > MAX_FIELD_CHARS:
                raise _Reject(_too_long(MAX_FIELD_CHARS, column.key, len(value)))
            if not value:
                continue
            if target.startswith(EXTERNAL):
                external[target[len(EXTERNAL) :]] = value
            elif target == "status":
                status = value
            elif target == "organization":
                organization = value
            elif target == "languages":
                codes, unknown = self.languages(value)
                if codes:
                    fields["languages"] = codes
                if unknown:
                    extra[column.key] = value
            elif target == FULL_NAME:
                fields.setdefault(FULL_NAME, value)
            else:
                fields[target] = value
        return fields, status, organization, external, extra

    def _settle(
        self,
        fields: dict[str, Any],
        status: str,
        organization: str | None,
        external: dict[str, str],
        extra: dict[str, str],
    ) -> tuple[dict[str, Any], str | None, str | None, dict[str, str], dict[str, str], Sector | str | None]:
        """The name, status, organization and sector rules that `_parse` applies to the cells it has read."""
        full = fields.pop(FULL_NAME, "")
        if full and not (fields.get("first_name") or fields.get("last_name")):
            fields["first_name"] = full  # kept whole: splitting names is wrong for too many of them
        if not (fields.get("first_name") or fields.get("last_name") or fields.get("preferred_name")):
            raise _Reject("no name: first name, last name and preferred name are all empty")
        key = self.fold(status)
        state: str | None = None
        if not key:
            state = None  # no status given: a new person is registered, a known one keeps theirs
        elif key in REGISTERED_STATUSES:
            state = RegistrantStatus.REGISTERED.value
        elif key in CANCELLED_STATUSES:
            state = RegistrantStatus.CANCELLED.value
        else:
            raise _Reject(
                f"unknown attendee status {status!r}; expected Attending, Checked In, Not Attending, "
                "Cancelled, Refunded, Deleted or Transferred"
            )
        if organization is not None and self.fold(organization) in NO_ORGANIZATION:
            organization = None
        sector = None
        if self.sectors and (given := fields.pop("sector", None)) is not None:
            sector = self.sectors.read(given)
        return fields, state, organization, external, extra, sector

    def _take(self, row: Row) -> None:
        fields, state, org_name, external, extra, given = self._parse(row)
        org_key = self._org_name_key(org_name) if org_name else ""
        match, how = self._match(fields, org_key, external)
        if match is not None and match.claimed_by:
            raise _Reject(f"same person as line {match.claimed_by} ({how}); only line {match.claimed_by} was imported")
        # Only now, for a row that is imported: a rejected row must not leave a new organization behind.
        if self.sectors and isinstance(given, str) and not isinstance(given, Sector):  # not worth losing a person
            self.sectors.not_a_sector(given, row.line)
        sector = given if isinstance(given, Sector) else None
        org_id = self._organization(org_name, org_key, sector) if org_name and org_key else None
        if self.sectors and sector is not None and org_id is not None:
            self.sectors.give(org_key, sector, row.line)
        if match is None:
            self._add(row.line, fields, state, org_id, external, extra)
            return
        match.claimed_by = row.line
        self._update(match, fields, state, org_id, external, extra)

    def _match(self, fields: dict[str, Any], org_key: str, external: dict[str, str]) -> tuple[_Known | None, str]:
        for key, value in external.items():
            if key in self.shared:
                continue
            found = self.by_external.get((key, value))
            if found is not None:
                return self.known[found], f"same {key} {value}"

        def compatible(person: _Known) -> bool:
            theirs = person.values["external_ids"]
            return all(theirs.get(k, v) == v for k, v in external.items() if k not in self.shared)

        email = fields.get("email", "").casefold()
        if email:
            first, last = self.fold(fields.get("first_name", "")), self.fold(fields.get("last_name", ""))
            for person_id in self.by_email.get(email, ()):
                person = self.known[person_id]
                p_first, p_last = self.fold(person.values["first_name"]), self.fold(person.values["last_name"])
                similar = (first and first == p_first) or fuzz.ratio(f"{first} {last}", f"{p_first} {p_last}") >= 80
                if similar and compatible(person):
                    return person, f"same email {fields['email']}"
        if self.by_name is None:
            self.by_name = {}
            for person in self.known.values():
                self.by_name.setdefault(self._name_key(person.values), []).append(person.id)
        first, last = self.fold(fields.get("first_name", "")), self.fold(fields.get("last_name", ""))
        name_key = (first, last, org_key)
        for person_id in self.by_name.get(name_key, ()):
            person = self.known[person_id]
            if compatible(person):
                return person, "same name and organization"
        return None, ""

    def _org_name_key(self, name: str) -> str:
        key = self.org_names.get(name)
        if key is None:
            key = self.org_names[name] = normalize_org_name(name)
        return key

    def _organization(self, name: str, key: str, sector: Sector | None = None) -> str:
        """The id of the organization whose normalized name is `key`, made (as `name`, in `sector` if the
        row gives one) if there is none."""
        self.touched_orgs.add(key)
        found = self.orgs.get(key)
        if found is not None:
            return found[0]
        org = new_organization(name, sector or Sector.COMMUNITY_BASED)
        self.orgs[key] = (org.id, org.name)
        self.org_keys[org.id] = key
        payload = org.model_dump(exclude={"id", "field_clocks"})
        self.new_orgs.append((org.id, payload))
        if self.sectors:
            self.sectors.stored(key, org.id, payload["sector"], made=True)
            self.unwritten_orgs[org.id] = payload
        self.counts.orgs_created += 1
        return org.id

    def _decide_sectors(self, sectors: SectorColumn) -> None:
        """Each organization gets the sector its last row gives, on every row that spells it, where it differs
        (as `Organizations.set_sector` does): a new one not yet written is made with it, the others get an
        entry of that field. Once, after the last row, so rows that disagree write one change, not many."""
        for _key, changed, sector in sectors.decide():
            for org_id in changed:
                unwritten = self.unwritten_orgs.get(org_id)
                if unwritten is not None:
                    unwritten["sector"] = sector.value
                else:
                    self.sector_ops.append((org_id, {"sector": sector.value}))
            self.counts.sectors_set += 1

    def _ticket_code(self) -> str:
        """A code like codes.human_code(), checked against every code in the store and this import."""
        if not self.code_pool:
            if self.codes is None:
                self.codes = self._taken_codes()
            self.code_pool = human_codes(BATCH, self.codes)
            self.code_pool.reverse()
        code = self.code_pool.pop()
        self.codes.add(code)  # type: ignore[union-attr]  # set above before the pool was ever filled
        return code

    def _taken_codes(self) -> set[str]:
        query = "SELECT ticket_code FROM registrant"
        if self.writer is not None:
            return {code for (code,) in self.writer.db.execute(query)}
        with self.ctx.store.write() as db:
            return {code for (code,) in db.execute(query)}

    def _ticket_secret(self) -> str:
        """Same as codes.ticket_secret(): 80 random bits in base32, drawn a batch at a time."""
        if not self.secret_pool:
            self.secret_pool = ticket_secrets(BATCH)
        return self.secret_pool.pop()

    def _add(
        self,
        line: int,
        fields: dict[str, Any],
        state: str | None,
        org_id: str | None,
        external: dict[str, str],
        extra: dict[str, str],
    ) -> None:
        registrant_id = new_id()
        payload: dict[str, Any] = {
            "event_id": self.event_id,
            "first_name": fields.get("first_name", ""),
            "last_name": fields.get("last_name", ""),
            "preferred_name": fields.get("preferred_name", ""),
            "pronouns": fields.get("pronouns", ""),
            "email": fields.get("email", ""),
            "phone": fields.get("phone", ""),
            "organization_id": org_id,
            "title": fields.get("title", ""),
            "role": Role.ATTENDEE.value,
            "languages": fields.get("languages", []),
            "accessibility_needs": fields.get("accessibility_needs", ""),
            "photo_consent": None,
            "external_ids": external,
            "ticket_code": self._ticket_code(),
            "ticket_secret": self._ticket_secret(),
            "barcode": fields.get("barcode", ""),
            "ticket_type": fields.get("ticket_type", ""),
            "extra": extra,
            "status": state or RegistrantStatus.REGISTERED.value,
            "walk_in": False,
            "created_at": self.now,
            # Every field, so the row keeps one clock for all of them (replica._creation_clocks).
            "merged_into": None,
            "merge_reason": "",
            "merged_by": "",
        }
        self.ops.append(("add", registrant_id, payload))
        self._remember(_Known(registrant_id, payload, claimed_by=line))
        if state == RegistrantStatus.CANCELLED:
            self.counts.cancelled += 1
        else:
            self.counts.added += 1

    def _update(
        self,
        person: _Known,
        fields: dict[str, Any],
        state: str | None,
        org_id: str | None,
        external: dict[str, str],
        extra: dict[str, str],
    ) -> None:
        current = person.values
        changes: dict[str, Any] = {}
        for name, value in fields.items():
            if value != current[name]:
                changes[name] = value
        if org_id is not None and org_id != current["organization_id"]:
            changes["organization_id"] = org_id
        if external and {**current["external_ids"], **external} != current["external_ids"]:
            changes["external_ids"] = {**current["external_ids"], **external}
        if extra and {**current["extra"], **extra} != current["extra"]:
            changes["extra"] = {**current["extra"], **extra}
        if state is not None and state != current["status"]:
            changes["status"] = state
        if not changes:
            self.counts.unchanged += 1
            return
        check_changes(changes)
        self.ops.append(("update", person.id, changes))
        if "email" in changes:
            self.by_email.setdefault(changes["email"].casefold(), []).append(person.id)
        for key, value in external.items():
            if key not in self.shared:
                self.by_external.setdefault((key, value), person.id)
        current.update(changes)
        if changes.get("status") == RegistrantStatus.CANCELLED:
            self.counts.cancelled += 1
            if person.id in self.present:
                shown = (current["preferred_name"] or current["first_name"], current["last_name"])
                self.cancelled_present.append((person.claimed_by, " ".join(part for part in shown if part)))
        else:
            self.counts.updated += 1

    # Writing -----------------------------------------------------------------------------------------

    def _flush(self) -> None:
        w = self.writer
        if (self.ops or self.new_orgs or self.sector_ops) and w is not None:
            adding = sum(1 for op in self.ops if op[0] == "add")
            if self.indexes is None and adding and self.written + adding >= self.stored:
                # This import at least doubles the registrant table: build its indexes once, at the end.
                self.indexes = drop_indexes(w.db, "registrant")
            self.written += adding
            w.record_many("organization", UPSERT, self.new_orgs, new=True)
            w.record_many("organization", UPSERT, self.sector_ops)
            # In file order: runs of new people in one go, each changed person as its own entry.
            for kind, run in itertools.groupby(self.ops, key=lambda op: op[0]):
                if kind == "add":
                    w.record_many("registrant", UPSERT, [(rid, payload) for _, rid, payload in run], new=True)
                else:
                    for _, registrant_id, payload in run:
                        w.record("registrant", registrant_id, UPSERT, payload)
        self.new_orgs = []
        self.unwritten_orgs = {}
        self.sector_ops = []
        self.ops = []
        if self.progress is not None:
            try:
                self.progress(self.counts.rows + self.counts.blank, self.total)
            except BaseException as exc:  # the caller stops the run here: what is written so far is kept
                self.stop = exc

    def warnings(self) -> list[str]:
        """What staff must hear about before the day goes on: people cancelled after they arrived."""
        if not self.cancelled_present:
            return []
        people = "; ".join(f"{name} (line {line})" for line, name in self.cancelled_present[:20])
        more = len(self.cancelled_present) - 20
        return [
            f"{plural(len(self.cancelled_present), 'person', 'people')} this file cancels "
            f"{'is' if len(self.cancelled_present) == 1 else 'are'} already checked in: {people}"
            + (f" and {more:,} more" if more > 0 else "")
            + ". Their check-in still counts, but their ticket is now refused: check with them, or with the "
            "registration lead"
        ]

    def suggestions(self) -> tuple[OrganizationSuggestion, ...]:
        """Organizations of this file whose names look like another's: for a person to merge, never merged here."""
        touched = sorted(self.touched_orgs)[:MAX_SUGGESTION_ORGS]
        keys = list(self.orgs)
        out: list[OrganizationSuggestion] = []
        seen: set[frozenset[str]] = set()
        for key in touched:
            for other, score, _ in process.extract(
                key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR_ORGS, limit=5
            ):
                pair = frozenset((key, other))
                if other == key or pair in seen:
                    continue
                seen.add(pair)
                name, like = self.orgs[key][1], self.orgs[other][1]
                message = (
                    f"{name!r} looks like {like!r}: if they are one organization, "
                    "use one spelling in the file and import it again"
                )
                out.append(OrganizationSuggestion(name, like, round(score, 1), message))
        return tuple(out)
