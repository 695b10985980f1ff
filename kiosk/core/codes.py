"""Short codes a person can read aloud or type: no look-alike characters (0/O, 1/I/L, 5/S, 2/Z, 8/B)."""

import base64
import secrets
from collections.abc import Container

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
HUMAN_CODE_LENGTH = 8
SECRET_BYTES = 10
"""80 bits: 16 base32 characters with no padding, so secrets drawn together split into equal slices."""

# Random bytes to code letters without bias: the bytes 0..249 map onto the 25 letters ten times over and
# the 6 bytes above are dropped.
_CODE_BYTES = bytes(ord(ALPHABET[b % len(ALPHABET)]) for b in range(250)) + bytes(6)
_UNEVEN_BYTES = bytes(range(250, 256))


def human_code(length: int = HUMAN_CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def human_codes(count: int, taken: Container[str] = (), length: int = HUMAN_CODE_LENGTH) -> list[str]:
    """`count` distinct codes like human_code(), none of them in `taken`, from a few system calls in all.

    Each letter is uniform over ALPHABET, as with human_code(); for a batch of registrants or an import.
    """
    made: list[str] = []
    seen: set[str] = set()
    while len(made) < count:
        wanted = count - len(made)
        # 250 of 256 bytes are kept; draw a little more than needed so that one round nearly always does.
        letters = secrets.token_bytes(wanted * length * 11 // 10 + 16).translate(_CODE_BYTES, _UNEVEN_BYTES).decode()
        for at in range(0, len(letters) - length + 1, length):
            code = letters[at : at + length]
            if code not in seen and code not in taken:
                seen.add(code)
                made.append(code)
                if len(made) == count:
                    break
    return made


def normalize_typed_code(text: str) -> str:
    """What a volunteer typed, as stored: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def ticket_secret() -> str:
    """The random part of a signed QR ticket: 80 bits, base32 (what QR alphanumeric mode packs best)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode()


def ticket_secrets(count: int) -> list[str]:
    """`count` values like ticket_secret(), from one system call: 10 random bytes are exactly 16 base32
    characters, so the encoding of the whole draw is the secrets' encodings end to end."""
    text = base64.b32encode(secrets.token_bytes(SECRET_BYTES * count)).decode()
    width = SECRET_BYTES * 8 // 5
    return [text[at : at + width] for at in range(0, width * count, width)]


def ticket_key() -> str:
    """A new event's ticket-signing key, hex."""
    return secrets.token_hex(32)
