"""What taking entries from elsewhere settled, in words: `kiosk sync import` prints these lines and the
app's Import bundle shows them, one per fact."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.core.context import Context
from kiosk.core.names import full_name
from kiosk.core.sync.protocol import ApplyResult
from kiosk.core.text import plural

Label = Callable[[str], str]
"""What to call a station, by id."""
Name = Callable[[str, str], str]
"""What to call a record, by entity and id."""


def settled_lines(result: ApplyResult, station: Label, name: Name) -> list[str]:
    """Entries held by a clash nothing settles, slugs and ticket codes given twice, records merged into each
    other, merged records whose arrival went over to the person kept."""
    lines = [f"held, entry {h.station_seq} of {station(h.station_id)}: {h.reason}" for h in result.held]
    for r in result.renamed:
        what = "slug" if r.field == "slug" else "ticket code"
        line = (
            f"{what} given twice: {r.wanted!r} stays with {name(r.entity, r.kept_id)} (made first); "
            f"{name(r.entity, r.entity_id)} is now {r.given!r} on every station"
        )
        lines.append(line + ("" if r.field == "slug" else ": reprint their badge (their QR code still works)"))
    if result.loops_undone:
        lines.append(
            f"{plural(result.loops_undone, 'pair of records', 'pairs of records')} merged into each other at two "
            "stations apart: the later merge is undone, and the person is the record the earlier merge kept"
        )
    if result.settled:
        lines.append(
            f"{plural(result.settled, 'merged record', 'merged records')} had been checked in at a station that "
            "had not heard of the merge: the arrival now counts for the person kept"
        )
    return lines


def on_the_way(result: ApplyResult) -> int:
    """Pending entries that wait for rows still on the way (not held, not from a newer version)."""
    return max(0, result.pending - result.parked - len(result.held))


def record_names(ctx: Context) -> Name:
    """What to call an event ("the event 'Fresno Convening'") or a person, else the entity and id."""

    def name(entity: str, record_id: str) -> str:
        with ctx.store.write() as db:
            if entity == "event":
                row = db.execute("SELECT name FROM event WHERE id = ?", (record_id,)).fetchone()
                return f"the event {row[0]!r}" if row else f"event {record_id}"
            row = db.execute(
                "SELECT first_name, last_name, preferred_name FROM registrant WHERE id = ?", (record_id,)
            ).fetchone()
            return full_name(*row) if row else f"{entity} {record_id}"

    return name
