"""The check-in desk: a scan, a pick from search or a walk-in becomes one Decision a volunteer can read at a glance.

A Decision is plain data for a full-screen view (and the CLI): what happened in a headline, who this is
and what to hand over, when and where an earlier check-in was made, or why a ticket is refused and what
to do next. Scanning one ticket twice never makes a second check-in (CheckIns.check_in decides that
under the write lock); a check-in just made can be undone for UNDO_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import string
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from sqlmodel import col, select

from kiosk.core.codes import ALPHABET, HUMAN_CODE_LENGTH, normalize_typed_code
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.models import CheckIn, CheckInMethod, Event, Organization, Registrant, RegistrantStatus, Role
from kiosk.core.names import called, full_name
from kiosk.core.services.checkins import CheckInResult, CheckIns, Outcome, earliest_standing
from kiosk.core.services.organizations import Organizations
from kiosk.core.services.registrants import RegistrantDraft, Registrants
from kiosk.core.text import normalize_org_name

if TYPE_CHECKING:
    from kiosk.core.services.tickets import TicketCheck, Tickets
    from kiosk.core.tickets import TicketPayload

EVENT_TIME_ZONE = "America/Los_Angeles"
"""Where every convening happens (California); times are shown in it. Events carry no time zone of their
own yet: when one is held elsewhere, this becomes a field of Event."""

UNDO_SECONDS = 30
"""How long after a check-in the desk may undo it without a reason (a wrong scan, a wrong person picked).
Later, CheckIns.void with a typed reason is the way."""

UNDO_REASON = "undone at the desk"

CANCELLED_HEADLINE = "Registration cancelled"
"""The headline for someone whose registration was cancelled, picked by name or by a scanned ticket alike."""
_CANCELLED_REASON = "This registration was cancelled."
_CANCELLED_ADVICE = "Check with the registration lead before admitting."
_SOME_STATION = "another station"
"""What CheckIns names a station this one has not heard of."""


def now() -> dt.datetime:
    """The desk's clock (UTC); tests replace it to step past the undo window."""
    return dt.datetime.now(dt.UTC)


@functools.cache
def event_zone() -> dt.tzinfo:
    """EVENT_TIME_ZONE, or the laptop's own zone where no time-zone database is installed (Windows
    without the tzdata package): a laptop at the venue is set to the venue's time."""
    try:
        return zoneinfo.ZoneInfo(EVENT_TIME_ZONE)
    except zoneinfo.ZoneInfoNotFoundError:
        zone = dt.datetime.now().astimezone().tzinfo
        assert zone is not None
        return zone


def local_time(at: dt.datetime, today: dt.date | None = None) -> str:
    """A time as people say it at the venue: "9:02 AM", with the day first ("Wed, May 14, 9:02 AM") when
    it is not `today` (the venue's date now, by default)."""
    local = at.astimezone(event_zone())
    clock = f"{local.hour % 12 or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    if local.date() == (today or now().astimezone(event_zone()).date()):
        return clock
    return f"{local:%a, %b} {local.day}, {clock}"


def _when(event: Event) -> str:
    return f"{event.name} on {event.date:%A, %B} {event.date.day}, {event.date.year}"


class Kind(enum.StrEnum):
    WELCOME = "welcome"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_VALID = "not_valid"


@dataclass(frozen=True)
class Attendee:
    """Who is at the desk, and what to hand over. Plain text: show names as typed, never as markup."""

    registrant_id: str
    name: str
    """Display name: the preferred (else first) name and the last name."""
    pronouns: str
    organization: str
    role: str
    """For people: "Elected official", not "elected_official"."""
    ticket_type: str
    accessibility_needs: str
    ticket_code: str
    walk_in: bool


