"""The data model: replicated rows keyed by station-made UUIDs, plus the change log that ships them.

Mutable rows carry `field_clocks`: for each field, the stamp of the change-log entry that last set it.
Applying an entry only overwrites fields whose stamp is older, so replaying entries twice or in any
order converges to one state (a last-writer-wins register per field).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKeyConstraint, Index, false, text
from sqlmodel import Field, SQLModel

from kiosk.core.names import full_name
from kiosk.core.sqltypes import UtcDateTime

SCHEMA_VERSION = 2
"""Version of change-log payloads; bumped when a payload's meaning changes. 2: registrants carry
`merged_into`, `merge_reason` and `merged_by` (a staff merge); a station of version 1 parks such entries."""


class EventKind(enum.StrEnum):
    REGIONAL = "regional"
    STATEWIDE = "statewide"


class Sector(enum.StrEnum):
    COMMUNITY_BASED = "community_based"
    ETHNIC_MEDIA = "ethnic_media"
    STATE_AGENCY = "state_agency"
    ELECTED_OFFICE = "elected_office"
    LOCAL_GOVERNMENT = "local_government"
    TRIBAL_SERVING = "tribal_serving"
    EDUCATION = "education"
    PHILANTHROPY = "philanthropy"


class Role(enum.StrEnum):
    ATTENDEE = "attendee"
    SPEAKER = "speaker"
    EXHIBITOR = "exhibitor"
    MEDIA = "media"
    ELECTED_OFFICIAL = "elected_official"
    STAFF = "staff"
    VOLUNTEER = "volunteer"


class RegistrantStatus(enum.StrEnum):
    REGISTERED = "registered"
    CANCELLED = "cancelled"
    MERGED = "merged"
    """A duplicate record staff merged into another (`merged_into`): out of counts, search and lists."""


class CheckInMethod(enum.StrEnum):
    QR = "qr"
    CAMERA = "camera"
    CODE = "code"
    SEARCH = "search"
    WALK_IN = "walk_in"
    CLI = "cli"
    MERGE = "merge"
    """Carried over from a record merged into this one, with the original time and station."""


class ContributionKind(enum.StrEnum):
    BUILT = "built"
    PROUD = "proud"
    NEXT = "next"
    WISDOM = "wisdom"
    TRANSFORMED = "transformed"
    HAVE = "have"
    NEED = "need"


class AssetCategory(enum.StrEnum):
    PEOPLE = "people"
    PLACES = "places"
    RELATIONSHIPS = "relationships"
    TECHNOLOGY = "technology"
    PROGRAMS = "programs"
    FUNDING = "funding"
    DATA = "data"


class ModerationStatus(enum.StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    HELD = "held"
    """Written at a kiosk that holds notes for review: off every wall until staff let it through."""


def _json(default: Any) -> Any:
    return Field(default_factory=lambda: default.copy(), sa_column=Column(JSON, nullable=False))


class Setting(SQLModel, table=True):
    """Local, never replicated: this laptop's own facts (its station id, the current event)."""

    key: str = Field(primary_key=True)
    value: str


class Station(SQLModel, table=True):
    id: str = Field(primary_key=True)
    name: str
    created_at: dt.datetime = Field(sa_type=UtcDateTime)
    field_clocks: dict[str, str] = _json({})


class Event(SQLModel, table=True):
    id: str = Field(primary_key=True)
    name: str
    slug: str = Field(unique=True, index=True)
    date: dt.date
    city: str
    venue: str = ""
    region: str = ""
    kind: str = EventKind.REGIONAL
    series: str = ""
    ticket_key: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """Hex key that signs this event's tickets (kiosk.core.tickets); made once, with the event."""
    field_clocks: dict[str, str] = _json({})


class Organization(SQLModel, table=True):
    id: str = Field(primary_key=True)
    name: str
    normalized_name: str = Field(index=True)
    sector: str = Sector.COMMUNITY_BASED
    languages: list[str] = _json([])
    region: str = ""
    field_clocks: dict[str, str] = _json({})


class Registrant(SQLModel, table=True):
    __table_args__ = (Index("ix_registrant_event_status", "event_id", "status", "walk_in"),)

    id: str = Field(primary_key=True)
    event_id: str = Field(foreign_key="event.id")
    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    pronouns: str = ""
    email: str = Field(default="", index=True)
    phone: str = ""
    organization_id: str | None = Field(default=None, foreign_key="organization.id", index=True)
    title: str = ""
    role: str = Role.ATTENDEE
    languages: list[str] = _json([])
    accessibility_needs: str = ""
    photo_consent: bool | None = None
    external_ids: dict[str, str] = _json({})
    ticket_code: str = Field(unique=True, index=True)
    """The short human code, typed when a QR code will not scan."""
    ticket_secret: str = Field(default="", index=True, sa_column_kwargs={"server_default": ""})
    """Random secret carried in the signed QR ticket; replaced to reissue a ticket."""
    barcode: str = Field(default="", index=True, sa_column_kwargs={"server_default": ""})
    """A barcode the registration system issued (Eventbrite's "Barcode #"), which checks in too."""
    ticket_type: str = Field(default="", sa_column_kwargs={"server_default": ""})
    extra: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    """Answers to a registration form's own questions, keyed by the full question text."""
    status: str = RegistrantStatus.REGISTERED
    walk_in: bool = False
    created_at: dt.datetime = Field(sa_type=UtcDateTime)
    merged_into: str | None = None
    """For status merged: the registrant this duplicate record was merged into (kiosk.core.services.merges)."""
    merge_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})
    merged_by: str = Field(default="", sa_column_kwargs={"server_default": ""})
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """Folded name, organization, email and code; derived on apply, never replicated. Search itself runs on
    the FTS5 table beside it (kiosk.core.replica.SEARCH_TABLE); a B-tree on this column served no query."""
    field_clocks: dict[str, str] = _json({})

    @property
    def display_name(self) -> str:
        return full_name(self.first_name, self.last_name, self.preferred_name)


