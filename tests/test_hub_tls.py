"""The hub over HTTPS with its own self-signed certificate, served by `kiosk hub` (uvicorn) on loopback:
a station pairs with the certificate's fingerprint from the pairing code, pins it and syncs; a wrong
fingerprint, or a hub showing another certificate later, is refused with the reason."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sync_support import open_station, station_snapshot

from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.client import CERT_FILENAME, cert_fingerprint, hub_config, pair, read_pairing_text, sync_now
from kiosk.core.sync.protocol import SyncError
from kiosk.hub.store import HubStore


def make_certificate(folder: Path, name: str = "Kiosk hub") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its private key, as a venue hub makes for itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "hub-cert.pem", folder / "hub-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class TlsHub:
    url: str
    pairing_code: str
    cert: Path
    store_url: str

    def new_pairing_token(self) -> str:
        store = HubStore(self.store_url)
        try:
            return store.new_pairing_token()
        finally:
            store.close()


@pytest.fixture(scope="module")
def tls_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsHub]:
    folder = tmp_path_factory.mktemp("tls-hub")
    cert, key = make_certificate(folder / "tls")
    port = _free_port()
    store_url = f"sqlite:///{folder / 'hub.sqlite3'}"
    command = [
        sys.executable,
        "-m",
        "kiosk",
        "hub",
        "--data-dir",
        str(folder / "hub-station"),
        "--db",
        store_url,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--tls-cert",
        str(cert),
        "--tls-key",
        str(key),
    ]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    hub = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert hub.stderr is not None
        first = hub.stderr.readline()  # "pairing code (one use): kiosk-pair:..." before uvicorn starts
        assert "kiosk-pair:" in first, first
        deadline = time.monotonic() + 60
        while True:
            assert hub.poll() is None, hub.stderr.read()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the hub did not start within 60 s"
                time.sleep(0.1)
        yield TlsHub(f"https://127.0.0.1:{port}", first.split(": ", 1)[1].strip(), cert, store_url)
    finally:
        hub.terminate()
        try:
            hub.wait(10)
        except subprocess.TimeoutExpired:
            hub.kill()
            hub.wait()


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Kiosk, Kiosk]]:
    a, b = (open_station(tmp_path, tmp_path / n, f"Table {n.upper()}") for n in "ab")
    try:
        yield a, b
    finally:
        a.close()
        b.close()


def test_the_pairing_code_carries_the_certificates_fingerprint(tls_hub: TlsHub) -> None:
    code = read_pairing_text(tls_hub.pairing_code)
    assert code["url"] == tls_hub.url
    assert code["fingerprint"] == cert_fingerprint(tls_hub.cert.read_bytes())


def test_stations_pair_by_fingerprint_and_sync_over_tls(tls_hub: TlsHub, stations: tuple[Kiosk, Kiosk]) -> None:
    a, b = stations
    code = read_pairing_text(tls_hub.pairing_code)
    config = pair(a.ctx, code["url"], code["token"], code["fingerprint"])
    assert config.url == tls_hub.url
    pinned = Path(config.cert)
    assert pinned == a.ctx.store.folder / CERT_FILENAME
    assert cert_fingerprint(pinned.read_bytes()) == code["fingerprint"]
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    a.registrants.register_many(event.id, [RegistrantDraft(first_name=n, last_name="Vang") for n in ("Mai", "Kou")])
    assert sync_now(a.ctx).pushed > 0

    pair(b.ctx, tls_hub.url, tls_hub.new_pairing_token(), code["fingerprint"].upper())  # case does not matter
    report = sync_now(b.ctx)
    assert report.pulled > 0 and not report.refused
    ours = {k: v for k, v in station_snapshot(b).items() if not k.startswith(f"station/{b.ctx.station_id}")}
    assert ours == {k: v for k, v in station_snapshot(a).items() if k in ours}
    assert {k for k in station_snapshot(a) if k.startswith("registrant/")} <= ours.keys()


def test_a_wrong_fingerprint_is_refused_and_nothing_is_paired(tls_hub: TlsHub, stations: tuple[Kiosk, Kiosk]) -> None:
    a, _b = stations
    token = tls_hub.new_pairing_token()
    with pytest.raises(SyncError, match="does not match the pairing code") as refused:
        pair(a.ctx, tls_hub.url, token, "ab" * 32)
    assert "it may not be your hub; nothing was paired" in str(refused.value)
    assert hub_config(a.ctx) is None
    assert not (a.ctx.store.folder / CERT_FILENAME).exists()
    # The one-time token was never sent to the impostor, so it still pairs with the right fingerprint.
    right = cert_fingerprint(tls_hub.cert.read_bytes())
    assert pair(a.ctx, tls_hub.url, token, right).url == tls_hub.url


def test_a_hub_showing_another_certificate_after_pairing_is_refused(
    tls_hub: TlsHub, stations: tuple[Kiosk, Kiosk], tmp_path: Path
) -> None:
    a, _b = stations
    pair(a.ctx, tls_hub.url, tls_hub.new_pairing_token(), cert_fingerprint(tls_hub.cert.read_bytes()))
    other, _key = make_certificate(tmp_path / "other", "Not the hub")
    (a.ctx.store.folder / CERT_FILENAME).write_bytes(other.read_bytes())  # as if the hub were an impostor now
    with pytest.raises(SyncError, match="not the one this station paired with"):
        sync_now(a.ctx)


def test_a_station_without_the_pin_does_not_trust_the_self_signed_hub(
    tls_hub: TlsHub, stations: tuple[Kiosk, Kiosk]
) -> None:
    a, _b = stations
    with pytest.raises(SyncError, match="certificate"):
        pair(a.ctx, tls_hub.url, tls_hub.new_pairing_token())
    assert hub_config(a.ctx) is None
