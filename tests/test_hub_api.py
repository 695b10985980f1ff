"""The hub over HTTP, on SQLite and on a real PostgreSQL server: pairing, tokens, push and pull, faults."""

from __future__ import annotations

import datetime as dt
import glob
import itertools
import os
import stat
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from pytest_postgresql import factories
from starlette.testclient import TestClient
from sync_support import entry_ids, open_station, station_snapshot

from kiosk.core.errors import InvalidInput
from kiosk.core.hlc import HybridClock, wall_ms
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.client import HubClient, SyncReport, hub_config, pair, sync_now
from kiosk.core.sync.conflicts import duplicate_checkins
from kiosk.core.sync.protocol import MAX_AHEAD_MS, SyncError, entries_missing, entry_to_wire, local_vector
from kiosk.hub.app import create_app
from kiosk.hub.store import HubStore, hub_entry

HUB = "http://hub.test"
MINUTE_MS = 60_000
PG_CTL = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))


def _pg_ctl_wrapper(folder: Path) -> str:
    """pg_ctl, run as the postgres user when the tests run as root (CI does): PostgreSQL refuses root."""
    if not PG_CTL:
        return "pg_ctl"
    if os.geteuid() != 0:
        return PG_CTL[-1]
    script = folder / "pg_ctl_as_postgres"
    script.write_text(
        "#!/bin/sh\nset -e\nd=''\nprev=''\n"
        'for a in "$@"; do if [ "$prev" = "-D" ] || [ "$prev" = "--pgdata" ]; then d="$a"; fi; prev="$a"; done\n'
        'if [ -n "$d" ]; then p=$(dirname "$d"); chown -R postgres "$p"; '
        'while [ "$p" != "/" ]; do chmod o+x "$p"; p=$(dirname "$p"); done; fi\n'
        f'cd /tmp && exec runuser -u postgres -- {PG_CTL[-1]} "$@"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(script)


postgresql_proc = factories.postgresql_proc(executable=_pg_ctl_wrapper(Path("/tmp")), unixsocketdir="/tmp")
_databases = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    if not PG_CTL:
        pytest.skip("PostgreSQL's server binaries are not installed (Debian: apt-get install postgresql)")
    proc = request.getfixturevalue("postgresql_proc")
    import psycopg

    name = f"hub_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(host=proc.host, port=proc.port, user=proc.user, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{proc.user}@{proc.host}:{proc.port}/{name}"


@pytest.fixture
def hub(hub_url: str) -> Iterator[HubStore]:
    store = HubStore(hub_url)
    yield store
    store.close()


@pytest.fixture
def http(hub: HubStore) -> Iterator[TestClient]:
    with TestClient(create_app(hub), base_url=HUB) as client:
        yield client


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[list[Kiosk]]:
    opened = [open_station(tmp_path, tmp_path / n, f"Table {n.upper()}") for n in "abc"]
    yield opened
    for s in opened:
        s.close()


def paired(stations: list[Kiosk], hub: HubStore, http: TestClient) -> list[Kiosk]:
    for s in stations:
        pair(s.ctx, HUB, hub.new_pairing_token(), http=http)
    return stations


def setup_event(a: Kiosk) -> tuple[str, list[str]]:
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    people = a.registrants.register_many(event.id, [RegistrantDraft(first_name=n) for n in ("Mai", "Kou", "Pa")])
    return event.id, [p.id for p in people]


def test_health_answers_without_a_token(http: TestClient, hub: HubStore) -> None:
    answer = http.get("/health").json()
    assert answer["ok"] and answer["network"] == hub.network


def test_every_other_route_needs_a_station_token(http: TestClient) -> None:
    assert http.get("/vector").status_code == 401
    assert http.post("/pull", json={"vector": {}}, headers={"Authorization": "Bearer nope"}).status_code == 401


def test_a_pairing_token_works_once(stations, hub: HubStore, http: TestClient) -> None:
    a, b, _ = stations
    token = hub.new_pairing_token()
    pair(a.ctx, HUB, token, http=http)
    with pytest.raises(InvalidInput, match="unknown, used or expired"):
        pair(b.ctx, HUB, token, http=http)


def test_stations_converge_through_the_hub(stations, hub: HubStore, http: TestClient) -> None:
    a, b, c = paired(stations, hub, http)
    _event_id, people = setup_event(a)
    sync_now(a.ctx, http=http)
    for s in (b, c):
        sync_now(s.ctx, http=http)
    b.checkins.check_in(people[0])
    c.registrants.update(people[1], title="Director")
    for s in (b, c, a, b, c):
        sync_now(s.ctx, http=http)
    snaps = [station_snapshot(s) for s in stations]
    assert snaps[0] == snaps[1] == snaps[2]
    assert entry_ids(a) == entry_ids(b) == entry_ids(c)


def test_a_revoked_token_is_refused_at_once(stations, hub: HubStore, http: TestClient) -> None:
    a, *_ = paired(stations, hub, http)
    sync_now(a.ctx, http=http)
    assert hub.revoke("Table A") == [a.ctx.station_id]
    with pytest.raises(InvalidInput, match="revoked"):
        sync_now(a.ctx, http=http)


def test_a_push_whose_response_is_lost_is_stored_once_when_repeated(stations, hub: HubStore, http: TestClient) -> None:
    a, b, _ = paired(stations, hub, http)
    setup_event(a)
    client = HubClient(a.ctx, http=http)
    with a.ctx.store.write() as db:
        batch = [entry_to_wire(e) for e in entries_missing(db, {})]
    http.post("/push", json={"entries": batch}, headers=client.headers)  # the answer never reaches A
    sync_now(a.ctx, http=http)  # A pushes again what it thinks the hub lacks
    assert hub.count() == len(batch)
    sync_now(b.ctx, http=http)
    assert entry_ids(a) <= entry_ids(b)


def test_a_hub_that_dies_mid_batch_keeps_none_of_it(stations, hub: HubStore, http: TestClient, monkeypatch) -> None:
    a, b, _ = paired(stations, hub, http)
    setup_event(a)
    real = hub.store_entries

    def die_halfway(entries) -> int:
        rows = list(entries)
        with hub.engine.begin() as conn:  # the hub's own transaction: half the rows go in, then it dies
            conn.execute(hub_entry.insert(), [{**entry_to_wire(e), "payload": "{}"} for e in rows[: len(rows) // 2]])
            raise ConnectionError("hub process killed mid-batch")

    monkeypatch.setattr(hub, "store_entries", die_halfway)
    with pytest.raises(ConnectionError):
        sync_now(a.ctx, http=http)
    assert hub.count() == 0
    monkeypatch.setattr(hub, "store_entries", real)
    sync_now(a.ctx, http=http)  # the station pushes again; nothing is lost or doubled
    sync_now(b.ctx, http=http)
    assert entry_ids(a) <= entry_ids(b)
    assert hub.count() == len(entry_ids(a) | entry_ids(b))


def test_pull_pages_until_nothing_is_missing(stations, hub: HubStore, http: TestClient) -> None:
    a, b, _ = paired(stations, hub, http)
    event_id, _ = setup_event(a)
    a.registrants.register_many(event_id, [RegistrantDraft(first_name=f"P{i}") for i in range(30)])
    sync_now(a.ctx, http=http)
    client = HubClient(b.ctx, http=http)
    report = SyncReport()
    client.pull(report, page=7)
    assert report.pulled == hub.count()
    with b.ctx.store.write() as db:
        assert local_vector(db)[a.ctx.station_id] == hub.vector()[a.ctx.station_id]


def test_the_hub_refuses_entries_from_a_clock_far_ahead(stations, hub: HubStore, http: TestClient) -> None:
    a, *_ = paired(stations, hub, http)
    a.ctx.clock._wall = lambda: wall_ms() + MAX_AHEAD_MS + 3_600_000
    setup_event(a)
    report = sync_now(a.ctx, http=http)
    assert report.refused and report.refused[-1].reason.startswith("stamped 90 minutes ahead of the hub's clock")
    assert "this station keeps it and pushes it again at every sync" in report.refused[-1].reason


def test_stamps_passed_on_from_a_clock_nine_minutes_ahead_reach_a_laptop_three_minutes_behind(
    stations, hub: HubStore, http: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = paired(stations, hub, http)  # A's clock is right, B's 3 minutes behind, C's 9 minutes ahead
    _event_id, people = setup_event(a)
    for s in (a, b, c):
        sync_now(s.ctx, http=http)
    c.ctx.clock = HybridClock(wall=lambda: wall_ms() + 9 * MINUTE_MS, last=c.ctx.clock.last)
    c.checkins.check_in(people[0])
    assert not sync_now(c.ctx, http=http).refused
    sync_now(a.ctx, http=http)
    a.registrants.update(people[1], title="Director")  # stamped after C's clock: 9 minutes ahead
    assert not sync_now(a.ctx, http=http).refused
    behind = wall_ms() - 3 * MINUTE_MS
    monkeypatch.setattr("kiosk.core.sync.protocol.wall_ms", lambda: behind)  # B's clock, as B pulls
    report = sync_now(b.ctx, http=http)
    assert report.refused == [] and report.pulled > 0
    assert station_snapshot(b) == station_snapshot(a)


def test_the_same_badge_at_two_stations_is_flagged_everywhere_after_hub_sync(
    stations, hub: HubStore, http: TestClient
) -> None:
    a, b, c = paired(stations, hub, http)
    _event_id, people = setup_event(a)
    for s in (a, b, c):
        sync_now(s.ctx, http=http)
    b.ctx.clock._wall = lambda: wall_ms() + 1000
    a.checkins.check_in(people[2])
    b.checkins.check_in(people[2])
    for s in (a, b, c, a):
        sync_now(s.ctx, http=http)
    found = []
    for s in stations:
        with s.ctx.store.write() as db:
            found.append(duplicate_checkins(db, _event_id))
    assert found[0] == found[1] == found[2] and len(found[0]) == 1


def test_two_hub_processes_on_one_database_store_each_entry_once(
    stations, hub_url: str, hub: HubStore, http: TestClient
) -> None:
    a, *_ = paired(stations, hub, http)
    setup_event(a)
    other = HubStore(hub_url)
    try:
        with TestClient(create_app(other), base_url=HUB) as second:
            client = HubClient(a.ctx, http=http)
            with a.ctx.store.write() as db:
                batch = [entry_to_wire(e) for e in entries_missing(db, {})]
            first = http.post("/push", json={"entries": batch}, headers=client.headers).json()
            again = second.post("/push", json={"entries": batch}, headers=client.headers).json()
        assert (first["stored"], again["stored"]) == (len(batch), 0)
        assert other.count() == len(batch)
    finally:
        other.close()


def test_sync_without_a_reachable_hub_says_so(stations, tmp_path: Path) -> None:
    a, *_ = stations
    with pytest.raises(InvalidInput, match="cannot reach") as refused:
        pair(a.ctx, "http://127.0.0.1:9", "token", http=httpx.Client(timeout=2))
    assert "nothing was paired" in str(refused.value).lower() and "\n" not in str(refused.value)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_pairing_with_a_server_that_is_not_a_hub_says_so_in_one_line(stations) -> None:
    a, *_ = stations
    server = ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)  # python -m http.server: POST is 501
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        with pytest.raises(SyncError) as refused:
            pair(a.ctx, url + "/", "token", http=httpx.Client(timeout=5))
    finally:
        server.shutdown()
        server.server_close()
    assert str(refused.value) == (
        f"{url} is not a Convening Kiosk hub (it answered 501): check the address: "
        "a hub's address looks like http://192.168.1.10:8765"
    )
    assert hub_config(a.ctx) is None


def test_pairing_at_a_wrong_path_of_the_hub_says_check_the_address(stations, hub: HubStore, http: TestClient) -> None:
    a, *_ = stations
    token = hub.new_pairing_token()
    with pytest.raises(SyncError) as refused:
        pair(a.ctx, HUB + "/sync", token, http=http)
    assert str(refused.value) == (
        f"{HUB}/sync is not a Convening Kiosk hub (it answered 404): check the address: "
        "a hub's address looks like http://192.168.1.10:8765"
    )
    assert pair(a.ctx, HUB, token, http=http).url == HUB  # nothing reached the hub: the code still works


@pytest.mark.parametrize(
    "url", ["notaurl", "192.168.1.10:8765", "hub.local:8765", "http://", "ftp://192.168.1.10", "http://hub:99999"]
)
def test_a_malformed_hub_address_is_refused_before_anything_is_sent(stations, url: str) -> None:
    a, *_ = stations
    sent: list[httpx.Request] = []
    client = httpx.Client(transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200, json={})))
    with pytest.raises(SyncError) as refused:
        pair(a.ctx, url, "token", http=client)
    assert str(refused.value) == (
        f"{url!r} is not a hub's address: a hub's address looks like http://192.168.1.10:8765; nothing was paired"
    )
    assert sent == [] and hub_config(a.ctx) is None


def test_a_fault_of_the_hub_is_said_by_the_hub(stations, hub: HubStore, monkeypatch) -> None:
    a, *_ = stations
    with TestClient(create_app(hub), base_url=HUB, raise_server_exceptions=False) as http:
        pair(a.ctx, HUB, hub.new_pairing_token(), http=http)

        def broken() -> dict[str, int]:
            raise RuntimeError("database gone")

        monkeypatch.setattr(hub, "vector", broken)
        with pytest.raises(SyncError, match=r"^the hub refused \(500\): the hub failed \(RuntimeError\)"):
            sync_now(a.ctx, http=http)


def test_the_hub_lists_and_revokes_a_station_by_the_name_it_was_renamed_to(
    capsys: pytest.CaptureFixture[str], stations, hub_url: str, hub: HubStore, http: TestClient, tmp_path: Path
) -> None:
    from kiosk.cli import main

    a, b, c = paired(stations, hub, http)
    a.stations.rename("Door 1")
    c.stations.rename("Door 3")
    for s in (a, b, c):
        sync_now(s.ctx, http=http)
    command = ["hub", "--data-dir", str(tmp_path / "hub-laptop"), "--db", hub_url]
    assert main([*command, "--stations"]) == 0
    listed = [line.split(None, 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert listed == [
        "Door 1               active  (formerly Table A)",
        "Door 3               active  (formerly Table C)",
        "Table B              active",
    ]
    assert main([*command, "--revoke", "door 1"]) == 0
    assert capsys.readouterr().out == f"revoked: Door 1 ({a.ctx.station_id})\n"
    assert main([*command, "--revoke", "Table C"]) == 0  # the name it had: no station has it now
    assert capsys.readouterr().out == f"revoked: Door 3, formerly Table C ({c.ctx.station_id})\n"
    for gone in (a, c):
        with pytest.raises(SyncError, match="unknown or was revoked"):
            sync_now(gone.ctx, http=http)
    assert not sync_now(b.ctx, http=http).refused
