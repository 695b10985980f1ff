"""Contributions: Journey Map notes and Stronger Together haves and needs, written at the kiosk or typed in
from paper, moderated by staff, read by the wall and the exports.

A contribution is a mutable row (field-level last writer wins): moderation is one change-log entry that
sets `status`, so a note hidden on one station is hidden on every station once they sync, and restoring
it later wins over the hide. Statuses: visible, hidden (by staff) and held (waiting for review, when the
station holds new kiosk notes for review). Only visible notes reach walls and exports.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.core.badges.qr import badge_tag, parse_badge_payload
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.ids import new_id
from kiosk.core.journey import DEFAULT_PROMPT_SET, PromptSet, check_body, load_prompt_set
from kiosk.core.journey.prompts import SIDES
from kiosk.core.models import ContributionKind, Event, ModerationStatus, RegistrantStatus
from kiosk.core.names import full_name
from kiosk.core.replica import UPSERT
from kiosk.core.settings import get_setting, put_setting
from kiosk.core.store import reading

if TYPE_CHECKING:
    from kiosk.core.store import Store

STATUSES = tuple(status.value for status in ModerationStatus)
HOLD_FOR_REVIEW = "journey_hold_for_review"
PROMPT_SET = "journey_prompt_set"


# -- badge holders -----------------------------------------------------------------------------------


class BadgeProblem(InvalidInput):
    """A scan that does not name someone at this event; `reason` is one of the constants below."""

    NOT_A_BADGE = "not_a_badge"
    TICKET = "ticket"
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class BadgeHolder:
    """Who wears a scanned badge, as a note or a connection shows them."""

    registrant_id: str
    name: str
    organization_id: str | None
    organization: str
    region: str
    email: str = ""
    phone: str = ""

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""


_HOLDER = (
    "SELECT r.id, r.event_id, r.status, r.first_name, r.last_name, r.preferred_name, r.organization_id, "
    "COALESCE(o.name, ''), COALESCE(o.region, ''), r.email, r.phone, r.merged_into "
    "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id WHERE r.id = ?"
)


def holder_by_id(db: sqlite3.Connection, registrant_id: str) -> tuple[BadgeHolder, str, str] | None:
    """(holder, event id, status) of a registrant, or None. A record staff merged into another stands for
    the person it was merged into (followed through a merge of that one too): either badge is theirs, as
    either ticket checks them in, and their name and organization sign what either badge did."""
    row = db.execute(_HOLDER, (registrant_id,)).fetchone()
    seen = {registrant_id}
    while row is not None and row[2] == RegistrantStatus.MERGED and row[11] and row[11] not in seen:
        kept = db.execute(_HOLDER, (row[11],)).fetchone()
        if kept is None:
            break  # the kept record has not arrived by sync yet
        seen.add(row[11])
        row = kept
    if row is None:
        return None
    rid, event_id, status, first, last, preferred, org_id, org, region, email, phone, _ = row
    name = full_name(first or "", last or "", preferred or "")
    return BadgeHolder(rid, name, org_id, org, region, email or "", phone or ""), event_id, status


def find_badge_holder(store: Store, event: Event, scanned: str) -> BadgeHolder:
    """The registered person whose badge QR code (`CKB1:...`) was scanned, or BadgeProblem saying why not."""
    code = parse_badge_payload(scanned)
    if code is None:
        if scanned.strip().upper().startswith("CK1"):
            raise BadgeProblem(BadgeProblem.TICKET, "that is a ticket's code; scan the code on the badge instead")
        raise BadgeProblem(BadgeProblem.NOT_A_BADGE, "that is not a badge's code")
    if code.event_tag != badge_tag(event.id):
        raise BadgeProblem(BadgeProblem.OTHER_EVENT, f"that badge is for another convening, not {event.name}")
    with reading(store) as db:
        found = holder_by_id(db, code.registrant_id)
    if found is None or found[1] != event.id:
        raise BadgeProblem(BadgeProblem.UNKNOWN, "this station does not know that badge yet (it may need to sync)")
    holder, _, status = found
    if status == RegistrantStatus.CANCELLED:
        raise BadgeProblem(BadgeProblem.CANCELLED, f"{holder.name}'s registration was cancelled")
    return holder


# -- notes -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """A contribution as the wall, the moderation queue and the exports show it (plain text, always)."""

    id: str
    event_id: str
    kind: str
    category: str | None
    body: str
    language: str
    status: str
    created_at: dt.datetime
    station_id: str
    registrant_id: str | None = None
    author: str = ""
    organization_id: str | None = None
    organization: str = ""
    region: str = ""

    @property
    def is_journey(self) -> bool:
        return self.kind not in SIDES

    @property
    def group(self) -> str:
        """The wall column it belongs in: the prompt id, or "have:people"."""
        return self.kind if self.is_journey else f"{self.kind}:{self.category}"

    @property
    def signature(self) -> str:
        """Name, organization and region as one line ("" when anonymous)."""
        return " · ".join(part for part in (self.author, self.organization, self.region) if part)


@dataclass(frozen=True)
class Draft:
    """A note to add: typed at the kiosk, or transcribed from a paper sticky note."""

    kind: str
    body: str
    category: str | None = None
    language: str = ""
    registrant_id: str | None = None


@dataclass(frozen=True)
class Counts:
    visible: int
    held: int
    hidden: int
    by_group: dict[str, int] = field(default_factory=dict)
    """Visible notes per wall group (prompt id, or "have:people")."""
    attributed: int = 0
    """Visible notes with a name attached."""


@dataclass(frozen=True)
class HaveMatch:
    """An organization at the event that has what another one needs, in its own words."""

    category: str
    organization_id: str
    organization: str
    region: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class NeedMatch:
    """One organization's need in one category, and who here has something for it."""

    category: str
    organization_id: str
    organization: str
    needs: tuple[str, ...]
    haves: tuple[HaveMatch, ...]


