"""A station's side of hub sync: pair once, then pull what it lacks and push what the hub lacks.

The hub's address, this station's token and (for a hub with its own certificate) the pinned certificate
live in the station's local settings and data folder, never replicated. Every step is idempotent: a push
whose response is lost is pushed again and stored once; a pull page is applied in one transaction.

Pairing sends the station's sync network, so a fresh hub can take it (the hub of a network that synced by
USB, or the replacement of a hub that died) and a hub of another network refuses before it uses the code.
A refused pairing changes nothing here either: the network, the hub settings and the pinned certificate
are written only once the hub has said yes. Every error is one line that says what to do.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import ssl
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kiosk.core.context import Context
from kiosk.core.settings import get_setting, put_setting
from kiosk.core.sync import keys
from kiosk.core.sync.protocol import (
    PAGE,
    PEER_PREFIX,
    Refused,
    SyncError,
    apply_batch,
    check_vector,
    entries_missing,
    entry_from_wire,
    entry_to_wire,
    local_vector,
    record_peer,
)

HUB = "sync.hub"
HUB_PEER = "hub"
CERT_FILENAME = "hub-cert.pem"
PAIRING_SCHEME = "kiosk-pair:"
TIMEOUT = 30.0
ADDRESS_EXAMPLE = "a hub's address looks like http://192.168.1.10:8765"


def hub_address(url: str) -> str:
    """The hub's base URL (no trailing slash), or SyncError before anything is sent if `url` cannot be one."""
    address = url.strip().rstrip("/")
    try:
        parts = urllib.parse.urlsplit(address)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if (
        not port_ok
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in address)
    ):
        raise SyncError(f"{url.strip()!r} is not a hub's address: {ADDRESS_EXAMPLE}; nothing was paired")
    return address


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def pairing_text(url: str, network: str, token: str, fingerprint: str = "", event: str = "") -> str:
    """What the hub's pairing QR code holds: its URL, network, event, one-time token, certificate SHA-256."""
    data = {"url": url, "network": network, "event": event, "token": token, "fingerprint": fingerprint}
    return PAIRING_SCHEME + base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()


def read_pairing_text(text: str) -> dict[str, str]:
    if not text.startswith(PAIRING_SCHEME):
        raise SyncError("not a pairing code (it should start with kiosk-pair:)")
    try:
        data = json.loads(base64.urlsafe_b64decode(text[len(PAIRING_SCHEME) :].encode()))
        return {k: str(data.get(k, "")) for k in ("url", "network", "event", "token", "fingerprint")}
    except (ValueError, AttributeError):  # not base64, not JSON, or JSON but no object
        raise SyncError("the pairing code is damaged: scan it again") from None


def cert_fingerprint(pem_or_der: bytes) -> str:
    der = (
        ssl.PEM_cert_to_DER_cert(pem_or_der.decode("ascii")) if pem_or_der.lstrip().startswith(b"-----") else pem_or_der
    )
    return hashlib.sha256(der).hexdigest()


