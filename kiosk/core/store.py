"""The station's SQLite file: production pragmas, checks before touching a file, migrations at start-up.

A file is inspected read-only first. Not SQLite, corrupt, someone else's database, or written by a newer
version of the app: each is refused with a message and the file is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from kiosk.core.errors import StoreError
from kiosk.core.paths import DB_FILENAME, ensure_writable
from kiosk.resources import migrations_path

if TYPE_CHECKING:
    from alembic.config import Config

SCHEMA_HEAD = "0010"
"""Alembic's head revision, known without importing Alembic so that a current file opens fast
(tests/test_core_migrations.py keeps it equal to the newest migration)."""

BUSY_TIMEOUT_MS = 5000
BULK_CACHE_KIB = 128 * 1024
"""Page cache of the writer during an import (SQLite's default is 2 MB)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def apply_pragmas(dbapi_connection: sqlite3.Connection) -> None:
    for pragma in PRAGMAS:
        dbapi_connection.execute(pragma)


def drop_indexes(db: sqlite3.Connection, table: str) -> list[str]:
    """Drop `table`'s own secondary indexes inside the caller's transaction; returns the SQL that makes them
    again (`create_indexes`). A bulk load that at least doubles a table builds each index once, sorted, far
    faster than it inserts into all of them row by row; readers on other connections never see the gap."""
    found = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
    ).fetchall()
    for name, _ in found:
        db.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


def create_indexes(db: sqlite3.Connection, statements: list[str]) -> None:
    for sql in statements:
        db.execute(sql)


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", poolclass=QueuePool, pool_size=2, max_overflow=4)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (SAVEPOINT needs it).
        dbapi_connection.isolation_level = None
        apply_pragmas(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def check_integrity(path: Path) -> None:
    """SQLite's quick_check over every page, read-only: StoreError if the file is damaged."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(_corrupt(path, str(exc))) from exc
    finally:
        conn.close()
    if check is None or check[0] != "ok":
        raise StoreError(_corrupt(path, check[0] if check else "no answer"))


LOW_SPACE_BYTES = 4 * 1024 * 1024
"""Below this much free space, SQLite's I/O errors are the disk being full, not the file being damaged."""


def _disk_full(path: Path) -> str | None:
    """The reason to give when the disk holding `path` is (all but) full, else None."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return None
    if free >= LOW_SPACE_BYTES:
        return None
    return (
        f"the disk holding {path.parent} is full ({free // 1024} KB free): free some space (empty the trash, "
        "move files off it) and try again; nothing of this change was saved, and nothing saved before is lost"
    )


def _corrupt(path: Path, detail: str) -> str:
    full = _disk_full(path)
    if full is not None:
        return full  # a full disk fails reads and writes alike: the file itself is fine
    detail = " ".join(detail.split())  # quick_check lists problems a line each: one line here
    if len(detail) > 200:
        detail = detail[:200] + "…"
    return (
        f"{path} is damaged ({detail}); it was left as it is: restore a backup, or give this laptop an "
        "empty --data-dir and sync it anew"
    )


def _is_storage_trouble(exc: sqlite3.OperationalError) -> bool:
    """A write refused by the file's surroundings (a lock held elsewhere, a full disk), not by a mistake in
    the statement: those keep their own error."""
    text = str(exc)
    return any(word in text for word in ("locked", "busy", "full", "disk I/O"))


def _write_failed(path: Path, exc: sqlite3.OperationalError) -> StoreError:
    """A clear reason for SQLite refusing a write: another process holding the file, or a full disk."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"another kiosk program is writing {path} (an import or a sync, most likely) and did not finish "
            f"within {BUSY_TIMEOUT_MS // 1000} seconds: try again in a moment; nothing was saved"
        )
    full = _disk_full(path)
    if full is not None or "full" in text:
        return StoreError(full or f"the disk holding {path.parent} is full: free some space and try again")
    return StoreError(f"could not write {path}: {text}; nothing was saved")


