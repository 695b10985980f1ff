"""How a change-log entry becomes rows: the one apply path for local writes and for entries from sync.

Mutable entities merge field by field, last writer wins by stamp (HLC, then station id); append-only
entities are inserted once and never changed. Both rules are idempotent and commutative, so every
station that holds the same entries holds the same rows, whatever order they came in.

This is the hot path of every check-in, so it speaks to sqlite3 directly with SQL prepared once per
table, converting values with SQLAlchemy's own bind processors so the rows read back through SQLModel
exactly as if the ORM had written them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from kiosk.core.errors import InvalidInput
from kiosk.core.models import (
    BadgePrint,
    CheckIn,
    CheckInVoid,
    Contribution,
    Event,
    Organization,
    Registrant,
    Station,
)
from kiosk.core.models import Connection as PartnerConnection
from kiosk.core.sqltypes import UtcDateTime, iso_utc
from kiosk.core.text import fold, index_words, written_together

UPSERT = "upsert"
APPEND = "append"
UPDATE = "update"
"""Not a kind of entry: the `run_kind` of upserts to rows that exist already."""
DERIVED = frozenset({"field_clocks", "search_text", "voided_by", "stamp", "id"})
"""Columns each station computes for itself; a payload that sets them is refused."""

_STAMPED = frozenset({"checkin", "checkin_void"})
"""Append-only rows that keep their entry's stamp (a derived `stamp` column): which one came first."""

ALL_FIELDS = "*"
"""Key in field_clocks for the stamp of every field that has no clock of its own."""
_DIALECT = sqlite_dialect.dialect()
_PARSERS: dict[type, Callable[[str], Any]] = {dt.date: dt.date.fromisoformat}


def _json_encoder(ascii_only: bool, separators: tuple[str, str]) -> Callable[[Any], str]:
    """`json.JSONEncoder(ensure_ascii=ascii_only, separators=separators).encode`, with the C encoder made
    once instead of on every call (most of the cost of encoding a short value). Same text, byte for byte."""
    plain = json.JSONEncoder(ensure_ascii=ascii_only, separators=separators)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return plain.encode
    basestring = json.encoder.encode_basestring_ascii if ascii_only else json.encoder.encode_basestring
    # markers=None skips the check for circular values: payloads are decoded JSON, never circular.
    encoder = make(None, plain.default, basestring, None, separators[1], separators[0], False, False, True)

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return basestring(value)
        return "".join(encoder(value, 0))

    return encode


json_column = _json_encoder(True, (", ", ": "))
"""json.dumps(value): what SQLAlchemy's JSON type stores (the sqlite dialect's default serializer)."""
json_text = _json_encoder(False, (",", ":"))
"""Compact JSON as the change log stores payloads (kiosk.core.changelog)."""


def _python_type(column_type: TypeEngine[Any]) -> type | None:
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


@dataclass(frozen=True)
class Codec:
    """Turns payload fields (JSON values) into the values sqlite3 stores for one table."""

    name: str
    settable: frozenset[str]
    parsers: dict[str, Callable[[str], Any]]
    binders: dict[str, Any]

    @classmethod
    def of(cls, model: Any) -> Codec:
        table: Table = model.__table__
        parsers: dict[str, Callable[[str], Any]] = {}
        binders: dict[str, Any] = {}
        for column in table.columns:
            if isinstance(column.type, UtcDateTime):
                continue  # payload text is already the stored form
            parse = _PARSERS.get(_python_type(column.type))  # type: ignore[arg-type]
            if parse is not None:
                parsers[column.name] = parse
            bind: Any = column.type.bind_processor(_DIALECT)
            if isinstance(column.type, JSON):
                bind = json_column  # the same text as SQLAlchemy's own processor, made faster
            if bind is not None:
                binders[column.name] = bind
        return cls(table.name, frozenset(table.columns.keys()) - DERIVED, parsers, binders)

    def to_db(self, payload: dict[str, Any]) -> dict[str, Any]:
        unknown = payload.keys() - self.settable
        if unknown:
            raise InvalidInput(f"{self.name} has no field {min(unknown)!r} that a change can set")
        if self.parsers.keys().isdisjoint(payload) and self.binders.keys().isdisjoint(payload):
            return payload  # a check-in: every field is stored as it travels
        values: dict[str, Any] = {}
        for key, raw in payload.items():
            value = raw
            if raw is not None:
                parse = self.parsers.get(key)
                if parse is not None:
                    value = parse(raw)
                bind = self.binders.get(key)
                if bind is not None:
                    value = bind(value)
            values[key] = value
        return values


