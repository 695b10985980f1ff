"""Is this walk-in already registered? People who may be the same person, found before a second record is made.

A volunteer registering a walk-in cannot tell that "Jose Garcia" is the "José García" who registered last
week, that "Darnell OBrien" is "Darnell O'Brien", or that "Ahmed Yousef" is أحمد يوسف (ahmed.yousef@…).
The signs, strongest first (a person shows the strongest sign of their name, and "same email" beside it):

1. the same email, case ignored;
2. the same name once folded (case and Latin accents ignored, any script), also with the preferred name for
   the first, with spaces, hyphens and punctuation ignored ("Meiling" is "Mei-Ling", "OBrien" is "O'Brien"),
   or a Chinese, Japanese or Korean name written whole, family name first ("王家豪" is 家豪 王);
3. the same name with first and last swapped (families write names in either order);
4. the name typed is their email's local part: how a name in another script is found from its Latin spelling;
5. a similar name (rapidfuzz) at the same organization, found by its normalized name ("Ana" is its Ana Ruiz);
6. a similar name anywhere: a letter or two off ("Jesus Chaves" is "Jesús Chávez");
7. partly the same name: the words of one name are words of the other ("Francisco De La Cruz" is "Francisco
   de la Cruz Santillán");
8. with `with_search` (the walk-in form): a lone typed word that is one of their names ("Aileen" may be
   Aileen Aquino: sign 7), and anyone else the desk's own search lists for the name typed, so the form never
   offers fewer people than a search at the desk would have shown.

It only offers, a handful at most: the volunteer decides, and nothing is merged or refused here. Every
look-up is an index read, never a scan of the event: the search index (kiosk.core.replica's FTS5 table) for
emails and names, names read by their first two letters for near spellings, the organization index for its
members. It runs when the volunteer presses Save or pauses typing, on an event of 100,000 people.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kiosk.core.context import Context
from kiosk.core.models import RegistrantStatus
from kiosk.core.names import full_name
from kiosk.core.replica import SEARCH_TABLE, sort_key
from kiosk.core.services.search import matching, query_words
from kiosk.core.text import fold, index_words, normalize_org_name, written_together

SAME_EMAIL = "same email"
SAME_NAME = "same name"
SWAPPED_NAME = "same name, first and last swapped"
EMAIL_NAME = "name matches their email"
SIMILAR_AT_ORGANIZATION = "similar name at the same organization"
SIMILAR_NAME = "similar name"
PART_OF_NAME = "partly the same name"
FOUND_BY_SEARCH = "found by a desk search for the name"

SIMILAR_SCORE = 85
"""Least rapidfuzz score (0-100) for two names to look like one person's. Anywhere, names are compared with
spaces and punctuation left out: "Jesus Chaves" and "Jesús Chávez" score 91, "Aileen Aqino" and "Aileen
Aquino" 96, "Ana Ruiz" and "Ana Mora" 57. At one organization, also word by word: "Jon Smith" and "John
Smith" score 95, "Ana" and "Ana Ruiz" 100 (one name holds the other)."""

MAX_CANDIDATES = 5000
"""Rows read per sign at most, so a lone common first name ("Ana") costs milliseconds on any event."""

SEARCHED = 30
"""People of the desk's search read for `with_search`: as many as the desk lists."""

_RANK = {
    reason: rank
    for rank, reason in enumerate(
        (
            SAME_EMAIL,
            SAME_NAME,
            SWAPPED_NAME,
            EMAIL_NAME,
            SIMILAR_AT_ORGANIZATION,
            SIMILAR_NAME,
            PART_OF_NAME,
            FOUND_BY_SEARCH,
        )
    )
}


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
    """Short and readable: "same email", "same name", "same email and similar name"..."""

    @property
    def cancelled(self) -> bool:
        return self.status == RegistrantStatus.CANCELLED


@dataclass(frozen=True)
class _Typed:
    """The name typed at the form, as words and run together."""

    first: tuple[str, ...]
    last: tuple[str, ...]

    @functools.cached_property
    def words(self) -> tuple[str, ...]:
        return self.first + self.last

    @functools.cached_property
    def ordered(self) -> list[str]:
        return sorted(self.words)

    @functools.cached_property
    def joined(self) -> str:
        return "".join(self.words)

    @functools.cached_property
    def swapped(self) -> str:
        return "".join(self.last) + "".join(self.first)


@dataclass
class _Found:
    reasons: set[str]
    score: float
    """Within one sign, the likelier first: rapidfuzz's score, or minus the place in the desk's search."""


