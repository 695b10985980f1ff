"""One row of a registration export read into a registrant's fields: names, status, organization, sector,
role, external ids and form answers, with the cells checked (unreadable bytes, overlong cells, a row wider than
its header). Nothing here knows the store: `kiosk.core.services.import_run` matches and writes what this
reads."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from typing import Any

from kiosk.core.io.headers import EXTERNAL, EXTRA, FIELDS, FULL_NAME, IGNORE, Column, Resolution
from kiosk.core.io.languages import parse_languages
from kiosk.core.io.tabular import Row
from kiosk.core.models import RegistrantStatus, Role, Sector
from kiosk.core.services.import_roles import RoleColumn
from kiosk.core.services.import_sectors import SectorColumn
from kiosk.core.text import fold, plural

MAX_FIELD_CHARS = 1000
"""A name, email, organization... longer than this is not one: the row is rejected."""
MAX_ANSWER_CHARS = 20_000
"""A form answer kept in `extra` may be long (a paragraph about one's work), but not unbounded."""
REGISTERED_STATUSES = frozenset({"", "attending", "checked in", "registered", "confirmed", "active"})
CANCELLED_STATUSES = frozenset(
    {"not attending", "cancelled", "canceled", "refunded", "deleted", "transferred", "declined"}
)
NO_ORGANIZATION = frozenset({"n/a", "na", "none", "-", "--", "—", ".", "no", "null"})
NAME_SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "phd", "md", "do", "dds", "jd", "esq", "edd", "mph", "msw", "lcsw", "rn", "mba"}
)
"""Words after a comma in a full name that make it "Ana Ruiz, Jr.", not "Ruiz, Ana"."""
_PLAIN_FIELDS = FIELDS - {FULL_NAME, "organization", "status", "languages"}
"""Fields a cell fills as it is, spaces collapsed (the rest: names, status, organization, languages...).
`sector` and `role` are among them as they are read; `RowReader.settle` takes them out of the fields and
reads their words."""

Cells = tuple[dict[str, Any], str, str | None, dict[str, str], dict[str, str]]
"""fields, status, organization, external ids and form answers, as read from the cells."""
Parsed = tuple[
    dict[str, Any], str | None, str | None, dict[str, str], dict[str, str], Sector | str | None, Role | str | None
]
"""fields, status (a RegistrantStatus value, or None when the row gives none), organization, external ids,
form answers, the sector the row gives (a Sector, or the words when they name none) and the role it gives
(a Role, or the words when they name none)."""


class Rejected(Exception):
    """A row that is not imported; its text is the reason, as the summary lists it."""


def too_long(limit: int, column: str, length: int) -> str:
    return (
        f"cell longer than {limit:,} characters in column {column} ({length:,}): a paste gone wrong, or a "
        "missing quote that ran rows together; shorten it in the file, or leave the column out of the import, "
        "then import the file again"
    )


def comma_name(full: str) -> tuple[str, str] | None:
    """("Amal", "Haddad") for "Haddad, Amal", the family name first as rosters and state systems write it;
    None for a name with no comma or more than one, or a suffix or credential after it ("Ana Ruiz, Jr.",
    "Bao Tran, MSW"): such a name is kept whole."""
    family, comma, given = full.partition(",")
    family, given = family.strip(), given.strip()
    if not comma or "," in given or not family or not given:
        return None
    words = given.replace(".", "").split()
    if all(w.casefold() in NAME_SUFFIXES or (w.isupper() and len(w) <= 5 and not family.isupper()) for w in words):
        return None
    return given, family


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


