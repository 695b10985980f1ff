"""Staff merges: two records of one person (a walk-in who had registered after all) become one.

Walk-ins are never merged automatically; a merge is a staff decision and is itself an event in the change
log, synced like any other. In one transaction:

- the merged record gets status "merged", a pointer to the kept one, the reason and who merged it (one
  upsert entry), so it leaves counts, search and lists on every station that syncs it, and its old ticket
  checks in the kept person;
- its standing check-ins are voided with a reason that names the merge; if the kept person had none, a
  check-in carried over from the earliest (its time and station kept, method "merge") counts for them.

Merging again is harmless: a record already merged into the same person records nothing new, except to
settle a check-in another station made on the merged record before it heard of the merge.

A merge made by mistake is undone the same way, with a reason (`undo`): the record gets back the status it
had, and the arrival moves back to it (the check-in carried over to the kept person is voided, and the
earliest of those the merge voided is carried back). Nothing is deleted: the change log keeps both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.core.changelog import Writer
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.hlc import Timestamp
from kiosk.core.ids import new_id
from kiosk.core.models import CheckInMethod, RegistrantStatus
from kiosk.core.replica import APPEND, UPSERT

VOID_REASON = "merged into {name}"
"""Reason of the void of a merged record's check-in."""
UNDONE = "merge undone: "
"""How the merge reason of a record whose merge was undone begins; the staff's reason follows."""
UNDO_VOID_REASON = "merge undone: {name} arrived, not this person"
"""Reason of the void of the check-in a merge had carried over to the kept person."""


@dataclass(frozen=True)
class MergeResult:
    kept_id: str
    merged_id: str
    recorded: bool
    """False when the record was already merged into the kept one and nothing was left to settle."""
    voided: tuple[str, ...] = ()
    """Check-ins of the merged record that were voided."""
    carried_over: str | None = None
    """The check-in made for the kept person from the merged record's earliest, if they had none."""


@dataclass(frozen=True)
class UndoResult:
    restored_id: str
    kept_id: str
    status: str
    """The status the record has again."""
    voided: str | None = None
    """The check-in the merge had carried over to the kept person, now voided."""
    carried_back: str | None = None
    """The check-in made again for the restored record, from the earliest the merge had voided."""


@dataclass(frozen=True)
class MergeRecord:
    """One merge, as the audit shows it."""

    merged_id: str
    merged_name: str
    kept_id: str
    kept_name: str
    reason: str
    operator: str
    station_id: str
    at: dt.datetime | None


_PERSON = "SELECT event_id, status, merged_into, first_name, last_name, preferred_name FROM registrant WHERE id = ?"
_STANDING = (
    "SELECT id, station_id, at FROM checkin WHERE registrant_id = ? AND voided_by IS NULL ORDER BY stamp, id"
)


def _name(first: str, last: str, preferred: str) -> str:
    return " ".join(part for part in (preferred or first, last) if part)


