"""The station's SQLite file: pragmas, identity, refusing unusable files untouched, where the folder is."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import shutil
import sqlite3
import threading
from pathlib import Path

import platformdirs
import pytest

from kiosk.core.errors import StoreError
from kiosk.core.paths import DB_FILENAME, data_dir
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.store import BUSY_TIMEOUT_MS, Store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _engine_pragma(store: Store, name: str) -> object:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def _writer_pragma(store: Store, name: str) -> object:
    with store.write() as db:
        return db.execute(f"PRAGMA {name}").fetchone()[0]


PRODUCTION_PRAGMAS = [("journal_mode", "wal"), ("synchronous", 2), ("foreign_keys", 1)]


@pytest.mark.parametrize(("name", "expected"), PRODUCTION_PRAGMAS)
def test_engine_connections_use_production_pragmas(kiosk: Kiosk, name: str, expected: object) -> None:
    assert _engine_pragma(kiosk.ctx.store, name) == expected


@pytest.mark.parametrize(("name", "expected"), PRODUCTION_PRAGMAS)
def test_writer_connection_uses_production_pragmas(kiosk: Kiosk, name: str, expected: object) -> None:
    assert _writer_pragma(kiosk.ctx.store, name) == expected


def test_engine_connections_wait_for_a_busy_database(kiosk: Kiosk) -> None:
    assert _engine_pragma(kiosk.ctx.store, "busy_timeout") == BUSY_TIMEOUT_MS > 0


def test_writer_connection_waits_for_a_busy_database(kiosk: Kiosk) -> None:
    assert _writer_pragma(kiosk.ctx.store, "busy_timeout") == BUSY_TIMEOUT_MS > 0


def test_every_pooled_engine_connection_gets_the_pragmas(kiosk: Kiosk) -> None:
    engine = kiosk.ctx.store.engine
    with engine.connect() as first, engine.connect() as second:
        values = [conn.exec_driver_sql("PRAGMA foreign_keys").scalar() for conn in (first, second)]
    assert values == [1, 1]


def test_first_run_creates_the_station_with_the_given_name(kiosk: Kiosk) -> None:
    stations = kiosk.stations.all()
    assert [(s.id, s.name) for s in stations] == [(kiosk.ctx.station_id, "Table A")]
    assert kiosk.ctx.station_name == "Table A"


def test_reopening_keeps_the_station_id(data_dir: Path) -> None:
    first = Kiosk.open(data_dir, "Table A")
    station_id = first.ctx.station_id
    first.close()
    again = Kiosk.open(data_dir, "Table A")
    try:
        assert again.ctx.station_id == station_id
    finally:
        again.close()


def test_reopening_ignores_a_different_station_name(data_dir: Path) -> None:
    Kiosk.open(data_dir, "Table A").close()
    again = Kiosk.open(data_dir, "Table B")
    try:
        assert again.ctx.station_name == "Table A"
        assert [s.name for s in again.stations.all()] == ["Table A"]
    finally:
        again.close()


# Unusable files: refused with a message, and not one byte of them changed.


def _refused_untouched(data_dir: Path) -> StoreError:
    path = data_dir / DB_FILENAME
    before = _digest(path)
    with pytest.raises(StoreError) as caught:
        Kiosk.open(data_dir, "Table A")
    assert _digest(path) == before
    return caught.value


def test_a_file_that_is_not_sqlite_is_refused_untouched(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_FILENAME).write_bytes(b"name,email\nAna,ana@example.org\n" * 100)
    error = _refused_untouched(data_dir)
    assert "is not a SQLite database" in str(error)
    assert DB_FILENAME in str(error)


def _fill_and_close(data_dir: Path) -> None:
    station = Kiosk.open(data_dir, "Table A")
    event = station.events.create(name="Fresno", slug="fresno", date=dt.date(2025, 5, 14), city="Fresno")
    station.registrants.register_many(
        event.id, [RegistrantDraft(first_name=f"Person{i}", last_name="Q" * 60) for i in range(150)]
    )
    station.close()


def _scribble_over_pages(path: Path, first_page: int) -> None:
    """Overwrite the middle half of every page from `first_page` on with garbage; the header stays."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    assert pages > 10, "the store should span many pages"
    garbage = random.Random(1234)
    for page in range(first_page, pages):
        middle = page * page_size + page_size // 4
        data[middle : middle + page_size // 2] = garbage.randbytes(page_size // 2)
    path.write_bytes(bytes(data))
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_corrupt_sqlite_file_is_refused_untouched(data_dir: Path) -> None:
    _fill_and_close(data_dir)
    _scribble_over_pages(data_dir / DB_FILENAME, first_page=1)
    error = _refused_untouched(data_dir)
    assert re.search(r"is (corrupt|damaged)", str(error))


def test_deferred_verification_finds_damage_deep_in_the_file_untouched(data_dir: Path) -> None:
    _fill_and_close(data_dir)
    path = data_dir / DB_FILENAME
    pages = path.stat().st_size // int.from_bytes(path.read_bytes()[16:18], "big")
    _scribble_over_pages(path, first_page=2 * pages // 3)
    before = _digest(path)
    station = Kiosk.open(data_dir, "Table A", verify=False)
    try:
        with pytest.raises(StoreError, match=r"is (corrupt|damaged)"):
            station.ctx.store.verify()
    finally:
        station.close()
    assert _digest(path) == before


def test_another_applications_sqlite_file_is_refused_untouched(data_dir: Path) -> None:
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    conn.execute("CREATE TABLE foo (id INTEGER PRIMARY KEY, bar TEXT)")
    conn.execute("INSERT INTO foo (bar) VALUES ('baz')")
    conn.commit()
    conn.close()
    error = _refused_untouched(data_dir)
    assert "another application" in str(error)


def test_a_file_from_a_newer_version_is_refused_untouched(data_dir: Path) -> None:
    Kiosk.open(data_dir, "Table A").close()
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()
    error = _refused_untouched(data_dir)
    assert "newer version" in str(error)
    assert "ffff_future" in str(error)


def test_a_data_folder_that_is_a_regular_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.write_text("not a folder")
    with pytest.raises(StoreError, match="data folder") as caught:
        Kiosk.open(folder, "Table A")
    assert str(folder) in str(caught.value)
    assert folder.read_text() == "not a folder"


def test_a_data_folder_under_a_regular_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("in the way")
    folder = blocker / "data"
    with pytest.raises(StoreError, match="data folder") as caught:
        Kiosk.open(folder, "Table A")
    assert str(folder) in str(caught.value)


# Where the data folder is.


def test_data_dir_prefers_the_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "from-env"))
    assert data_dir(tmp_path / "from-flag") == tmp_path / "from-flag"