UPSERT_CODECS: dict[str, Codec] = {
    codec.name: codec
    for codec in map(Codec.of, (Station, Event, Organization, Registrant, Contribution, PartnerConnection))
}
APPEND_CODECS: dict[str, Codec] = {codec.name: codec for codec in map(Codec.of, (CheckIn, CheckInVoid, BadgePrint))}


def encode(value: Any) -> Any:
    """A Python value as it travels in a payload (JSON)."""
    if isinstance(value, dt.datetime):
        try:
            return iso_utc(value)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def _insert_sql(table: str, columns: tuple[str, ...], once: bool = False) -> str:
    # ON CONFLICT skips only a repeat of the same key; a missing value or reference still fails.
    tail = " ON CONFLICT DO NOTHING" if once else ""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}){tail}"


_APPEND_KEYS = {"checkin": ("registrant_id", "id"), "checkin_void": ("id",)}
"""Primary keys of the append-only rows that keep their entry's stamp (_STAMPED)."""


@functools.cache
def _append_sql(table: str, columns: tuple[str, ...]) -> str:
    """Insert an append-only row once. Two stations may append the same row (the same merge made at both
    carries one check-in over with one id, kiosk.core.services.merges): of its entries, the one with the
    earliest stamp gives the row, on every station whatever order they came in."""
    keys = _APPEND_KEYS.get(table)
    if keys is None or "stamp" not in columns:
        return _insert_sql(table, columns, once=True)
    changes = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
    return (
        f"{_insert_sql(table, columns)} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {changes} "
        f"WHERE excluded.stamp < {table}.stamp"
    )


@functools.cache
def _update_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?"


def apply_entry(
    db: sqlite3.Connection,
    entity: str,
    entity_id: str,
    kind: str,
    payload: dict[str, Any],
    stamp: str,
    new: bool = False,
) -> None:
    """Apply one entry. Raises sqlite3.IntegrityError if it refers to a row this station lacks yet.

    `new` is only for the writer of an upsert whose id it has just made in this transaction: no row can
    hold that id yet, so the existence check is skipped (were the claim wrong, the INSERT would fail on the
    primary key and the transaction roll back). Replay and ingest never pass it: they keep the check that
    makes applying an entry twice harmless.
    """
    if kind == UPSERT and entity in UPSERT_CODECS and new:
        _insert_new(db, UPSERT_CODECS[entity], entity_id, payload, stamp)
    elif kind == UPSERT and entity in UPSERT_CODECS:
        changed = _apply_upsert(db, UPSERT_CODECS[entity], entity_id, payload, stamp)
        hook = _AFTER_UPSERT.get(entity)
        if hook is not None and changed:
            hook(db, entity_id, changed)
    elif kind == APPEND and entity in APPEND_CODECS:
        codec = APPEND_CODECS[entity]
        values = codec.to_db(payload)
        if entity in _STAMPED:
            values = {**values, "stamp": stamp}
        db.execute(_append_sql(codec.name, ("id", *values)), (entity_id, *values.values()))
        if entity == "checkin_void":
            _point_checkin_at_first_void(db, values["registrant_id"], values["checkin_id"])
    else:
        raise InvalidInput(f"unknown change {kind!r} on {entity!r}")


def _creation_row(codec: Codec, entity_id: str, values: dict[str, Any], stamp: str) -> dict[str, Any]:
    return {"id": entity_id, **values, "field_clocks": _creation_clocks(values.keys() >= codec.settable, values, stamp)}


