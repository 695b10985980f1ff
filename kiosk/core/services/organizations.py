"""Organizations, kept as one row per organization however its name is spelt."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlmodel import select

from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.figures.day import PARTICIPANTS, main_sector
from kiosk.core.ids import new_id
from kiosk.core.io.languages import parse_languages
from kiosk.core.models import Organization, RegistrantStatus, Sector
from kiosk.core.replica import UPSERT
from kiosk.core.text import fold, normalize_org_name

SECTOR_WORDS: dict[Sector, tuple[str, ...]] = {
    Sector.COMMUNITY_BASED: (
        "community-based organization", "community based organization", "community-based", "community based",
        "community organization", "cbo", "nonprofit", "non-profit", "ngo", "community",
    ),
    Sector.ETHNIC_MEDIA: (
        "ethnic and community media", "ethnic media", "community media", "media", "ethnic press", "press",
        "news", "newspaper", "radio", "tv", "television", "journalism",
    ),
    Sector.STATE_AGENCY: ("state agency", "state agencies", "state government", "state department", "state"),
    Sector.ELECTED_OFFICE: ("elected office", "elected offices", "elected official", "elected", "legislature"),
    Sector.LOCAL_GOVERNMENT: (
        "local government", "city", "county", "city government", "county government", "municipal", "local",
    ),
    Sector.TRIBAL_SERVING: (
        "tribal-serving organization", "tribal serving organization", "tribal-serving", "tribal serving",
        "tribal", "tribe", "tribal government", "tribal nation",
    ),
    Sector.EDUCATION: ("education", "school", "school district", "college", "university", "library"),
    Sector.PHILANTHROPY: ("philanthropy", "foundation", "funder", "philanthropic"),
}  # fmt: skip
"""Words a registration form or a staff member may use for each sector (as well as its code and the
report's label), matched with case, spaces and a trailing 's' ignored."""


def _sector_key(text: str) -> str:
    key = " ".join(fold(text).replace("_", " ").replace("/", " ").split())
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


@functools.cache
def _sector_names() -> dict[str, Sector]:
    from kiosk.core.figures.labels import sector_label

    names: dict[str, Sector] = {}
    for sector in Sector:
        for word in (sector.value, sector_label(sector), *SECTOR_WORDS[sector]):
            names.setdefault(_sector_key(word), sector)
    return names


def parse_sector(text: str) -> Sector:
    """The sector a word names ("Ethnic media", "CBO", "state_agency", "County"); InvalidInput listing the
    words understood otherwise."""
    found = _sector_names().get(_sector_key(text))
    if found is None:
        raise InvalidInput(f"unknown sector {text.strip()!r}; use one of: {', '.join(s.value for s in Sector)}")
    return found


@dataclass(frozen=True)
class OrganizationLine:
    """One organization of an event's roster, however many rows spell it (see `Organizations.roster`)."""

    name: str
    normalized_name: str
    sector: Sector
    registered: int
    """People of the event from it who are registered (walk-ins included, cancelled people not)."""
    checked_in: int
    """Its participants, counted as the day's figures count them (`kiosk.core.figures.day.PARTICIPANTS`):
    someone cancelled after they checked in still came, so counts here though no longer registered."""
    languages: tuple[str, ...] = ()
    """Codes of the languages it serves its community in (of every row that spells it)."""


def new_organization(
    name: str, sector: Sector = Sector.COMMUNITY_BASED, languages: list[str] | None = None, region: str = ""
) -> Organization:
    """An organization not yet written, with its id and normalized name; InvalidInput if the name is empty."""
    name = " ".join(name.split())
    key = normalize_org_name(name)
    if not key:
        raise InvalidInput(f"organization name {name!r} has no letters or digits")
    return Organization(
        id=new_id(), name=name, normalized_name=key, sector=sector, languages=list(languages or []), region=region
    )


class Organizations:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def get(self, organization_id: str) -> Organization | None:
        with self.ctx.store.session() as s:
            return s.get(Organization, organization_id)

    def find(self, name: str) -> Organization | None:
        key = normalize_org_name(name)
        with self.ctx.store.session() as s:
            return s.exec(select(Organization).where(Organization.normalized_name == key)).first()

    def create(
        self, name: str, sector: Sector = Sector.COMMUNITY_BASED, languages: list[str] | None = None, region: str = ""
    ) -> Organization:
        org = new_organization(name, sector, languages, region)
        with self.ctx.transaction() as w:
            w.record("organization", org.id, UPSERT, org.model_dump(exclude={"id", "field_clocks"}), new=True)
        return org

    def find_or_create(
        self, name: str, sector: Sector = Sector.COMMUNITY_BASED, languages: list[str] | None = None, region: str = ""
    ) -> Organization:
        return self.find(name) or self.create(name, sector, languages, region)

    def set_sector(self, name: str, sector: Sector | str) -> list[Organization]:
        """Set the sector of an organization, named by its id or any spelling of its name, on every row that
        spells it (two stations may each have made it offline): the reports count organizations and
        participants by sector. NotFound if no organization has that name."""
        chosen = sector if isinstance(sector, Sector) else parse_sector(sector)
        return self._set(name, "sector", chosen.value)

    def set_languages(self, name: str, languages: str | list[str]) -> list[Organization]:
        """Set the languages an organization serves its community in ("Spanish, Hmong" or codes), on every
        row that spells it: the reports count the languages served by the organizations represented.
        InvalidInput naming what is not a language; an empty answer clears them."""
        if isinstance(languages, str):
            codes, unknown = parse_languages(languages)
            if unknown:
                raise InvalidInput(
                    f"not a language: {', '.join(repr(u) for u in unknown)}; give names such as 'Spanish, Hmong' "
                    "or codes such as 'es, hmn', separated by commas"
                )
        else:
            codes = list(dict.fromkeys(code.strip() for code in languages if code.strip()))
        return self._set(name, "languages", codes)

    def set_sector_of(self, names: list[str], sector: Sector | str) -> list[str]:
        """`set_sector` for many organizations (staff classifying a list of outlets) in one transaction;
        returns the names no organization has, which are left alone."""
        chosen = sector if isinstance(sector, Sector) else parse_sector(sector)
        found = self._rows(names)
        self._write("sector", chosen.value, [row for rows in found.values() for row in rows])
        return [name for name in names if name not in found]

    def _set(self, name: str, field: str, value: object) -> list[Organization]:
        """One field of every row of the organization `name` (an id or any spelling), through the change log;
        rows that hold it already are left alone."""
        rows = self._rows([name]).get(name)
        if rows is None:
            raise NotFound(f"no organization named {name!r}; `kiosk organizations --all` lists them")
        self._write(field, value, rows)
        with self.ctx.store.session() as s:
            return [o for row in rows if (o := s.get(Organization, row.id)) is not None]

    def _rows(self, names: list[str]) -> dict[str, list[Organization]]:
        """name -> every row spelling the organization it names (by id or any spelling), for the names found."""
        out: dict[str, list[Organization]] = {}
        with self.ctx.store.session() as s:
            for name in names:
                org = s.get(Organization, name) or s.exec(
                    select(Organization).where(Organization.normalized_name == normalize_org_name(name))
                ).first()
                if org is not None:
                    key = org.normalized_name
                    out[name] = list(s.exec(select(Organization).where(Organization.normalized_name == key)))
        return out

    def _write(self, field: str, value: object, rows: list[Organization]) -> None:
        changed = [row.id for row in rows if getattr(row, field) != value]
        if changed:
            with self.ctx.transaction() as w:
                for org_id in changed:
                    w.record("organization", org_id, UPSERT, {field: value})

    def roster(self, event_id: str, every: bool = False) -> list[OrganizationLine]:
        """The organizations of an event's registrants and participants (`every` organization known, with
        the event's people), one line per organization however it is spelt, alphabetical: its most used
        spelling, its sector as the reports count it (that of the row with the most participants, or while
        none came, with the most people registered), the languages it serves, and its people registered and
        checked in. The checked in are the day's participants: the lines add up to the report's figures."""
        with self.ctx.store.session() as s:
            db = s.connection().connection.driver_connection
            assert isinstance(db, sqlite3.Connection)
            rows = db.execute(_ROSTER, (event_id, event_id, every)).fetchall()
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        sectors: dict[str, tuple[Counter[str], Counter[str]]] = defaultdict(lambda: (Counter(), Counter()))
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        languages: dict[str, dict[str, None]] = defaultdict(dict)
        for name, key, sector, codes, registered, checked_in in rows:
            spellings[key][name] += registered or checked_in or 1
            sectors[key][0][sector] += checked_in
            sectors[key][1][sector] += registered
            counts[key][0] += registered
            counts[key][1] += checked_in
            languages[key].update(dict.fromkeys(json.loads(codes) if codes else ()))
        lines = []
        for key, names in spellings.items():
            name = min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            registered, checked_in = counts[key]
            by_participants, by_registered = sectors[key]
            sector = main_sector(by_participants if checked_in else by_registered)
            lines.append(OrganizationLine(name, key, Sector(sector), registered, checked_in, tuple(languages[key])))
        return sorted(lines, key=lambda line: (fold(line.name), line.name))

    def all(self) -> list[Organization]:
        with self.ctx.store.session() as s:
            return list(s.exec(select(Organization).order_by(Organization.normalized_name)))

    def names(self, containing: str = "", limit: int | None = None) -> list[str]:
        """Known organization names for autocomplete, alphabetical: one spelling per organization however
        many rows spell it (two stations may each have created it offline). With `containing`, only names
        holding those characters anywhere, case and Latin accents ignored ("jose" finds "San José Center").

        One indexed read of every organization (hundreds to a few thousand rows, a few milliseconds): a
        form reads it once when it opens and filters as the person types."""
        with self.ctx.store.session() as s:
            db = s.connection().connection.driver_connection
            assert isinstance(db, sqlite3.Connection)
            rows = db.execute(
                "SELECT name, normalized_name FROM organization ORDER BY normalized_name, name"
            ).fetchall()
        wanted = fold(containing)
        seen: set[str] = set()
        out: list[str] = []
        for name, key in rows:
            if key in seen or (wanted and wanted not in fold(name)):
                continue
            seen.add(key)
            out.append(name)
            if limit is not None and len(out) >= limit:
                break
        return out


_REGISTERED = f"count(CASE WHEN r.status = '{RegistrantStatus.REGISTERED.value}' THEN 1 END)"
_ROSTER = (
    f"WITH p AS ({PARTICIPANTS}) "
    f"SELECT o.name, o.normalized_name, o.sector, o.languages, {_REGISTERED}, count(p.id) FROM organization o "
    "LEFT JOIN registrant r ON r.organization_id = o.id AND r.event_id = ? LEFT JOIN p ON p.id = r.id "
    f"GROUP BY o.id HAVING {_REGISTERED} > 0 OR count(p.id) > 0 OR ?"
)
"""Per organization row: the event's people registered (the `registered` figure's rule) and its
participants (the day figures' own PARTICIPANTS), so that the roster and the report agree by definition."""
