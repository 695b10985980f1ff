"""Is this walk-in already registered? People who may be the same person, found before a second record is made.

A volunteer registering a walk-in cannot tell that "Jose Garcia" is the "José García" who registered last
week, or that "Jon Smith" of the Fresno Center is its "John Smith". Three signs, strongest first:

1. the same email, case ignored;
2. the same name once folded (case and Latin accents ignored, any script), also with the preferred name
   for the first, or with first and last swapped (families write names in either order);
3. a similar name (rapidfuzz) at the same organization, found by its normalized name.

Every look-up is an index read, never a scan of the event: the search index (kiosk.core.replica's FTS5
table) for emails and names, the organization index for its members. It runs when the volunteer presses
Save or pauses typing, on an event of 100,000 people.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.core.context import Context
from kiosk.core.models import RegistrantStatus
from kiosk.core.replica import SEARCH_TABLE, search_token
from kiosk.core.services.organizations import Organizations
from kiosk.core.services.search import MAX_WORDS, query_words
from kiosk.core.text import fold

SAME_EMAIL = "same email"
SAME_NAME = "same name"
SWAPPED_NAME = "same name, first and last swapped"
SIMILAR_NAME = "similar name at the same organization"

SIMILAR_SCORE = 85
"""Least rapidfuzz score (0-100) for two names at one organization to look like one person: "Jon Smith" and
"John Smith" score 95, "Ana" and "Ana Ruiz" 100 (one name holds the other), "Ana Ruiz" and "Ana Mora" 62."""

MAX_CANDIDATES = 5000
"""Rows read per sign at most, so a lone common first name ("Ana") costs milliseconds on any event."""

_RANK = {SAME_EMAIL: 0, SAME_NAME: 1, SWAPPED_NAME: 2, SIMILAR_NAME: 3}


@dataclass(frozen=True)
class PossibleDuplicate:
    """Someone already registered for the event who may be the person at the table, and why we think so."""

    registrant_id: str
    display_name: str
    """Preferred (else first) name and last name; plain text."""
    organization: str
    role: str
    """As stored ("elected_official"); desk.role_label makes it readable."""
    status: str
    checked_in: bool
    walk_in: bool
    email: str
    ticket_code: str
    reason: str
    """Short and readable: "same email", "same name", "same email and same name"..."""

    @property
    def cancelled(self) -> bool:
        return self.status == RegistrantStatus.CANCELLED


def possible_duplicates(
    ctx: Context,
    event_id: str,
    first_name: str,
    last_name: str,
    email: str = "",
    organization: str = "",
    limit: int = 5,
) -> list[PossibleDuplicate]:
    """Up to `limit` registrants of the event who may be the person described, strongest sign first."""
    if limit <= 0:
        return []
    typed = query_words(f"{first_name} {last_name}")
    reasons: dict[str, list[str]] = {}
    scores: dict[str, float] = {}

    def note(registrant_id: str, reason: str, score: float = 100.0) -> None:
        if reason not in reasons.setdefault(registrant_id, []):
            reasons[registrant_id].append(reason)
        scores[registrant_id] = max(scores.get(registrant_id, 0.0), score)

    org = Organizations(ctx).find(organization) if organization.strip() else None
    with ctx.store.session() as session:
        db = session.connection().connection.driver_connection
        assert isinstance(db, sqlite3.Connection)
        wanted_email = email.strip().casefold()
        if wanted_email:
            for rid, their_email in _matching(db, event_id, "other", query_words(wanted_email), "r.email"):
                if their_email.strip().casefold() == wanted_email:
                    note(rid, SAME_EMAIL)
        if typed:
            for rid, first, last, preferred in _matching(
                db, event_id, "names", typed, "r.first_name, r.last_name, r.preferred_name"
            ):
                reason = _same_name(typed, first, last, preferred)
                if reason:
                    note(rid, reason)
        if typed and org is not None:
            # `+event_id`: read the organization's index, not the event's (which holds the whole event).
            members = db.execute(
                "SELECT id, first_name, last_name, preferred_name FROM registrant "
                "WHERE organization_id = ? AND +event_id = ? LIMIT ?",
                (org.id, event_id, MAX_CANDIDATES),
            ).fetchall()
            for rid, score in _similar(typed, members).items():
                if rid not in reasons:
                    note(rid, SIMILAR_NAME, score)
        if not reasons:
            return []
        details = db.execute(_DETAILS.format(", ".join("?" * len(reasons))), tuple(reasons)).fetchall()

    found = []
    for rid, first, last, preferred, org_name, role, status, walk_in, their_email, code, checked_in in details:
        why = sorted(reasons[rid], key=_RANK.__getitem__)
        display = " ".join(part for part in (preferred or first, last) if part)
        person = PossibleDuplicate(
            rid, display, org_name, role, status, bool(checked_in), bool(walk_in), their_email, code, " and ".join(why)
        )
        found.append(((_RANK[why[0]], -scores[rid], query_words(display), rid), person))
    found.sort(key=lambda pair: pair[0])
    return [person for _, person in found[:limit]]


def _matching(
    db: sqlite3.Connection, event_id: str, column: str, words: list[str], columns: str
) -> Sequence[tuple[str, ...]]:
    """Registrants of the event whose `column` of the search index holds every word whole: the candidates a
    sign is then checked on, with the registrant's `columns`."""
    if not words:
        return []
    match = " AND ".join([f'{{key}} : "{search_token("e", event_id)}"', *(f'{{{column}}} : "{w}"' for w in words)])
    return db.execute(
        f"SELECT r.id, {columns} FROM {SEARCH_TABLE} s JOIN registrant r ON r.id = s.registrant_id "
        f"WHERE s.{SEARCH_TABLE} MATCH ? LIMIT ?",
        (match, MAX_CANDIDATES),
    ).fetchall()