def _creation_clocks(full: bool, fields: Iterable[str], stamp: str) -> str:
    # A full creation keeps one clock for all its fields; fields changed later get their own entry.
    if full:  # json.dumps({"*": stamp}, sort_keys=True), without building an encoder for every row
        return '{"' + ALL_FIELDS + '": ' + json.dumps(stamp) + "}"
    return json.dumps(dict.fromkeys(fields, stamp), sort_keys=True)


def _insert_new(db: sqlite3.Connection, codec: Codec, entity_id: str, payload: dict[str, Any], stamp: str) -> None:
    """A row made in this transaction, with its derived columns in the same INSERT: the same row that
    `_apply_upsert` and its hook build when the entry is replayed elsewhere. A new organization has no
    members yet, so its hook has nothing to do."""
    row = _creation_row(codec, entity_id, codec.to_db(payload), stamp)
    if codec.name == "registrant":
        org_name = None
        if row.get("organization_id") is not None:
            found = db.execute("SELECT name FROM organization WHERE id = ?", (row["organization_id"],)).fetchone()
            org_name = found[0] if found else None
        parts = (
            row.get("first_name"),
            row.get("last_name"),
            row.get("preferred_name"),
            org_name,
            row.get("email"),
            row.get("ticket_code"),
        )
        row["search_text"], bucket, search_row = search_entry(entity_id, row.get("event_id"), *parts)
        db.execute(_insert_sql(codec.name, tuple(row)), tuple(row.values()))
        add_search_rows(db, [(bucket, search_row)])
        return
    db.execute(_insert_sql(codec.name, tuple(row)), tuple(row.values()))


SearchRow = tuple[int, tuple[str, str, str, str]]
"""A search row waiting for its rowid: the bucket, then names, other, key and registrant_id."""


_SEARCH_FIELDS = ("first_name", "last_name", "preferred_name", "organization_id", "email", "ticket_code")


@dataclass(frozen=True)
class _RowPlan:
    """How payloads naming `fields` in that order become registrant/organization/... rows, worked out once
    for a batch instead of once per row: the same values `Codec.to_db` and `_creation_row` give."""

    sql: str
    convert: tuple[tuple[int, Callable[[Any], Any]], ...]
    full: bool
    fields: tuple[str, ...]
    search: tuple[int | None, ...] | None
    """Positions of the search-key parts in `fields` (registrants only)."""
    event_at: int | None


def _parse_then_bind(parse: Callable[[Any], Any], bind: Callable[[Any], Any], value: Any) -> Any:
    return bind(parse(value))


@functools.cache
def _row_plan(entity: str, fields: tuple[str, ...]) -> _RowPlan:
    codec = UPSERT_CODECS[entity]
    codec.to_db(dict.fromkeys(fields))  # InvalidInput for a field no change can set
    convert: list[tuple[int, Callable[[Any], Any]]] = []
    for at, name in enumerate(fields):
        steps = [step for step in (codec.parsers.get(name), codec.binders.get(name)) if step is not None]
        if len(steps) == 2:
            convert.append((at, functools.partial(_parse_then_bind, steps[0], steps[1])))
        elif steps:
            convert.append((at, steps[0]))
    registrant = entity == "registrant"
    columns = ("id", *fields, "field_clocks", *(("search_text",) if registrant else ()))
    search = tuple(fields.index(f) if f in fields else None for f in _SEARCH_FIELDS) if registrant else None
    event_at = fields.index("event_id") if "event_id" in fields else None
    full = set(fields) >= codec.settable
    return _RowPlan(_insert_sql(codec.name, columns), tuple(convert), full, fields, search, event_at)