_NOTES = (
    "SELECT c.id, c.event_id, c.kind, c.category, c.body, c.language, c.status, c.created_at, c.station_id, "
    "c.registrant_id, r.first_name, r.last_name, r.preferred_name, c.organization_id, COALESCE(o.name, ''), "
    f"COALESCE(o.region, ''), r.status = '{RegistrantStatus.MERGED.value}' FROM contribution c "
    "LEFT JOIN registrant r ON r.id = c.registrant_id LEFT JOIN organization o ON o.id = c.organization_id "
)
"""A note as stored; `_note` reads it, with the person a merged signer's record stands for."""
_SHOWN = " || char(31) || ".join(
    f"COALESCE({column}, '')"
    for column in (
        "r.merged_into", "r.first_name", "r.last_name", "r.preferred_name", "o.name", "o.region",
        "m.merged_into", "m.first_name", "m.last_name", "m.preferred_name", "mo.name", "mo.region",
    )
)  # fmt: skip
_VERSIONS = (
    f"SELECT c.id, c.id || c.status || c.field_clocks || char(31) || {_SHOWN} AS version FROM contribution c "
    "LEFT JOIN registrant r ON r.id = c.registrant_id LEFT JOIN organization o ON o.id = c.organization_id "
    "LEFT JOIN registrant m ON m.id = r.merged_into LEFT JOIN organization mo ON mo.id = m.organization_id "
)
"""A note's id and a token of what it shows: its fields, whom its signer's record stands for, and the signature
(the signer's name, their organization's name and region; a merged signer's, those of the record kept), so a
name corrected at the desk reaches the wall too."""