def test_data_dir_uses_the_environment_variable_without_override(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "from-env"))
    assert data_dir() == tmp_path / "from-env"


def test_data_dir_expands_the_home_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    assert data_dir("~/kiosk-data") == tmp_path / "kiosk-data"


def test_data_dir_defaults_to_the_platform_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    assert data_dir() == Path(platformdirs.user_data_dir("convening-kiosk", appauthor=False))


def test_an_empty_environment_variable_falls_back_to_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", "")
    assert data_dir() == Path(platformdirs.user_data_dir("convening-kiosk", appauthor=False))


def test_closing_waits_for_a_write_on_another_thread_and_later_writes_are_refused(data_dir: Path) -> None:
    store = Store(data_dir)
    inside, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def slow_reader() -> None:
        with store.write() as db:
            inside.set()
            release.wait(5)
            seen.append(db.execute("SELECT count(*) FROM station").fetchone()[0])

    reader = threading.Thread(target=slow_reader)
    reader.start()
    assert inside.wait(5)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive()  # the close waits for the reader, instead of pulling its connection away
    release.set()
    reader.join(5)
    closer.join(5)
    assert seen == [0] and not closer.is_alive()
    with pytest.raises(StoreError, match="is closed"), store.write():
        pass


def test_a_write_while_another_program_holds_the_file_says_so_in_one_line(data_dir: Path) -> None:
    store = Store(data_dir)
    other = sqlite3.connect(store.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # an import in another process, mid-transaction
        store._writer.execute("PRAGMA busy_timeout = 50")  # not the production 5 s: the test would wait it out
        busy = r"another kiosk program is writing .*try again in a moment"
        with pytest.raises(StoreError, match=busy), store.write():
            pass
        other.execute("ROLLBACK")
        with store.write() as db:  # and once it is done, writes go on
            db.execute("INSERT INTO setting (key, value) VALUES ('probe', '1')")
    finally:
        other.close()
        store.close()


def test_a_full_disk_is_said_as_a_full_disk_never_as_a_damaged_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core import store as store_module

    store = Store(data_dir)
    usage = shutil.disk_usage(data_dir)
    monkeypatch.setattr(store_module.shutil, "disk_usage", lambda _: usage._replace(free=300 * 1024))
    try:
        with pytest.raises(StoreError, match=r"is full \(300 KB free\): free some space"), store.write() as db:
            db.execute("INSERT INTO setting (key, value) VALUES ('probe', '1')")
            raise sqlite3.OperationalError("database or disk is full")  # what SQLite says as the disk fills
        with store.write() as db:
            assert db.execute("SELECT count(*) FROM setting WHERE key = 'probe'").fetchone()[0] == 0
        assert "is full" in store_module._corrupt(store.path, "disk I/O error")
        assert "damaged" not in store_module._corrupt(store.path, "disk I/O error")
    finally:
        store.close()


def test_a_damaged_files_reason_is_one_line() -> None:
    from kiosk.core.store import _corrupt

    detail = "*** in database main ***\nPage 489: btreeInitPage() returns error code 11\nPage 490: bad"
    assert "\n" not in _corrupt(Path("/nowhere/kiosk.sqlite3"), detail)
