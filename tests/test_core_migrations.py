"""Opening a file written by an older version upgrades it in place, after a backup copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import alembic.command
import pytest
from alembic import command

import kiosk.core.store as store_module
from kiosk.core.errors import StoreError
from kiosk.core.paths import DB_FILENAME
from kiosk.core.services import Kiosk
from kiosk.core.store import alembic_config, head_revision, make_engine

EVENT_ID = "0190a0a0-0000-7000-8000-000000000001"
ORG_ID = "0190a0a0-0000-7000-8000-000000000002"
REGISTRANT_ID = "0190a0a0-0000-7000-8000-000000000003"
CHECKIN_ID = "0190a0a0-0000-7000-8000-000000000004"


def _make_revision_0001_file(folder: Path) -> Path:
    """A station file as version 0001 of the app left it: an event, an organization, a registrant, a check-in."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DB_FILENAME
    engine = make_engine(path)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    engine.dispose()
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "INSERT INTO event (id, name, slug, date, city, venue, region, kind, series, field_clocks) "
            "VALUES (?, 'Fresno Convening', 'fresno-2025', '2025-05-14', 'Fresno', '', '', 'regional', '', '{}')",
            (EVENT_ID,),
        )
        db.execute(
            "INSERT INTO organization (id, name, normalized_name, sector, languages, region, field_clocks) "
            "VALUES (?, 'Centro BináPoder', 'centro binapoder', 'community_based', '[]', '', '{}')",
            (ORG_ID,),
        )
        db.execute(
            "INSERT INTO registrant (id, event_id, first_name, last_name, preferred_name, pronouns, email, phone, "
            "organization_id, title, role, languages, accessibility_needs, photo_consent, external_ids, "
            "ticket_code, status, walk_in, created_at, field_clocks) VALUES (?, ?, 'José', 'Núñez', '', '', "
            "'jose@example.org', '', ?, '', 'attendee', '[]', '', NULL, '{}', 'K7QX3MNP', 'registered', 0, "
            "'2025-05-14T09:00:00.000000+00:00', '{}')",
            (REGISTRANT_ID, EVENT_ID, ORG_ID),
        )
        db.execute(
            "INSERT INTO checkin (id, event_id, registrant_id, station_id, at, method, operator, voided_by) "
            "VALUES (?, ?, ?, 'old-station', '2025-05-14T09:05:00.000000+00:00', 'qr', '', NULL)",
            (CHECKIN_ID, EVENT_ID, REGISTRANT_ID),
        )
    db.close()
    return path


