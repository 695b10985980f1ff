"""What the desk shows about one person beside a decision: their standing check-in and their badge."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from kiosk.core import tickets
from kiosk.core.codes import ALPHABET, HUMAN_CODE_LENGTH, normalize_typed_code
from kiosk.core.context import Context
from kiosk.core.models import BadgePrint, CheckIn, Station


@dataclass(frozen=True)
class StandingCheckIn:
    """The check-in that counts for a person (the earliest one not voided)."""

    id: str
    at: dt.datetime
    station: str
    operator: str


@dataclass(frozen=True)
class BadgeStatus:
    printed: int
    last_at: dt.datetime | None = None


_HUMAN_CODE = re.compile(f"[{ALPHABET}]{{{HUMAN_CODE_LENGTH}}}")
_BARCODE = re.compile(r"\d{8,}")


def looks_like_code(text: str) -> bool:
    """Whether what was typed could be a ticket rather than a name: a QR payload, the 8-letter human code
    (any case, spaces and dashes allowed) or a registration barcode (eight digits or more). Some names
    have the shape of a human code too ("Chen Wang"), so the desk also asks whether such a ticket exists."""
    text = text.strip()
    return bool(
        tickets.looks_like_payload(text)
        or _HUMAN_CODE.fullmatch(normalize_typed_code(text))
        or _BARCODE.fullmatch(text)
    )


class Attendance:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def standing(self, registrant_id: str) -> StandingCheckIn | None:
        with self.ctx.store.session() as s:
            row = s.exec(
                select(CheckIn.id, CheckIn.at, CheckIn.operator, Station.name)
                .join(Station, col(Station.id) == CheckIn.station_id, isouter=True)
                .where(CheckIn.registrant_id == registrant_id, col(CheckIn.voided_by).is_(None))
                .order_by(col(CheckIn.id))
                .limit(1)
            ).first()
        if row is None:
            return None
        checkin_id, at, operator, station = row
        return StandingCheckIn(checkin_id, at, station or "another station", operator)

    def badge(self, registrant_id: str) -> BadgeStatus:
        with self.ctx.store.session() as s:
            printed, last_at = s.exec(
                select(func.count(), func.max(BadgePrint.at)).where(BadgePrint.registrant_id == registrant_id)
            ).one()
        # max() over a text column returns the stored text, not the column's type.
        when = dt.datetime.fromisoformat(last_at) if isinstance(last_at, str) else last_at
        return BadgeStatus(printed, when)