def inspect_file(path: Path, verify: bool = True) -> str | None:
    """The schema revision of an existing file (None for a new or empty one), or StoreError if unusable.

    `verify` reads every page (quick_check); without it only the header and schema are read, which is
    what a large file can afford before its first window paints (the app verifies right after).
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise StoreError(f"{path} is not a SQLite database; move it aside or choose another --data-dir")
    if verify:
        check_integrity(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            row = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(_corrupt(path, str(exc))) from exc
    if "alembic_version" not in tables:
        if tables:
            raise StoreError(f"{path} is a SQLite database of another application; choose another --data-dir")
        return None
    revision = row[0] if row else None
    if revision not in (None, SCHEMA_HEAD) and revision not in known_revisions():
        raise StoreError(
            f"{path} was written by a newer version of Convening Kiosk (schema {revision}); "
            "install the newer version on this laptop"
        )
    return revision


def backup(path: Path, revision: str) -> Path:
    """Copy the file aside, consistently, before a migration changes it."""
    target = path.with_name(f"{path.name}.before-{revision}")
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


class Store:
    """An open, migrated station database. `write()` for a transaction that holds the write lock."""

    def __init__(self, folder: Path, verify: bool = True) -> None:
        ensure_writable(folder)
        self.folder = folder
        self.path = folder / DB_FILENAME
        revision = inspect_file(self.path, verify)
        if revision is not None and revision != SCHEMA_HEAD:
            if not verify:
                check_integrity(self.path)  # never migrate a file that has not been read through
            backup(self.path, revision)
        self.engine = make_engine(self.path)
        if revision != SCHEMA_HEAD:
            from alembic import command

            try:
                with self.engine.begin() as conn:
                    command.upgrade(alembic_config(conn), "head")
            except Exception as exc:
                self.engine.dispose()
                raise StoreError(f"could not upgrade {self.path}: {exc}; the file was left as it was") from exc
        # Writes use one plain sqlite3 connection: a check-in is a handful of statements, and a pooled
        # SQLAlchemy transaction around them would cost more than the statements themselves.
        self._writer = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        apply_pragmas(self._writer)
        self._write_lock = threading.RLock()
        self._closed = False

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A transaction holding SQLite's write lock from its first statement; all of it commits or none."""
        with self._write_lock:
            if self._closed:  # a worker thread still reading as the station closes
                raise StoreError(f"{self.path} is closed")
            try:
                self._writer.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _write_failed(self.path, exc) from exc
            try:
                yield self._writer
                self._writer.execute("COMMIT")
            except BaseException as exc:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError) and _is_storage_trouble(exc):
                    raise _write_failed(self.path, exc) from exc
                raise

    @contextlib.contextmanager
    def large_cache(self, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
        """The writer's page cache raised to `kib` while a bulk write (an import) runs, then put back.

        A bulk write touches pages of every index all over the file; with SQLite's default 2 MB cache
        they are evicted and read back again and again within one transaction. Memory is taken only as
        pages are read, and handed back when the size is restored.
        """
        with self._write_lock:
            before = int(self._writer.execute("PRAGMA cache_size").fetchone()[0])
            self._writer.execute(f"PRAGMA cache_size = {-int(kib)}")
        try:
            yield
        finally:
            with self._write_lock:
                self._writer.execute(f"PRAGMA cache_size = {before}")

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    def verify(self) -> None:
        """Read every page of the file; StoreError if it is damaged. Safe from a worker thread."""
        check_integrity(self.path)

    def close(self) -> None:
        # Under the write lock: closing a connection another thread is using crashes the process.
        with self._write_lock:
            self._closed = True
            self._writer.close()
        self.engine.dispose()


@contextlib.contextmanager
def reading(store: Store) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection from the store's read pool, for aggregate reads and joins of a few tables
    (figures, exports, the wall): rows as tuples, without building models."""
    with store.session() as s:
        db = s.connection().connection.driver_connection
        assert isinstance(db, sqlite3.Connection)
        yield db