def possible_duplicates(
    ctx: Context,
    event_id: str,
    first_name: str,
    last_name: str,
    email: str = "",
    organization: str = "",
    limit: int = 5,
    with_search: bool = False,
) -> list[PossibleDuplicate]:
    """Up to `limit` registrants of the event who may be the person described, strongest sign first (see
    module). `with_search` also offers whom the desk's search lists for the name (the walk-in form does;
    sync's review of walk-ins lists only the stronger signs, each a pair for staff to look at)."""
    if limit <= 0:
        return []
    typed = _Typed(_words(first_name), _words(last_name))
    words = query_words(f"{first_name} {last_name}")
    found: dict[str, _Found] = {}

    def note(registrant_id: str, reason: str, score: float = 100.0) -> None:
        held = found.get(registrant_id)
        if held is None:
            found[registrant_id] = _Found({reason}, score)
            return
        name_signs = [r for r in held.reasons if r != SAME_EMAIL]
        if reason == SAME_EMAIL:
            held.reasons.add(reason)
        elif not name_signs or _RANK[reason] < _RANK[name_signs[0]]:
            held.reasons = {r for r in held.reasons if r == SAME_EMAIL} | {reason}
            held.score = score
        elif reason == name_signs[0]:
            held.score = max(held.score, score)

    org_key = normalize_org_name(organization) if organization.strip() else ""
    with ctx.store.session() as session:
        db = session.connection().connection.driver_connection
        assert isinstance(db, sqlite3.Connection)
        # Organizations.find, on this connection: the organization's first row of that normalized name.
        org = db.execute("SELECT id FROM organization WHERE normalized_name = ? LIMIT 1", (org_key,)).fetchone()
        wanted_email = email.strip().casefold()
        if wanted_email:
            for rid, their_email in _read(db, event_id, _in("other", query_words(wanted_email)), "r.email"):
                if their_email.strip().casefold() == wanted_email:
                    note(rid, SAME_EMAIL)
        # First, last and preferred name of the people read: those of one strength are ordered by name.
        names: dict[str, tuple[str, str, str]] = {}
        if words:
            people: dict[str, tuple[str, str, str, str]] = {}
            by_email: set[str] = set()
            for match, in_email in _name_queries(typed, words):
                for rid, first, last, preferred, their_email in _read(
                    db, event_id, match, "r.first_name, r.last_name, r.preferred_name, r.email"
                ):
                    people.setdefault(rid, (first, last, preferred, their_email))
                    if in_email:
                        by_email.add(rid)
            searched = matching(db, event_id, words, SEARCHED) if with_search else {}
            missing = [rid for rid in searched if rid not in people]
            if missing:
                people.update(
                    (rid, (first, last, preferred, their_email))
                    for rid, first, last, preferred, their_email in db.execute(
                        "SELECT id, first_name, last_name, preferred_name, email FROM registrant "
                        f"WHERE id IN ({_marks(missing)}) AND {_NOT_MERGED}",
                        missing,
                    )
                )
            for rid, (first, last, preferred, their_email) in people.items():
                names[rid] = (first, last, preferred)
                sign = _name_sign(typed, first, last, preferred, with_search)
                if sign is not None:
                    note(rid, *sign)
                weaker = sign is None or _RANK[sign[0]] > _RANK[EMAIL_NAME]
                if rid in by_email and weaker and _email_names(typed, their_email):
                    note(rid, EMAIL_NAME)
            for place, rid in enumerate(searched):
                if rid in people:  # not a merged record
                    note(rid, FOUND_BY_SEARCH, -float(place))
            if org is not None:
                # `+event_id`: read the organization's index, not the event's (which holds the whole event).
                members = db.execute(
                    "SELECT id, first_name, last_name, preferred_name FROM registrant "
                    f"WHERE organization_id = ? AND +event_id = ? AND {_NOT_MERGED} LIMIT ?",
                    (org[0], event_id, MAX_CANDIDATES),
                ).fetchall()
                names.update((rid, (first, last, preferred)) for rid, first, last, preferred in members)
                for rid, score in _similar(words, members).items():
                    note(rid, SIMILAR_AT_ORGANIZATION, score)
        if not found:
            return []
        chosen = _strongest(found, limit)
        unnamed = [rid for rid in chosen if rid not in names]  # found by their email alone: a few at most
        if unnamed:
            names.update(
                (rid, (first, last, preferred))
                for rid, first, last, preferred in db.execute(
                    f"SELECT id, first_name, last_name, preferred_name FROM registrant WHERE id IN ({_marks(unnamed)})",
                    unnamed,
                )
            )
        chosen.sort(key=lambda rid: (_strength(found[rid]), sort_key(*names.get(rid, ("", "", ""))), rid))
        ids = chosen[:limit]
        rows = {row[0]: row for row in db.execute(_DETAILS.format(_marks(ids)), ids)}

    people_found = []
    for rid in ids:
        _, first, last, preferred, org_name, role, status, walk_in, their_email, code, checked_in = rows[rid]
        why = " and ".join(sorted(found[rid].reasons, key=_RANK.__getitem__))
        display = full_name(first, last, preferred)
        people_found.append(
            PossibleDuplicate(
                rid, display, org_name, role, status, bool(checked_in), bool(walk_in), their_email, code, why
            )
        )
    return people_found