@dataclass(frozen=True)
class Decision:
    """What the desk shows after a scan, a pick or a walk-in; every text is ready to display."""

    kind: Kind
    headline: str
    """ "Welcome, Ana!", "Already checked in", "Not a valid ticket" or "Registration cancelled"."""
    person: Attendee | None = None
    """Who it is (also for a cancelled registration, so the volunteer can talk to them by name)."""
    checkin_id: str | None = None
    """The check-in made (WELCOME: pass it to Desk.undo) or found (ALREADY_CHECKED_IN)."""
    at: dt.datetime | None = None
    """When that check-in was made, UTC."""
    time: str = ""
    """The same in the venue's local time, as people say it: "9:02 AM"."""
    station: str = ""
    operator: str = ""
    """Who checked them in, if the volunteer gave a name."""
    reason: str = ""
    """One sentence: why this is not a check-in (NOT_VALID), or when it was made (ALREADY_CHECKED_IN)."""
    advice: str = ""
    """One sentence: what the volunteer does next."""
    cause: str = ""
    """For NOT_VALID, what is wrong, for the view's icon or colour: a tickets.Outcome value (forged,
    malformed, other_event, cancelled, unknown)."""

    @property
    def can_undo(self) -> bool:
        return self.kind is Kind.WELCOME and self.checkin_id is not None


@dataclass(frozen=True)
class _Holder:
    """The columns of a registrant that a decision shows, read in the scan's own statement (building a
    Registrant model costs more than the read)."""

    id: str
    event_id: str
    status: str
    first_name: str
    last_name: str
    preferred_name: str
    pronouns: str
    role: str
    ticket_type: str
    accessibility_needs: str
    ticket_code: str
    organization_id: str | None
    walk_in: bool

    @property
    def display_name(self) -> str:
        return full_name(self.first_name, self.last_name, self.preferred_name)


# By the secret alone (an index lookup); the event is checked in Python, as in Tickets._verify_payload.
# The same statement reads what CheckIns needs to decide (checkins._PERSON_AND_EARLIER: the event, status,
# standing check-ins and organization name; the stamp last, for checkins.earliest_standing), so a scan
# reads the person once.
_HOLDER_COLUMNS = tuple(f.name for f in fields(_Holder))
_HOLDER_BY_SECRET = (
    f"SELECT {', '.join('r.' + c for c in _HOLDER_COLUMNS)}, c.id, c.at, c.operator, c.station_id, o.name, c.stamp "
    "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id "
    "LEFT JOIN checkin c ON c.registrant_id = r.id AND c.voided_by IS NULL WHERE r.ticket_secret = ?"
)
_HOLDER_WIDTH = len(_HOLDER_COLUMNS)


