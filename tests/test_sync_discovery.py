"""Finding the venue's hub on the LAN: a hub advertised over zeroconf is found by browsing, in-process on
the loopback interface."""

from __future__ import annotations

import pytest

from kiosk.core.sync.discovery import SERVICE_TYPE, Advertisement, discover, reachable_url

LOOPBACK = ["127.0.0.1"]
NO_MULTICAST = "multicast DNS does not work on this machine's loopback interface (sandbox without multicast)"


def test_a_hub_advertised_on_the_lan_is_found_with_its_url_network_and_fingerprint() -> None:
    try:
        ad = Advertisement("http://127.0.0.1:8765", "net-1234", "ab" * 32, "Table A hub", interfaces=LOOPBACK)
        ad.start()
    except OSError as exc:
        pytest.skip(f"{NO_MULTICAST}: {exc}")
    try:
        found = discover(3.0, interfaces=LOOPBACK)
    finally:
        ad.close()
    if not found:
        pytest.skip(NO_MULTICAST)
    mine = [hub for hub in found if hub.url == "http://127.0.0.1:8765"]
    assert mine, found
    hub = mine[0]
    assert hub.name.startswith("Table A hub")
    assert (hub.network, hub.fingerprint, hub.port, hub.host) == ("net-1234", "ab" * 32, 8765, "127.0.0.1")
    assert "127.0.0.1" in hub.addresses


def test_discovery_keeps_only_hubs_of_this_stations_network() -> None:
    try:
        ad = Advertisement("http://127.0.0.1:8766", "other-net", "", "Elsewhere hub", interfaces=LOOPBACK).start()
    except OSError as exc:
        pytest.skip(f"{NO_MULTICAST}: {exc}")
    try:
        everyone = discover(3.0, interfaces=LOOPBACK)
        ours = discover(2.0, interfaces=LOOPBACK, network="net-of-this-station")
    finally:
        ad.close()
    if not everyone:
        pytest.skip(NO_MULTICAST)
    assert any(h.network == "other-net" for h in everyone)
    assert ours == []


def test_a_hub_listening_on_every_address_is_reached_at_a_lan_address() -> None:
    url = reachable_url("http", "0.0.0.0", 8765)
    assert url.startswith("http://") and url.endswith(":8765") and "0.0.0.0" not in url
    assert reachable_url("https", "192.168.1.10", 443) == "https://192.168.1.10:443"


def test_the_service_type_is_the_one_stations_browse_for() -> None:
    assert SERVICE_TYPE == "_convening-kiosk._tcp.local."
