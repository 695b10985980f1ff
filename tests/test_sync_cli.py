"""`kiosk sync ...` on real station folders: names people and stations can tell apart, and bundles that
never land on a folder that is not there."""

from __future__ import annotations

import datetime as dt
import errno
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_support import open_station, station_snapshot

from kiosk.cli import main
from kiosk.core.models import CheckInMethod
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.protocol import ApplyResult, exchange

NOON = dt.datetime(2025, 5, 14, 19, 0, tzinfo=dt.UTC)  # 12:00 PM in Fresno, on the day of the event


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Kiosk, Kiosk, Kiosk]]:
    """Three stations set up the same day: their UUIDv7 ids share their first eight characters."""
    opened = [open_station(tmp_path, tmp_path / n, f"Table {n.upper()}") for n in "abc"]
    try:
        yield opened[0], opened[1], opened[2]
    finally:
        for s in opened:
            s.close()


def folder(station: Kiosk) -> str:
    return str(station.ctx.store.folder)


def setup_event(a: Kiosk) -> list[str]:
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    people = a.registrants.register_many(
        event.id, [RegistrantDraft(first_name=n, last_name="Vang") for n in ("Mai", "Kou", "Pa")]
    )
    return [p.id for p in people]


def checked_in_at_two_stations(a: Kiosk, b: Kiosk) -> str:
    """Mai Vang checked in at Table A at 11:20 (first, so it counts), then at Table B at 12:00."""
    people = setup_event(a)
    exchange(a.ctx, b.ctx)
    a.checkins.check_in_all([(people[0], NOON - dt.timedelta(minutes=40))], CheckInMethod.QR)
    b.checkins.check_in_all([(people[0], NOON)], CheckInMethod.QR)
    exchange(a.ctx, b.ctx)
    return people[0]


# Conflicts: people and stations by name.


def test_conflicts_name_the_person_each_station_its_time_and_which_counts(
    capsys: pytest.CaptureFixture[str], stations
) -> None:
    a, b, _ = stations
    assert a.ctx.station_id[:8] == b.ctx.station_id[:8]  # why an id prefix names no station
    person = checked_in_at_two_stations(a, b)
    code, out, _ = run(capsys, "sync", "conflicts", "--data-dir", folder(a), "--event", "fresno-2025")
    assert code == 0
    assert person not in out and a.ctx.station_id[:8] not in out
    lines = out.splitlines()
    assert lines[0] == "1 person checked in at more than one station, 0 competing edits, 0 possible duplicate walk-ins"
    at = lines.index("duplicate check-in: Mai Vang")
    assert lines[at + 1 : at + 3] == [
        "  Table A, Wed, May 14, 11:20 AM: counts (the earliest)",
        "  Table B, Wed, May 14, 12:00 PM: does not count (a duplicate to void)",
    ]


def test_conflicts_as_json_keep_the_ids_and_add_the_names(capsys: pytest.CaptureFixture[str], stations) -> None:
    a, b, _ = stations
    person = checked_in_at_two_stations(a, b)
    code, out, _ = run(capsys, "sync", "conflicts", "--data-dir", folder(b), "--event", "fresno-2025", "--json")
    assert code == 0
    (duplicate,) = json.loads(out)["duplicate_checkins"]
    assert (duplicate["registrant_id"], duplicate["name"]) == (person, "Mai Vang")
    found = [(c["station_id"], c["station_name"], c["counts"]) for c in duplicate["checkins"]]
    assert found == [(a.ctx.station_id, "Table A", True), (b.ctx.station_id, "Table B", False)]
    assert all(c["checkin_id"] and c["at"] and c["stamp"] for c in duplicate["checkins"])


