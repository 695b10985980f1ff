"""The hub's store: entries from every station, the stations' tokens, one-time pairing tokens.

SQLAlchemy Core over SQLite or PostgreSQL (`postgresql+psycopg://`). Entries are keyed by (station_id,
station_seq) and inserted with ON CONFLICT DO NOTHING, so a push repeated after a lost response, or the
same entries pushed through two hub processes at once, are stored once. Tokens are kept as SHA-256
hashes; a pairing token is consumed by one conditional UPDATE, so two processes cannot both honour it.

The sync network. A hub started for a network (`network=`) serves that network only. A hub started
without one makes up a provisional id and stays open: the first station that pairs with a valid one-use
code decides its network for good, taking the station's own network if it has one (a station that synced
by USB, or the stations of a hub that died), keeping the provisional one otherwise. Claiming the open
hub, checking the network, consuming the code and registering the station are one transaction, so a
refused pairing changes nothing and two pairings at once cannot leave two networks.
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
    Connection,
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
    literal,
    make_url,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import ArgumentError, DBAPIError

from kiosk.core.changelog import Entry
from kiosk.core.errors import KioskError
from kiosk.core.replica import UPSERT

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
NETWORK, SETTLED, HUB_ID, ADDRESS = "network", "network_settled", "hub_id", "address"
"""hub_meta keys: the network id; present once it is final (written by the first pairing); the hub's id;
where it last served from (JSON: url, fingerprint, started_at)."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class OtherNetwork(KioskError):
    """A station of another sync network tried to pair with this hub; nothing was changed."""

    def __init__(self, hub_network: str, station_network: str) -> None:
        super().__init__(
            f"this hub belongs to another sync network ({hub_network[:8]}, the station is in "
            f"{station_network[:8]}): it serves another convening's stations, or was started for another "
            "network; nothing was paired and the pairing code still works"
        )
        self.hub_network = hub_network
        self.station_network = station_network


@dataclass(frozen=True)
class Paired:
    token: str
    """The station's new token for every later request."""
    network: str
    adopted: bool
    """Whether this pairing gave the hub the station's network."""


@dataclass(frozen=True)
class StationRecord:
    station_id: str
    name: str
    """Its name now: from the newest station entry the hub holds for it (as every station merges it), else
    the name it paired with."""
    paired_at: dt.datetime
    revoked_at: dt.datetime | None
    former: tuple[str, ...] = ()
    """Names it had before (its pairing name among them), oldest first."""


@dataclass(frozen=True)
class Address:
    """Where the hub last served this database from, for a pairing code made while it runs."""

    url: str
    fingerprint: str
    started_at: dt.datetime


def _first_line(exc: BaseException) -> str:
    """An error's first line (a driver's message runs on with hints and links)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _shown(url: str) -> str:
    """A database URL to show, its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def fold_name(name: str) -> str:
    """A station name as staff may type it: case and runs of spaces do not matter."""
    return " ".join(name.split()).casefold()


