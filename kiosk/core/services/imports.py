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
A role column ("Role", "I am attending as") sets each person's role from its words ("Elected official",
"Speaker"); words that name no role are kept as the title or a form answer and listed with their lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.changelog import collection_paused
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.io.headers import (
    EXTRA,
    IGNORE,
    PRESETS_FOLDER,
    Preset,
    Resolution,
    check_field,
    check_preset_name,
    header_key,
    load_presets,
    resolve,
)
from kiosk.core.io.tabular import ImportFileError, Table, open_table
from kiosk.core.models import Event
from kiosk.core.services.import_run import ImportRun, OrganizationSuggestion, Progress, RejectedRow
from kiosk.core.store import create_indexes

__all__ = [
    "ImportFileError",
    "ImportPreview",
    "ImportStopped",
    "ImportSummary",
    "Imports",
    "OrganizationSuggestion",
    "RejectedRow",
]

GENERIC = "generic"
HEADER_SEARCH = 10
"""Rows under the first one where the header may be (under a title, or a merged header's top row)."""


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


class ImportStopped(Exception):
    """Raise it from `progress` to stop a run at the batch it is on: `Imports.run` keeps the rows written so
    far and raises it again with `summary`, what the rows read up to there came to (the rejected ones too)."""

    summary: ImportSummary | None = None


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
        run = ImportRun(
            self.ctx,
            event.id,
            resolution,
            frozenset(chosen.shared_ids),
            dry_run,
            progress,
            table.total,
            table.delimiter,
        )
        if dry_run:
            run.read(table.rows, None)
        else:
            # One transaction: people, entries, organizations, search rows and indexes commit together.
            with self.ctx.store.large_cache(), self.ctx.transaction() as w:
                with w.search_deferred():
                    run.read(table.rows, w)
                if run.indexes is not None:
                    create_indexes(w.db, run.indexes)
        if run.stop is not None and not (run.read_all and isinstance(run.stop, ImportStopped)):
            if isinstance(run.stop, ImportStopped):
                run.stop.summary = self._summary(path, event, table, chosen, resolution, dry_run, run)
            raise run.stop
        return self._summary(path, event, table, chosen, resolution, dry_run, run)

    def _summary(
        self,
        path: Path,
        event: Event,
        table: Table,
        chosen: Preset,
        resolution: Resolution,
        dry_run: bool,
        run: ImportRun,
    ) -> ImportSummary:
        counts = run.counts
        stopped = not run.read_all
        empty = []
        if not counts.rows and not counts.rejections and not stopped:
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
                # A stopped run never decided the sectors its rows gave (importing the file again does).
                *(run.sectors.problems(lambda key: run.orgs[key][1]) if run.sectors and not stopped else ()),
                *(run.roles.problems() if run.roles else ()),
                *(p for p in resolution.problems if not p.startswith("no column gives a name")),
            ),
        )


def _line_word(table: Table) -> str:
    return "row" if table.format == "xlsx" else "line"


def _header_notes(first: Table, table: Table) -> list[str]:
    """What the import skipped to find the header: other sheets, rows above it."""
    notes: list[str] = []
    if first.empty_sheets:
        sheets = ", ".join(map(repr, first.empty_sheets))
        notes.append(
            f"{'the sheet' if len(first.empty_sheets) == 1 else 'the sheets'} {sheets} "
            f"{'is' if len(first.empty_sheets) == 1 else 'are'} empty: read the sheet {first.sheet!r}"
        )
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
