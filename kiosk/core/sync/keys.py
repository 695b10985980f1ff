"""Who a station is to other stations: its Ed25519 signing key, the sync network it belongs to, and the
public keys it has pinned for the stations it has heard from.

Trust model. A station makes its key pair once, on first need, and keeps the private key in its data
folder (`station-key.pem`, readable by its user only). Bundles carry the signer's public key; a station
pins (station id -> public key) on first sight, and from then on refuses a bundle that claims that
station id with another key. A network id (made by the first station to export or by the hub, adopted
by every station that imports from it or pairs with it) keeps stations of different convenings or
offices from mixing data by mistake. Every station of a network is trusted alike: each already holds the
events' ticket keys, and entries it relays from others are vouched for by its signature, not by theirs.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.core.errors import InvalidInput
from kiosk.core.settings import get_setting, put_setting

KEY_FILENAME = "station-key.pem"
NETWORK = "sync.network"
PIN_PREFIX = "sync.pin."


def station_key(folder: Path) -> Ed25519PrivateKey:
    """This station's signing key, made and saved (owner-only) the first time it is needed."""
    path = folder / KEY_FILENAME
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise InvalidInput(f"{path} is not an Ed25519 key; move it aside and a new one will be made")
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return key


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def verify(public_key_hex: str, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def network_id(db: sqlite3.Connection, create: bool = False) -> str | None:
    """The sync network this station belongs to; with `create`, a new one if it has none yet."""
    found = get_setting(db, NETWORK)
    if found is None and create:
        found = str(uuid.uuid4())
        put_setting(db, NETWORK, found)
    return found


def join_network(db: sqlite3.Connection, network: str, where: str) -> None:
    """Adopt `network` if this station has none; refuse if it belongs to another one."""
    mine = get_setting(db, NETWORK)
    if mine is None:
        put_setting(db, NETWORK, network)
    elif mine != network:
        raise InvalidInput(
            f"{where} belongs to another sync network ({network[:8]}, this station is in {mine[:8]}): "
            "it comes from another convening's stations; nothing was imported"
        )


def check_pin(db: sqlite3.Connection, station_id: str, public_key_hex: str, where: str) -> None:
    """Pin a station's public key on first sight; refuse a different key for a pinned station."""
    pinned = get_setting(db, PIN_PREFIX + station_id)
    if pinned is None:
        put_setting(db, PIN_PREFIX + station_id, public_key_hex)
    elif pinned != public_key_hex:
        raise InvalidInput(
            f"{where} is signed for station {station_id[:8]} with a key this station has not seen for it: "
            "it may be forged; nothing was imported (if that laptop was reinstalled, remove its pin with "
            "`kiosk sync forget STATION`)"
        )
