"""Check-ins: append-only arrival events, refused when the person is already in or was cancelled."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.core.changelog import Writer
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.ids import new_id
from kiosk.core.models import CheckInMethod, RegistrantStatus
from kiosk.core.replica import APPEND
from kiosk.core.services.merges import merge_chain


class Outcome(enum.StrEnum):
    WELCOME = "welcome"
    ALREADY_CHECKED_IN = "already_checked_in"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class CheckInResult:
    outcome: Outcome
    registrant_id: str
    checkin_id: str | None
    at: dt.datetime | None = None
    station_name: str = ""
    operator: str = ""
    organization: str = ""
    """The person's organization, read with them for the desk to show."""


# The person (with their organization's name, for the desk) and their standing check-ins, if any, in one
# statement: this runs on every scan. A row a check-in (one row if none), its stamp last: `earliest_standing`
# picks the one that counts. The check-in table is keyed by (registrant, id): only this person's are read.
_PERSON_AND_EARLIER = (
    "SELECT r.event_id, r.status, c.id, c.at, c.operator, c.station_id, o.name, c.stamp FROM registrant r "
    "LEFT JOIN organization o ON o.id = r.organization_id "
    "LEFT JOIN checkin c ON c.registrant_id = r.id AND c.voided_by IS NULL WHERE r.id = ?"
)


def earliest_standing(rows: Sequence[tuple[Any, ...]]) -> tuple[Any, ...] | None:
    """Of one person's rows joined with their standing check-ins, the stamp last, the row of the check-in that
    counts, without its stamp: the earliest by stamp, then id, as in the conflicts view (chosen here, not
    sorted in SQL: nearly every person has one row). Only check-ins older than their stamps have none."""
    if not rows:
        return None
    # A person's rows differ first in the check-in's id, so comparing whole rows breaks ties by id.
    row = rows[0] if len(rows) == 1 else min(rows, key=lambda r: (r[-1] or "", r))
    return row[:-1]


class CheckIns:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def check_in(
        self, registrant_id: str, method: CheckInMethod = CheckInMethod.SEARCH, operator: str = ""
    ) -> CheckInResult:
        """Check someone in, once. The check and the write share one locked transaction, so two scans of
        one ticket on this station can never both succeed."""
        with self.ctx.transaction() as w:
            return self._check_in(w, registrant_id, method, operator, dt.datetime.now(dt.UTC))

    def check_in_within(
        self, w: Writer, registrant_id: str, method: CheckInMethod = CheckInMethod.SEARCH, operator: str = ""
    ) -> CheckInResult:
        """`check_in` inside a transaction the caller holds (the desk reads the ticket's holder in it first)."""
        return self._check_in(w, registrant_id, method, operator, dt.datetime.now(dt.UTC))

    def check_in_all(
        self, arrivals: list[tuple[str, dt.datetime]], method: CheckInMethod, operator: str = ""
    ) -> list[CheckInResult]:
        """Enter many arrivals at once, each with the time it happened (a paper list kept during an outage,
        or the demo), in one transaction, with the same once-only rule as a scan."""
        with self.ctx.transaction() as w:
            return [self._check_in(w, rid, method, operator, at) for rid, at in arrivals]

    def check_in_read(
        self, w: Writer, registrant_id: str, found: tuple[Any, ...], method: CheckInMethod, operator: str = ""
    ) -> CheckInResult:
        """`check_in_within` for a person the caller has just read in this transaction, with the columns
        of _PERSON_AND_EARLIER (event_id, status, earliest standing check-in's id, at, operator and
        station_id, organization name): the desk reads them with the ticket's holder in one statement."""
        return self._decide(w, registrant_id, found, method, operator, dt.datetime.now(dt.UTC))

    def _check_in(
        self, w: Writer, registrant_id: str, method: CheckInMethod, operator: str, now: dt.datetime
    ) -> CheckInResult:
        found = earliest_standing(w.db.execute(_PERSON_AND_EARLIER, (registrant_id,)).fetchall())
        if found is None:
            raise NotFound(f"no registrant with id {registrant_id}")
        return self._decide(w, registrant_id, found, method, operator, now)

    def _decide(
        self,
        w: Writer,
        registrant_id: str,
        found: tuple[Any, ...],
        method: CheckInMethod,
        operator: str,
        now: dt.datetime,
    ) -> CheckInResult:
        event_id, status, earlier_id, at, operator_then, station_then, organization = found
        organization = organization or ""
        if status == RegistrantStatus.MERGED:
            # A duplicate record staff merged away: its ticket checks in the person it was merged into, followed
            # through a merge of that one too (made at another station); a loop of merges is refused.
            _chain, kept = merge_chain(w, registrant_id)
            again = None
            if kept is not None:
                again = earliest_standing(w.db.execute(_PERSON_AND_EARLIER, (kept[0],)).fetchall())
            if kept is None or again is None:
                return CheckInResult(Outcome.CANCELLED, registrant_id, None, organization=organization)
            return self._decide(w, kept[0], again, method, operator, now)
        if status == RegistrantStatus.CANCELLED:
            return CheckInResult(Outcome.CANCELLED, registrant_id, None, organization=organization)
        if earlier_id is not None:
            named = w.db.execute("SELECT name FROM station WHERE id = ?", (station_then,)).fetchone()
            station_name = named[0] if named else None
            return CheckInResult(
                Outcome.ALREADY_CHECKED_IN,
                registrant_id,
                earlier_id,
                _read_time(at),
                station_name or "another station",
                operator_then,
                organization,
            )
        checkin_id = new_id()
        w.record(
            "checkin",
            checkin_id,
            APPEND,
            {
                "event_id": event_id,
                "registrant_id": registrant_id,
                "station_id": self.ctx.station_id,
                "at": now,
                "method": method,
                "operator": operator,
            },
        )
        return CheckInResult(
            Outcome.WELCOME, registrant_id, checkin_id, now, self.ctx.station_name, operator, organization
        )

    def void(self, checkin_id: str, reason: str, operator: str = "") -> str:
        """Undo a check-in by recording a void that points at it; the check-in itself stays as it was."""
        if not reason.strip():
            raise InvalidInput("say why the check-in is voided, e.g. 'scanned the wrong ticket'")
        with self.ctx.transaction() as w:
            # Check-ins are keyed by registrant first; voids are rare enough to find one by id alone.
            row = w.db.execute("SELECT registrant_id, voided_by FROM checkin WHERE id = ?", (checkin_id,)).fetchone()
            if row is None:
                raise NotFound(f"no check-in with id {checkin_id}")
            registrant_id, voided_by = row
            if voided_by is not None:
                raise InvalidInput(f"check-in {checkin_id} is already voided")
            void_id = new_id()
            w.record(
                "checkin_void",
                void_id,
                APPEND,
                {
                    "registrant_id": registrant_id,
                    "checkin_id": checkin_id,
                    "station_id": self.ctx.station_id,
                    "at": dt.datetime.now(dt.UTC),
                    "reason": reason.strip(),
                    "operator": operator,
                },
            )
        return void_id


def _read_time(stored: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stored)
