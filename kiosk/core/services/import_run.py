"""One import's run over the rows of a file: the event's people and organizations held in memory, each row
matched to a person already there (external id, then email with a similar name, then folded name plus
organization) or added, and every BATCH of rows written through the change log in the caller's one
transaction. An unchanged person writes nothing and a changed one writes one entry of the changed fields.
A role column's words set the person's role; words that name none are kept (`_keep_role_words`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from kiosk.core.changelog import Writer
from kiosk.core.codes import human_codes, ticket_secrets
from kiosk.core.context import Context
from kiosk.core.ids import new_id
from kiosk.core.io.headers import Resolution
from kiosk.core.io.tabular import Row
from kiosk.core.models import RegistrantStatus, Role, Sector
from kiosk.core.names import full_name
from kiosk.core.replica import UPSERT
from kiosk.core.services.import_roles import RoleColumn
from kiosk.core.services.import_rows import NO_ORGANIZATION, Rejected, RowReader
from kiosk.core.services.import_sectors import SectorColumn
from kiosk.core.services.organizations import new_organization
from kiosk.core.services.registrants import check_changes
from kiosk.core.sqltypes import iso_utc
from kiosk.core.store import drop_indexes
from kiosk.core.text import normalize_org_name, plural

BATCH = 5000
"""Rows read between writes (and progress reports). All of them go into one transaction: each commit
would rewrite every index page its rows touched, and with random keys (ticket codes, secrets, emails) a
batch touches most of them."""
SIMILAR_ORGS = 90
MAX_SUGGESTION_ORGS = 5000

Progress = Callable[[int, int | None], None]


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
    "role",
    "languages",
    "accessibility_needs",
    "external_ids",
    "barcode",
    "ticket_type",
    "extra",
    "status",
)
_JSON_COLUMNS = frozenset({"languages", "external_ids", "extra"})


class ImportRun:
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
        delimiter: str = "",
    ) -> None:
        self.ctx = ctx
        self.event_id = event_id
        self.shared = shared
        """External id kinds several people share (an order number): never used to tell people apart."""
        self.sectors = SectorColumn(NO_ORGANIZATION) if any(c.field == "sector" for c in resolution.columns) else None
        """The organization type column's sectors, when the file has one."""
        self.roles = RoleColumn(NO_ORGANIZATION) if any(c.field == "role" for c in resolution.columns) else None
        """The role column's words that name no role, when the file has one."""
        self.reader = RowReader(resolution, self.sectors, self.roles, delimiter)
        self.fold = self.reader.fold
        self.org_names: dict[str, str] = {}
        """Organization cell -> normalized name, as organizations repeat from row to row."""
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
        self.read_all = False
        """Every row of the file read: a stop from here on comes after the last row, at the last write."""

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
        read = 0
        for row in rows:
            read += 1
            if row.error:
                self._reject(row.line, row.error)
            elif not any(row.cells) or not any(cell.strip() for cell in row.cells):
                self.counts.blank += 1
            else:
                self.counts.rows += 1
                try:
                    self._take(row)
                except Rejected as reason:
                    self._reject(row.line, str(reason))
            # Every BATCH rows read too, not only written: rows that write nothing (a re-import, rejected
            # rows) must still report progress, and a stop must not wait for the end of the file.
            if len(self.ops) >= BATCH or read >= BATCH:
                read = 0
                self._flush()
                if self.stop is not None:
                    return
        self.read_all = True
        if self.sectors:
            self._decide_sectors(self.sectors)
        self._flush()

    def _reject(self, line: int, reason: str) -> None:
        self.counts.rejections.append(RejectedRow(line, reason))

    def _take(self, row: Row) -> None:
        fields, state, org_name, external, extra, given, role = self.reader.parse(row)
        org_key = self._org_name_key(org_name) if org_name else ""
        match, how = self._match(fields, org_key, external)
        if match is not None and match.claimed_by:
            raise Rejected(f"same person as line {match.claimed_by} ({how}); only line {match.claimed_by} was imported")
        # Only now, for a row that is imported: a rejected row must not leave a new organization behind.
        if self.sectors and isinstance(given, str) and not isinstance(given, Sector):  # not worth losing a person
            self.sectors.not_a_sector(given, row.line)
        if isinstance(role, Role):
            fields["role"] = role.value
        elif role is not None:
            self._keep_role_words(role, row.line, fields, extra, match)
        sector = given if isinstance(given, Sector) else None
        org_id = self._organization(org_name, org_key, sector) if org_name and org_key else None
        if self.sectors and sector is not None and org_id is not None:
            self.sectors.give(org_key, sector, row.line)
        if match is None:
            self._add(row.line, fields, state, org_id, external, extra)
            return
        match.claimed_by = row.line
        self._update(match, fields, state, org_id, external, extra)

    def _keep_role_words(
        self, words: str, line: int, fields: dict[str, Any], extra: dict[str, str], person: _Known | None
    ) -> None:
        """Words of the role column that name no role ("Board member": the column may well hold job titles)
        are listed with their line and kept: as the title when the person has none (or has these very
        words), else as a form answer; their role is left as it is."""
        if self.roles is not None:
            self.roles.not_a_role(words, line)
        title = fields.get("title") or (person.values["title"] if person is not None else "")
        if not title or title == words:
            fields["title"] = words
        else:
            extra[self.reader.role_key] = words

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
                # In either order: a form filled in twice, once as "Amal Haddad", once as "Haddad Amal".
                theirs = f"{p_first} {p_last}"
                similar = (first and first == p_first) or max(
                    fuzz.ratio(f"{first} {last}", theirs), fuzz.token_sort_ratio(f"{first} {last}", theirs)
                ) >= 80
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
            "role": fields.get("role", Role.ATTENDEE.value),
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
                shown = full_name(current["first_name"], current["last_name"], current["preferred_name"])
                self.cancelled_present.append((person.claimed_by, shown))
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
