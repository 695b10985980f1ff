"""A hub for an existing sync network: a fresh hub takes the network of the first station it pairs (a
station that synced by USB, or the stations of a hub that died), a hub started for a network keeps it, and a
pairing refused for another network changes nothing on either side. On SQLite and on a real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_hub_api
from starlette.testclient import TestClient
from sync_support import entry_ids, open_station, station_snapshot
from test_hub_tls import make_certificate

from kiosk.core.errors import InvalidInput, KioskError
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.settings import get_setting
from kiosk.core.sync import client as sync_client
from kiosk.core.sync import keys
from kiosk.core.sync.bundle import export_bundle, import_bundle
from kiosk.core.sync.client import CERT_FILENAME, hub_config, pair, sync_now
from kiosk.core.sync.protocol import SyncError
from kiosk.hub.app import create_app
from kiosk.hub.store import HubStore, OtherNetwork, Paired

HUB = test_hub_api.HUB
postgresql_proc = test_hub_api.postgresql_proc
hub_url = test_hub_api.hub_url


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[list[Kiosk]]:
    opened = [open_station(tmp_path, tmp_path / n, f"Table {n.upper()}") for n in "abcx"]
    yield opened
    for s in opened:
        s.close()


def second_url(hub_url: str, tmp_path: Path) -> str:
    """Another, empty hub database on the same server as `hub_url` (the replacement hub's)."""
    if hub_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'hub2.sqlite3'}"
    import psycopg

    base, _, name = hub_url.rpartition("/")
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}_2"')
    return f"{base}/{name}_2"


def network_of(station: Kiosk) -> str | None:
    with station.ctx.store.write() as db:
        return keys.network_id(db)


def write_event(a: Kiosk) -> str:
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    a.registrants.register_many(event.id, [RegistrantDraft(first_name=n) for n in ("Mai", "Kou", "Pa")])
    return event.id


def people(station: Kiosk, event_id: str) -> list[str]:
    with station.ctx.store.write() as db:
        return [r[0] for r in db.execute("SELECT id FROM registrant WHERE event_id = ? ORDER BY id", (event_id,))]


def bundle_sync(source: Kiosk, target: Kiosk, folder: Path) -> None:
    path = export_bundle(source.ctx, folder / f"{source.ctx.station_name}.kiosk").path
    import_bundle(target.ctx, path)


def test_a_station_that_synced_by_bundle_pairs_with_a_fresh_hub(stations, hub_url: str, tmp_path: Path) -> None:
    a, b, *_ = stations
    write_event(a)
    bundle_sync(a, b, tmp_path)
    network = network_of(a)
    assert network is not None and network_of(b) == network
    hub = HubStore(hub_url)
    try:
        with TestClient(create_app(hub), base_url=HUB) as http:
            assert pair(a.ctx, HUB, hub.new_pairing_token(), http=http).network == network
            assert hub.network == network and http.get("/health").json()["network"] == network
            pair(b.ctx, HUB, hub.new_pairing_token(), http=http)
            for s in (a, b, a):
                sync_now(s.ctx, http=http)
        assert station_snapshot(a) == station_snapshot(b)
    finally:
        hub.close()


def test_a_fresh_hub_takes_over_after_the_old_one_is_gone(stations, hub_url: str, tmp_path: Path) -> None:
    a, b, c, _ = stations
    old = HubStore(hub_url)
    with TestClient(create_app(old), base_url=HUB) as http:
        for s in (a, b, c):
            pair(s.ctx, HUB, old.new_pairing_token(), http=http)
        event_id = write_event(a)
        for s in (a, b, c):
            sync_now(s.ctx, http=http)
    network = old.network
    old.close()  # the hub laptop died; the stations work on alone
    mai, kou, pa = people(b, event_id)
    b.checkins.check_in(mai)
    c.registrants.update(kou, title="Director")
    a.checkins.check_in(pa)

    new = HubStore(second_url(hub_url, tmp_path))
    try:
        assert new.network != network
        with TestClient(create_app(new), base_url=HUB) as http:
            for s in (c, a, b):
                assert pair(s.ctx, HUB, new.new_pairing_token(), http=http).network == network
            for s in (a, b, c, a, b):
                sync_now(s.ctx, http=http)
            assert new.network == network
            assert new.count() == len(entry_ids(a))
        snaps = [station_snapshot(s) for s in (a, b, c)]
        assert snaps[0] == snaps[1] == snaps[2]
        assert entry_ids(a) == entry_ids(b) == entry_ids(c)
    finally:
        new.close()


def test_a_hub_refuses_a_station_of_another_network_and_nothing_changes(
    stations, hub_url: str, tmp_path: Path
) -> None:
    a, b, _, x = stations
    export_bundle(x.ctx, tmp_path / "x.kiosk")  # another convening's station
    hub = HubStore(hub_url)
    try:
        with TestClient(create_app(hub), base_url=HUB) as http:
            pair(a.ctx, HUB, hub.new_pairing_token(), http=http)
            network = hub.network
            token = hub.new_pairing_token()
            with pytest.raises(InvalidInput, match="another sync network") as refused:
                pair(x.ctx, HUB, token, http=http)
            assert "\n" not in str(refused.value)
            assert network[:8] in str(refused.value) and str(network_of(x))[:8] in str(refused.value)
            assert [s.station_id for s in hub.stations()] == [a.ctx.station_id]
            assert hub.network == network and network_of(x) != network
            assert hub_config(x.ctx) is None
            pair(b.ctx, HUB, token, http=http)  # the code was not used up
            assert network_of(b) == network
    finally:
        hub.close()