def insert_new_many(
    db: sqlite3.Connection,
    entity: str,
    items: list[tuple[str, dict[str, Any], str]],
    search: list[SearchRow] | None = None,
) -> None:
    """`_insert_new` for many (entity_id, payload, stamp) of one upsert entity, with executemany.

    New registrants' search rows go into the index now, or onto `search` for the caller to add later in
    the same transaction (`add_search_rows`).

    Every row holds exactly what `_insert_new` would store (Codec.to_db's values, `_creation_row`'s clocks,
    the same search key), so a station that replays these entries one by one through `_apply_upsert` holds
    the same rows. Rows whose payloads name the same fields share one INSERT; the first row that fails
    raises, and the caller's transaction is rolled back.
    """
    if entity not in UPSERT_CODECS:
        raise InvalidInput(f"unknown change {UPSERT!r} on {entity!r}")
    org_names: dict[str, str | None] = {}
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    plan: _RowPlan | None = None
    rows: list[list[Any]] = []
    searchable: list[SearchRow] = []
    for entity_id, payload, stamp in items:
        fields = tuple(payload)
        if plan is None or plan.fields != fields:
            plan = _row_plan(entity, fields)
            rows = groups.setdefault(fields, [])
        values = list(payload.values())
        for at, convert in plan.convert:
            if values[at] is not None:
                values[at] = convert(values[at])
        values.append(_creation_clocks(plan.full, fields, stamp))
        if plan.search is not None:
            first, last, preferred, org_id, email, code = (None if at is None else values[at] for at in plan.search)
            org_name = None
            if org_id is not None:
                if org_id not in org_names:
                    found = db.execute("SELECT name FROM organization WHERE id = ?", (org_id,)).fetchone()
                    org_names[org_id] = found[0] if found else None
                org_name = org_names[org_id]
            event_id = None if plan.event_at is None else values[plan.event_at]
            search_text, bucket, search_row = search_entry(
                entity_id, event_id, first, last, preferred, org_name, email, code
            )
            values.append(search_text)
            searchable.append((bucket, search_row))
        values.insert(0, entity_id)
        rows.append(values)
    for fields, group in groups.items():
        db.executemany(_row_plan(entity, fields).sql, group)
    if search is not None:
        search.extend(searchable)
    elif searchable:
        add_search_rows(db, searchable)


RunKey = tuple[str, str]
"""(entity, kind) of a run of entries that `apply_run` applies together."""

_ID_CHUNK = 500


