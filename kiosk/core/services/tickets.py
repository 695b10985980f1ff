"""Tickets: tell a real ticket from a forged, mistyped, cancelled or other-event one, with no network.

`verify` takes whatever reached the desk: a scanned QR payload, the 8-character code printed under it
(typed, in any case, with or without dashes and spaces), or a barcode the registration system issued.
It answers with a TicketCheck whose reason and advice a volunteer can act on, and never raises for bad
input. Every lookup is on an indexed column.
"""

from __future__ import annotations

import enum
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from kiosk.core import tickets
from kiosk.core.codes import ALPHABET, HUMAN_CODE_LENGTH, normalize_typed_code, ticket_secret
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.models import Event, Organization, Registrant, RegistrantStatus
from kiosk.core.replica import UPSERT
from kiosk.core.text import fold

if TYPE_CHECKING:  # Pillow, qrcode and ReportLab load only when tickets are made, not at app start
    from kiosk.core.ticket_sheets import Contact, SheetFiles, TicketFace


class Outcome(enum.StrEnum):
    VALID = "valid"
    CANCELLED = "cancelled"
    FORGED = "forged"
    MALFORMED = "malformed"
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"


class Via(enum.StrEnum):
    """What the volunteer gave `verify`: it tells the check-in which method to record."""

    QR = "qr"
    CODE = "code"
    BARCODE = "barcode"


@dataclass(frozen=True)
class TicketCheck:
    outcome: Outcome
    reason: str
    """One sentence: what this code is."""
    advice: str
    """One sentence: what the volunteer should do next."""
    registrant: Registrant | None = None
    other_event: str = ""
    """For OTHER_EVENT: the event the ticket is for, as the station knows it ("" if it does not)."""
    via: Via | None = None

    @property
    def valid(self) -> bool:
        return self.outcome is Outcome.VALID


_BARCODE_CHARS = frozenset(string.ascii_letters + string.digits + "-_.:/#+")
_MAX_BARCODE = 128
_SEARCH = "Ask for ID and search by name."


def _when(event: Event) -> str:
    return f"{event.name} on {event.date:%A, %B %-d, %Y}"


def _file_stem(registrant: Registrant) -> str:
    """A file name that sorts by name where the name is Latin, and is unique by the ticket code anyway."""
    words = re.findall(r"[a-z0-9]+", fold(f"{registrant.last_name} {registrant.first_name}"))
    return "-".join([*words[:4], registrant.ticket_code])


def _malformed(reason: str, via: Via | None = None) -> TicketCheck:
    return TicketCheck(
        Outcome.MALFORMED, reason, "Scan again, or type the 8-letter code printed under the QR code.", via=via
    )