class HubStore:
    def __init__(self, url: str = DEFAULT_URL, network: str | None = None) -> None:
        """Open (creating) the hub's database; with `network`, a hub for that sync network only (an open
        hub takes it; a hub already of another network is refused with KioskError)."""
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        self.url = url
        try:
            self.engine: Engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, ImportError) as exc:  # NoSuchModuleError (no such dialect) is an ArgumentError
            raise KioskError(
                f"{_shown(url)!r} is not a database the hub can use ({_first_line(exc)}): give sqlite:///FILE or "
                "postgresql+psycopg://user@host/db"
            ) from None
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":

            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.execute("PRAGMA journal_mode=WAL")
                dbapi_connection.execute("PRAGMA synchronous=FULL")
                dbapi_connection.execute("PRAGMA busy_timeout=10000")

        self._network = ""
        """The network once it is settled (it never changes after); until then read from the database,
        where another hub process on the same database may settle it."""
        try:
            metadata.create_all(self.engine, checkfirst=True)
            self._start_network(network)
            self.hub_id = self._meta_once(HUB_ID, str(uuid.uuid4()))
        except DBAPIError as exc:
            self.engine.dispose()
            ask = (
                "is it the hub's database file (sqlite:///FILE)?"
                if self.dialect == "sqlite"
                else "is the database server running, and does the database exist?"
            )
            raise KioskError(
                f"cannot open the hub's database {_shown(url)} ({_first_line(exc.orig or exc)}): {ask} "
                "Nothing was changed"
            ) from None
        except BaseException:
            self.engine.dispose()
            raise

    def _insert(self, table: Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def _meta_once(self, key: str, value: str) -> str:
        with self.engine.begin() as conn:
            conn.execute(self._insert(hub_meta).values(key=key, value=value).on_conflict_do_nothing())
            return str(conn.execute(select(hub_meta.c.value).where(hub_meta.c.key == key)).scalar_one())

    def _start_network(self, network: str | None) -> None:
        self._meta_once(NETWORK, network or str(uuid.uuid4()))
        if network is None:
            return
        with self.engine.begin() as conn:
            if self._settle_network(conn):
                conn.execute(update(hub_meta).where(hub_meta.c.key == NETWORK).values(value=network))
            held = self._read_network(conn)
        if held != network:
            raise KioskError(
                f"this hub's database belongs to sync network {held[:8]}, not {network[:8]}: stations have "
                "paired with it already. Start the hub for that network with a new database (--db), or "
                "without --network"
            )

    def _settle_network(self, conn: Connection) -> bool:
        """Make the network final now; whether it was still open (nothing settled it, no station, no entry).
        Inserting the marker is the claim: of two transactions at once, one inserts it, the other waits
        for it and inserts nothing."""
        still_open = select(literal(SETTLED), literal("1")).where(
            ~select(hub_station.c.station_id).exists(), ~select(hub_entry.c.station_id).exists()
        )
        claim = self._insert(hub_meta).from_select(["key", "value"], still_open).on_conflict_do_nothing()
        return conn.execute(claim.returning(hub_meta.c.key)).first() is not None

    @staticmethod
    def _read_network(conn: Connection) -> str:
        return str(conn.execute(select(hub_meta.c.value).where(hub_meta.c.key == NETWORK)).scalar_one())

    @property
    def network(self) -> str:
        """This hub's sync network (provisional until the first station pairs, see the module)."""
        if self._network:
            return self._network
        with self.engine.connect() as conn:
            settled = conn.execute(
                select(
                    or_(
                        select(hub_meta.c.key).where(hub_meta.c.key == SETTLED).exists(),
                        select(hub_station.c.station_id).exists(),
                    )
                )
            ).scalar_one()
            network = self._read_network(conn)  # read second: once settled, this is the final value
        if settled:
            self._network = network
        return network

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

    def pair(
        self, pairing_token: str, station_id: str, name: str, public_key: str, network: str = ""
    ) -> Paired | None:
        """Pair a station with a one-time pairing token: its new station token and the hub's network, or
        None if the pairing token is unknown, used or expired. `network` is the station's own sync network
        ("" if it has none yet): an open hub takes it; a hub of another network raises OtherNetwork. All in
        one transaction, so a refused pairing leaves the code unused and the station unregistered. A
        station paired again gets a new token (the old one stops)."""
        now = _now()
        usable = and_(
            hub_pairing.c.token_sha256 == digest(pairing_token),
            hub_pairing.c.used_by.is_(None),
            hub_pairing.c.expires_at > now,
        )
        with self.engine.connect() as conn:  # committed only at the end: any refusal rolls all of it back
            if conn.execute(select(hub_pairing.c.token_sha256).where(usable)).first() is None:
                return None
            first = self._settle_network(conn)
            hub_network = self._read_network(conn)
            adopted = first and bool(network) and network != hub_network
            if adopted:
                conn.execute(update(hub_meta).where(hub_meta.c.key == NETWORK).values(value=network))
                hub_network = network
            elif network and network != hub_network:
                raise OtherNetwork(hub_network, network)
            if conn.execute(update(hub_pairing).where(usable).values(used_by=station_id)).rowcount != 1:
                return None  # another process took the code meanwhile
            token = secrets.token_urlsafe(32)
            values = {"name": name, "token_sha256": digest(token), "public_key": public_key, "paired_at": now}
            stmt = self._insert(hub_station).values(station_id=station_id, revoked_at=None, **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["station_id"], set_={**values, "revoked_at": None}))
            conn.commit()
        self._network = hub_network
        return Paired(token, hub_network, adopted)

    def station_for(self, token: str) -> str | None:
        """The station a token belongs to, unless it was revoked."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(hub_station.c.station_id).where(
                    hub_station.c.token_sha256 == digest(token), hub_station.c.revoked_at.is_(None)
                )
            ).scalar_one_or_none()

    def revoke(self, station: str) -> list[str]:
        """Revoke the token of every station whose id starts with `station` or whose name is `station`
        (case and spaces aside): its name now, or, when no station has that name now, a name it had (the
        one it paired with, or one it was renamed from). Returns their ids."""
        wanted = station.strip()
        if not wanted:
            return []
        records = self.stations()
        by_id = [r.station_id for r in records if r.station_id.startswith(wanted)]
        by_name = [r.station_id for r in records if fold_name(r.name) == fold_name(wanted)]
        if not by_name:
            by_name = [r.station_id for r in records if fold_name(wanted) in {fold_name(n) for n in r.former}]
        found = list(dict.fromkeys(by_id + by_name))
        if found:
            with self.engine.begin() as conn:
                conn.execute(update(hub_station).where(hub_station.c.station_id.in_(found)).values(revoked_at=_now()))
        return found

    def stations(self) -> list[StationRecord]:
        """The paired stations by their names now (stations follow their renames: the hub reads the
        station entries they push), with the names they had before."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(hub_station.c.station_id, hub_station.c.name, hub_station.c.paired_at, hub_station.c.revoked_at)
            ).all()
            history = self._names(conn)
        records = []
        for station_id, paired_name, paired_at, revoked_at in rows:
            names = history.get(station_id, [])
            name = names[-1] if names else paired_name
            former = tuple(n for n in dict.fromkeys([paired_name, *names]) if n and n != name)
            revoked = _aware(revoked_at) if revoked_at is not None else None
            records.append(StationRecord(station_id, name, _aware(paired_at), revoked, former))
        return sorted(records, key=lambda r: (fold_name(r.name), r.station_id))

    @staticmethod
    def _names(conn: Connection) -> dict[str, list[str]]:
        """Each station's names in the station entries the hub holds, in the order stations merge them
        (clock, then writing station): the last one is the name every station shows."""
        t = hub_entry
        rows = conn.execute(
            select(t.c.entity_id, t.c.payload)
            .where(t.c.entity == "station", t.c.kind == UPSERT)
            .order_by(t.c.hlc, t.c.station_id)
        )
        names: dict[str, list[str]] = {}
        for station_id, payload in rows:
            try:
                name = json.loads(payload).get("name")
            except (ValueError, AttributeError):
                continue
            if isinstance(name, str) and name.strip():
                seen = names.setdefault(station_id, [])
                if name in seen:
                    seen.remove(name)
                seen.append(name)
        return names

    # Where the hub serves from.

    def record_address(self, url: str, fingerprint: str = "") -> None:
        """Note where a hub process serves this database from (`kiosk hub --pairing-only` reads it)."""
        value = json.dumps({"url": url, "fingerprint": fingerprint, "started_at": _now().isoformat()})
        stmt = self._insert(hub_meta).values(key=ADDRESS, value=value)
        with self.engine.begin() as conn:
            conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))

    def address(self) -> Address | None:
        """Where a hub process last served this database from, if one ever did."""
        with self.engine.connect() as conn:
            raw = conn.execute(select(hub_meta.c.value).where(hub_meta.c.key == ADDRESS)).scalar_one_or_none()
        try:
            value = json.loads(raw) if raw else None
            if not isinstance(value, dict):
                return None
            return Address(
                str(value["url"]), str(value.get("fingerprint", "")), dt.datetime.fromisoformat(value["started_at"])
            )
        except (ValueError, KeyError, TypeError):
            return None
