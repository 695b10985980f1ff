"""Search as you type at the check-in desk: registrants by name, organization, email or ticket code.

Matches come from the FTS5 table kiosk.core.replica keeps beside search_text (folded text, so case and
Latin accents never matter, in any script). Every query word must start a word of the registrant's, in any
order; results come in tiers, each read in index order and cut at the limit, so one typed letter costs the
same on 100 people as on 100,000:

1. every word is a whole name word ("Li" finds Li Wei before Lisa);
2. every word starts a name word;
3. every word starts a word of the name, organization or email;
4. the characters typed, at least three, start a ticket code ("kdft-wx" finds KDFT-WXHH);
5. the words run together start an email.

Within a tier people are ordered by display name.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kiosk.core.context import Context
from kiosk.core.models import RegistrantStatus
from kiosk.core.names import full_name
from kiosk.core.replica import SEARCH_TABLE, code_token, search_token, sort_key
from kiosk.core.text import fold, index_words

MAX_WORDS = 8
"""Words of a query that are matched; more only narrow what is already narrow."""


@dataclass(frozen=True)
class SearchHit:
    """One person in the results, with enough to tell two people of the same name apart."""

    registrant_id: str
    display_name: str
    last_name: str
    organization: str
    role: str
    title: str
    status: str
    walk_in: bool
    checked_in: bool
    ticket_code: str

    @property
    def cancelled(self) -> bool:
        return self.status == RegistrantStatus.CANCELLED


CODE_MIN_CHARS = 3
"""Fewer typed characters match names, not ticket codes: codes are random, so 'm' would list strangers."""


def query_words(text: str) -> list[str]:
    """The words of a query as the index splits them: runs of letters, digits and combining marks."""
    return index_words(fold(text))[:MAX_WORDS]


def _all(column: str, words: list[str], prefix: bool) -> str:
    star = "*" if prefix else ""
    return " AND ".join(f'{column}"{word}"{star}' for word in words)


_DETAILS = (
    "SELECT r.id, r.first_name, r.last_name, r.preferred_name, coalesce(o.name, ''), r.role, r.title, "
    "r.status, r.walk_in, r.ticket_code, EXISTS (SELECT 1 FROM checkin c "
    "WHERE c.registrant_id = r.id AND c.voided_by IS NULL) "
    "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id WHERE r.id IN ({}) "
    f"AND r.status != '{RegistrantStatus.MERGED}'"
)
"""A record merged into another (kiosk.core.services.merges) keeps its index row but is never a hit."""


def matching(db: sqlite3.Connection, event_id: str, words: list[str], limit: int) -> dict[str, int]:
    """Ids of up to `limit` registrants of the event that query `words` find, each with its tier (see module),
    best tier first, each tier in index order: what the desk lists, before it is ordered by name."""
    if not words or limit <= 0:
        return {}
    event = f'{{key}} : "{search_token("e", event_id)}"'
    tiers = [
        _all("{names} : ", words, prefix=False),
        _all("{names} : ", words, prefix=True),
        # Never the key column: its 'e…', 'r…' and 'c…' tokens would make "c" or "e" match everyone.
        _all("{names other} : ", words, prefix=True),
    ]
    joined = "".join(words)
    if len(joined) >= CODE_MIN_CHARS and joined.isascii() and joined.isalnum():
        tiers.append(f'{{key}} : "{code_token(joined)}"*')
    if len(words) > 1 and joined.isascii():
        tiers.append(f'{{other}} : "{joined}"*')
    found: dict[str, int] = {}
    for tier, match in enumerate(tiers):
        rows = db.execute(
            f"SELECT registrant_id FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH ? ORDER BY rowid LIMIT ?",
            (f"{event} AND {match}", limit + len(found)),
        ).fetchall()
        for (registrant_id,) in rows:
            found.setdefault(registrant_id, tier)
        if len(found) >= limit:
            break
    return found


class Search:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def registrants(self, event_id: str, text: str, limit: int = 20) -> list[SearchHit]:
        """Up to `limit` registrants of the event whose words start with the query's words (see module)."""
        words = query_words(text)
        if not words or limit <= 0:
            return []
        with self.ctx.store.session() as session:
            db = session.connection().connection.driver_connection
            assert isinstance(db, sqlite3.Connection)
            found = matching(db, event_id, words, limit)
            details = db.execute(_DETAILS.format(", ".join("?" * len(found))), tuple(found)).fetchall()
        hits = []
        for rid, first, last, preferred, org, role, title, status, walk_in, code, checked_in in details:
            display = full_name(first, last, preferred)
            hit = SearchHit(rid, display, last, org, role, title, status, bool(walk_in), bool(checked_in), code)
            hits.append(((found[rid], query_words(sort_key(first, last, preferred)), fold(last), rid), hit))
        hits.sort(key=lambda pair: pair[0])
        return [hit for _, hit in hits[:limit]]