def fetch_certificate(url: str, fingerprint: str) -> str:
    """The hub's certificate (PEM), checked against the fingerprint from the pairing code. Nothing is kept
    yet: `pair` pins it once the hub has accepted this station."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "localhost", parts.port or 443
    try:
        pem = ssl.get_server_certificate((host, port), timeout=TIMEOUT)
    except (TimeoutError, OSError) as exc:
        raise SyncError(f"cannot reach the hub at {url} ({_one_line(str(exc))}); nothing was paired") from None
    found = cert_fingerprint(pem.encode("ascii"))
    if found != fingerprint.lower().replace(":", ""):
        raise SyncError(
            f"the hub at {url} shows a certificate that does not match the pairing code ({found[:16]}…): "
            "it may not be your hub; nothing was paired"
        )
    return pem


def _pin_certificate(folder: Path, pem: str) -> Path:
    """Keep `pem` as the only certificate this station trusts for its hub (replaced whole, never half)."""
    path = folder / CERT_FILENAME
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(pem, encoding="ascii")
    os.replace(tmp, path)
    return path


@dataclass
class HubConfig:
    url: str
    token: str
    network: str
    hub: str
    cert: str = ""
    """Path of the pinned certificate, for a hub with its own (self-signed) certificate."""

    def verify(self) -> ssl.SSLContext | bool:
        if not self.cert:
            return True
        context = ssl.create_default_context(cafile=self.cert)
        context.check_hostname = False  # the certificate itself is pinned; a venue hub has no DNS name
        return context


def hub_config(ctx: Context) -> HubConfig | None:
    with ctx.store.write() as db:
        raw = get_setting(db, HUB)
    return HubConfig(**json.loads(raw)) if raw else None


def _hub_error(response: httpx.Response) -> dict[str, Any] | None:
    """A hub's refusal ({"error": ...}), or None for an answer no hub gives (another server's page)."""
    try:
        value = response.json()
    except ValueError:
        return None
    return value if isinstance(value, dict) and isinstance(value.get("error"), str) else None


def _not_a_hub(base: str, response: httpx.Response, pairing: bool) -> SyncError:
    if pairing:
        return SyncError(
            f"{base} is not a Convening Kiosk hub (it answered {response.status_code}): check the address: "
            f"{ADDRESS_EXAMPLE}"
        )
    return SyncError(
        f"the hub at {base} answered {response.status_code} as no Convening Kiosk hub does: is the hub still at "
        "this address? If it moved, pair again with its new pairing code; the station keeps working"
    )


def _certificate_refused(exc: BaseException) -> bool:
    """Whether a failed request failed because the hub's certificate did not verify (not a network fault)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _call(
    http: httpx.Client, method: str, base: str, path: str, pairing: bool = False, **kwargs: Any
) -> dict[str, Any]:
    """One request to the hub at `base`; its JSON answer, or SyncError with one line saying what to do
    (`pairing`: the address is not known to be a hub's yet, and nothing is paired if it fails)."""
    url = base + path
    try:
        response = http.request(method, url, **kwargs)
    except httpx.InvalidURL:
        raise SyncError(f"{base!r} is not a hub's address: {ADDRESS_EXAMPLE}") from None
    except httpx.HTTPError as exc:
        if _certificate_refused(exc):
            raise SyncError(
                f"the hub at {url} shows a certificate that is not the one this station paired with (or that "
                "this station does not trust): it may not be your hub, and nothing was sent to it. If the hub's "
                "certificate was replaced, pair again with the new pairing code"
            ) from None
        reason = _one_line(str(exc)) or type(exc).__name__
        if pairing:
            raise SyncError(
                f"cannot reach the hub at {base} ({reason}): is the hub running, and is this laptop on the same "
                "Wi-Fi or LAN? Nothing was paired"
            ) from None
        raise SyncError(
            f"cannot reach the hub at {base} ({reason}): is the hub running? If it was started again at another "
            "address or port, pair again with its new code (kiosk hub --pairing-only on the hub's laptop). The "
            "station keeps working and keeps its entries"
        ) from None
    if response.status_code != 200:
        refusal = _hub_error(response)
        if refusal is None:
            raise _not_a_hub(base, response, pairing)
        if response.status_code == 409 and isinstance(refusal.get("network"), str):
            raise SyncError(f"the hub at {base} refused: {_one_line(refusal['error'])}")
        raise SyncError(f"the hub refused ({response.status_code}): {_one_line(refusal['error'])}")
    try:
        value = response.json()
    except ValueError:
        raise _not_a_hub(base, response, pairing) from None
    if not isinstance(value, dict):
        raise _not_a_hub(base, response, pairing)
    return value