def _strength(found: _Found) -> tuple[int, int, float]:
    """What orders people strongest first: the sign, then two signs before one, then the sign's score."""
    return min(_RANK[reason] for reason in found.reasons), -len(found.reasons), -found.score


def _strongest(found: dict[str, _Found], limit: int) -> list[str]:
    """The ids of the `limit` strongest, and of any as strong as the last of them (ordered by name later)."""
    strength = {rid: _strength(held) for rid, held in found.items()}
    ranked = sorted(strength, key=strength.__getitem__)
    if len(ranked) <= limit:
        return ranked
    edge = strength[ranked[limit - 1]]
    return [rid for rid in ranked if strength[rid] <= edge]


def _marks(values: list[str]) -> str:
    return ", ".join("?" * len(values))


# Candidates: index reads ------------------------------------------------------------------------------


def _in(column: str, words: Iterable[str], prefix: bool = False) -> str:
    """An FTS5 query for rows whose `column` holds every word (or a word starting with it)."""
    star = "*" if prefix else ""
    return " AND ".join(f'{{{column}}} : "{word}"{star}' for word in words)


def _read(db: sqlite3.Connection, event_id: str, match: str, columns: str) -> list[tuple[str, ...]]:
    """Registrants of the event whose search row `match` finds (at most MAX_CANDIDATES), with their `columns`.
    The event is checked on the registrant, not matched in the index: its token's list of rows is as long as
    the event, read whole by every query that names it (`+`: never read the event's people by its index)."""
    if not match:
        return []
    return db.execute(
        f"SELECT r.id, {columns} FROM {SEARCH_TABLE} s JOIN registrant r ON r.id = s.registrant_id "
        f"WHERE s.{SEARCH_TABLE} MATCH ? AND +r.event_id = ? AND r.{_NOT_MERGED} LIMIT ?",
        (match, event_id, MAX_CANDIDATES),
    ).fetchall()


def _name_queries(typed: _Typed, words: list[str]) -> list[tuple[str, bool]]:
    """Index reads that find everyone a name sign may hold for, each with whether it reads emails: every
    typed word a whole name word (the same name, a name holding the typed one); every typed word's first two
    letters starting a name word (a letter or two off further in, spaces and hyphens: the index also holds a
    name of several words run together); each typed name run together, the same way (typed "O Brien" for
    OBrien); and the typed words in the email column, or run together starting a word of it (every email
    whose local part is the name typed)."""
    queries = {_in("names", words): False}
    if len(words) > 1:  # a lone word in an email is everyone called Ana: it is never the sign alone
        queries.setdefault(_in("names", dict.fromkeys(w[:2] for w in words), prefix=True), False)
        if typed.first and typed.last:
            runs = dict.fromkeys(("".join(typed.first)[:2], "".join(typed.last)[:2]))
            queries.setdefault(_in("names", runs, prefix=True), False)
        runs_together = (_in("other", [run], prefix=True) for run in (typed.joined, typed.swapped))
        queries[" OR ".join([f"({_in('other', words)})", *runs_together])] = True
    return list(queries.items())


# Signs: how close a name is -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    """The words of a name as the index holds them: folded, split at spaces, hyphens and punctuation."""
    return tuple(index_words(fold(text))) if text else ()