class Tickets:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def payload_for(self, registrant: Registrant, event: Event | None = None) -> str:
        """The QR payload of this registrant's ticket (pass the event when making many at once)."""
        if event is None or event.id != registrant.event_id:
            with self.ctx.store.session() as s:
                event = s.get(Event, registrant.event_id)
            if event is None:
                raise NotFound(f"no event with id {registrant.event_id}")
        return tickets.sign(event.id, event.ticket_key, registrant.ticket_secret)

    def faces(self, event: Event) -> list[tuple[TicketFace, Contact]]:
        """What every registered (not cancelled) person's ticket shows, sorted by last then first name."""
        from kiosk.core.ticket_sheets import Contact, TicketFace, greeting

        query = (
            select(Registrant, Organization.name)
            .join(Organization, col(Registrant.organization_id) == col(Organization.id), isouter=True)
            .where(Registrant.event_id == event.id, Registrant.status == RegistrantStatus.REGISTERED)
        )
        with self.ctx.store.session() as s:
            rows = list(s.exec(query))
        rows.sort(key=lambda row: (fold(row[0].last_name), fold(row[0].first_name), row[0].ticket_code))
        when = f"{event.date:%A, %B %-d, %Y} · {', '.join(p for p in (event.venue, event.city) if p)}"
        return [
            (
                TicketFace(
                    greeting=greeting(reg.first_name, reg.last_name, reg.preferred_name),
                    organization=org or "",
                    event_name=event.name,
                    when=when,
                    code=reg.ticket_code,
                    payload=self.payload_for(reg, event),
                    file_stem=_file_stem(reg),
                ),
                Contact(reg.first_name, reg.last_name, reg.email, org or ""),
            )
            for reg, org in rows
        ]

    def export(
        self, event: Event, out: Path, paper: str = "letter", progress: Callable[[int, int], None] | None = None
    ) -> SheetFiles:
        """Write the event's tickets into `out`: a PNG each, a mail-merge CSV and a PDF to print.
        InvalidInput, and nothing written, when no one is registered (a blank PDF would look like a fault)."""
        from kiosk.core.ticket_sheets import write_sheets

        faces = self.faces(event)
        if not faces:
            raise InvalidInput(
                f"no one is registered for {event.name} (cancelled registrations get no ticket), so there are no "
                f"tickets to write; import the registrants first: kiosk import FILE --event {event.slug}"
            )
        return write_sheets(faces, out, f"tickets-{event.slug}", paper, progress)

    def reissue(self, registrant_id: str) -> Registrant:
        """Give the registrant a new ticket secret: their old QR code stops working on every station that
        syncs this change (one change-log entry). The typed code stays, so staff can still find them."""
        with self.ctx.store.session() as s:
            if s.get(Registrant, registrant_id) is None:
                raise NotFound(f"no registrant with id {registrant_id}")
        with self.ctx.transaction() as w:
            w.record("registrant", registrant_id, UPSERT, {"ticket_secret": ticket_secret()})
        with self.ctx.store.session() as s:
            reissued = s.get(Registrant, registrant_id)
        assert reissued is not None
        return reissued

    def verify(self, code: str, event: Event) -> TicketCheck:
        """What this scanned or typed code is for `event`; never raises for any input."""
        if not isinstance(code, str):
            return _malformed("Nothing readable was scanned or typed.")
        # Scanners end with Enter; a keyboard-wedge scanner with Caps Lock on types lower case. The MAC,
        # not the case, is what makes a QR ticket real, so neither matters here.
        text = code.strip()
        if not text:
            return _malformed("Nothing was scanned or typed.")
        with self.ctx.store.session() as s:
            if tickets.looks_like_payload(text):
                return self._verify_payload(s, text.upper(), event)
            return self._verify_typed(s, text, event)

    def _verify_payload(self, s: Session, text: str, event: Event) -> TicketCheck:
        try:
            payload = tickets.parse(text)
        except tickets.TicketError as exc:
            return _malformed(exc.reason, Via.QR)
        if payload.tag != tickets.event_tag(event.id):
            return self._other_event(s, payload)
        try:
            tickets.check(payload, event.id, event.ticket_key)
        except tickets.MissingKey as exc:
            return TicketCheck(Outcome.UNKNOWN, exc.reason, "Type the code printed under the QR code.", via=Via.QR)
        except tickets.TicketError:
            return TicketCheck(Outcome.FORGED, "This code is not a real ticket for this event.", _SEARCH, via=Via.QR)
        # By the secret alone: with event_id in the WHERE clause SQLite picks the (event, status) index and
        # walks the whole event. Secrets are 80 random bits, so this finds one row.
        registrant = next(
            (
                r
                for r in s.exec(select(Registrant).where(Registrant.ticket_secret == payload.secret_text))
                if r.event_id == event.id
            ),
            None,
        )
        if registrant is None:
            return TicketCheck(
                Outcome.UNKNOWN,
                "This ticket is real but not on this station yet, or it was replaced by a reissued one.",
                "Sync this station, or search by name.",
                via=Via.QR,
            )
        return self._found(registrant, Via.QR)

    def _other_event(self, s: Session, payload: tickets.TicketPayload) -> TicketCheck:
        for other in s.exec(select(Event).order_by(col(Event.date))):
            if tickets.event_tag(other.id) != payload.tag:
                continue
            try:
                tickets.check(payload, other.id, other.ticket_key)
            except tickets.TicketError:
                return TicketCheck(
                    Outcome.FORGED, "This code is not a real ticket for any event on this station.", _SEARCH, via=Via.QR
                )
            return TicketCheck(
                Outcome.OTHER_EVENT,
                f"This ticket is for {_when(other)}.",
                "Check the date with them; if they registered for today, search by name.",
                other_event=other.name,
                via=Via.QR,
            )
        return TicketCheck(
            Outcome.OTHER_EVENT,
            "This ticket is for an event this station does not know.",
            "Check the event on the ticket; if it is today's, sync this station or search by name.",
            via=Via.QR,
        )

    def _verify_typed(self, s: Session, text: str, event: Event) -> TicketCheck:
        typed = normalize_typed_code(text)
        if len(typed) == HUMAN_CODE_LENGTH and all(ch in ALPHABET for ch in typed):
            registrant = s.exec(select(Registrant).where(Registrant.ticket_code == typed)).first()
            if registrant is not None:
                return self._mine_or_other(s, registrant, event, Via.CODE)
        if len(text) <= _MAX_BARCODE and all(ch in _BARCODE_CHARS for ch in text):
            holders = list(s.exec(select(Registrant).where(Registrant.barcode == text)))
            registrant = next((r for r in holders if r.event_id == event.id), holders[0] if holders else None)
            if registrant is not None:
                return self._mine_or_other(s, registrant, event, Via.BARCODE)
            if len(typed) != HUMAN_CODE_LENGTH:
                return TicketCheck(
                    Outcome.UNKNOWN,
                    "No registration on this station has this code or barcode.",
                    "Sync this station, or search by name.",
                    via=Via.BARCODE,
                )
        if len(typed) == HUMAN_CODE_LENGTH and all(ch in ALPHABET for ch in typed):
            return TicketCheck(
                Outcome.UNKNOWN,
                f"No registration on this station has the code {tickets.spaced(typed)}.",
                "Check the code for typos, sync this station, or search by name.",
                via=Via.CODE,
            )
        return _malformed("This is not a ticket code.")

    def _mine_or_other(self, s: Session, registrant: Registrant, event: Event, via: Via) -> TicketCheck:
        if registrant.event_id == event.id:
            return self._found(registrant, via)
        other = s.get(Event, registrant.event_id)
        name = other.name if other is not None else ""
        return TicketCheck(
            Outcome.OTHER_EVENT,
            f"This ticket is for {_when(other)}." if other else "This ticket is for another event.",
            "Check the date with them; if they registered for today, search by name.",
            other_event=name,
            via=via,
        )

    @staticmethod
    def _found(registrant: Registrant, via: Via) -> TicketCheck:
        if registrant.status == RegistrantStatus.CANCELLED:
            return TicketCheck(
                Outcome.CANCELLED,
                "This registration was cancelled.",
                "Check with the registration lead before admitting.",
                registrant,
                via=via,
            )
        return TicketCheck(
            Outcome.VALID,
            f"Valid ticket for {registrant.display_name}.",
            "Welcome them and check them in.",
            registrant,
            via=via,
        )
