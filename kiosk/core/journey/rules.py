"""What a contribution may hold: Unicode normalized (NFC), control characters stripped, a length limit.

A note is always shown as plain text, never markup; these rules only make sure that what is stored is
what a person meant to write. Line breaks are kept (a sticky note has lines); tabs become spaces; every
other control character goes, and so do the bidi embedding and override controls, which could turn the
rest of a wall upside down. Zero-width joiners and non-joiners stay: Farsi and Indic scripts need them.
"""

from __future__ import annotations

import re
import unicodedata

from kiosk.core.errors import InvalidInput

DEFAULT_MAX_LENGTH = 280
"""Characters in a note, as on a sticky note (a prompt set may choose its own `max_length`)."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEEP = frozenset("\n")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \u00a0]{2,}")


class EmptyContribution(InvalidInput):
    """Nothing left to save once spaces and control characters are gone."""

    def __init__(self, field: str) -> None:
        super().__init__(f"the {field} is empty: write a few words first")
        self.field = field


class ContributionTooLong(InvalidInput):
    """More characters than the prompt set allows."""

    def __init__(self, field: str, length: int, limit: int) -> None:
        super().__init__(
            f"the {field} is {length} characters long; the limit is {limit}: shorten it by {length - limit}"
        )
        self.field = field
        self.length = length
        self.limit = limit


def clean_text(text: str) -> str:
    """NFC, control characters out (tabs and carriage returns become spaces and line breaks), spaces
    trimmed on every line, no more than one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    kept = "".join(
        ch
        for ch in text
        if ch in _KEEP or not (unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS or ch in "\u2028\u2029")
    )
    lines = [_SPACES.sub(" ", line).strip() for line in kept.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def check_body(text: str, limit: int = DEFAULT_MAX_LENGTH, field: str = "note") -> str:
    """`text` cleaned, or EmptyContribution / ContributionTooLong naming `field`."""
    body = clean_text(text)
    if not body:
        raise EmptyContribution(field)
    if len(body) > limit:
        raise ContributionTooLong(field, len(body), limit)
    return body