class RowReader:
    """Reads rows for the columns of a resolved header: what each cell fills, by column group."""

    def __init__(
        self,
        resolution: Resolution,
        sectors: SectorColumn | None,
        roles: RoleColumn | None = None,
        delimiter: str = "",
    ) -> None:
        self.delimiter = delimiter
        """The CSV file's delimiter, to tell a cell that swallowed rows (a quote never closed); "" for XLSX."""
        self.fold = functools.lru_cache(maxsize=65_536)(fold)
        """fold() for names, statuses and organizations, which repeat from row to row."""
        self.languages = functools.lru_cache(maxsize=4096)(parse_languages)
        self.sectors = sectors
        self.roles = roles or RoleColumn(NO_ORGANIZATION)
        self.role_key = next((c.key for c in resolution.columns if c.field == "role"), "role")
        """Where the words of a role column that name no role are kept as a form answer."""
        self.columns: list[Column] = [c for c in resolution.columns if c.field != IGNORE]
        self.width = len(resolution.columns)
        self.headers = [c.key for c in resolution.columns]
        # The same columns by what they fill, for `parse_clean`: each list in column order.
        self.plain = [(c.index, c.field) for c in self.columns if c.field in _PLAIN_FIELDS]
        # A sector column's answer is kept as given too: the form asked it, and a word that names no sector
        # ("Church") would otherwise be lost with the import.
        self.answers = [
            (c.index, c.key, c.field == "languages")
            for c in self.columns
            if c.field in (EXTRA, "languages", "sector")
        ]
        self.external = [(c.index, c.field[len(EXTERNAL) :]) for c in self.columns if c.field.startswith(EXTERNAL)]
        # Status and organization: the last non-blank cell counts, as cell by cell; a full name: the first
        # (its columns reversed, so that it is the last one written).
        self.singles = [(c.index, c.field) for c in self.columns if c.field in ("status", "organization")]
        self.singles += [(c.index, c.field) for c in reversed(self.columns) if c.field == FULL_NAME]

    def parse(self, row: Row) -> Parsed:
        """The row's values, or Rejected with the reason."""
        cells = row.cells
        if self.delimiter:
            self._check_run_together(row)
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
            raise Rejected(
                f"{len(cells)} cells but the header has {self.width} columns; a value with the delimiter in it "
                "probably lacks quotes: fix the row in the file"
            )
        # Nearly every row has no unreadable byte and no overlong cell, which is all that `parse_cells`
        # checks cell by cell: such rows take the path that does not (the same values, by column group).
        if cells and max(map(len, cells)) <= MAX_FIELD_CHARS and "\ufffd" not in "".join(cells):
            if len(cells) < self.width:
                cells = cells + ("",) * (self.width - len(cells))
            return self.settle(*self.parse_clean(cells))
        return self.settle(*self.parse_cells(cells))

    def _check_run_together(self, row: Row) -> None:
        """Rejected if a cell runs over lines that look like rows of their own: a quote opened and never
        closed, which makes the CSV reader read the rows under it as one cell (they would be lost unseen).
        A paragraph answer over several lines has no line split by the delimiter like a whole row."""
        for at, raw in enumerate(row.cells):
            if "\n" not in raw and "\r" not in raw:
                continue
            inner = raw.splitlines()
            rows = sum(
                1
                for record in csv.reader(inner[1:], delimiter=self.delimiter)
                if len(record) >= max(3, self.width - 1)
            )
            if rows:
                last = row.line + sum(len(cell.splitlines()) - 1 for cell in row.cells if cell)
                header = self.headers[at] if at < len(self.headers) else f"{at + 1}"
                raise Rejected(
                    f"a quote (\") in column {header} is not closed on its line, so lines {row.line}–{last} were read "
                    f"as one row (it holds {plural(rows + 1, 'row', 'rows')} of the file, none imported); add the "
                    "missing quote or remove the stray one in the file, then import it again"
                )

    def parse_clean(self, cells: tuple[str, ...]) -> Cells:
        """`parse_cells` for a row of at least `width` cells, none unreadable or longer than MAX_FIELD_CHARS."""
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

    def parse_cells(self, cells: tuple[str, ...]) -> Cells:
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
                raise Rejected(
                    f"column {column.key} holds bytes that could not be read (shown as \ufffd); "
                    "save the file as UTF-8 and import it again"
                )
            target = column.field
            if target == EXTRA:
                if len(raw) > MAX_ANSWER_CHARS:
                    raise Rejected(too_long(MAX_ANSWER_CHARS, column.key, len(raw)))
                if raw.strip():
                    extra[column.key] = raw.strip()
                continue
            value = " ".join(raw.split())
            if len(value) > MAX_FIELD_CHARS:
                raise Rejected(too_long(MAX_FIELD_CHARS, column.key, len(value)))
            if not value:
                continue
            if target == "sector":
                extra[column.key] = raw.strip()
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

    def settle(
        self,
        fields: dict[str, Any],
        status: str,
        organization: str | None,
        external: dict[str, str],
        extra: dict[str, str],
    ) -> Parsed:
        """The name, status, organization, sector and role rules that `parse` applies to the cells it has read."""
        full = fields.pop(FULL_NAME, "")
        if full and not (fields.get("first_name") or fields.get("last_name")):
            # Kept whole (splitting at spaces is wrong for too many names) unless a comma says which part is
            # the family name: "Haddad, Amal" is greeted as "Amal Haddad".
            given_family = comma_name(full)
            if given_family is None:
                fields["first_name"] = full
            else:
                fields["first_name"], fields["last_name"] = given_family
        if not (fields.get("first_name") or fields.get("last_name") or fields.get("preferred_name")):
            raise Rejected("no name: first name, last name and preferred name are all empty")
        key = self.fold(status)
        state: str | None = None
        if not key:
            state = None  # no status given: a new person is registered, a known one keeps theirs
        elif key in REGISTERED_STATUSES:
            state = RegistrantStatus.REGISTERED.value
        elif key in CANCELLED_STATUSES:
            state = RegistrantStatus.CANCELLED.value
        else:
            raise Rejected(
                f"unknown attendee status {status!r}; expected Attending, Checked In, Not Attending, "
                "Cancelled, Refunded, Deleted or Transferred"
            )
        if organization is not None and self.fold(organization) in NO_ORGANIZATION:
            organization = None
        sector = None
        if self.sectors and (given := fields.pop("sector", None)) is not None:
            sector = self.sectors.read(given)
        role = None
        if (words := fields.pop("role", None)) is not None:
            role = self.roles.read(words)
        return fields, state, organization, external, extra, sector, role