class Desk:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.checkins = CheckIns(ctx)
        self.registrants = Registrants(ctx)
        self.organizations = Organizations(ctx)
        self._tags: dict[str, bytes] = {}

    @functools.cached_property
    def tickets(self) -> Tickets:
        from kiosk.core.services.tickets import Tickets

        return Tickets(self.ctx)

    def scan(self, code: str, event: Event, method: CheckInMethod = CheckInMethod.QR, operator: str = "") -> Decision:
        """Verify what was scanned or typed (a QR payload, the 8-character code, a registration barcode)
        and check a valid ticket's holder in. A typed code is recorded as CODE when the caller said QR or
        CAMERA, since that is what happened."""
        from kiosk.core.services.tickets import Outcome as TicketOutcome
        from kiosk.core.services.tickets import Via

        quick = self._scan_own_ticket(code, event, method, operator)
        if quick is not None:
            return quick
        check = self.tickets.verify(code, event)
        if check.outcome is not TicketOutcome.VALID or check.registrant is None:
            return self._refused(check)
        if check.via is Via.CODE and method in (CheckInMethod.QR, CheckInMethod.CAMERA):
            method = CheckInMethod.CODE
        result = self.checkins.check_in(check.registrant.id, method, operator.strip())
        return self._decide(check.registrant, result)

    def _scan_own_ticket(self, code: str, event: Event, method: CheckInMethod, operator: str) -> Decision | None:
        """The usual scan, a real QR ticket of this event held by someone registered, read and written in one
        transaction on the writer's connection. Anything else returns None and goes the general way
        (Tickets.verify), which explains it; the decision is the same either way."""
        from kiosk.core import tickets

        text = code.strip().upper() if isinstance(code, str) else ""
        # Read once: each attribute of a SQLModel row costs a few microseconds through SQLAlchemy.
        event_id, ticket_key = event.id, event.ticket_key
        if not ticket_key:
            return None
        payload = read_payload(text)
        if payload is None:
            return None
        if payload.tag != self._event_tag(event_id) or not tickets.is_signed_by(payload, ticket_key):
            return None
        with self.ctx.transaction() as w:
            holders = w.db.execute(_HOLDER_BY_SECRET, (payload.secret_text,)).fetchall()
            row = earliest_standing([r for r in holders if r[1] == event_id and r[2] == RegistrantStatus.REGISTERED])
            if row is None:
                return None
            # (event_id, status, earliest standing check-in: id, at, operator, station_id; organization name)
            found = (row[1], row[2], *row[_HOLDER_WIDTH:])
            result = self.checkins.check_in_read(w, row[0], found, method, operator.strip())
        values = dict(zip(_HOLDER_COLUMNS, row[:_HOLDER_WIDTH], strict=True))
        holder = _Holder(**{**values, "walk_in": bool(values["walk_in"])})
        return self._decide(holder, result)

    def _event_tag(self, event_id: str) -> bytes:
        """tickets.event_tag (a SHA-256), once per event rather than once per scan."""
        tag = self._tags.get(event_id)
        if tag is None:
            from kiosk.core import tickets

            tag = self._tags[event_id] = tickets.event_tag(event_id)
        return tag

    def check_in_registrant(
        self, registrant_id: str, event: Event, method: CheckInMethod = CheckInMethod.SEARCH, operator: str = ""
    ) -> Decision:
        """Check in a person picked from the search list; someone registered for another event is refused."""
        registrant = self.registrants.get(registrant_id)
        if registrant.event_id != event.id:
            with self.ctx.store.session() as s:
                other = s.get(Event, registrant.event_id)
            where = _when(other) if other is not None else "another event"
            return Decision(
                Kind.NOT_VALID,
                "Not registered for this event",
                self._attendee(registrant),
                reason=f"{registrant.display_name} is registered for {where}, not {_when(event)}.",
                advice="Check the date with them; if they came for today, register them as a walk-in.",
                cause="other_event",
            )
        return self._decide(registrant, self.checkins.check_in(registrant.id, method, operator.strip()))

    def undo(self, checkin_id: str, operator: str = "") -> str:
        """Void a check-in this station made less than UNDO_SECONDS ago; returns the void's id. Older ones,
        or another station's, are refused: void them with a reason (CheckIns.void)."""
        with self.ctx.store.session() as s:
            row = s.exec(
                select(CheckIn.station_id, CheckIn.at, CheckIn.voided_by).where(CheckIn.id == checkin_id)
            ).first()
        if row is None:
            raise NotFound(f"no check-in with id {checkin_id}")
        station_id, at, voided_by = row
        if voided_by is not None:
            raise InvalidInput("this check-in was already undone")
        if station_id != self.ctx.station_id:
            raise InvalidInput(
                "this check-in was made at another station; void it there, or void it with a reason here"
            )
        age = (now() - at).total_seconds()
        if age > UNDO_SECONDS:
            raise InvalidInput(
                f"this check-in was made at {local_time(at)}, more than {UNDO_SECONDS} seconds ago, so it "
                "can no longer be undone at the desk; void it with a reason instead"
            )
        return self.checkins.void(checkin_id, UNDO_REASON, operator.strip())

    def register_walk_in(
        self,
        event: Event,
        first_name: str,
        last_name: str = "",
        organization: str = "",
        role: Role = Role.ATTENDEE,
        languages: Sequence[str] = (),
        email: str = "",
        pronouns: str = "",
        operator: str = "",
        preferred_name: str = "",
    ) -> Decision:
        """Register someone who came without registering, and check them in (method WALK_IN).

        Only a name is required. Everything is checked before anything is written. The organization, if
        new, is its own transaction (harmless alone, and found again by name next time); the person is
        registered, then checked in, each with its own change-log entry through the same services as any
        registration and check-in. Should the station stop between the two, the walk-in is registered and
        found by search."""
        draft = RegistrantDraft(
            first_name=" ".join(first_name.split()),
            last_name=" ".join(last_name.split()),
            preferred_name=" ".join(preferred_name.split()),
            pronouns=pronouns.strip(),
            email=email.strip(),
            role=role,
            languages=[lang.strip() for lang in languages if lang.strip()],
            walk_in=True,
        )
        if not (draft.first_name or draft.last_name):
            raise InvalidInput("a walk-in needs a name: type at least their first or last name")
        org_name = " ".join(organization.split())
        if org_name and not normalize_org_name(org_name):
            raise InvalidInput(f"organization name {org_name!r} has no letters or digits")
        with self.ctx.store.session() as s:
            if s.get(Event, event.id) is None:
                raise NotFound(f"no event with id {event.id}; `kiosk events` lists them")
        if org_name:
            draft.organization_id = self.organizations.find_or_create(org_name).id
        registrant = self.registrants.register(event.id, draft)
        result = self.checkins.check_in(registrant.id, CheckInMethod.WALK_IN, operator.strip())
        return self._decide(registrant, result)

    # -- decisions ---------------------------------------------------------------------------------

    def _decide(self, registrant: Registrant | _Holder, result: CheckInResult) -> Decision:
        person = self._attendee(registrant, result.organization)
        if result.outcome is Outcome.CANCELLED:
            return Decision(
                Kind.NOT_VALID,
                CANCELLED_HEADLINE,
                person,
                reason=_CANCELLED_REASON,
                advice=_CANCELLED_ADVICE,
                cause="cancelled",
            )
        at = result.at
        time = local_time(at) if at is not None else ""
        if result.outcome is Outcome.ALREADY_CHECKED_IN:
            return Decision(
                Kind.ALREADY_CHECKED_IN,
                "Already checked in",
                person,
                result.checkin_id,
                at,
                time,
                result.station_name,
                result.operator,
                reason=_checked_in_when(time, result.station_name, result.operator),
                advice="No need to check in again; if they have no badge, print one.",
            )
        return Decision(
            Kind.WELCOME,
            _welcome(registrant),
            person,
            result.checkin_id,
            at,
            time,
            result.station_name,
            result.operator,
            advice="Hand over their badge" + (" and note their access needs." if person.accessibility_needs else "."),
        )

    def as_they_are_now(self, decision: Decision) -> Decision:
        """The same decision with the person's details read again (after staff corrected a name, say): the
        welcome greets them by the name they have now. A decision about no one, or someone gone, stays."""
        if decision.person is None:
            return decision
        try:
            registrant = self.registrants.get(decision.person.registrant_id)
        except NotFound:
            return decision
        headline = _welcome(registrant) if decision.kind is Kind.WELCOME else decision.headline
        return replace(decision, headline=headline, person=self._attendee(registrant))

    def _refused(self, check: TicketCheck) -> Decision:
        from kiosk.core.services.tickets import Outcome as TicketOutcome

        registrant = check.registrant
        return Decision(
            Kind.NOT_VALID,
            CANCELLED_HEADLINE if check.outcome is TicketOutcome.CANCELLED else "Not a valid ticket",
            self._attendee(registrant) if registrant is not None else None,
            reason=check.reason,
            advice=check.advice,
            cause=str(check.outcome),
        )

    def _attendee(self, registrant: Registrant | _Holder, organization: str | None = None) -> Attendee:
        if organization is None:
            organization = self._organization_name(registrant.organization_id)
        return Attendee(
            registrant_id=registrant.id,
            name=registrant.display_name,
            pronouns=registrant.pronouns,
            organization=organization,
            role=role_label(registrant.role),
            ticket_type=registrant.ticket_type,
            accessibility_needs=registrant.accessibility_needs,
            ticket_code=registrant.ticket_code,
            walk_in=registrant.walk_in,
        )

    def _organization_name(self, organization_id: str | None) -> str:
        if organization_id is None:
            return ""
        with self.ctx.store.session() as s:
            name = s.exec(select(Organization.name).where(col(Organization.id) == organization_id)).first()
        return name or ""