def _note(db: sqlite3.Connection, row: tuple[object, ...]) -> Note:
    """The note of a _NOTES row. Signed with a record staff merged into another, it is signed by the kept
    person: their name and organization, derived here, as the stored row syncs as it is (and an undone merge
    gives the note back to its own record)."""
    (cid, event_id, kind, category, body, language, status, created, station, rid, first, last, preferred, oid, org,
     region, merged) = row  # fmt: skip
    author = full_name(str(first or ""), str(last or ""), str(preferred or "")) if rid else ""
    if merged and rid is not None and (kept := holder_by_id(db, str(rid))) is not None:
        holder = kept[0]
        rid, author = holder.registrant_id, holder.name
        oid, org, region = holder.organization_id, holder.organization, holder.region
    created_at = created if isinstance(created, dt.datetime) else dt.datetime.fromisoformat(str(created))
    return Note(
        str(cid), str(event_id), str(kind), category if category is None else str(category), str(body),
        str(language or ""), str(status), created_at, str(station), None if rid is None else str(rid), author,
        None if oid is None else str(oid), str(org), str(region),
    )  # fmt: skip


class Contributions:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._prompts: PromptSet | None = None

    # -- station settings ----------------------------------------------------------------------------

    @property
    def prompt_set(self) -> PromptSet:
        """The prompts this station offers (`set_prompt_set`; California Connects unless chosen)."""
        if self._prompts is None:
            with self.ctx.store.write() as db:
                name = get_setting(db, PROMPT_SET) or DEFAULT_PROMPT_SET
            self._prompts = load_prompt_set(name, self.ctx.store.folder)
        return self._prompts

    def set_prompt_set(self, name: str) -> PromptSet:
        prompts = load_prompt_set(name, self.ctx.store.folder)
        with self.ctx.store.write() as db:
            put_setting(db, PROMPT_SET, name)
        self._prompts = prompts
        return prompts

    def holds_for_review(self) -> bool:
        """Whether notes written at this station's kiosk wait for staff before they reach the wall."""
        with self.ctx.store.write() as db:
            return get_setting(db, HOLD_FOR_REVIEW) == "1"

    def set_hold_for_review(self, on: bool) -> None:
        with self.ctx.store.write() as db:
            put_setting(db, HOLD_FOR_REVIEW, "1" if on else "0")

    # -- writing -------------------------------------------------------------------------------------

    def badge_holder(self, event: Event, scanned: str) -> BadgeHolder:
        return find_badge_holder(self.ctx.store, event, scanned)

    def add(
        self,
        event_id: str,
        kind: str,
        body: str,
        category: str | None = None,
        language: str = "",
        registrant_id: str | None = None,
        review: bool | None = None,
    ) -> Note:
        """Save one note, anonymous or signed with a badge holder's name and organization. With `review`
        (default: the station's hold-for-review setting) it waits, held, for staff."""
        held = self.holds_for_review() if review is None else review
        return self._add_all(event_id, [Draft(kind, body, category, language, registrant_id)], held)[0]

    def add_many(self, event_id: str, drafts: Iterable[Draft]) -> list[Note]:
        """Transcribe a batch of paper notes in one transaction: all of them, or (any invalid) none. Staff
        typed them, so they are visible at once."""
        return self._add_all(event_id, list(drafts), held=False)

    def _add_all(self, event_id: str, drafts: list[Draft], held: bool) -> list[Note]:
        prompts = self.prompt_set
        cleaned: list[tuple[Draft, str]] = []
        for number, draft in enumerate(drafts, 1):
            prompts.check(draft.kind, draft.category)
            where = "note" if len(drafts) == 1 else f"note {number}"
            cleaned.append((draft, check_body(draft.body, prompts.max_length, where)))
        now = dt.datetime.now(dt.UTC)
        status = ModerationStatus.HELD.value if held else ModerationStatus.VISIBLE.value
        ids: list[str] = []
        with self.ctx.transaction() as w:
            if w.db.execute("SELECT 1 FROM event WHERE id = ?", (event_id,)).fetchone() is None:
                raise NotFound(f"no event with id {event_id}")
            for draft, body in cleaned:
                organization_id = None
                if draft.registrant_id is not None:
                    found = holder_by_id(w.db, draft.registrant_id)
                    if found is None or found[1] != event_id:
                        raise NotFound(f"no registrant {draft.registrant_id} at this event")
                    organization_id = found[0].organization_id
                cid = new_id()
                w.record(
                    "contribution",
                    cid,
                    UPSERT,
                    {
                        "event_id": event_id,
                        "registrant_id": draft.registrant_id,
                        "organization_id": organization_id,
                        "station_id": self.ctx.station_id,
                        "kind": draft.kind,
                        "category": draft.category if draft.kind in SIDES else None,
                        "body": body,
                        "language": draft.language,
                        "status": status,
                        "created_at": now,
                    },
                    new=True,
                )
                ids.append(cid)
        return [self.get(cid) for cid in ids]

    def hide(self, contribution_id: str) -> Note:
        """Take a note off every wall and every export (one change-log entry; undone by `restore`)."""
        return self._set_status(contribution_id, ModerationStatus.HIDDEN.value)

    def restore(self, contribution_id: str) -> Note:
        """Show a hidden note again, or let a held one through."""
        return self._set_status(contribution_id, ModerationStatus.VISIBLE.value)

    def _set_status(self, contribution_id: str, status: str) -> Note:
        current = self.get(contribution_id)
        if current.status != status:
            with self.ctx.transaction() as w:
                w.record("contribution", contribution_id, UPSERT, {"status": status})
        return self.get(contribution_id)

    # -- reading -------------------------------------------------------------------------------------

    def get(self, contribution_id: str) -> Note:
        with reading(self.ctx.store) as db:
            row = db.execute(_NOTES + "WHERE c.id = ?", (contribution_id,)).fetchone()
            if row is None:
                raise NotFound(f"no contribution with id {contribution_id}")
            return _note(db, row)

    def notes(self, event_id: str, statuses: Iterable[str] = STATUSES) -> list[Note]:
        """Notes of an event with these statuses, newest first (the moderation queue reads all of them)."""
        wanted = tuple(statuses)
        marks = ", ".join("?" * len(wanted))
        with reading(self.ctx.store) as db:
            rows = db.execute(
                _NOTES + f"WHERE c.event_id = ? AND c.status IN ({marks}) ORDER BY c.created_at DESC, c.id DESC",
                (event_id, *wanted),
            ).fetchall()
            return [_note(db, row) for row in rows]

    def visible(self, event_id: str) -> list[Note]:
        """What walls and exports show: visible notes only, newest first."""
        return self.notes(event_id, (ModerationStatus.VISIBLE.value,))

    def versions(self, event_id: str) -> dict[str, str]:
        """Every note of the event (any status) by id, with a token that changes whenever any of its fields
        does, its signer's record is merged into another or that merge undone, or the signer's name or
        organization is corrected, here or by sync: a wall compares two of these and re-reads only the notes
        that differ."""
        with reading(self.ctx.store) as db:
            return dict(db.execute(_VERSIONS + "WHERE c.event_id = ?", (event_id,)))

    def by_ids(self, ids: Iterable[str]) -> list[Note]:
        """These notes (any status; ids that do not exist are left out), newest first."""
        wanted = list(ids)
        out: list[Note] = []
        with reading(self.ctx.store) as db:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                out += [_note(db, row) for row in db.execute(_NOTES + f"WHERE c.id IN ({marks})", chunk).fetchall()]
        return sorted(out, key=lambda n: (n.created_at, n.id), reverse=True)

    def revision(self, event_id: str) -> str:
        """Changes whenever a note of the event is added, changed or moderated, here or by sync."""
        with reading(self.ctx.store) as db:
            row = db.execute(
                f"SELECT count(*), group_concat(version, '') FROM ({_VERSIONS} WHERE c.event_id = ?)", (event_id,)
            ).fetchone()
        return f"{row[0]}:{hash(row[1] or '')}"

    def counts(self, event_id: str) -> Counts:
        with reading(self.ctx.store) as db:
            rows = db.execute(
                "SELECT status, kind, category, registrant_id IS NOT NULL, count(*) FROM contribution "
                "WHERE event_id = ? GROUP BY 1, 2, 3, 4",
                (event_id,),
            ).fetchall()
        by_status: Counter[str] = Counter()
        by_group: Counter[str] = Counter()
        attributed = 0
        for status, kind, category, signed, n in rows:
            by_status[status] += n
            if status == ModerationStatus.VISIBLE:
                by_group[kind if kind not in SIDES else f"{kind}:{category}"] += n
                attributed += n if signed else 0
        return Counts(
            by_status[ModerationStatus.VISIBLE.value],
            by_status[ModerationStatus.HELD.value],
            by_status[ModerationStatus.HIDDEN.value],
            dict(by_group),
            attributed,
        )

    # -- haves meet needs ----------------------------------------------------------------------------

    def needs_and_haves(self, event_id: str) -> list[NeedMatch]:
        """Every organization's visible needs, each category with the other organizations here that
        recorded a visible have in it (anonymous notes name no organization, so they match nothing)."""
        notes = [n for n in self.visible(event_id) if n.kind in SIDES and n.organization_id]
        haves: dict[str, dict[str, list[Note]]] = defaultdict(lambda: defaultdict(list))
        needs: dict[tuple[str, str], list[Note]] = defaultdict(list)
        for note in sorted(notes, key=lambda n: n.created_at):
            assert note.organization_id is not None and note.category is not None
            if note.kind == ContributionKind.HAVE:
                haves[note.category][note.organization_id].append(note)
            else:
                needs[note.category, note.organization_id].append(note)
        order = {c.id: i for i, c in enumerate(self.prompt_set.categories)}
        out: list[NeedMatch] = []
        for (category, org_id), mine in sorted(
            needs.items(), key=lambda item: (order.get(item[0][0], 99), item[1][0].organization.casefold())
        ):
            matches = _have_matches(category, haves[category], org_id)
            out.append(NeedMatch(category, org_id, mine[0].organization, tuple(n.body for n in mine), matches))
        return out

    def haves_for(self, event_id: str, category: str, organization_id: str | None = None) -> list[HaveMatch]:
        """The organizations here with a visible have in `category`, by name, each once (not `organization_id`
        itself): what the kiosk shows someone who just wrote a need there, whether or not their need is on
        the wall yet (held for review) and whether or not it names an organization."""
        haves: dict[str, list[Note]] = defaultdict(list)
        for note in sorted(self.visible(event_id), key=lambda n: n.created_at):
            if note.organization_id and note.kind == ContributionKind.HAVE and note.category == category:
                haves[note.organization_id].append(note)
        return list(_have_matches(category, haves, organization_id))

    def matches_for(self, event_id: str, organization_id: str, category: str | None = None) -> list[HaveMatch]:
        """Organizations here with a have in a category where `organization_id` recorded a need (only
        `category`, if given), each once per category."""
        return [
            have
            for need in self.needs_and_haves(event_id)
            if need.organization_id == organization_id and (category is None or need.category == category)
            for have in need.haves
        ]


def _have_matches(category: str, haves: dict[str, list[Note]], mine: str | None) -> tuple[HaveMatch, ...]:
    """The organizations of `haves` (organization id -> its haves in `category`, oldest first) but `mine`, by
    name, each with its notes."""
    return tuple(
        HaveMatch(category, org_id, theirs[0].organization, theirs[0].region, tuple(n.body for n in theirs))
        for org_id, theirs in sorted(haves.items(), key=lambda kv: kv[1][0].organization.casefold())
        if org_id != mine
    )
