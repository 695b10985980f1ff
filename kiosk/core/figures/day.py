"""The figures of one convening, as the dashboard shows them live and the day-of report prints them.

Each figure is defined in kiosk.core.figures.definitions. They are SQL aggregates over the station's file
(the check-ins of 100,000 registrants group in a few hundred milliseconds); only the organizations present
(hundreds, not thousands) are folded together in Python.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from kiosk.core.models import Event, ModerationStatus, Role, Sector
from kiosk.core.store import reading

if TYPE_CHECKING:
    from kiosk.core.context import Context
    from kiosk.core.journey import PromptSet

EVENT_TIME_ZONE = ZoneInfo("America/Los_Angeles")
QUARTER_HOUR = dt.timedelta(minutes=15)
NO_SECTOR = "none"
SIDES = ("have", "need")
MERGED = "merged"
"""A duplicate record staff merged into another: never a participant (its check-in moves to the survivor)."""


@dataclass(frozen=True)
class Arrival:
    start: dt.datetime
    """The quarter hour's start, in the venue's time."""
    count: int


@dataclass(frozen=True)
class OtherDayArrivals:
    """Participants whose check-in that counts was made on another day than the event's (a test scan the
    day before, a late import checked in weeks after): counted, but never drawn as if on the day."""

    date: dt.date
    """The day, in the venue's time."""
    count: int


