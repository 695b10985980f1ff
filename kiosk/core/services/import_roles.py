"""The role a person comes as, read from the words a registration form uses ("Elected official", "Elected
Official/Staff", "Speaker", "Media"), and what an import's role column ("Role", "I am attending as") does
with them: a cell that names a role sets the person's role; one that names none keeps the person and their
words (as their title when they have none, else as a form answer) and is listed with its lines, as the
organization type column's words are (kiosk.core.services.import_sectors)."""

from __future__ import annotations

import functools

from kiosk.core.errors import InvalidInput
from kiosk.core.models import Role
from kiosk.core.services.import_sectors import lines_text
from kiosk.core.text import fold

ROLE_WORDS: dict[Role, tuple[str, ...]] = {
    Role.ATTENDEE: (
        "attendee", "participant", "general", "general admission", "general attendee", "guest", "registrant",
        "community member", "member of the public", "in person",
    ),
    Role.SPEAKER: (
        "speaker", "presenter", "panelist", "panellist", "moderator", "keynote", "keynote speaker", "facilitator",
    ),
    Role.EXHIBITOR: ("exhibitor", "vendor", "resource table", "tabling", "resource fair"),
    Role.MEDIA: (
        "media", "press", "journalist", "reporter", "ethnic media", "news media", "member of the press",
        "ethnic and community media",
    ),
    Role.ELECTED_OFFICIAL: (
        "elected official", "elected official/staff", "elected official and staff", "elected official or staff",
        "elected official or their staff", "elected official representative", "elected", "legislator",
    ),
    Role.STAFF: ("staff", "event staff", "convening staff", "organizer", "organiser", "host", "host staff"),
    Role.VOLUNTEER: ("volunteer",),
}  # fmt: skip
"""Words a registration form or a staff member may use for each role (as well as its code and the desk's
label), matched with case, accents, punctuation, spaces, plurals and a leading article ignored. A form's
"Elected Official/Staff" is the elected official: the form does not tell an official from their staff."""
ROLE_EXAMPLES = ("Attendee", "Speaker", "Exhibitor", "Media", "Elected official", "Staff", "Volunteer")
"""Words for a role offered where a row's role names none (any of ROLE_WORDS do)."""
_FILLERS = frozenset({"a", "an", "the", "and", "or", "their", "my", "as"})


def _role_key(text: str) -> str:
    """'Elected Officials & Staff' and 'an elected official/staff' -> 'elected official staff'."""
    words = "".join(ch if ch.isalnum() else " " for ch in fold(text)).split()
    return " ".join(
        word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word
        for word in words
        if word not in _FILLERS
    )


@functools.cache
def _role_names() -> dict[str, Role]:
    names: dict[str, Role] = {}
    for role in Role:
        for word in (role.value, role.value.replace("_", " "), *ROLE_WORDS[role]):
            names.setdefault(_role_key(word), role)
    return names


def parse_role(text: str) -> Role:
    """The role a word names ("Elected Official/Staff", "Speakers", "press", "elected_official");
    InvalidInput listing the roles otherwise."""
    found = _role_names().get(_role_key(text))
    if found is None:
        raise InvalidInput(f"unknown role {text.strip()!r}; use one of: {', '.join(r.value for r in Role)}")
    return found


class RoleColumn:
    """The roles a file's rows give their people, and the words that named none."""

    def __init__(self, blank: frozenset[str]) -> None:
        self.blank = blank
        """Folded cells that give nothing ("n/a", "-")."""
        self.words: dict[str, Role | str] = {}
        """Cell -> its role, or the cell's words when they name none: the same few words repeat."""
        self.unknown: dict[str, list[int]] = {}
        """Cells that name no role -> the lines of the people imported with them."""

    def read(self, text: str) -> Role | str | None:
        """The role a cell names; None for a placeholder; the cell itself when it names none ("Board")."""
        found = self.words.get(text)
        if found is None:
            if fold(text) in self.blank:
                return None
            try:
                found = parse_role(text)
            except InvalidInput:
                found = " ".join(text.split())
            self.words[text] = found
        return found

    def not_a_role(self, text: str, line: int) -> None:
        self.unknown.setdefault(text, []).append(line)

    def problems(self) -> list[str]:
        """One line per cell that names no role, with its lines: the people are imported all the same."""
        return [
            f"role {text!r} ({lines_text(lines)}) is none of the roles the reports count "
            f"({', '.join(r.value for r in Role)}; words such as {', '.join(ROLE_EXAMPLES)} do too): those people "
            "are imported with the role they had (attendee if new) and the words kept as their title, or as a "
            "form answer when they have a title; if it is a role, set it at the desk (Edit details, Ctrl+E)"
            for text, lines in self.unknown.items()
        ]