def _name_words(text: str) -> list[str]:
    """query_words(text), quicker for the usual name of letters and spaces: candidates number in the
    thousands when only a common first name is typed."""
    folded = fold(text)
    if folded.replace(" ", "").isalnum():
        return folded.split()[:MAX_WORDS]
    return query_words(text)


def _same_name(typed: list[str], first: str, last: str, preferred: str) -> str:
    """SAME_NAME if the typed words are their first (or preferred) and last name, SWAPPED_NAME if they are
    in the other order, else ""."""
    forms = [_name_words(f"{first} {last}")]
    if preferred:
        forms.append(_name_words(f"{preferred} {last}"))
    if typed in forms:
        return SAME_NAME
    if any(sorted(typed) == sorted(form) for form in forms):
        return SWAPPED_NAME
    return ""


def _similar(typed: list[str], members: list[tuple[str, str, str, str]]) -> dict[str, float]:
    """{id: score} of the members whose name is close to the typed one, as a person would misspell it."""
    from rapidfuzz import fuzz, process  # loaded when first needed, not at start-up

    owners: list[str] = []
    forms: list[str] = []
    for rid, first, last, preferred in members:
        for form in (f"{first} {last}", f"{preferred} {last}" if preferred else ""):
            words = _name_words(form)
            if words:
                owners.append(rid)
                forms.append(" ".join(words))
    wanted = " ".join(typed)
    best: dict[str, float] = {}
    for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio):
        for _, score, at in process.extract(wanted, forms, scorer=scorer, score_cutoff=SIMILAR_SCORE, limit=None):
            best[owners[at]] = max(best.get(owners[at], 0.0), score)
    return best


_DETAILS = (
    "SELECT r.id, r.first_name, r.last_name, r.preferred_name, coalesce(o.name, ''), r.role, r.status, r.walk_in, "
    "r.email, r.ticket_code, EXISTS (SELECT 1 FROM checkin c WHERE c.registrant_id = r.id AND c.voided_by IS NULL) "
    "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id WHERE r.id IN ({}) "
    f"AND r.status != '{RegistrantStatus.MERGED}'"
)