def _revision(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def old_file(data_dir: Path) -> Path:
    path = _make_revision_0001_file(data_dir)
    assert _revision(path) == "0001"
    return path


@pytest.fixture
def upgraded(old_file: Path, data_dir: Path):
    station = Kiosk.open(data_dir, "Table A")
    yield station
    station.close()


def test_head_is_newer_than_the_old_file(old_file: Path) -> None:
    assert head_revision() != "0001"


def test_the_stores_known_head_is_the_newest_migration() -> None:
    assert head_revision() == store_module.SCHEMA_HEAD


def test_opening_an_old_file_upgrades_it_to_head(old_file: Path, upgraded: Kiosk) -> None:
    assert _revision(old_file) == head_revision()


def test_opening_an_old_file_upgrades_it_in_place(old_file: Path, data_dir: Path) -> None:
    inode = old_file.stat().st_ino
    Kiosk.open(data_dir, "Table A").close()
    assert old_file.stat().st_ino == inode
    assert sorted(p.name for p in data_dir.glob("*.sqlite3")) == [DB_FILENAME]


def test_upgrading_keeps_the_old_rows(upgraded: Kiosk) -> None:
    registrant = upgraded.registrants.get(REGISTRANT_ID)
    assert (registrant.first_name, registrant.last_name, registrant.ticket_code) == ("José", "Núñez", "K7QX3MNP")
    assert [e.id for e in upgraded.events.all()] == [EVENT_ID]
    assert [o.id for o in upgraded.organizations.all()] == [ORG_ID]


def test_upgrading_keeps_old_check_ins(upgraded: Kiosk) -> None:
    result = upgraded.checkins.check_in(REGISTRANT_ID)
    assert result.outcome == "already_checked_in"
    assert result.checkin_id == CHECKIN_ID


def test_upgrading_backfills_search_text_with_folded_name_and_organization(upgraded: Kiosk) -> None:
    search_text = upgraded.registrants.get(REGISTRANT_ID).search_text
    assert "jose" in search_text
    assert "nunez" in search_text
    assert "centro binapoder" in search_text


def test_upgrading_makes_a_backup_at_the_old_revision(old_file: Path, upgraded: Kiosk, data_dir: Path) -> None:
    backup = data_dir / f"{DB_FILENAME}.before-0001"
    assert backup.is_file()
    assert _revision(backup) == "0001"
    db = sqlite3.connect(backup)
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(registrant)")}
        names = db.execute("SELECT first_name FROM registrant").fetchall()
    finally:
        db.close()
    assert "search_text" not in columns
    assert names == [("José",)]


def test_reopening_a_head_file_runs_no_migration(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Kiosk.open(data_dir, "Table A").close()
    upgrades: list[str] = []
    monkeypatch.setattr(alembic.command, "upgrade", lambda _config, rev: upgrades.append(rev))
    Kiosk.open(data_dir, "Table A").close()
    assert upgrades == []


def test_reopening_a_head_file_makes_no_backup(data_dir: Path) -> None:
    Kiosk.open(data_dir, "Table A").close()
    Kiosk.open(data_dir, "Table A").close()
    assert list(data_dir.glob(f"{DB_FILENAME}.before-*")) == []


def test_a_new_folder_gets_no_backup(data_dir: Path) -> None:
    Kiosk.open(data_dir, "Table A").close()
    assert list(data_dir.glob(f"{DB_FILENAME}.before-*")) == []


def test_a_failed_upgrade_leaves_the_file_at_its_old_revision(
    old_file: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_search_key(*_parts: str | None) -> str:
        raise RuntimeError("disk on fire")

    # Migration scripts are loaded afresh on each upgrade, so they pick up the patched helper.
    monkeypatch.setattr("kiosk.core.text.search_key", broken_search_key)
    with pytest.raises(StoreError, match="could not upgrade"):
        Kiosk.open(data_dir, "Table A")
    assert _revision(old_file) == "0001"
    db = sqlite3.connect(old_file)
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(registrant)")}
    finally:
        db.close()
    assert "search_text" not in columns


def test_upgrade_gives_old_events_and_registrants_ticket_keys_and_secrets(upgraded: Kiosk) -> None:
    event = upgraded.events.by_slug("fresno-2025")
    registrant = upgraded.registrants.get(REGISTRANT_ID)
    assert len(event.ticket_key) == 64 and int(event.ticket_key, 16) >= 0
    assert len(registrant.ticket_secret) == 16
    assert (registrant.barcode, registrant.ticket_type, registrant.extra) == ("", "", {})


def test_two_stations_upgrading_the_same_old_file_agree_on_keys_and_secrets(tmp_path: Path) -> None:
    # Each laptop migrates its own copy; random keys would leave them unable to verify each other's tickets.
    found = []
    for name in ("a", "b"):
        _make_revision_0001_file(tmp_path / name)
        station = Kiosk.open(tmp_path / name, f"Table {name}")
        try:
            found.append(
                (station.events.by_slug("fresno-2025").ticket_key, station.registrants.get(REGISTRANT_ID).ticket_secret)
            )
        finally:
            station.close()
    assert found[0] == found[1]


def test_the_upgraded_check_in_time_reads_back_as_an_aware_utc_time(upgraded: Kiosk) -> None:
    from kiosk.core.models import CheckIn

    with upgraded.ctx.store.session() as s:
        checkin = s.get(CheckIn, (REGISTRANT_ID, CHECKIN_ID))
    assert checkin is not None and checkin.at.utcoffset() is not None


def test_upgrading_to_0008_gives_each_check_in_its_entry_stamp(data_dir: Path) -> None:
    import datetime as dt

    from kiosk.core.services.registrants import RegistrantDraft

    station = Kiosk.open(data_dir, "Table A")
    event = station.events.create(name="Fresno Convening", slug="fresno", date=dt.date(2026, 4, 23), city="Fresno")
    ana = station.registrants.register(event.id, RegistrantDraft(first_name="Ana"))
    checkin_id = station.checkins.check_in(ana.id).checkin_id
    station.close()
    path = data_dir / DB_FILENAME
    db = sqlite3.connect(path)
    try:
        (entry_stamp,) = db.execute(
            "SELECT hlc || '@' || station_id FROM change_log WHERE entity = 'checkin' AND entity_id = ?", (checkin_id,)
        ).fetchone()
        assert db.execute("SELECT stamp FROM checkin").fetchall() == [(entry_stamp,)]  # derived on apply
    finally:
        db.close()
    engine = make_engine(path)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0007")
    engine.dispose()
    db = sqlite3.connect(path)
    try:
        assert "stamp" not in {row[1] for row in db.execute("PRAGMA table_info(checkin)")}
    finally:
        db.close()

    Kiosk.open(data_dir, "Table A").close()
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT id, stamp FROM checkin").fetchall() == [(checkin_id, entry_stamp)]
        (table_sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'checkin'").fetchone()
        assert "WITHOUT ROWID" in table_sql  # keyed by (registrant, id) as before
    finally:
        db.close()


def _as_the_previous_version_left_it(path: Path) -> None:
    """Take a head file back to 0008 with its derived search data as version 0008 made it: search_text and the
    search rows folded without the Arabic spellings or the names run together (what fold() gave then)."""
    from kiosk.core.replica import SEARCH_TABLE, code_token, search_token

    engine = make_engine(path)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0008")
    engine.dispose()
    old_names = {"أحمد": "أحمد يوسف", "家豪": "家豪 王", "Mei-Ling": "mei-ling lin"}
    db = sqlite3.connect(path)
    with db:
        people = db.execute("SELECT id, event_id, first_name, ticket_code FROM registrant").fetchall()
        db.execute(f"DELETE FROM {SEARCH_TABLE}")
        for rowid, (rid, event_id, first, code) in enumerate(people, start=1):
            names = old_names[first]
            db.execute("UPDATE registrant SET search_text = ? WHERE id = ?", (names.replace(" ", " | "), rid))
            key = f"{search_token('e', event_id)} {search_token('r', rid)} {code_token(code)}"
            db.execute(
                f"INSERT INTO {SEARCH_TABLE} (rowid, names, other, key, registrant_id) VALUES (?, ?, '', ?, ?)",
                (rowid, names, key, rid),
            )
    db.close()


def test_upgrading_to_0009_folds_the_search_again_and_keeps_organization_keys(data_dir: Path, tmp_path: Path) -> None:
    import datetime as dt

    from kiosk.core.services.registrants import RegistrantDraft

    station = Kiosk.open(data_dir, "Table A")
    event = station.events.create(name="Fresno Convening", slug="fresno", date=dt.date(2026, 4, 23), city="Fresno")
    org = station.organizations.create("جمعية أصدقاء الجالية")
    ahmed, *_ = station.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="أحمد", last_name="يوسف", organization_id=org.id),
            RegistrantDraft(first_name="家豪", last_name="王"),
            RegistrantDraft(first_name="Mei-Ling", last_name="Lin"),
        ],
    )
    station.close()
    path = data_dir / DB_FILENAME
    _as_the_previous_version_left_it(path)
    assert _revision(path) == "0008"
    before = Kiosk.open(data_dir, "Table A")  # upgrades to head
    try:
        search = before.search
        assert list(data_dir.glob(f"{DB_FILENAME}.before-0008")) != []
        assert _revision(path) == head_revision()
        assert [h.display_name for h in search.registrants(event.id, "احمد")] == ["أحمد يوسف"]
        assert [h.display_name for h in search.registrants(event.id, "王家豪")] == ["王家豪"]  # shown family name first
        assert [h.display_name for h in search.registrants(event.id, "meiling")] == ["Mei-Ling Lin"]
        assert [h.display_name for h in search.registrants(event.id, "جمعيه")] == ["أحمد يوسف"]  # organization
        assert before.registrants.get(ahmed.id).search_text.startswith("احمد | يوسف | جمعيه اصدقاء الجاليه | ")
        # The organization's stored key is left as it was, and importing its name finds it: no second row.
        assert [(o.id, o.normalized_name) for o in before.organizations.all()] == [(org.id, "جمعية أصدقاء الجالية")]
        csv = tmp_path / "more.csv"
        csv.write_text("First Name,Last Name,Organization\nسارة,خليل,جمعية أصدقاء الجالية\n", encoding="utf-8")
        before.imports.run(csv, event.id)
        assert [o.id for o in before.organizations.all()] == [org.id]
    finally:
        before.close()


def test_upgrading_to_0010_finds_an_arabic_family_name_typed_without_its_article(data_dir: Path) -> None:
    import datetime as dt

    from kiosk.core.replica import SEARCH_TABLE
    from kiosk.core.services.registrants import RegistrantDraft

    station = Kiosk.open(data_dir, "Table A")
    event = station.events.create(name="Fresno Convening", slug="fresno", date=dt.date(2026, 4, 23), city="Fresno")
    station.registrants.register(event.id, RegistrantDraft(first_name="أحمد", last_name="الحسن"))
    station.close()
    path = data_dir / DB_FILENAME
    engine = make_engine(path)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0009")
    engine.dispose()
    db = sqlite3.connect(path)
    with db:  # the names column as 0009 made it: no word without its article
        db.execute(f"UPDATE {SEARCH_TABLE} SET names = 'احمد الحسن'")
    db.close()
    assert _revision(path) == "0009"
    upgraded = Kiosk.open(data_dir, "Table A")
    try:
        assert _revision(path) == head_revision()
        assert [h.display_name for h in upgraded.search.registrants(event.id, "حسن")] == ["أحمد الحسن"]
    finally:
        upgraded.close()
