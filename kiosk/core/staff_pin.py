"""The staff PIN that lets staff leave an attendee-facing screen (self-service check-in, the contribution
kiosk). Kept per station with the station's own settings; stored as a salted scrypt hash, never as digits."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from kiosk.core.errors import InvalidInput
from kiosk.core.models import Setting
from kiosk.core.settings import put_setting
from kiosk.core.store import Store

STAFF_PIN = "staff_pin"
MIN_DIGITS = 4
MAX_DIGITS = 12
# scrypt's cost: ~30 ms here, so guessing a 4-digit PIN from a stolen file takes minutes, not micro-seconds;
# a PIN is a lock against curious attendees, not against someone who has the laptop's disk.
_N, _R, _P = 2**14, 8, 1


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


def check_new_pin(pin: str) -> None:
    if not pin.isascii() or not pin.isdigit() or not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise InvalidInput(f"a staff PIN is {MIN_DIGITS} to {MAX_DIGITS} digits")


def set_pin(store: Store, pin: str) -> None:
    check_new_pin(pin)
    salt = secrets.token_bytes(16)
    with store.write() as db:
        put_setting(db, STAFF_PIN, f"scrypt${salt.hex()}${_hash(pin, salt).hex()}")


def _stored(store: Store) -> str | None:
    with store.session() as s:
        setting = s.get(Setting, STAFF_PIN)
    return setting.value if setting is not None else None


def has_pin(store: Store) -> bool:
    return _stored(store) is not None


def pin_matches(store: Store, pin: str) -> bool:
    stored = _stored(store)
    if stored is None:
        return False
    _, salt, digest = stored.split("$")
    return hmac.compare_digest(_hash(pin, bytes.fromhex(salt)), bytes.fromhex(digest))