def test_competing_edits_name_the_person_and_each_values_station(capsys: pytest.CaptureFixture[str], stations) -> None:
    a, b, _ = stations
    people = setup_event(a)
    exchange(a.ctx, b.ctx)
    a.registrants.update(people[2], first_name="Paj")
    b.registrants.update(people[2], first_name="Pa Nhia")  # later: it wins
    exchange(a.ctx, b.ctx)
    code, out, _ = run(capsys, "sync", "conflicts", "--data-dir", folder(a), "--event", "fresno-2025")
    assert code == 0 and people[2] not in out
    (line,) = [x for x in out.splitlines() if x.startswith("competing edit")]
    clock = r"\d{1,2}:\d\d [AP]M"
    assert re.fullmatch(
        rf"competing edit: Pa Nhia Vang, first name: 'Pa Nhia' \(Table B, {clock}\) shown over "
        rf"'Paj' \(Table A, {clock}\)",
        line,
    ), line
    (edit,) = json.loads(run(capsys, "sync", "conflicts", "--data-dir", folder(a), "--json")[1])["competing_edits"]
    assert (edit["entity_id"], edit["name"]) == (people[2], "Pa Nhia Vang")
    assert (edit["winner"]["station_name"], [v["station_name"] for v in edit["losers"]]) == ("Table B", ["Table A"])


def test_a_possible_duplicate_walk_in_is_told_apart_and_shows_how_to_merge_it(
    capsys: pytest.CaptureFixture[str], stations
) -> None:
    a, b, _ = stations
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    (ana,) = a.registrants.register_many(
        event.id, [RegistrantDraft(first_name="Ana", last_name="Ruiz", email="ana@example.org")]
    )
    exchange(a.ctx, b.ctx)
    walk_in = b.desk.register_walk_in(b.events.by_slug("fresno-2025"), "Ana", "Ruiz", email="ana@example.org")
    assert walk_in.person is not None
    exchange(a.ctx, b.ctx)
    code, out, _ = run(capsys, "sync", "conflicts", "--data-dir", folder(a), "--event", "fresno-2025")
    assert code == 0
    (at,) = [i for i, x in enumerate(out.splitlines()) if x.startswith("possible duplicate walk-in")]
    lines = out.splitlines()
    assert lines[at] == (
        "possible duplicate walk-in (same email and same name): Ana Ruiz (ana@example.org, walk-in, checked in) "
        "may be Ana Ruiz (ana@example.org, registered, not checked in)"
    )
    assert lines[at + 1] == f"  to merge: kiosk sync merge {ana.id} {walk_in.person.registrant_id} --reason '...'"


# Status: peers by name.


def export_and_import(capsys: pytest.CaptureFixture[str], source: Kiosk, target: Kiosk, bundle: Path) -> None:
    assert run(capsys, "sync", "export", "--data-dir", folder(source), "--out", str(bundle))[0] == 0
    assert run(capsys, "sync", "import", "--data-dir", folder(target), str(bundle))[0] == 0


def join_and_send_back(capsys: pytest.CaptureFixture[str], a: Kiosk, others: tuple[Kiosk, ...], tmp: Path) -> None:
    """The others join A's sync network from A's bundle, then each sends A a bundle of its own."""
    for i, other in enumerate(others):
        export_and_import(capsys, a, other, tmp / f"a{i}.kiosk")
    for i, other in enumerate(others):
        export_and_import(capsys, other, a, tmp / f"back{i}.kiosk")


def test_status_names_each_peer_station(capsys: pytest.CaptureFixture[str], stations, tmp_path: Path) -> None:
    a, b, c = stations
    join_and_send_back(capsys, a, (b, c), tmp_path)
    code, out, _ = run(capsys, "sync", "status", "--data-dir", folder(a))
    assert code == 0
    peers = sorted(line.split(":")[0] for line in out.splitlines() if line.startswith("peer "))
    assert peers == ["peer Table B", "peer Table C"]
    data = json.loads(run(capsys, "sync", "status", "--data-dir", folder(a), "--json")[1])
    assert {peer: info["name"] for peer, info in data["peers"].items()} == {
        b.ctx.station_id: "Table B",
        c.ctx.station_id: "Table C",
    }