_BASE32HEX = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHIJKLMNOPQRSTUV")
_BASE32 = re.compile(r"[A-Z2-7]+")


def _checked_in_when(time: str, station: str, operator: str) -> str:
    """ "Checked in at 9:02 AM, station Table A, by Mai." (a station named "vm" would make "at … at vm")."""
    where = f"at {station}" if station == _SOME_STATION else f"station {station}"
    by = f", by {operator}" if operator else ""
    return f"Checked in at {time}, {where}{by}."


def _welcome(registrant: Registrant | _Holder) -> str:
    name = called(registrant.first_name, registrant.last_name, registrant.preferred_name)
    return f"Welcome, {name}!" if name else "Welcome!"


def read_payload(text: str) -> TicketPayload | None:
    """tickets.parse of a well-formed QR payload, in a few C calls (base32's alphabet, translated to base32hex,
    is what int() reads in base 32) instead of base64's pure-Python base32; None for anything else, which
    the desk then sends the general way (Tickets.verify explains it). Runs on every scan."""
    from kiosk.core import tickets

    body = text[len(tickets.VERSION) :]
    if not text.startswith(tickets.VERSION) or len(body) != tickets.BODY_CHARS or not _BASE32.fullmatch(body):
        return None
    spare = tickets.BODY_CHARS * 5 - tickets.PAYLOAD_BYTES * 8
    value = int(body.translate(_BASE32HEX), 32)
    if value & ((1 << spare) - 1):  # a real ticket's spare bits are zero (tickets.parse refuses others)
        return None
    raw = (value >> spare).to_bytes(tickets.PAYLOAD_BYTES, "big")
    tag_end = tickets.TAG_BYTES
    secret_end = tag_end + tickets.SECRET_BYTES
    return tickets.TicketPayload(tag=raw[:tag_end], secret=raw[tag_end:secret_end], mac=raw[secret_end:])


