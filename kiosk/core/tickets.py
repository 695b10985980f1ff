"""Signed QR tickets: what the code holds, how it is made, and a strict parser that never crashes.

A ticket payload is "CK1" (format version 1) followed by RFC 4648 base32, upper case and unpadded, of
26 bytes:

    event tag (6)   first 6 bytes of SHA-256 of the event id: which convening the ticket is for
    secret   (10)   the raw bytes of Registrant.ticket_secret (itself base32 of 10 random bytes)
    mac      (10)   HMAC-SHA256 over b"CK1" + tag + secret, keyed by the event's Event.ticket_key,
                    truncated to 80 bits

45 characters in all, every one in QR alphanumeric mode, so the code is a version 3 QR (29x29 modules)
even at error-correction level Q: big modules that cheap USB scanners and laptop webcams read at once.

Why HMAC and not Ed25519: every registration table must issue walk-in tickets offline, so every station
holds the signing secret anyway (the key is replicated with the event, made once by
`kiosk.core.codes.ticket_key`). A public-key signature would buy nothing, and its 64 bytes would need a
version 7 QR code (45x45 modules) instead. 80 bits of MAC cannot be guessed at a door: a forger needs the
event's key.

The secret, not the registrant id, is what the ticket carries, so a lost ticket is reissued by giving
the registrant a new secret: the old QR stops matching anyone (see `Tickets.reissue`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

from kiosk.core.errors import KioskError

VERSION = "CK1"
PREFIX = "CK"
TAG_BYTES = 6
SECRET_BYTES = 10
MAC_BYTES = 10
PAYLOAD_BYTES = TAG_BYTES + SECRET_BYTES + MAC_BYTES
BODY_CHARS = -(-PAYLOAD_BYTES * 8 // 5)  # 42: base32 without padding
PAYLOAD_CHARS = len(VERSION) + BODY_CHARS

_BODY = re.compile(r"[A-Z2-7]+")
_ANY_VERSION = re.compile(r"CK[0-9]")


class TicketError(KioskError):
    """A ticket code that cannot be accepted; `reason` is one sentence a volunteer can read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MalformedTicket(TicketError):
    """Not a well-formed ticket payload: mistyped, cut short, too long, or not a ticket at all."""


class UnsupportedVersion(TicketError):
    """A ticket of a format this version of Kiosk does not read (made by a newer one)."""


class ForgedTicket(TicketError):
    """Well formed, but its signature is not this event's: forged, altered or damaged."""


class MissingKey(TicketError):
    """The event has no ticket key, so its tickets can be neither made nor checked."""


@dataclass(frozen=True)
class TicketPayload:
    """A parsed, not yet verified, ticket."""

    tag: bytes
    secret: bytes
    mac: bytes

    @property
    def secret_text(self) -> str:
        """The secret as Registrant.ticket_secret stores it: base32 with no padding (10 bytes are 16
        characters exactly), made from one integer rather than by base64's pure-Python loop (every scan)."""
        if len(self.secret) != SECRET_BYTES:
            return base64.b32encode(self.secret).decode()
        value = int.from_bytes(self.secret, "big")
        return "".join(_B32[(value >> shift) & 31] for shift in _B32_SHIFTS)


_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_SHIFTS = tuple(range(SECRET_BYTES * 8 - 5, -1, -5))
_VERSION_BYTES = VERSION.encode()


def event_tag(event_id: str) -> bytes:
    """Six bytes that name an event in its tickets without spelling out its id."""
    return hashlib.sha256(event_id.encode()).digest()[:TAG_BYTES]


def _key(ticket_key: str) -> bytes:
    try:
        key = bytes.fromhex(ticket_key)
    except ValueError:
        key = b""
    if not key:
        raise MissingKey("This event has no ticket key; it cannot make or check signed tickets.")
    return key


def _mac(ticket_key: str, tag: bytes, secret: bytes) -> bytes:
    # hmac.digest is OpenSSL's one-shot HMAC: the same bytes as hmac.new(...).digest(), without the
    # pure-Python object around it (this runs on every scan).
    return hmac.digest(_key(ticket_key), _VERSION_BYTES + tag + secret, "sha256")[:MAC_BYTES]


def _secret_bytes(secret_text: str) -> bytes:
    try:
        secret = base64.b32decode(secret_text, casefold=False)
    except (binascii.Error, ValueError):
        secret = b""
    if len(secret) != SECRET_BYTES:
        raise MalformedTicket("This registration has no valid ticket secret; reissue its ticket.")
    return secret


def sign(event_id: str, ticket_key: str, secret_text: str) -> str:
    """The QR payload of a ticket for the event with this id and key, carrying this registrant secret."""
    tag = event_tag(event_id)
    secret = _secret_bytes(secret_text)
    body = base64.b32encode(tag + secret + _mac(ticket_key, tag, secret)).decode().rstrip("=")
    return VERSION + body


def looks_like_payload(text: str) -> bool:
    """Whether text is meant as a QR payload (rather than a typed code or a barcode), even a damaged one.

    Human codes never contain the digits 0-2 (see kiosk.core.codes.ALPHABET), so "CK" then a digit is
    never the start of one.
    """
    return _ANY_VERSION.match(text.upper()) is not None


def parse(text: str) -> TicketPayload:
    """Read a payload exactly as the QR code holds it; anything else raises a TicketError subclass."""
    if not isinstance(text, str):
        raise MalformedTicket("This is not a ticket code.")
    if not text.startswith(VERSION):
        if _ANY_VERSION.match(text):
            raise UnsupportedVersion("This ticket was made by a newer version of Convening Kiosk.")
        raise MalformedTicket("This is not a Convening Kiosk ticket code.")
    body = text[len(VERSION) :]
    if len(body) < BODY_CHARS:
        raise MalformedTicket("This ticket code is cut short.")
    if len(body) > BODY_CHARS:
        raise MalformedTicket("This ticket code is too long.")
    if not _BODY.fullmatch(body):
        raise MalformedTicket("This ticket code has characters a ticket never holds.")
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        raise MalformedTicket("This ticket code does not decode.") from None
    # Base32 leaves spare bits in the last character; a real ticket has them zero (one spelling only).
    if len(raw) != PAYLOAD_BYTES or base64.b32encode(raw).decode().rstrip("=") != body:
        raise MalformedTicket("This ticket code does not decode.")
    return TicketPayload(
        tag=raw[:TAG_BYTES],
        secret=raw[TAG_BYTES : TAG_BYTES + SECRET_BYTES],
        mac=raw[TAG_BYTES + SECRET_BYTES :],
    )


def is_signed_by(payload: TicketPayload, ticket_key: str) -> bool:
    """Whether the payload's MAC is the one this key makes (compared in constant time)."""
    return hmac.compare_digest(payload.mac, _mac(ticket_key, payload.tag, payload.secret))


def check(payload: TicketPayload, event_id: str, ticket_key: str) -> None:
    """Raise ForgedTicket unless the payload is for this event and signed with its key."""
    if payload.tag != event_tag(event_id) or not is_signed_by(payload, ticket_key):
        raise ForgedTicket("This code is not a real ticket for this event.")


def spaced(code: str) -> str:
    """A human code as printed, in two groups of four: "KDFTWXHH" -> "KDFT-WXHH"."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) >= 6 else code