def pair(
    ctx: Context, url: str, pairing_token: str, fingerprint: str = "", http: httpx.Client | None = None
) -> HubConfig:
    """Join a hub with a one-time pairing token; keeps the station token for later syncs. The station's
    network goes with the request: a fresh hub takes it, a hub of another network refuses. Nothing is
    written on this station unless the hub accepted it."""
    url = hub_address(url)
    pem = ""
    if fingerprint and url.lower().startswith("https://"):
        pem = fetch_certificate(url, fingerprint)
    verify: ssl.SSLContext | bool = True
    if pem:
        verify = ssl.create_default_context(cadata=pem)
        verify.check_hostname = False  # the certificate itself is pinned; a venue hub has no DNS name
    key = keys.station_key(ctx.store.folder)
    with ctx.store.write() as db:
        network = keys.network_id(db) or ""
    body = {
        "pairing_token": pairing_token,
        "station_id": ctx.station_id,
        "station_name": ctx.station_name,
        "public_key": keys.public_hex(key),
        "network": network,
    }
    owned = http is None
    client = http or httpx.Client(verify=verify, timeout=TIMEOUT)
    try:
        answer = _call(client, "POST", url, "/pair", pairing=True, json=body)
    finally:
        if owned:
            client.close()
    fields = [answer.get(k) for k in ("token", "network", "hub")]
    if not all(isinstance(v, str) and v for v in fields):
        raise SyncError(f"{url} is not a Convening Kiosk hub (its answer lacks a station token): check the address")
    token, hub_network, hub = (str(v) for v in fields)
    cert = str(ctx.store.folder / CERT_FILENAME) if pem else ""
    config = HubConfig(url, token, hub_network, hub, cert)
    with ctx.store.write() as db:
        keys.join_network(db, config.network, f"the hub at {url}")
        before = get_setting(db, HUB)
        if before is None or json.loads(before).get("hub") != hub:  # what the old hub held says nothing now
            db.execute("DELETE FROM setting WHERE key = ?", (PEER_PREFIX + HUB_PEER,))
        put_setting(db, HUB, json.dumps(config.__dict__))
        if pem:
            _pin_certificate(ctx.store.folder, pem)  # last: a failure before it leaves the old pin in place
    return config


@dataclass
class SyncReport:
    pulled: int = 0
    pushed: int = 0
    pending: int = 0
    parked: int = 0
    refused: list[Refused] = field(default_factory=list)
    hub_vector: dict[str, int] = field(default_factory=dict)


class HubClient:
    """Talks to the paired hub. `http` may be any httpx.Client (tests pass Starlette's TestClient)."""

    def __init__(self, ctx: Context, config: HubConfig | None = None, http: httpx.Client | None = None) -> None:
        found = config or hub_config(ctx)
        if found is None:
            raise SyncError("this station is not paired with a hub: kiosk sync pair URL TOKEN")
        self.ctx = ctx
        self.config = found
        self._owned = http is None
        self.http = http or httpx.Client(verify=found.verify(), timeout=TIMEOUT)
        self.headers = {"Authorization": f"Bearer {found.token}"}

    def close(self) -> None:
        if self._owned:
            self.http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        return _call(self.http, method, self.config.url, path, headers=self.headers, **kwargs)

    def pull(self, report: SyncReport, page: int = PAGE) -> None:
        with self.ctx.store.write() as db:
            mine = local_vector(db)
        while True:
            answer = self._call("POST", "/pull", json={"vector": mine, "limit": page})
            entries = [entry_from_wire(item) for item in answer.get("entries", [])]
            hub_vector = check_vector(answer.get("vector", {}))
            result = apply_batch(self.ctx, entries, peer=HUB_PEER, peer_vector=hub_vector)
            report.pulled += result.new
            report.pending, report.parked = result.pending, result.parked
            report.refused += result.refused
            report.hub_vector = hub_vector
            if not answer.get("more") or result.new == 0:
                return
            mine = result.vector  # read in the page's own transaction: no need to read it again

    def push(self, report: SyncReport, page: int = PAGE) -> None:
        hub_vector = check_vector(self._call("GET", "/vector").get("vector", {}))
        while True:
            with self.ctx.store.write() as db:
                batch = entries_missing(db, hub_vector, page)
            if not batch:
                break
            answer = self._call("POST", "/push", json={"entries": [entry_to_wire(e) for e in batch]})
            report.pushed += int(answer.get("stored", 0))
            report.refused += [Refused(**r) for r in answer.get("refused", [])]
            new_vector = check_vector(answer.get("vector", {}))
            if new_vector == hub_vector or len(batch) < page:
                hub_vector = new_vector
                break
            hub_vector = new_vector
        report.hub_vector = hub_vector
        with self.ctx.store.write() as db:
            record_peer(db, HUB_PEER, hub_vector)

    def sync(self) -> SyncReport:
        """Pull, then push: after it, the hub holds everything this station holds and the other way round
        (as of the hub's state when the pull ended)."""
        report = SyncReport()
        self.pull(report)
        self.push(report)
        return report


def sync_now(ctx: Context, http: httpx.Client | None = None) -> SyncReport:
    client = HubClient(ctx, http=http)
    try:
        return client.sync()
    finally:
        client.close()