def existing_ids(db: sqlite3.Connection, upserts: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Of (entity, entity_id) pairs, the ids whose rows exist, per upsert entity (every upsert entity is a
    key, so an entity missing from the result is one no change can upsert)."""
    wanted: dict[str, set[str]] = {name: set() for name in UPSERT_CODECS}
    for entity, entity_id in upserts:
        ids = wanted.get(entity)
        if ids is not None:
            ids.add(entity_id)
    found: dict[str, set[str]] = {}
    for entity, ids in wanted.items():
        listed = list(ids)
        held: set[str] = set()
        found[entity] = held
        for at in range(0, len(listed), _ID_CHUNK):
            chunk = listed[at : at + _ID_CHUNK]
            rows = db.execute(f"SELECT id FROM {entity} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            held.update(row[0] for row in rows)
    return found


def run_kind(
    entity: str, entity_id: str, kind: str, payload: dict[str, Any], present: dict[str, set[str]]
) -> RunKey | None:
    """Whether an entry, applied after everything before it, may go into a run (`apply_run`) with the
    entries next to it of the same key: the creation of a row not in `present` (which then holds it), or
    an append other than a void, or a change to a row in `present` (UPDATE: last writer wins field by field
    as `_apply_upsert` decides, a row changed twice in a run merged in order). None: apply it on its own
    (`apply_entry`). A run's entries never refer to each other's rows: one table, each row created once,
    append-only rows, or changes merged per row."""
    if kind == UPSERT:
        ids = present.get(entity)
        if ids is None:
            return None
        if entity_id in ids:
            return entity, UPDATE
        ids.add(entity_id)
        if not payload or (entity == "registrant" and _SEARCHED.isdisjoint(payload)):
            return None  # a creation that `_apply_upsert` would leave without search fields: the rare path
        return entity, UPSERT
    if kind == APPEND and entity in APPEND_CODECS and entity != "checkin_void":
        return entity, APPEND
    return None


def apply_run(db: sqlite3.Connection, entity: str, kind: str, items: list[tuple[str, dict[str, Any], str]]) -> bool:
    """Apply (entity_id, payload, stamp) of entries of one `run_kind` key with executemany, leaving the rows
    `apply_entry` leaves when it applies them one by one. Raises sqlite3.IntegrityError if any of them
    refers to a row this station lacks, and returns False (having written nothing) if a change finds no
    row to change: either way the caller undoes the run and applies its entries one by one."""
    if kind == UPSERT:
        insert_new_many(db, entity, items)
        return True
    if kind == UPDATE:
        return _update_many(db, UPSERT_CODECS[entity], items)
    codec = APPEND_CODECS[entity]
    stamped = entity in _STAMPED
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for entity_id, payload, stamp in items:
        values = codec.to_db(payload)
        if stamped:
            values = {**values, "stamp": stamp}
        groups.setdefault(tuple(values), []).append((entity_id, *values.values()))
    for columns, rows in groups.items():
        db.executemany(_append_sql(codec.name, ("id", *columns)), rows)
    return True


def _chunks(values: list[str], size: int = _ID_CHUNK) -> Iterable[list[str]]:
    for at in range(0, len(values), size):
        yield values[at : at + size]


def _update_many(db: sqlite3.Connection, codec: Codec, items: list[tuple[str, dict[str, Any], str]]) -> bool:
    """`_apply_upsert` and its hook for changes to rows that exist, with one UPDATE per changed row (the
    winners of all its changes) and the hook once per run."""
    clocks: dict[str, dict[str, str]] = {}
    for chunk in _chunks(list({entity_id for entity_id, _payload, _stamp in items})):
        held_rows = db.execute(
            f"SELECT id, field_clocks FROM {codec.name} WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        )
        clocks.update((entity_id, json.loads(text)) for entity_id, text in held_rows)
    changes: dict[str, dict[str, Any]] = {}
    for entity_id, payload, stamp in items:
        values = codec.to_db(payload)
        held = clocks.get(entity_id)
        if held is None:
            return False
        created = held.get(ALL_FIELDS, "")
        winners = {k: v for k, v in values.items() if held.get(k, created) < stamp}
        if winners:
            held.update(dict.fromkeys(winners, stamp))
            changes.setdefault(entity_id, {}).update(winners)
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for entity_id, changed in changes.items():
        row = {**changed, "field_clocks": json.dumps(clocks[entity_id], sort_keys=True)}
        groups.setdefault(tuple(row), []).append((*row.values(), entity_id))
    for columns, rows in groups.items():
        db.executemany(_update_sql(codec.name, columns), rows)
    if codec.name == "registrant":
        refresh_registrants_search(db, [k for k, changed in changes.items() if not _SEARCHED.isdisjoint(changed)])
    elif codec.name == "organization":
        renamed = [k for k, changed in changes.items() if "name" in changed]
        for chunk in _chunks(renamed):
            members = db.execute(
                f"SELECT id FROM registrant WHERE organization_id IN ({', '.join('?' * len(chunk))})", chunk
            )
            refresh_registrants_search(db, [row[0] for row in members])
    return True


def refresh_registrants_search(db: sqlite3.Connection, registrant_ids: list[str]) -> None:
    """`_refresh_registrant_search` for many registrants whose searched fields changed: their search_text
    and search rows made again from the rows as they are now."""
    if not registrant_ids:
        return
    made: list[tuple[str, str]] = []
    rows: list[SearchRow] = []
    for chunk in _chunks(registrant_ids):
        found = db.execute(
            "SELECT r.id, r.event_id, r.first_name, r.last_name, r.preferred_name, o.name, r.email, r.ticket_code "
            "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id "
            f"WHERE r.id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for registrant_id, *parts in found:
            search_text, bucket, search_row = search_entry(registrant_id, *parts)
            made.append((search_text, registrant_id))
            rows.append((bucket, search_row))
    db.executemany("UPDATE registrant SET search_text = ? WHERE id = ?", made)
    unindex_registrants(db, [registrant_id for _text, registrant_id in made])
    add_search_rows(db, rows)


def _apply_upsert(
    db: sqlite3.Connection, codec: Codec, entity_id: str, payload: dict[str, Any], stamp: str
) -> set[str]:
    values = codec.to_db(payload)
    current = db.execute(f"SELECT field_clocks FROM {codec.name} WHERE id = ?", (entity_id,)).fetchone()
    if current is None:
        row = _creation_row(codec, entity_id, values, stamp)
        db.execute(_insert_sql(codec.name, tuple(row)), tuple(row.values()))
        return set(values)
    clocks = json.loads(current[0])
    created = clocks.get(ALL_FIELDS, "")
    winners = {k: v for k, v in values.items() if clocks.get(k, created) < stamp}
    if not winners:
        return set()
    clocks.update({k: stamp for k in winners})
    winners["field_clocks"] = json.dumps(clocks, sort_keys=True)
    db.execute(_update_sql(codec.name, tuple(winners)), (*winners.values(), entity_id))
    return set(winners)


_SEARCHED = frozenset(
    {"first_name", "last_name", "preferred_name", "organization_id", "email", "ticket_code", "event_id"}
)


def _refresh_registrant_search(db: sqlite3.Connection, registrant_id: str, changed: set[str]) -> None:
    if not changed & _SEARCHED:
        return
    row = db.execute(
        "SELECT r.event_id, r.first_name, r.last_name, r.preferred_name, o.name, r.email, r.ticket_code "
        "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id WHERE r.id = ?",
        (registrant_id,),
    ).fetchone()
    search_text, bucket, search_row = search_entry(registrant_id, *row)
    db.execute("UPDATE registrant SET search_text = ? WHERE id = ?", (search_text, registrant_id))
    unindex_registrant(db, registrant_id)
    add_search_rows(db, [(bucket, search_row)])


def _refresh_organization_members(db: sqlite3.Connection, organization_id: str, changed: set[str]) -> None:
    if "name" not in changed:
        return
    members = db.execute("SELECT id FROM registrant WHERE organization_id = ?", (organization_id,)).fetchall()
    for (registrant_id,) in members:
        _refresh_registrant_search(db, registrant_id, {"organization_id"})


_AFTER_UPSERT: dict[str, Callable[[sqlite3.Connection, str, set[str]], None]] = {
    "registrant": _refresh_registrant_search,
    "organization": _refresh_organization_members,
}


def _point_checkin_at_first_void(db: sqlite3.Connection, registrant_id: str, checkin_id: str) -> None:
    db.execute(
        "UPDATE checkin SET voided_by = (SELECT id FROM checkin_void WHERE registrant_id = ? AND checkin_id = ? "
        "ORDER BY stamp LIMIT 1) WHERE registrant_id = ? AND id = ?",
        (registrant_id, checkin_id, registrant_id, checkin_id),
    )


# The search index: an FTS5 table derived from the same fields as search_text, never replicated (each
# station builds it as it applies entries, like search_text). Check-ins never touch it.

SEARCH_TABLE = "registrant_search"
SEARCH_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
"""Words are runs of letters, digits and combining marks: Devanagari, Gurmukhi, Khmer and Arabic vowel
signs are marks and must stay inside their word. Folding (kiosk.core.text.fold) has already been done."""
SEARCH_TABLE_SQL = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(names, other, key, registrant_id UNINDEXED, "
    f"tokenize=\"{SEARCH_TOKENIZER}\", prefix='1 2', detail=column)"
)
"""names: folded first, last and preferred names, and the ways they are also typed (`name_variants`); other:
organization and email; key: 'e<event hex>' and
'r<registrant hex>' tokens, to filter by event and to find a row again, and 'c<ticket code>', so a code is
matched only when asked for (one typed letter must not list everyone whose random code starts with it).
A rowid is the display name's first two characters (34 bits) then a sequence in that bucket (29 bits),
so reading matches in rowid order reads them roughly alphabetically and a query can stop at its limit."""

_SEQ_BITS = 29
_CHAR_BITS = 17


def search_token(prefix: str, uuid: str | None) -> str:
    """The key token of an event ('e') or a registrant ('r'): its id as one word."""
    word = (uuid or "").replace("-", "")
    if not word.isalnum():  # not a plain UUID (every id this app makes is one): keep its letters and digits
        word = "".join(ch for ch in word if ch.isalnum())
    return prefix + word.lower()


def code_token(code: str | None) -> str:
    """The key token of a human ticket code: 'c' and the code folded, without its dash."""
    if code and code.isascii() and code.isalnum():  # every code this app makes: folding only lowers it
        return "c" + code.lower()
    return "c" + "".join(ch for ch in fold(code or "") if ch.isalnum())


def sort_key(first: str | None, last: str | None, preferred: str | None) -> str:
    """The folded display name (preferred or first name, then last name) results are ordered by."""
    return fold(" ".join(part for part in (preferred or first, last) if part))


@functools.lru_cache(maxsize=65_536)
def _run_together(folded: str) -> str:
    """A folded name of several words as one word ('mei-ling' -> 'meiling'), or "" if it is one word."""
    if folded.isascii() and folded.isalnum():  # most names: one plain word
        return ""
    words = index_words(folded)
    return "".join(words) if len(words) > 1 else ""


_ARTICLE = "\u0627\u0644"
"""ال, the Arabic article, written onto the word it goes with (folded: أل and آل fold to it too)."""


def _has_article(word: str) -> bool:
    """A word of a name that begins with the article and has a word of three letters or more after it (not
    'الله', whose 'له' is no name)."""
    return word.startswith(_ARTICLE) and len(word) >= len(_ARTICLE) + 3


@functools.lru_cache(maxsize=65_536)
def name_variants(first: str | None, last: str | None, preferred: str | None) -> tuple[str, ...]:
    """Words the names column holds besides the folded names' own words, for names as they are also typed:
    a name of several words run together ('mei-ling' -> 'meiling', "o'brien" -> 'obrien', 'de la cruz' ->
    'delacruz', 'عبد الله' -> 'عبدالله'), an Arabic name's words without the article ('الحسن' -> 'حسن'),
    and a Chinese, Japanese or Korean name written whole with no space,
    family name first as it is written ('王家豪' for 家豪 王) or given name first."""
    out = [joined for part in (first, last, preferred) if part and (joined := _run_together(part))]
    for part in (first, last, preferred):
        if part and _ARTICLE in part:  # 'الحسن' is also found as 'حسن', as "Al-Hassan" is as "Hassan"
            out += [word[len(_ARTICLE) :] for word in index_words(part) if _has_article(word)]
    if last and not last.isascii() and written_together(last):
        for given in (first, preferred):
            if given and not given.isascii() and written_together(given):
                family, own = "".join(index_words(last)), "".join(index_words(given))
                out += [family + own, own + family]
    return tuple(dict.fromkeys(out))


def _bucket(key: str) -> int:
    chars = [min(ord(ch), (1 << _CHAR_BITS) - 1) for ch in key[:2]] + [0, 0]
    return ((chars[0] << _CHAR_BITS) | chars[1]) << _SEQ_BITS


_fold_repeating = functools.lru_cache(maxsize=65_536)(fold)
"""fold() for names and organizations, which repeat from registrant to registrant (emails and codes do not)."""


@functools.lru_cache(maxsize=64)
def _event_token(event_id: str | None) -> str:
    return search_token("e", event_id)


def search_entry(
    registrant_id: str,
    event_id: str | None,
    first: str | None,
    last: str | None,
    preferred: str | None,
    org: str | None,
    email: str | None,
    code: str | None,
) -> tuple[str, int, tuple[str, str, str, str]]:
    """A registrant's search_text (text.search_key), the bucket of its search row's rowid, and the row's
    names, other, key and registrant_id, folding each part once for both. Runs for every registrant an
    import adds, hence the parts spelled out rather than looped over."""
    f_first = _fold_repeating(first) if first else None
    f_last = _fold_repeating(last) if last else None
    f_preferred = _fold_repeating(preferred) if preferred else None
    f_org = _fold_repeating(org) if org else None
    f_email = fold(email) if email else None
    f_code = fold(code) if code else None
    search_text = " | ".join([f for f in (f_first, f_last, f_preferred, f_org, f_email, f_code) if f is not None])
    names = " ".join([f for f in (f_first, f_last, f_preferred, *name_variants(f_first, f_last, f_preferred)) if f])
    other = " ".join([f for f in (f_org, f_email) if f])
    # sort_key() folded again: folding works word by word, so its words are the folded parts' words
    shown = f_preferred if preferred else f_first
    label = (f"{shown} {f_last}" if f_last else shown) if shown else f_last or other
    key = f"{_event_token(event_id)} {search_token('r', registrant_id)} {code_token(code)}"
    return search_text, _bucket(label), (names, other, key, registrant_id)


def index_registrants(db: sqlite3.Connection, people: list[tuple[Any, ...]]) -> None:
    """Add search rows for (registrant_id, event_id, first, last, preferred, organization name, email,
    ticket code) of registrants not in the index yet."""
    add_search_rows(db, [search_entry(*person)[1:] for person in people])


def rebuild_search(db: sqlite3.Connection) -> None:
    """Derive every registrant's search_text and search row again, from the rows as they are: what a
    migration runs when folding or indexing changes (search_text and the index are never replicated, so each
    station rebuilds its own). search_text is written only where it changed; the index is made afresh in one
    sorted insert, as an import makes it."""
    people = db.execute(
        "SELECT r.id, r.event_id, r.first_name, r.last_name, r.preferred_name, o.name, r.email, r.ticket_code, "
        "r.search_text FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id"
    ).fetchall()
    changed: list[tuple[str, str]] = []
    rows: list[SearchRow] = []
    for *person, held in people:
        search_text, bucket, search_row = search_entry(*person)
        rows.append((bucket, search_row))
        if search_text != held:
            changed.append((search_text, person[0]))
    db.executemany("UPDATE registrant SET search_text = ? WHERE id = ?", changed)
    db.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    db.execute(SEARCH_TABLE_SQL)
    add_search_rows(db, rows)


def add_search_rows(db: sqlite3.Connection, rows: list[SearchRow]) -> None:
    """Insert (bucket, (names, other, key, registrant_id)) rows from `search_entry`, each with the next free
    rowid of its bucket, in rowid order: FTS5 writes its pending terms out as a new segment whenever a rowid
    is lower than the one before, so rows in file order would make a segment per row."""
    next_in: dict[int, int] = {}
    numbered = []
    for bucket, values in rows:
        rowid = next_in.get(bucket)
        if rowid is None:
            top = db.execute(
                f"SELECT rowid FROM {SEARCH_TABLE} WHERE rowid >= ? AND rowid < ? ORDER BY rowid DESC LIMIT 1",
                (bucket, bucket + (1 << _SEQ_BITS)),
            ).fetchone()
            rowid = bucket if top is None else top[0] + 1
        next_in[bucket] = rowid + 1
        numbered.append((rowid, *values))
    numbered.sort()
    db.executemany(
        f"INSERT INTO {SEARCH_TABLE} (rowid, names, other, key, registrant_id) VALUES (?, ?, ?, ?, ?)", numbered
    )


_SCAN_OVER = 1000
"""From this many registrants on, `unindex_registrants` reads the whole index once rather than looking
each one up (each lookup costs about as much as reading 700 rows)."""
_MATCH_CHUNK = 200


def unindex_registrants(db: sqlite3.Connection, registrant_ids: list[str]) -> None:
    """`unindex_registrant` for many: their search rows found with one query per 200 (or one scan of the
    index for many), then deleted by rowid."""
    wanted = set(registrant_ids)
    if len(wanted) >= _SCAN_OVER:
        found = db.execute(
            f"SELECT rowid FROM {SEARCH_TABLE} WHERE registrant_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(wanted)),),
        )
        rowids = [row[0] for row in found]
    else:
        rowids = []
        for chunk in _chunks(sorted(wanted), _MATCH_CHUNK):
            query = "{key} : (" + " OR ".join(f'"{search_token("r", rid)}"' for rid in chunk) + ")"
            found = db.execute(
                f"SELECT rowid, registrant_id FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH ?", (query,)
            )
            rowids += [rowid for rowid, rid in found if rid in wanted]
    db.executemany(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = ?", [(rowid,) for rowid in rowids])


def unindex_registrant(db: sqlite3.Connection, registrant_id: str) -> None:
    db.execute(
        f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH ?)",
        (f'{{key}} : "{search_token("r", registrant_id)}"',),
    )