def test_a_hub_started_for_a_network_keeps_it(stations, hub_url: str) -> None:
    a, b, *_ = stations
    export_bundle(a.ctx, Path(a.ctx.store.folder) / "a.kiosk")
    network = str(network_of(a))
    hub = HubStore(hub_url, network="d0c5e7a1-0000-4000-8000-000000000001")
    try:
        with TestClient(create_app(hub), base_url=HUB) as http:
            token = hub.new_pairing_token()
            with pytest.raises(SyncError, match="another sync network"):
                pair(a.ctx, HUB, token, http=http)
            assert hub.stations() == [] and hub.network.startswith("d0c5e7a1")
            pair(b.ctx, HUB, token, http=http)
        assert network_of(b) == hub.network
    finally:
        hub.close()
    again = HubStore(hub_url)
    try:
        assert again.network == network_of(b)  # opened again: the same network
    finally:
        again.close()
    with pytest.raises(KioskError, match="belongs to sync network d0c5e7a1"):
        HubStore(hub_url, network=network)


def test_a_fresh_hub_can_be_started_for_a_network_then_stations_join_it(stations, hub_url: str) -> None:
    a, b, *_ = stations
    export_bundle(a.ctx, Path(a.ctx.store.folder) / "a.kiosk")
    HubStore(hub_url).close()  # started once without --network, nobody paired yet
    hub = HubStore(hub_url, network=str(network_of(a)))
    try:
        with TestClient(create_app(hub), base_url=HUB) as http:
            pair(b.ctx, HUB, hub.new_pairing_token(), http=http)
            pair(a.ctx, HUB, hub.new_pairing_token(), http=http)
        assert network_of(a) == network_of(b) == hub.network
    finally:
        hub.close()


def test_a_second_hub_process_sees_the_network_the_first_adopted(stations, hub_url: str) -> None:
    a, *_, x = stations
    export_bundle(a.ctx, Path(a.ctx.store.folder) / "a.kiosk")
    export_bundle(x.ctx, Path(x.ctx.store.folder) / "x.kiosk")
    first, second = HubStore(hub_url), HubStore(hub_url)
    try:
        assert first.network == second.network
        with TestClient(create_app(first), base_url=HUB) as one, TestClient(create_app(second), base_url=HUB) as two:
            pair(a.ctx, HUB, first.new_pairing_token(), http=one)
            assert two.get("/health").json()["network"] == network_of(a) == second.network
            with pytest.raises(SyncError, match="another sync network"):
                pair(x.ctx, HUB, second.new_pairing_token(), http=two)
        assert [s.station_id for s in second.stations()] == [a.ctx.station_id]
    finally:
        first.close()
        second.close()


def test_a_refused_pairing_keeps_the_certificate_pinned_for_the_current_hub(
    stations, hub_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, _, x = stations
    current, _ = make_certificate(tmp_path / "current")
    other, _ = make_certificate(tmp_path / "other", "Another convening's hub")
    mine, theirs = HubStore(hub_url), HubStore(second_url(hub_url, tmp_path))
    try:
        with TestClient(create_app(theirs), base_url="https://theirs.test") as http:
            pair(x.ctx, "https://theirs.test", theirs.new_pairing_token(), http=http)  # their network now
        for store, cert, url in ((mine, current, "https://mine.test"), (theirs, other, "https://theirs.test")):
            pem = cert.read_text()
            monkeypatch.setattr(sync_client.ssl, "get_server_certificate", lambda *_a, pem=pem, **_k: pem)
            fingerprint = sync_client.cert_fingerprint(cert.read_bytes())
            with TestClient(create_app(store), base_url=url) as http:
                if store is mine:
                    pair(a.ctx, url, store.new_pairing_token(), fingerprint, http=http)
                else:
                    with pytest.raises(InvalidInput, match="another sync network"):
                        pair(a.ctx, url, store.new_pairing_token(), fingerprint, http=http)
        assert (a.ctx.store.folder / CERT_FILENAME).read_text() == current.read_text()
        config = hub_config(a.ctx)
        assert config is not None and config.url == "https://mine.test"
        with a.ctx.store.write() as db:
            assert get_setting(db, keys.NETWORK) == mine.network
        assert [s.station_id for s in theirs.stations()] == [x.ctx.station_id]
    finally:
        mine.close()
        theirs.close()


def test_two_stations_of_two_networks_pairing_at_once_leave_the_hub_one_network(stations, hub_url: str) -> None:
    a, *_, x = stations
    for s in (a, x):
        export_bundle(s.ctx, Path(s.ctx.store.folder) / "own.kiosk")
    hubs = [HubStore(hub_url), HubStore(hub_url)]  # two hub processes on one database
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def pair_at_once(hub: HubStore, station: Kiosk, token: str) -> None:
        start.wait()
        try:
            outcomes[station.ctx.station_id] = hub.pair(token, station.ctx.station_id, "", "", str(network_of(station)))
        except OtherNetwork as exc:
            outcomes[station.ctx.station_id] = exc

    try:
        tokens = [hubs[0].new_pairing_token(), hubs[1].new_pairing_token()]
        pairs = zip(hubs, (a, x), tokens, strict=True)
        threads = [threading.Thread(target=pair_at_once, args=args) for args in pairs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        paired = [s for s in (a, x) if isinstance(outcomes[s.ctx.station_id], Paired)]
        refused = [s for s in (a, x) if isinstance(outcomes[s.ctx.station_id], OtherNetwork)]
        assert len(paired) == len(refused) == 1
        assert hubs[0].network == hubs[1].network == network_of(paired[0])
        assert [r.station_id for r in hubs[0].stations()] == [paired[0].ctx.station_id]
    finally:
        for hub in hubs:
            hub.close()
