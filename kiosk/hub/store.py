"""The hub's store: entries from every station, the stations' tokens, one-time pairing tokens.

SQLAlchemy Core over SQLite or PostgreSQL (`postgresql+psycopg://`). Entries are keyed by (station_id,
station_seq) and inserted with ON CONFLICT DO NOTHING, so a push repeated after a lost response, or the
same entries pushed through two hub processes at once, are stored once. Tokens are kept as SHA-256
hashes; a pairing token is consumed by one conditional UPDATE, so two processes cannot both honour it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    event,
    func,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from kiosk.core.changelog import Entry

metadata = MetaData()

hub_entry = Table(
    "hub_entry",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("station_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("hlc", String(32), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Index("ix_hub_entry_hlc", "hlc", "station_id"),
)

hub_station = Table(
    "hub_station",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("name", Text, nullable=False, default=""),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("public_key", String(128), nullable=False, default=""),
    Column("paired_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

hub_pairing = Table(
    "hub_pairing",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_by", String(64)),
)

hub_meta = Table(
    "hub_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

PAIRING_LIFETIME = dt.timedelta(hours=12)
DEFAULT_URL = "sqlite:///hub.sqlite3"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class StationRecord:
    station_id: str
    name: str
    paired_at: dt.datetime
    revoked_at: dt.datetime | None


class HubStore:
    def __init__(self, url: str = DEFAULT_URL) -> None:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        self.url = url
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":

            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.execute("PRAGMA journal_mode=WAL")
                dbapi_connection.execute("PRAGMA synchronous=FULL")
                dbapi_connection.execute("PRAGMA busy_timeout=10000")

        metadata.create_all(self.engine, checkfirst=True)
        self.network = self._meta_once("network", str(uuid.uuid4()))
        self.hub_id = self._meta_once("hub_id", str(uuid.uuid4()))

    def _insert(self, table: Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def _meta_once(self, key: str, value: str) -> str:
        with self.engine.begin() as conn:
            conn.execute(self._insert(hub_meta).values(key=key, value=value).on_conflict_do_nothing())
            return str(conn.execute(select(hub_meta.c.value).where(hub_meta.c.key == key)).scalar_one())

    def close(self) -> None:
        self.engine.dispose()

    # Entries.

    def store_entries(self, entries: Iterable[Entry]) -> int:
        """Store entries not held yet, in one transaction; returns how many were new."""
        rows = [
            {
                "station_id": e.station_id,
                "station_seq": e.station_seq,
                "hlc": e.hlc,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "kind": e.kind,
                "payload": json.dumps(e.payload, ensure_ascii=False, separators=(",", ":")),
                "schema_version": e.schema_version,
            }
            for e in entries
        ]
        if not rows:
            return 0
        stmt = self._insert(hub_entry).on_conflict_do_nothing().returning(hub_entry.c.station_seq)
        with self.engine.begin() as conn:
            return len(conn.execute(stmt, rows).all())

    def vector(self) -> dict[str, int]:
        """The hub's version vector: per station, the highest seq up to which it holds every entry."""
        vector: dict[str, int] = {}
        t = hub_entry
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.c.station_id, func.count(), func.min(t.c.station_seq), func.max(t.c.station_seq)).group_by(
                    t.c.station_id
                )
            ).all()
            for station_id, held, low, top in rows:
                if low != 1:
                    continue
                if held == top:
                    vector[station_id] = int(top)
                    continue
                n = t.alias("n")
                gap = conn.execute(
                    select(func.min(t.c.station_seq)).where(
                        t.c.station_id == station_id,
                        ~select(n.c.station_seq)
                        .where(n.c.station_id == t.c.station_id, n.c.station_seq == t.c.station_seq + 1)
                        .exists(),
                    )
                ).scalar_one()
                vector[station_id] = int(gap)
        return vector

    def entries_missing(self, their_vector: Mapping[str, int], limit: int) -> list[Entry]:
        t = hub_entry
        query = select(
            t.c.station_id,
            t.c.station_seq,
            t.c.hlc,
            t.c.entity,
            t.c.entity_id,
            t.c.kind,
            t.c.payload,
            t.c.schema_version,
        )
        if their_vector:
            query = query.where(
                not_(or_(*[and_(t.c.station_id == s, t.c.station_seq <= v) for s, v in their_vector.items()]))
            )
        query = query.order_by(t.c.hlc, t.c.station_id).limit(limit)
        with self.engine.connect() as conn:
            return [Entry.from_row(tuple(row)) for row in conn.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(hub_entry)).scalar_one())

    # Pairing and tokens.

    def new_pairing_token(self, lifetime: dt.timedelta = PAIRING_LIFETIME) -> str:
        token = secrets.token_urlsafe(18)
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(
                hub_pairing.insert().values(token_sha256=digest(token), created_at=now, expires_at=now + lifetime)
            )
        return token

    def pair(self, pairing_token: str, station_id: str, name: str, public_key: str) -> str | None:
        """Consume a one-time pairing token for a station; its new station token, or None if the pairing
        token is unknown, used or expired. A station paired again gets a new token (the old one stops)."""
        now = _now()
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            used = conn.execute(
                update(hub_pairing)
                .where(
                    hub_pairing.c.token_sha256 == digest(pairing_token),
                    hub_pairing.c.used_by.is_(None),
                    hub_pairing.c.expires_at > now,
                )
                .values(used_by=station_id)
            )
            if used.rowcount != 1:
                return None
            values = {"name": name, "token_sha256": digest(token), "public_key": public_key, "paired_at": now}
            stmt = self._insert(hub_station).values(station_id=station_id, revoked_at=None, **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["station_id"], set_={**values, "revoked_at": None}))
        return token

    def station_for(self, token: str) -> str | None:
        """The station a token belongs to, unless it was revoked."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(hub_station.c.station_id).where(
                    hub_station.c.token_sha256 == digest(token), hub_station.c.revoked_at.is_(None)
                )
            ).scalar_one_or_none()

    def revoke(self, station: str) -> list[str]:
        """Revoke the token of every station whose id starts with `station` or whose name is `station`."""
        with self.engine.begin() as conn:
            found = (
                conn.execute(
                    select(hub_station.c.station_id).where(
                        or_(
                            hub_station.c.station_id.startswith(station, autoescape=True), hub_station.c.name == station
                        )
                    )
                )
                .scalars()
                .all()
            )
            if found:
                conn.execute(update(hub_station).where(hub_station.c.station_id.in_(found)).values(revoked_at=_now()))
        return list(found)

    def stations(self) -> list[StationRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    hub_station.c.station_id, hub_station.c.name, hub_station.c.paired_at, hub_station.c.revoked_at
                ).order_by(hub_station.c.name)
            ).all()
        return [StationRecord(r[0], r[1], _aware(r[2]), _aware(r[3]) if r[3] is not None else None) for r in rows]
