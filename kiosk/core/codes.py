"""Short codes a person can read aloud or type: no look-alike characters (0/O, 1/I/L, 5/S, 2/Z, 8/B)."""

import base64
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
HUMAN_CODE_LENGTH = 8


def human_code(length: int = HUMAN_CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_typed_code(text: str) -> str:
    """What a volunteer typed, as stored: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def ticket_secret() -> str:
    """The random part of a signed QR ticket: 80 bits, base32 (what QR alphanumeric mode packs best)."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def ticket_key() -> str:
    """A new event's ticket-signing key, hex."""
    return secrets.token_hex(32)
