"""A station's side of hub sync: pair once, then pull what it lacks and push what the hub lacks.

The hub's address, this station's token and (for a hub with its own certificate) the pinned certificate
live in the station's local settings and data folder, never replicated. Every step is idempotent: a push
whose response is lost is pushed again and stored once; a pull page is applied in one transaction.
"""

from __future__ import annotations

import base64
import hashlib
import json
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
    except ValueError:
        raise SyncError("the pairing code is damaged: scan it again") from None


def cert_fingerprint(pem_or_der: bytes) -> str:
    der = (
        ssl.PEM_cert_to_DER_cert(pem_or_der.decode("ascii")) if pem_or_der.lstrip().startswith(b"-----") else pem_or_der
    )
    return hashlib.sha256(der).hexdigest()


def fetch_pinned_cert(url: str, fingerprint: str, folder: Path) -> Path:
    """Fetch the hub's certificate, check it against the fingerprint from the pairing code, and keep it
    as the only certificate this station trusts for the hub."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "localhost", parts.port or 443
    try:
        pem = ssl.get_server_certificate((host, port), timeout=TIMEOUT)
    except (TimeoutError, OSError) as exc:
        raise SyncError(f"cannot reach the hub at {url} ({exc})") from None
    found = cert_fingerprint(pem.encode("ascii"))
    if found != fingerprint.lower().replace(":", ""):
        raise SyncError(
            f"the hub at {url} shows a certificate that does not match the pairing code ({found[:16]}…): "
            "it may not be your hub; nothing was paired"
        )
    path = folder / CERT_FILENAME
    path.write_text(pem, encoding="ascii")
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


def _error(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error", response.text))
    except ValueError:
        return response.text[:200]


def _certificate_refused(exc: BaseException) -> bool:
    """Whether a failed request failed because the hub's certificate did not verify (not a network fault)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _call(http: httpx.Client, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
    try:
        response = http.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        if _certificate_refused(exc):
            raise SyncError(
                f"the hub at {url} shows a certificate that is not the one this station paired with (or that "
                "this station does not trust): it may not be your hub, and nothing was sent to it. If the hub's "
                "certificate was replaced, pair again with the new pairing code"
            ) from None
        raise SyncError(f"cannot reach the hub at {url} ({exc}); the station keeps working and syncs later") from None
    if response.status_code != 200:
        raise SyncError(f"the hub refused ({response.status_code}): {_error(response)}")
    value = response.json()
    if not isinstance(value, dict):
        raise SyncError("the hub sent an answer this station does not understand")
    return value


def pair(
    ctx: Context, url: str, pairing_token: str, fingerprint: str = "", http: httpx.Client | None = None
) -> HubConfig:
    """Join a hub with a one-time pairing token; keeps the station token for later syncs."""
    url = url.rstrip("/")
    cert = ""
    if fingerprint and url.startswith("https://"):
        cert = str(fetch_pinned_cert(url, fingerprint, ctx.store.folder))
    verify = HubConfig(url, "", "", "", cert).verify()
    key = keys.station_key(ctx.store.folder)
    body = {
        "pairing_token": pairing_token,
        "station_id": ctx.station_id,
        "station_name": ctx.station_name,
        "public_key": keys.public_hex(key),
    }
    owned = http is None
    client = http or httpx.Client(verify=verify, timeout=TIMEOUT)
    try:
        answer = _call(client, "POST", f"{url}/pair", json=body)
    finally:
        if owned:
            client.close()
    config = HubConfig(url, str(answer["token"]), str(answer["network"]), str(answer["hub"]), cert)
    with ctx.store.write() as db:
        keys.join_network(db, config.network, f"the hub at {url}")
        put_setting(db, HUB, json.dumps(config.__dict__))
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
        return _call(self.http, method, self.config.url + path, headers=self.headers, **kwargs)

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