def test_status_tells_two_peers_of_one_name_apart_by_the_end_of_their_ids(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, b, c = stations
    c.stations.rename("Table B")
    join_and_send_back(capsys, a, (b, c), tmp_path)
    out = run(capsys, "sync", "status", "--data-dir", folder(a))[1]
    peers = sorted(line.split(":")[0] for line in out.splitlines() if line.startswith("peer "))
    expected = sorted(f"peer Table B (id ending {s.ctx.station_id[-6:]})" for s in (b, c))
    assert peers == expected


# Export: never onto a folder that is not there, never half a bundle.


def test_export_to_a_missing_folder_is_refused_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, _, _ = stations
    stick = tmp_path / "media" / "usb"  # not mounted
    code, out, err = run(capsys, "sync", "export", "--data-dir", folder(a), "--out", str(stick / "a.kiosk"))
    assert (code, out) == (1, "")
    assert err == f"kiosk: folder {stick} does not exist: is the USB stick plugged in?\n"
    assert not (tmp_path / "media").exists()


def test_export_to_a_folder_rather_than_a_file_is_refused(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, _, _ = stations
    code, _, err = run(capsys, "sync", "export", "--data-dir", folder(a), "--out", str(tmp_path))
    assert code == 1 and err.startswith(f"kiosk: {tmp_path} is a folder: give the bundle a file name")
    assert err.count("\n") == 1


def test_an_export_that_fails_midway_leaves_the_old_bundle_whole_and_no_part_file(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, _ = stations
    setup_event(a)
    stick = tmp_path / "stick"
    stick.mkdir()
    assert run(capsys, "sync", "export", "--data-dir", folder(a), "--out", str(stick / "a.kiosk"))[0] == 0
    before = (stick / "a.kiosk").read_bytes()
    a.registrants.register_many(a.events.by_slug("fresno-2025").id, [RegistrantDraft(first_name="Bao")])

    def full(self: zipfile.ZipFile, name: str, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    code, out, err = run(capsys, "sync", "export", "--data-dir", folder(a), "--out", str(stick / "a.kiosk"))
    assert (code, out) == (1, "")
    assert err == f"kiosk: could not write {stick / 'a.kiosk'}: No space left on device; nothing was written\n"
    assert [p.name for p in stick.iterdir()] == ["a.kiosk"]
    assert (stick / "a.kiosk").read_bytes() == before


def test_a_pairing_qr_image_for_a_missing_folder_is_refused(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, _, _ = stations
    qr = tmp_path / "missing" / "pair.png"
    code, out, err = run(
        capsys, "hub", "--data-dir", folder(a), "--pairing-only", "--url", "http://hub:8765", "--qr", str(qr)
    )
    assert (code, out) == (1, "")
    assert err == f"kiosk: folder {qr.parent} does not exist: nowhere to write the QR image\n"
    assert not qr.parent.exists()


def test_a_hub_database_in_a_missing_folder_is_refused(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, _, _ = stations
    database = tmp_path / "missing" / "hub.sqlite3"
    code, _, err = run(capsys, "hub", "--data-dir", folder(a), "--db", f"sqlite:///{database}", "--stations")
    assert code == 1
    assert err == f"kiosk: folder {database.parent} does not exist: nowhere to keep the hub's database\n"
    assert not database.parent.exists()


def test_unmerge_gives_a_merged_record_its_own_life_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = open_station(tmp_path, tmp_path / "a", "Table A")
    try:
        event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
        ana = a.registrants.register(event.id, RegistrantDraft(first_name="Ana", last_name="Ruiz"))
        other = a.registrants.register(event.id, RegistrantDraft(first_name="Ana", last_name="Ruiz", walk_in=True))
        a.checkins.check_in(other.id)
        a.merges.merge(ana.id, other.id, "Mai", "same name")
    finally:
        a.close()
    base = ["sync", "unmerge", other.id, "--data-dir", str(tmp_path / "a")]
    assert main([*base, "--reason", "two Anas", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["restored_id"], result["status"]) == (other.id, "registered") and result["carried_back"]
    assert main([*base, "--reason", "again"]) == 1
    assert "is not a merged record: there is no merge to undo" in capsys.readouterr().err


def test_a_hub_for_this_stations_network_gives_a_pairing_code_of_that_network(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    from kiosk.core.sync.client import read_pairing_text

    a, b, c = stations
    assert run(capsys, "sync", "status", "--data-dir", folder(a))[1].count("sync network: none yet") == 1
    code, _, err = run(capsys, "hub", "--data-dir", folder(a), "--network", "station", "--pairing-only")
    assert code == 1 and "leave out --network" in err
    join_and_send_back(capsys, a, (b, c), tmp_path)
    network = json.loads(run(capsys, "sync", "status", "--data-dir", folder(a), "--json")[1])["network"]
    assert network and f"sync network: {network}" in run(capsys, "sync", "status", "--data-dir", folder(a))[1]
    hub = ["hub", "--data-dir", folder(a), "--db", f"sqlite:///{tmp_path / 'hub.sqlite3'}"]
    code, out, _ = run(capsys, *hub, "--network", "station", "--pairing-only")
    assert code == 0 and read_pairing_text(out.split(": ", 1)[1].strip())["network"] == network
    code, _, err = run(capsys, *hub, "--network", "0190c8e2-0000-7000-8000-000000000000", "--pairing-only")
    assert code == 1 and "belongs to sync network" in err


# Clocks a few minutes off, and bundles the clock guard takes in part.

MINUTE_MS = 60_000


def clock_off_by(station: Kiosk, minutes: float) -> None:
    """Give a station a wall clock `minutes` off (the hybrid clock's seam), keeping what it has stamped."""
    from kiosk.core.hlc import HybridClock, wall_ms

    station.ctx.clock = HybridClock(wall=lambda: wall_ms() + round(minutes * MINUTE_MS), last=station.ctx.clock.last)


def carry(source: Kiosk, target: Kiosk, bundle: Path, minutes_off: float = 0) -> ApplyResult:
    """A bundle of what `target` lacks, made on `source` and imported on `target`, whose wall clock reads
    `minutes_off` from real time."""
    from unittest import mock

    from kiosk.core.hlc import wall_ms
    from kiosk.core.sync.bundle import export_bundle, import_bundle
    from kiosk.core.sync.protocol import local_vector

    with target.ctx.store.write() as db:
        wanted = local_vector(db)
    export_bundle(source.ctx, bundle, wanted)
    target_wall = wall_ms() + round(minutes_off * MINUTE_MS)
    with mock.patch("kiosk.core.sync.protocol.wall_ms", lambda: target_wall):
        return import_bundle(target.ctx, bundle)


def test_stamps_passed_on_from_a_clock_nine_minutes_ahead_sync_to_a_laptop_three_minutes_behind(
    stations, tmp_path: Path
) -> None:
    from kiosk.core.hlc import wall_ms
    from kiosk.core.sync.bundle import export_bundle, read_bundle
    from kiosk.core.sync.protocol import apply_batch, local_vector

    a, b, c = stations  # A's clock is right, B's 3 minutes behind, C's 9 minutes ahead
    people = setup_event(a)
    for other in (b, c):
        exchange(a.ctx, other.ctx)
    clock_off_by(c, 9)
    c.checkins.check_in(people[0])
    assert not carry(c, a, tmp_path / "c2a.kiosk").refused
    a.checkins.check_in(people[1])
    a.registrants.update(people[2], first_name="Anita")
    ahead = a.ctx.clock.last.ms - wall_ms()
    assert 8 * MINUTE_MS < ahead <= 9 * MINUTE_MS  # A, right, stamps after C's clock: 9 minutes ahead
    with b.ctx.store.write() as db:
        export_bundle(a.ctx, tmp_path / "a2b.kiosk", local_vector(db))
    bundle = read_bundle(tmp_path / "a2b.kiosk")
    taken = apply_batch(b.ctx, bundle.entries, wall=wall_ms() - 3 * MINUTE_MS)  # B: 12 minutes behind A's stamps
    assert taken.refused == [] and taken.new == len(bundle.entries)
    assert station_snapshot(b) == station_snapshot(a)
    assert b.registrants.get(people[2]).first_name == "Anita"


def test_a_clock_set_far_ahead_is_still_refused_and_the_station_that_passed_it_on_is_not_blamed(
    stations, tmp_path: Path
) -> None:
    a, b, c = stations  # A's clock is right, B's 10 minutes behind, C's 25 minutes ahead
    people = setup_event(a)
    for other in (b, c):
        exchange(a.ctx, other.ctx)
    clock_off_by(c, 25)
    c.checkins.check_in(people[0])
    assert not carry(c, a, tmp_path / "c2a.kiosk").refused  # 25 minutes: drift, taken
    a.registrants.update(people[2], first_name="Anita")
    refused = carry(a, b, tmp_path / "a2b.kiosk", minutes_off=-10).refused  # 35 minutes ahead of B's clock
    reasons = {r.station_id: r.reason for r in refused}
    assert set(reasons) == {a.ctx.station_id, c.ctx.station_id}
    assert reasons[c.ctx.station_id].startswith(
        "stamped 35 minutes ahead of this laptop's clock by its writer's own clock: that station's clock is set "
        "ahead, or this one is behind"
    )
    assert reasons[a.ctx.station_id].startswith(
        "stamped 35 minutes ahead of this laptop's clock. Stamps follow the fastest clock any station has seen, "
        "so the clock set ahead may be another station's than the one that wrote it"
    )
    assert all("import this bundle again after" in reason for reason in reasons.values())
    assert not any("by itself" in reason or "by themselves" in reason for reason in reasons.values())


def test_a_bundle_the_clock_guard_takes_in_part_exits_1_saying_when_to_import_it_again(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.hlc import wall_ms

    a, _, c = stations
    people = setup_event(a)
    exchange(a.ctx, c.ctx)
    clock_off_by(c, 120)  # set two hours ahead
    c.checkins.check_in(people[0])
    c.registrants.update(people[1], first_name="Koua")
    bundle = tmp_path / "c.kiosk"
    assert run(capsys, "sync", "export", "--data-dir", folder(c), "--out", str(bundle))[0] == 0
    code, out, err = run(capsys, "sync", "import", "--data-dir", folder(a), str(bundle))
    assert code == 1
    assert out.startswith("0 new entries of ")
    assert "refused 2 entries of Table C (" in out and "by themselves" not in out
    when = r"(\w{3}, \w{3} \d{1,2}, )?\d{1,2}:\d{2} [AP]M"
    assert re.fullmatch(
        rf"kiosk: warning: 2 of this bundle's \d+ entries were not imported, stamped too far ahead of this laptop's "
        rf"clock: import the same bundle again after {when}, or once the clocks agree: now, if this laptop's clock "
        r"is behind and you set it right\n",
        err,
    )
    assert a.registrants.get(people[1]).first_name == "Kou"
    two_hours_on = wall_ms() + 120 * MINUTE_MS
    monkeypatch.setattr("kiosk.core.sync.protocol.wall_ms", lambda: two_hours_on)  # after the time it said
    code, out, err = run(capsys, "sync", "import", "--data-dir", folder(a), str(bundle))
    assert (code, err) == (0, "") and out.startswith("2 new entries of ")
    assert a.registrants.get(people[1]).first_name == "Koua"


def test_importing_the_same_bundle_again_says_it_is_already_imported(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, b, _ = stations
    a.registrants.register_many(
        a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno").id,
        [RegistrantDraft(first_name="Mai")],
    )
    bundle = tmp_path / "a.kiosk"
    assert run(capsys, "sync", "export", "--data-dir", folder(a), "--out", str(bundle))[0] == 0
    assert run(capsys, "sync", "import", "--data-dir", folder(b), str(bundle))[1] == "3 new entries of 3; 3 applied\n"
    code, out, _ = run(capsys, "sync", "import", "--data-dir", folder(b), str(bundle))
    assert (code, out) == (0, "already imported: this station holds all 3 entries of this bundle; nothing to do\n")


def test_importing_a_folder_asks_for_the_bundle_file_in_it(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, b, _ = stations
    stick = tmp_path / "stick"
    stick.mkdir()
    code, _, err = run(capsys, "sync", "import", "--data-dir", folder(b), str(stick))
    assert (code, err) == (
        1,
        f"kiosk: {stick} is a folder with no bundle (.kiosk file) in it: give the bundle file itself; "
        "nothing was imported\n",
    )
    for name in ("table-a.kiosk", "morning.kiosk"):
        assert run(capsys, "sync", "export", "--data-dir", folder(a), "--out", str(stick / name))[0] == 0
    code, _, err = run(capsys, "sync", "import", "--data-dir", folder(b), str(stick))
    assert (code, err) == (
        1,
        f"kiosk: {stick} is a folder: give the bundle file in it, such as {stick / 'morning.kiosk'} (it holds "
        "morning.kiosk, table-a.kiosk); nothing was imported\n",
    )


def test_export_for_a_bundle_rather_than_a_vector_file_says_what_a_vector_file_is(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, b, _ = stations
    bundle = tmp_path / "b.kiosk"
    assert run(capsys, "sync", "export", "--data-dir", folder(b), "--out", str(bundle))[0] == 0
    code, out, err = run(
        capsys, "sync", "export", "--data-dir", folder(a), "--for", str(bundle), "--out", str(tmp_path / "a.kiosk")
    )
    assert (code, out) == (1, "")
    assert err == (
        "kiosk: b.kiosk is a sync bundle, not a vector file: a vector file says what the receiving laptop already "
        "holds: make it there with `kiosk sync status --json > FILE` and bring it over, or leave out --for to "
        "export everything\n"
    )
    assert not (tmp_path / "a.kiosk").exists()


# The hub's pairing code points where the hub listens.


def test_a_pairing_code_made_beside_a_running_hub_gives_the_port_it_listens_on(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from kiosk.core.sync.client import read_pairing_text
    from kiosk.core.sync.discovery import reachable_url

    a, _, _ = stations
    lan = reachable_url("http", "0.0.0.0", 8765).rsplit(":", 1)[0]  # the hub listens on every network by default
    hub = ["hub", "--data-dir", folder(a), "--db", f"sqlite:///{tmp_path / 'hub.sqlite3'}"]
    code, out, err = run(capsys, *hub, "--pairing-only")
    assert code == 0 and read_pairing_text(out.split(": ", 1)[1].strip())["url"] == f"{lan}:8765"
    assert err.startswith("kiosk: warning: no hub has run on this database yet, so the pairing code gives ")
    served: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(options["port"]))
    assert run(capsys, *hub, "--port", "9123")[0] == 0 and served == [9123]
    code, out, err = run(capsys, *hub, "--pairing-only")
    assert code == 0 and read_pairing_text(out.split(": ", 1)[1].strip())["url"] == f"{lan}:9123"
    assert err.startswith(f"kiosk: the pairing code gives {lan}:9123, where this hub last started (")
    code, out, err = run(capsys, *hub, "--pairing-only", "--port", "9200")
    assert (code, err) == (0, "") and read_pairing_text(out.split(": ", 1)[1].strip())["url"].endswith(":9200")


# One slug given to two events by two laptops set up apart.


def test_two_laptops_that_each_add_the_days_event_with_one_slug_both_list_both_events(
    capsys: pytest.CaptureFixture[str], stations, tmp_path: Path
) -> None:
    a, b, _ = stations
    made = {}
    for s in (a, b):
        add = ["add-event", "Fresno Convening", "--slug", "fresno", "--date", "2026-11-27", "--city", "Fresno"]
        code, out, _ = run(capsys, *add, "--data-dir", folder(s), "--json")
        assert code == 0
        made[s] = json.loads(out)["id"]
        s.desk.register_walk_in(s.events.by_slug("fresno"), "Walk", s.ctx.station_name[-1])
    outcomes = []
    for source, target in ((a, b), (b, a)):
        bundle = tmp_path / f"{source.ctx.station_name[-1]}.kiosk"
        assert run(capsys, "sync", "export", "--data-dir", folder(source), "--out", str(bundle))[0] == 0
        code, out, _ = run(capsys, "sync", "import", "--data-dir", folder(target), str(bundle))
        assert code == 0 and "on the way" not in out
        outcomes.append(out)
    renamed = f"fresno-{made[b].replace('-', '')[-8:]}"
    for out in outcomes:  # each import says what it settled, as it settled it
        assert "slug given twice: 'fresno' stays with the event 'Fresno Convening' (made first); the event " \
            f"'Fresno Convening' is now '{renamed}' on every station" in out  # fmt: skip
    for s in (a, b):
        listed = json.loads(run(capsys, "events", "--data-dir", folder(s), "--json")[1])
        assert sorted(e["slug"] for e in listed) == ["fresno", renamed]
        for slug in ("fresno", renamed):  # each event with its own walk-in, checked in
            out = run(capsys, "status", "--data-dir", folder(s), "--event", slug)[1]
            assert "registered 1  checked in 1  walk-ins 1" in out
    code, out, _ = run(capsys, "sync", "status", "--data-dir", folder(a))
    assert code == 0 and "waiting to apply" not in out
    code, out, _ = run(capsys, "sync", "conflicts", "--data-dir", folder(b), "--event", renamed)
    assert code == 0
    assert f"slug given twice: 'fresno' stays with Fresno Convening (made first, at Table A); Fresno Convening " \
        f"from Table B is now '{renamed}' on every station" in out  # fmt: skip


def test_a_bundle_import_tells_held_entries_from_those_on_the_way_and_says_what_it_settled() -> None:
    from kiosk.commands.sync import _describe
    from kiosk.core.changelog import Held
    from kiosk.core.sync.protocol import ApplyResult

    reason = "its organization has the same name as one this station holds, which only one may have"
    result = ApplyResult(
        received=5, new=5, applied=2, pending=3, held=[Held("s-a", 4, reason)], settled=1, loops_undone=1
    )
    lines = _describe(result, {"s-a": "Table A"}.__getitem__, lambda entity, rid: rid).splitlines()
    assert lines == [
        "5 new entries of 5; 2 applied",
        "2 waiting for rows still on the way",
        f"held, entry 4 of Table A: {reason}",
        "1 pair of records merged into each other at two stations apart: the later merge is undone, and the person "
        "is the record the earlier merge kept",
        "1 merged record had been checked in at a station that had not heard of the merge: the arrival now "
        "counts for the person kept",
    ]


def test_a_hub_started_on_the_convenings_laptop_serves_its_network_whoever_pairs_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The laptop that set up the convening runs the hub without --network: the hub serves that laptop's
    network (made now, as it never synced), so a fresh laptop pairing first joins it instead of taking
    the hub into a network of its own. The hub listens on every network by default and says what to run."""
    import uvicorn

    from kiosk.core.sync.client import read_pairing_text
    from kiosk.core.sync.keys import network_id

    lead = Kiosk.open(tmp_path / "lead", "Registration lead")
    try:
        with lead.ctx.store.write() as db:
            assert network_id(db) is None
        hub = ["hub", "--data-dir", folder(lead), "--db", f"sqlite:///{tmp_path / 'hub.sqlite3'}"]
        assert run(capsys, *hub, "--pairing-only")[0] == 0  # no event yet: the first station to pair decides
        with lead.ctx.store.write() as db:
            assert network_id(db) is None
        lead.events.create(name="Fresno Convening", slug="fresno", date=dt.date(2026, 4, 23), city="Fresno")
        served: list[dict[str, object]] = []
        monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(options))
        code, _out, err = run(capsys, *hub)
        assert code == 0 and served[0]["host"] == "0.0.0.0"
        assert "on every laptop, this one too: kiosk sync pair 'CODE'" in err
        with lead.ctx.store.write() as db:
            made = network_id(db)
        assert made is not None
        code, out, _ = run(capsys, *hub, "--pairing-only")
        assert read_pairing_text(out.split(": ", 1)[1].strip())["network"] == made
    finally:
        lead.close()
