"""The badge's QR code: who wears this badge, for connection and session scans. Never a ticket.

Payload: `CKB1:<event tag>:<registrant id>`, upper case so it is QR alphanumeric mode, e.g.
`CKB1:MFRGGZDFMZ:0190C8E2-7B1A-7C3D-9E4F-5A6B7C8D9E0F` (52 characters, a version 4 QR code at level Q).
The event tag is the same 6 bytes as a ticket's (SHA-256 of the event id), in base32. The registrant id
is a public identifier, not the ticket secret, and carries no signature: `Tickets.verify` treats the
payload as an unknown code, so a photo of a badge can never check anyone in. Reissuing a ticket does not
change the badge.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

import zxingcpp

from kiosk.core.tickets import event_tag

BADGE_VERSION = "CKB1"
_PAYLOAD = re.compile(r"CKB1:([A-Z2-7]{10}):([0-9A-Z][0-9A-Z-]{0,63})")


@dataclass(frozen=True)
class BadgeCode:
    event_tag: str
    registrant_id: str


def badge_tag(event_id: str) -> str:
    return base64.b32encode(event_tag(event_id)).decode().rstrip("=")


def badge_payload(event_id: str, registrant_id: str) -> str:
    """What a badge's QR code says: the event tag and the registrant id (see the module docstring)."""
    return f"{BADGE_VERSION}:{badge_tag(event_id)}:{registrant_id.upper()}"


def parse_badge_payload(text: str) -> BadgeCode | None:
    """The event tag and registrant id (lower case, as stored) of a scanned badge; None if it is not one."""
    match = _PAYLOAD.fullmatch(text.strip().upper())
    if match is None:
        return None
    return BadgeCode(match.group(1), match.group(2).lower())


def qr_matrix(payload: str) -> list[bytes]:
    """QR modules at level Q without the quiet zone (the badge layout leaves white room around the code),
    one row of bytes per row of modules, non-zero where dark. Encoded by zxing-cpp in C++: the pure Python
    `qrcode` package takes about 13 ms a code, the better part of a whole badge."""
    image = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="Q").to_image(
        scale=1, add_quiet_zones=False
    )
    side = image.shape[1]
    pixels = memoryview(image).tobytes()  # type: ignore[arg-type]  # a buffer; one byte a module, 0 dark
    dark = pixels.translate(_INVERT)
    return [dark[row * side : (row + 1) * side] for row in range(image.shape[0])]


_INVERT = bytes([1] + [0] * 255)
