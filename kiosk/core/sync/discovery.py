"""Finding the venue's hub on the LAN: a station serving as hub advertises itself over mDNS/DNS-SD
(zeroconf), and the others browse for it, so nobody types an IP address at 8 in the morning.

The service is `_convening-kiosk._tcp.local.`; its TXT records hold the hub's URL, its sync network id and
the SHA-256 of its certificate (empty for plain HTTP). Discovery only says where a hub is: joining it
still takes the one-time pairing code the hub shows, and an https hub's certificate is still checked
against the fingerprint in that code (kiosk.core.sync.client.pair).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SERVICE_TYPE = "_convening-kiosk._tcp.local."
TXT_VERSION = "1"


@dataclass(frozen=True)
class FoundHub:
    """A hub seen on the LAN."""

    name: str
    """The hub's service name ("Table A hub"), as it advertised it: plain text."""
    url: str
    network: str
    fingerprint: str
    addresses: tuple[str, ...]
    port: int

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).hostname or (self.addresses[0] if self.addresses else "")


def _decode(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _instance(name: str) -> str:
    """A DNS-SD instance name: at most 63 bytes, no dots (they would split the name)."""
    clean = name.replace(".", " ").strip() or "Convening Kiosk hub"
    while len(clean.encode("utf-8")) > 63:
        clean = clean[:-1]
    return clean


def _addresses_for(host: str, interfaces: Sequence[str] | None) -> list[str]:
    """The IPv4 addresses to advertise: the URL's own if it names one, else the chosen interfaces', else
    this machine's non-loopback ones."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None and not address.is_unspecified:
        return [str(address)]
    if interfaces:
        return [i for i in interfaces if _is_ipv4(i)]
    import ifaddr  # a dependency of zeroconf

    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127."):
                found.append(ip.ip)
    return found or ["127.0.0.1"]


def _is_ipv4(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def reachable_url(scheme: str, host: str, port: int) -> str:
    """The URL other stations reach a hub at that listens on `host` (0.0.0.0 means: this laptop's LAN
    address, the first one found)."""
    try:
        unspecified = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        unspecified = False
    if unspecified:
        host = _addresses_for("", None)[0]
    return f"{scheme}://{host}:{port}"


class Advertisement:
    """The hub's announcement on the LAN, from `start()` until `close()` (a context manager too)."""

    def __init__(
        self,
        url: str,
        network: str,
        fingerprint: str = "",
        name: str = "",
        interfaces: Sequence[str] | None = None,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        self.url = url.rstrip("/")
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.network = network
        self.fingerprint = fingerprint
        self.name = _instance(name or f"{socket.gethostname().split('.')[0]} hub")
        self.interfaces = list(interfaces) if interfaces else None
        self.addresses = _addresses_for(parts.hostname or "", self.interfaces)
        self._zeroconf: Any = None
        self._info: Any = None

    def start(self) -> Advertisement:
        from zeroconf import ServiceInfo, Zeroconf

        host = socket.gethostname().split(".")[0] or "kiosk-hub"
        self._info = ServiceInfo(
            SERVICE_TYPE,
            f"{self.name}.{SERVICE_TYPE}",
            port=self.port,
            properties={
                "v": TXT_VERSION,
                "url": self.url,
                "network": self.network,
                "fingerprint": self.fingerprint,
            },
            server=f"{host}.local.",
            addresses=[socket.inet_aton(a) for a in self.addresses],
        )
        self._zeroconf = Zeroconf(interfaces=self.interfaces) if self.interfaces else Zeroconf()
        # A second hub with the same name (two stations called "Table A") gets " (2)" appended.
        self._zeroconf.register_service(self._info, allow_name_change=True)
        self.name = self._info.name[: -len(SERVICE_TYPE) - 1]
        return self

    def close(self) -> None:
        if self._zeroconf is not None:
            try:
                self._zeroconf.unregister_service(self._info)
            finally:
                self._zeroconf.close()
                self._zeroconf = None

    def __enter__(self) -> Advertisement:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.close()


def advertise(
    url: str, network: str, fingerprint: str = "", name: str = "", interfaces: Sequence[str] | None = None
) -> Advertisement:
    """Start announcing the hub at `url`; close the result to stop."""
    return Advertisement(url, network, fingerprint, name, interfaces).start()


def _found(info: Any) -> FoundHub | None:
    props = {_decode(k): _decode(v) for k, v in (info.properties or {}).items()}
    addresses = tuple(info.parsed_addresses())
    url = props.get("url", "")
    if not url and addresses:
        url = f"http://{addresses[0]}:{info.port}"
    if not url:
        return None
    name = info.name[: -len(SERVICE_TYPE) - 1] if info.name.endswith(SERVICE_TYPE) else info.name
    return FoundHub(name, url, props.get("network", ""), props.get("fingerprint", ""), addresses, int(info.port or 0))


def discover(
    timeout: float = 3.0, interfaces: Sequence[str] | None = None, network: str | None = None
) -> list[FoundHub]:
    """The hubs that answer on the LAN within `timeout` seconds, by name (only those of `network`, if
    given). Blocks: call it from a worker thread in the app."""
    from zeroconf import ServiceBrowser, ServiceStateChange, Zeroconf

    names: set[str] = set()
    lock = threading.Lock()

    def on_change(zeroconf: Any, service_type: str, name: str, state_change: Any) -> None:
        if state_change in (ServiceStateChange.Added, ServiceStateChange.Updated):
            with lock:
                names.add(name)

    zeroconf = Zeroconf(interfaces=list(interfaces)) if interfaces else Zeroconf()
    try:
        browser = ServiceBrowser(zeroconf, SERVICE_TYPE, handlers=[on_change])
        deadline = time.monotonic() + timeout
        hubs: dict[str, FoundHub] = {}
        while True:
            with lock:
                pending = sorted(names - hubs.keys())
            for name in pending:
                left = max(0.1, deadline - time.monotonic())
                info = zeroconf.get_service_info(SERVICE_TYPE, name, timeout=int(min(left, 3.0) * 1000))
                hub = _found(info) if info is not None else None
                if hub is not None:
                    hubs[name] = hub
            if time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        browser.cancel()
    finally:
        zeroconf.close()
    found = [h for h in hubs.values() if network is None or h.network == network]
    return sorted(found, key=lambda h: (h.name.casefold(), h.url))