@dataclass(frozen=True)
class DayFigures:
    """One convening's figures; `to_json()` is what `kiosk report day --json` prints."""

    event: str
    event_name: str
    date: dt.date
    city: str
    venue: str
    kind: str
    series: str
    registered: int
    participants: int
    walk_ins: int
    no_shows: int
    cancelled: int
    badges_printed: int
    badges_printed_people: int
    unique_organizations: int
    ethnic_media_organizations: int
    languages_served: int
    state_agency_staff: int
    elected_officials: int
    new_connections: int
    cross_organization_connections: int
    journey_contributions: int
    together_responses: int
    contributions_by_prompt: dict[str, int] = field(default_factory=dict)
    haves_by_category: dict[str, int] = field(default_factory=dict)
    needs_by_category: dict[str, int] = field(default_factory=dict)
    participants_by_sector: dict[str, int] = field(default_factory=dict)
    organizations_by_sector: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    arrivals: tuple[Arrival, ...] = ()
    arrivals_other_days: tuple[OtherDayArrivals, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return jsonable(self)


def jsonable(value: Any) -> Any:
    """Dataclasses, dates and tuples as JSON values (dates in ISO form)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


# -- organizations present -------------------------------------------------------------------------


@dataclass
class OrganizationRow:
    id: str
    key: str
    """normalized_name: one organization however many rows spell it."""
    sector: str
    languages: tuple[str, ...]


def language_code(code: str) -> str:
    """'zh_TW', ' ZH-tw ' -> 'zh-tw': one code however a form wrote it."""
    return code.strip().lower().replace("_", "-")


def organization_rows(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, OrganizationRow]:
    wanted = list(ids)
    out: dict[str, OrganizationRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for oid, key, sector, languages in db.execute(
            f"SELECT id, normalized_name, sector, languages FROM organization WHERE id IN ({marks})", chunk
        ):
            codes = json.loads(languages) if isinstance(languages, str) else (languages or [])
            cleaned = tuple(sorted({language_code(c) for c in codes if isinstance(c, str) and c.strip()}))
            out[oid] = OrganizationRow(oid, key, sector or NO_SECTOR, cleaned)
    return out


@dataclass(frozen=True)
class Organizations:
    """Unique organizations (by normalized name) with their sector and languages."""

    sector: dict[str, str]
    languages: dict[str, frozenset[str]]

    @property
    def count(self) -> int:
        return len(self.sector)

    def of_sector(self, sector: str) -> int:
        return sum(1 for s in self.sector.values() if s == sector)

    def by_sector(self) -> dict[str, int]:
        return ordered(Counter(self.sector.values()))

    def language_counts(self) -> dict[str, int]:
        return ordered(Counter(code for codes in self.languages.values() for code in codes))


def main_sector(people: Mapping[str, int]) -> str:
    """Of the sectors an organization's rows give it, each with its people, the one it counts in: that of
    the most people (ties: the first sector by name)."""
    return min(people.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def unique_organizations(rows: Iterable[tuple[OrganizationRow, int]]) -> Organizations:
    """Fold organization rows (each with its participants) by normalized name: the sector of the row with
    the most participants (`main_sector`), the languages of all of them."""
    weight: dict[str, Counter[str]] = defaultdict(Counter)
    languages: dict[str, set[str]] = defaultdict(set)
    for row, people in rows:
        weight[row.key][row.sector] += people
        languages[row.key].update(row.languages)
    sector = {key: main_sector(counts) for key, counts in weight.items()}
    return Organizations(sector, {key: frozenset(codes) for key, codes in languages.items()})


def ordered(counts: Counter[str] | dict[str, int]) -> dict[str, int]:
    """Largest first, then by key: the order charts and tables show."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# -- the day ---------------------------------------------------------------------------------------

PARTICIPANTS = (
    "SELECT DISTINCT c.registrant_id AS id FROM checkin c JOIN registrant r ON r.id = c.registrant_id "
    f"WHERE c.event_id = ? AND c.voided_by IS NULL AND r.status != '{MERGED}'"
)
"""The event's participants, one row (`id`) per person, for the event id as its one parameter: a standing
check-in counts whatever the person's status now (someone cancelled after they checked in still came), a
record merged into another never (its check-in moves to the kept person). Every figure by organization,
sector or role counts these people, and so does the Organizations roster."""
_BY_ORGANIZATION_AND_ROLE = (
    f"WITH p AS ({PARTICIPANTS}) SELECT r.organization_id, r.role, count(*) FROM p JOIN registrant r ON r.id = p.id "
    "GROUP BY 1, 2"
)
_NO_SHOWS = (
    "SELECT count(*) FROM registrant r WHERE r.event_id = ? AND r.status = 'registered' AND NOT EXISTS "
    "(SELECT 1 FROM checkin c WHERE c.registrant_id = r.id AND c.voided_by IS NULL)"
)
_BADGES = (
    "SELECT count(*), count(DISTINCT b.registrant_id) FROM badge_print b "
    "JOIN registrant r ON r.id = b.registrant_id WHERE r.event_id = ?"
)
FIRST_ARRIVALS = (
    "SELECT c.at AS first, min(c.stamp) FROM checkin c JOIN registrant r ON r.id = c.registrant_id "
    f"WHERE c.event_id = ? AND c.voided_by IS NULL AND r.status != '{MERGED}' GROUP BY c.registrant_id"
)
"""The event's participants (as PARTICIPANTS), one row each, with `first`: the time of the check-in that counts
(the earliest by stamp, as the desk shows it; with min() the only aggregate, SQLite takes `at` from that row).
A record merged into another is left out (a check-in another station made on it before it heard of the
merge)."""
_ARRIVALS = (
    "SELECT substr(first, 1, 14) || printf('%02d', CAST(substr(first, 15, 2) AS INTEGER) / 15 * 15), count(*) "
    f"FROM ({FIRST_ARRIVALS}) GROUP BY 1 ORDER BY 1"
)
DESK_ARRIVALS = f"SELECT count(*), count(CASE WHEN first >= ? THEN 1 END) FROM ({FIRST_ARRIVALS})"
"""The desk's Checked in and Arrived in the last 15 min (`Events.figures`): participants, and those whose
check-in that counts was made since the first parameter (`iso_utc` text); the event id is the second."""
_PARTICIPANT_COUNT = f"SELECT count(*) FROM ({PARTICIPANTS})"
_CONTRIBUTIONS = "SELECT kind, category, count(*) FROM contribution WHERE event_id = ? AND status = ? GROUP BY 1, 2"


def _quarters(db: sqlite3.Connection, event_id: str) -> list[Arrival]:
    """Every quarter hour with an arrival, in the venue's time, oldest first."""
    return [
        Arrival(dt.datetime.fromisoformat(bucket).replace(tzinfo=dt.UTC).astimezone(EVENT_TIME_ZONE), count)
        for bucket, count in db.execute(_ARRIVALS, (event_id,))
    ]


def _filled(quarters: Iterable[Arrival]) -> tuple[Arrival, ...]:
    """The quarter hours with every empty one between two arrivals of the same day put in (a chart then
    shows a lull as the gap it was); days are never joined."""
    out: list[Arrival] = []
    for arrival in quarters:
        if out and out[-1].start.date() == arrival.start.date():
            quarter = (out[-1].start + QUARTER_HOUR).astimezone(dt.UTC)  # in UTC: a DST change moves no bar
            while quarter < arrival.start:
                out.append(Arrival(quarter.astimezone(EVENT_TIME_ZONE), 0))
                quarter += QUARTER_HOUR
        out.append(arrival)
    return tuple(out)


def arrivals(db: sqlite3.Connection, event_id: str, day: dt.date | None = None) -> tuple[Arrival, ...]:
    """Arrivals per quarter hour on `day` (the venue's date; every day if None), from its first to its last."""
    return _filled(a for a in _quarters(db, event_id) if day is None or a.start.date() == day)


def arrivals_of_the_day(
    db: sqlite3.Connection, event: Event
) -> tuple[tuple[Arrival, ...], tuple[OtherDayArrivals, ...]]:
    """The event day's quarter hours, and the participants who checked in on other days, by day."""
    quarters = _quarters(db, event.id)
    others: Counter[dt.date] = Counter()
    for arrival in quarters:
        if arrival.start.date() != event.date:
            others[arrival.start.date()] += arrival.count
    on_the_day = _filled(a for a in quarters if a.start.date() == event.date)
    return on_the_day, tuple(OtherDayArrivals(day, n) for day, n in sorted(others.items()))


@dataclass(frozen=True)
class Contributed:
    journey: int
    together: int
    by_prompt: dict[str, int]
    haves: dict[str, int]
    needs: dict[str, int]


def contributed(db: sqlite3.Connection, event_id: str, prompts: PromptSet | None) -> Contributed:
    """Visible notes per prompt and, for haves and needs, per category; every prompt and category of the
    prompt set appears, with 0 when it has none."""
    by_prompt: Counter[str] = Counter({p.id: 0 for p in prompts.prompts} if prompts else {})
    sides: dict[str, Counter[str]] = {
        side: Counter({c.id: 0 for c in prompts.categories} if prompts else {}) for side in SIDES
    }
    for kind, category, count in db.execute(_CONTRIBUTIONS, (event_id, ModerationStatus.VISIBLE.value)):
        if kind in SIDES:
            sides[kind][category or ""] += count
        else:
            by_prompt[kind] += count
    return Contributed(
        sum(by_prompt.values()), sum(sides["have"].values()) + sum(sides["need"].values()),
        dict(by_prompt), dict(sides["have"]), dict(sides["need"]),
    )  # fmt: skip


def default_prompts(ctx: Context) -> PromptSet:
    from kiosk.core.services.contributions import Contributions

    return Contributions(ctx).prompt_set


def day_figures(ctx: Context, event: Event, prompts: PromptSet | None = None) -> DayFigures:
    """Every figure of `event` now. `prompts` (default: the station's prompt set) orders the contributions."""
    from kiosk.core.services.connections import Connections
    from kiosk.core.services.events import Events

    prompts = prompts or default_prompts(ctx)
    counters = Events(ctx).figures(event.id)  # registered, walk-ins, cancelled: the desk's own
    links = Connections(ctx).counts(event.id)
    with reading(ctx.store) as db:
        groups = db.execute(_BY_ORGANIZATION_AND_ROLE, (event.id,)).fetchall()
        participants = db.execute(_PARTICIPANT_COUNT, (event.id,)).fetchone()[0]
        no_shows = db.execute(_NO_SHOWS, (event.id,)).fetchone()[0]
        prints, printed_people = db.execute(_BADGES, (event.id,)).fetchone()
        orgs = organization_rows(db, {oid for oid, _, _ in groups if oid})
        arrived, other_days = arrivals_of_the_day(db, event)
        notes = contributed(db, event.id, prompts)
    by_org: Counter[str] = Counter()
    by_sector: Counter[str] = Counter()
    elected = state_staff = 0
    for oid, role, count in groups:
        row = orgs.get(oid) if oid else None
        sector = row.sector if row else NO_SECTOR
        by_sector[sector] += count
        if row is not None:
            by_org[row.id] += count
        state_staff += count if sector == Sector.STATE_AGENCY else 0
        elected += count if role == Role.ELECTED_OFFICIAL else 0
    present = unique_organizations((orgs[oid], n) for oid, n in by_org.items())
    languages = present.language_counts()
    return DayFigures(
        event=event.slug,
        event_name=event.name,
        date=event.date,
        city=event.city,
        venue=event.venue,
        kind=event.kind,
        series=event.series,
        registered=counters.registered,
        participants=participants,  # not counters.checked_in: that one counts a merged record's check-in
        walk_ins=counters.walk_ins,
        no_shows=no_shows,
        cancelled=counters.cancelled,
        badges_printed=prints,
        badges_printed_people=printed_people,
        unique_organizations=present.count,
        ethnic_media_organizations=present.of_sector(Sector.ETHNIC_MEDIA),
        languages_served=len(languages),
        state_agency_staff=state_staff,
        elected_officials=elected,
        new_connections=links.connections,
        cross_organization_connections=links.cross_organization,
        journey_contributions=notes.journey,
        together_responses=notes.together,
        contributions_by_prompt=notes.by_prompt,
        haves_by_category=notes.haves,
        needs_by_category=notes.needs,
        participants_by_sector=ordered(by_sector),
        organizations_by_sector=present.by_sector(),
        languages=languages,
        arrivals=arrived,
        arrivals_other_days=other_days,
    )


# -- stations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StationActivity:
    """A station this one knows of, and what it has heard from it."""

    id: str
    name: str
    this_station: bool
    entries: int
    """Change-log entries from it that this station holds."""
    latest_entry: dt.datetime | None
    """When the newest of those entries was written at that station (its clock stamp), in UTC."""
    checkins: int
    """Standing check-ins it made at the event."""
    latest_checkin: dt.datetime | None
    last_sync: dt.datetime | None = None
    """This station: its last exchange with any hub or peer. Another station: its last direct exchange
    with this one (what it did with a hub, this station learns only through the entries themselves)."""


def _when(stamp: object) -> dt.datetime | None:
    if not isinstance(stamp, str):
        return None
    try:
        return dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None


def station_activity(ctx: Context, event_id: str) -> list[StationActivity]:
    """Every station in this file: this one first, then by name."""
    from kiosk.core.hlc import Timestamp
    from kiosk.core.sync.protocol import peers

    out: list[StationActivity] = []
    with reading(ctx.store) as db:
        synced = {peer: _when(info.get("last_sync")) for peer, info in peers(db).items()}
        own_sync = max((at for at in synced.values() if at is not None), default=None)
        stations = db.execute("SELECT id, name FROM station").fetchall()
        checkins = {
            sid: (n, latest)
            for sid, n, latest in db.execute(
                "SELECT station_id, count(*), max(at) FROM checkin WHERE event_id = ? AND voided_by IS NULL "
                "GROUP BY station_id",
                (event_id,),
            )
        }
        for sid, name in stations:
            newest = db.execute(
                "SELECT station_seq, hlc FROM change_log WHERE station_id = ? ORDER BY station_seq DESC LIMIT 1",
                (sid,),
            ).fetchone()
            latest_entry = None
            if newest is not None:
                with contextlib.suppress(ValueError):
                    ms = Timestamp.decode(newest[1]).ms
                    latest_entry = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
            n, latest = checkins.get(sid, (0, None))
            out.append(
                StationActivity(
                    sid, name, sid == ctx.station_id, newest[0] if newest else 0, latest_entry, n,
                    dt.datetime.fromisoformat(latest) if latest else None,
                    own_sync if sid == ctx.station_id else synced.get(sid),
                )
            )  # fmt: skip
    return sorted(out, key=lambda s: (not s.this_station, s.name.casefold(), s.id))