class CheckIn(SQLModel, table=True):
    """An append-only event: someone arrived. Voids point at it; it is never edited or deleted.

    Keyed by (registrant, id) and WITHOUT ROWID, so "is this person in already?" reads the table itself
    and a check-in writes one B-tree, not a table plus an index: every page counts on the hot path.
    """

    __table_args__ = ({"sqlite_with_rowid": False},)

    registrant_id: str = Field(foreign_key="registrant.id", primary_key=True)
    id: str = Field(primary_key=True)
    event_id: str = Field(foreign_key="event.id")
    station_id: str
    at: dt.datetime = Field(sa_type=UtcDateTime)
    method: str = CheckInMethod.SEARCH
    operator: str = ""
    voided_by: str | None = None
    """Id of the earliest CheckInVoid pointing here; derived on apply, so every station picks the same."""
    stamp: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """Change-log stamp of this check-in (clock, then station id), derived on apply: of a person's standing
    check-ins, the earliest by stamp is the one that counts, on the desk and in the conflicts view alike."""


class CheckInVoid(SQLModel, table=True):
    __tablename__ = "checkin_void"
    __table_args__ = (
        ForeignKeyConstraint(["registrant_id", "checkin_id"], ["checkin.registrant_id", "checkin.id"]),
        Index("ix_checkin_void_checkin", "registrant_id", "checkin_id"),
    )

    id: str = Field(primary_key=True)
    registrant_id: str
    checkin_id: str
    station_id: str
    at: dt.datetime = Field(sa_type=UtcDateTime)
    reason: str
    operator: str = ""
    stamp: str
    """Change-log stamp of this void; the earliest void of a check-in is the one it points at."""


class BadgePrint(SQLModel, table=True):
    __tablename__ = "badge_print"

    id: str = Field(primary_key=True)
    registrant_id: str = Field(foreign_key="registrant.id", index=True)
    station_id: str
    at: dt.datetime = Field(sa_type=UtcDateTime)
    template: str = ""
    reason: str = ""


class Contribution(SQLModel, table=True):
    id: str = Field(primary_key=True)
    event_id: str = Field(foreign_key="event.id", index=True)
    registrant_id: str | None = Field(default=None, foreign_key="registrant.id")
    organization_id: str | None = Field(default=None, foreign_key="organization.id")
    station_id: str
    kind: str
    category: str | None = None
    body: str
    language: str = ""
    status: str = ModerationStatus.VISIBLE
    created_at: dt.datetime = Field(sa_type=UtcDateTime)
    field_clocks: dict[str, str] = _json({})


class Connection(SQLModel, table=True):
    """Two attendees who met: `registrant_id` scanned first, `to_registrant_id` second, each one's answer to
    "may the other have my contact details?". An organization id is None for someone registered without one."""

    id: str = Field(primary_key=True)
    event_id: str = Field(foreign_key="event.id", index=True)
    from_organization_id: str | None = Field(default=None, foreign_key="organization.id")
    to_organization_id: str | None = Field(default=None, foreign_key="organization.id")
    registrant_id: str | None = Field(default=None, foreign_key="registrant.id")
    to_registrant_id: str | None = Field(default=None, foreign_key="registrant.id")
    from_consents: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    to_consents: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    station_id: str
    note: str = ""
    created_at: dt.datetime = Field(sa_type=UtcDateTime)
    field_clocks: dict[str, str] = _json({})


class ChangeLogEntry(SQLModel, table=True):
    """One write, as sync ships it. Its id is (station_id, station_seq); seq is gapless per station."""

    __tablename__ = "change_log"
    # Every check-in writes here, so each index costs every check-in a page: the table is its primary key
    # (WITHOUT ROWID) plus a partial index that holds only entries still waiting to be applied.
    __table_args__ = (
        Index("ix_change_log_pending", "hlc", sqlite_where=text("NOT applied")),
        {"sqlite_with_rowid": False},
    )

    station_id: str = Field(primary_key=True)
    station_seq: int = Field(primary_key=True)
    hlc: str
    entity: str
    entity_id: str
    kind: str
    payload: dict[str, Any] = _json({})
    schema_version: int = SCHEMA_VERSION
    applied: bool = True
    """False while the entry waits for a row it refers to (it arrived before that row's entry)."""