def _name_sign(typed: _Typed, first: str, last: str, preferred: str, with_search: bool) -> tuple[str, float] | None:
    """The strongest sign that the name typed is this registrant's (SAME_NAME to PART_OF_NAME) with its
    score, or None. Runs for every candidate (hundreds for a lone common first name): cheap tests first."""
    ratio = _ratio()
    family = _words(last)
    best: tuple[str, float] | None = None
    for given in (_words(first), _words(preferred)) if preferred else (_words(first),):
        name = given + family
        if not name:
            continue
        joined = "".join(name)
        if joined == typed.joined:  # the same words, or the same letters with spaces and hyphens moved
            return SAME_NAME, 100.0
        family_first = "".join(family) + "".join(given)
        shorter, longer = (typed.words, name) if len(typed.words) < len(name) else (name, typed.words)
        sign: tuple[str, float] | None = None
        if family_first == typed.joined:
            if written_together(first + last):  # 王家豪: how the name is written
                return SAME_NAME, 100.0
            sign = SWAPPED_NAME, 100.0
        elif len(shorter) == len(longer):
            if sorted(name) == typed.ordered:
                sign = SWAPPED_NAME, 100.0
        elif (len(shorter) > 1 or with_search) and all(word in longer for word in shorter):
            # Every word of one is a word of the other; of several such names, the nearer in length first.
            sign = PART_OF_NAME, 100.0 + ratio(typed.joined, joined) / 1000
        if sign is None:
            similar = max(_close(typed.joined, joined, ratio), _close(typed.joined, family_first, ratio))
            if similar >= SIMILAR_SCORE:
                sign = SIMILAR_NAME, similar
            elif 1 < len(shorter) < len(longer):
                held = _held(shorter, longer, ratio)
                if held >= SIMILAR_SCORE:
                    sign = PART_OF_NAME, held
        if sign is not None and (best is None or (_RANK[sign[0]], -sign[1]) < (_RANK[best[0]], -best[1])):
            best = sign
    return best


@functools.cache
def _ratio() -> Callable[[str, str], float]:
    from rapidfuzz.fuzz import ratio  # loaded when first needed, not at start-up

    return ratio


def _close(a: str, b: str, ratio: Callable[[str, str], float]) -> float:
    """ratio(a, b), or 0 without computing it when the lengths alone keep it under SIMILAR_SCORE."""
    if not a or not b or 200 * min(len(a), len(b)) < SIMILAR_SCORE * (len(a) + len(b)):
        return 0.0
    return float(ratio(a, b))


def _held(shorter: tuple[str, ...], longer: tuple[str, ...], ratio: Callable[[str, str], float]) -> float:
    """How closely the words of the shorter name are words of the longer ("jesus chaves" of "jesus chavez
    ramirez"): the score of the shorter name run together against the longer's words nearest to its own,
    in the longer's order."""
    chosen: list[int] = []
    for word in shorter:
        scores = [(ratio(word, other), -at) for at, other in enumerate(longer) if at not in chosen]
        chosen.append(-max(scores)[1])
    return _close("".join(shorter), "".join(longer[at] for at in sorted(chosen)), ratio)


_DIGITS = re.compile(r"\d+")


def _email_names(typed: _Typed, email: str) -> bool:
    """Whether the name typed is the local part of the email, in either order, with or without its dots
    ("Ahmed Yousef" and ahmed.yousef@, yousef_ahmed@ or ahmedyousef@; digits ignored)."""
    local = fold(email.partition("@")[0])
    if not typed.words or typed.words[0] not in local:  # most emails: a quick no
        return False
    parts = index_words(_DIGITS.sub(" ", local))
    if not parts:
        return False
    joined = "".join(parts)
    return sorted(parts) == sorted(typed.words) or joined in (typed.joined, typed.swapped)


def _similar(typed: list[str], members: list[tuple[str, str, str, str]]) -> dict[str, float]:
    """{id: score} of the members whose name is close to the typed one, as a person would misspell it."""
    from rapidfuzz import fuzz, process  # loaded when first needed, not at start-up

    owners: list[str] = []
    forms: list[str] = []
    for rid, first, last, preferred in members:
        for form in (f"{first} {last}", f"{preferred} {last}" if preferred else ""):
            words = _words(form)
            if words:
                owners.append(rid)
                forms.append(" ".join(words))
    wanted = " ".join(typed)
    best: dict[str, float] = {}
    for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio):
        for _, score, at in process.extract(wanted, forms, scorer=scorer, score_cutoff=SIMILAR_SCORE, limit=None):
            best[owners[at]] = max(best.get(owners[at], 0.0), score)
    return best


_NOT_MERGED = f"status != '{RegistrantStatus.MERGED}'"
"""A record merged into another (kiosk.core.services.merges) keeps its search row but is never offered."""

_DETAILS = (
    "SELECT r.id, r.first_name, r.last_name, r.preferred_name, coalesce(o.name, ''), r.role, r.status, r.walk_in, "
    "r.email, r.ticket_code, EXISTS (SELECT 1 FROM checkin c WHERE c.registrant_id = r.id AND c.voided_by IS NULL) "
    "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id WHERE r.id IN ({})"
)