class Merges:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def merge(self, kept_id: str, merged_id: str, operator: str, reason: str) -> MergeResult:
        """Merge `merged_id` into `kept_id` (same event), with the reason staff give; see the module."""
        if not reason.strip():
            raise InvalidInput("say why these two records are one person, e.g. 'same email, registered online'")
        if kept_id == merged_id:
            raise InvalidInput("a record cannot be merged into itself")
        with self.ctx.transaction() as w:
            kept = w.db.execute(_PERSON, (kept_id,)).fetchone()
            merged = w.db.execute(_PERSON, (merged_id,)).fetchone()
            if kept is None or merged is None:
                raise NotFound(f"no registrant with id {merged_id if kept else kept_id}")
            if kept[0] != merged[0]:
                raise InvalidInput("only two records of the same event can be merged")
            if kept[1] == RegistrantStatus.MERGED:
                raise InvalidInput(f"{_name(*kept[3:])} was merged into another record: merge into that one")
            already = merged[1] == RegistrantStatus.MERGED
            if already and merged[2] != kept_id:
                raise InvalidInput(f"{_name(*merged[3:])} was already merged into another record")
            if not already:
                w.record(
                    "registrant",
                    merged_id,
                    UPSERT,
                    {
                        "status": RegistrantStatus.MERGED,
                        "merged_into": kept_id,
                        "merge_reason": reason.strip(),
                        "merged_by": operator,
                    },
                )
            voided, carried = self._settle(w, kept_id, merged_id, _name(*kept[3:]), operator)
        return MergeResult(kept_id, merged_id, not already or bool(voided), voided, carried)

    def undo(self, merged_id: str, operator: str, reason: str) -> UndoResult:
        """Undo the merge of `merged_id` (see the module), with the reason staff give."""
        if not reason.strip():
            raise InvalidInput("say why the merge is undone, e.g. 'two people with the same name'")
        with self.ctx.transaction() as w:
            merged = w.db.execute(_PERSON, (merged_id,)).fetchone()
            if merged is None:
                raise NotFound(f"no registrant with id {merged_id}")
            event_id, status, kept_id, *names = merged
            if status != RegistrantStatus.MERGED or not kept_id:
                raise InvalidInput(f"{_name(*names)} is not a merged record: there is no merge to undo")
            before = self._status_before_merge(w, merged_id)
            # The pointer goes; why it went stays on the record, next to who undid it.
            w.record(
                "registrant",
                merged_id,
                UPSERT,
                {
                    "status": before,
                    "merged_into": None,
                    "merge_reason": f"{UNDONE}{reason.strip()}",
                    "merged_by": operator,
                },
            )
            voided, carried = self._move_back(w, event_id, merged_id, kept_id, _name(*names), operator)
        return UndoResult(merged_id, kept_id, before, voided, carried)

    @staticmethod
    def _status_before_merge(w: Writer, registrant_id: str) -> str:
        """The status the record's own change log gave it last before it was merged (registered if none)."""
        entries = w.db.execute(
            "SELECT json_extract(payload, '$.status') FROM change_log WHERE entity = 'registrant' AND entity_id = ? "
            "AND json_extract(payload, '$.status') IS NOT NULL ORDER BY hlc DESC, station_id DESC",
            (registrant_id,),
        )
        for (status,) in entries:
            if status != RegistrantStatus.MERGED:
                return str(status)
        return RegistrantStatus.REGISTERED.value

    def _move_back(
        self, w: Writer, event_id: str, merged_id: str, kept_id: str, name: str, operator: str
    ) -> tuple[str | None, str | None]:
        """The arrival back on the restored record: the check-in the merge carried over to the kept person
        voided, and the earliest of the restored record's check-ins that the merge voided carried back."""
        if w.db.execute(_STANDING, (merged_id,)).fetchone() is not None:
            return None, None  # checked in again since (another station, before it heard of the merge)
        theirs = w.db.execute(
            "SELECT c.station_id, c.at FROM checkin c JOIN checkin_void v ON v.id = c.voided_by "
            "WHERE c.registrant_id = ? AND v.reason LIKE ? ORDER BY c.stamp, c.id LIMIT 1",
            (merged_id, VOID_REASON.format(name="%")),
        ).fetchone()
        if theirs is None:
            return None, None  # they had not arrived when they were merged
        station_id, at = theirs
        voided: str | None = None
        carried = w.db.execute(
            "SELECT id FROM checkin WHERE registrant_id = ? AND voided_by IS NULL AND method = ? AND station_id = ? "
            "AND at = ? ORDER BY stamp, id LIMIT 1",
            (kept_id, CheckInMethod.MERGE.value, station_id, at),
        ).fetchone()
        now = dt.datetime.now(dt.UTC)
        if carried is not None:
            voided = carried[0]
            w.record(
                "checkin_void",
                new_id(),
                APPEND,
                {
                    "registrant_id": kept_id,
                    "checkin_id": voided,
                    "station_id": self.ctx.station_id,
                    "at": now,
                    "reason": UNDO_VOID_REASON.format(name=name or "the other record"),
                    "operator": operator,
                },
            )
        back = new_id()
        w.record(
            "checkin",
            back,
            APPEND,
            {
                "event_id": event_id,
                "registrant_id": merged_id,
                "station_id": station_id,
                "at": at,
                "method": CheckInMethod.MERGE,
                "operator": operator,
            },
        )
        return voided, back

    def _settle(
        self, w: Writer, kept_id: str, merged_id: str, kept_name: str, operator: str
    ) -> tuple[tuple[str, ...], str | None]:
        """Move the merged record's standing check-ins onto the kept person: carry the earliest over if
        they have none, and void every one of the merged record's."""
        theirs = w.db.execute(_STANDING, (merged_id,)).fetchall()
        if not theirs:
            return (), None
        carried: str | None = None
        if w.db.execute(_STANDING, (kept_id,)).fetchone() is None:
            _earliest, station_id, at = theirs[0]
            event_id = w.db.execute("SELECT event_id FROM registrant WHERE id = ?", (kept_id,)).fetchone()[0]
            carried = new_id()
            w.record(
                "checkin",
                carried,
                APPEND,
                {
                    "event_id": event_id,
                    "registrant_id": kept_id,
                    "station_id": station_id,
                    "at": at,
                    "method": CheckInMethod.MERGE,
                    "operator": operator,
                },
            )
        now = dt.datetime.now(dt.UTC)
        for checkin_id, _station, _at in theirs:
            w.record(
                "checkin_void",
                new_id(),
                APPEND,
                {
                    "registrant_id": merged_id,
                    "checkin_id": checkin_id,
                    "station_id": self.ctx.station_id,
                    "at": now,
                    "reason": VOID_REASON.format(name=kept_name or "another record"),
                    "operator": operator,
                },
            )
        return tuple(row[0] for row in theirs), carried

    def history(self, event_id: str) -> list[MergeRecord]:
        """Every merge of the event, newest first: who was merged into whom, why, by whom, where and when."""
        with self.ctx.store.write() as db:
            rows = db.execute(
                "SELECT m.id, m.first_name, m.last_name, m.preferred_name, m.merged_into, k.first_name, k.last_name, "
                "k.preferred_name, m.merge_reason, m.merged_by FROM registrant m LEFT JOIN registrant k "
                "ON k.id = m.merged_into WHERE m.event_id = ? AND m.status = ?",
                (event_id, RegistrantStatus.MERGED.value),
            ).fetchall()
            found = []
            for mid, mf, ml, mp, kid, kf, kl, kp, reason, operator in rows:
                # The entry that set the pointer says where and when (the latest, should two stations have).
                entry = db.execute(
                    "SELECT station_id, hlc FROM change_log WHERE entity = 'registrant' AND entity_id = ? "
                    'AND payload LIKE \'%"merged_into":"%\' ORDER BY hlc DESC LIMIT 1',
                    (mid,),
                ).fetchone()
                station_id, at = "", None
                if entry is not None:
                    station_id = entry[0]
                    at = dt.datetime.fromtimestamp(Timestamp.decode(entry[1]).ms / 1000, dt.UTC)
                found.append(
                    MergeRecord(
                        mid,
                        _name(mf, ml, mp),
                        kid or "",
                        _name(kf or "", kl or "", kp or ""),
                        reason,
                        operator,
                        station_id,
                        at,
                    )
                )
        found.sort(key=lambda r: r.at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)
        return found
