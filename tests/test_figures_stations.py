"""The dashboard's stations: each one this station knows, when it last synced, and its newest change."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.figures import station_activity
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.protocol import exchange


def test_a_station_that_never_synced_says_so_and_a_direct_exchange_is_dated(
    kiosk: Kiosk, event: Event, tmp_path: Path
) -> None:
    (ana,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="Ana")])
    kiosk.checkins.check_in(ana.id)
    (alone,) = station_activity(kiosk.ctx, event.id)
    assert alone.this_station and alone.last_sync is None and alone.checkins == 1

    other = Kiosk.open(tmp_path / "table-b", "Table B")
    try:
        exchange(kiosk.ctx, other.ctx)
        ours, theirs = station_activity(kiosk.ctx, event.id)
        assert ours.this_station and ours.last_sync is not None
        assert theirs.name == "Table B" and theirs.last_sync == ours.last_sync
        assert theirs.latest_entry is not None  # its station row reached us, with its clock stamp
    finally:
        other.close()