_NEVER_IN_CODES = "".join(ch for ch in string.digits + string.ascii_uppercase if ch not in ALPHABET)
"""0, 1, 2, 5, 8, B, I, L, O, S and Z: left out of ticket codes because they are read as one another."""


def code_hint(text: str) -> str:
    """What to tell a volunteer whose typed text found no one when it looks like a ticket code with
    characters that no code has (an O or 0 read for a D or Q): which ones; "" for anything else. A name
    typed in capitals can look like a code too, which costs only a line of advice."""
    typed = text.strip()
    code = normalize_typed_code(typed)
    shaped = len(code) == HUMAN_CODE_LENGTH and code.isascii() and len(re.split(r"[\s-]+", typed)) <= 2
    strange = sorted({ch for ch in code if ch in _NEVER_IN_CODES})
    if not shaped or not strange or code.isdigit():
        return ""
    if not any(ch.isdigit() for ch in code) and typed != typed.upper():
        return ""  # letters in lower case: a name, most likely
    never = ", ".join(_NEVER_IN_CODES[:-1]) + f" or {_NEVER_IN_CODES[-1]}"
    likely = "; an O or 0 is most likely a D or Q" if {"O", "0"} & set(strange) else ""
    return f"Ticket codes never contain {never} (this has {', '.join(strange)}): check it letter by letter{likely}."


def role_label(role: str) -> str:
    """ "elected_official" -> "Elected official"; a role this version does not know shows as stored."""
    return role.replace("_", " ").capitalize() if role in _ROLES else role


_ROLES = frozenset(Role)
