"""One open station: its store, its identity and its clock. Every service works through it."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path

from kiosk.core.changelog import Writer
from kiosk.core.hlc import HybridClock
from kiosk.core.ids import new_id
from kiosk.core.replica import UPSERT
from kiosk.core.settings import STATION_ID, get_setting, put_setting
from kiosk.core.store import Store


def default_station_name() -> str:
    return socket.gethostname().split(".")[0] or "Laptop"


class Context:
    def __init__(self, store: Store, station_name: str | None = None) -> None:
        self.store = store
        self.clock = HybridClock()
        self._known: tuple[int, int] | None = None
        with store.write() as db:
            station_id = get_setting(db, STATION_ID)
            if station_id is None:
                station_id = new_id()
                put_setting(db, STATION_ID, station_id)
                Writer(db, station_id, self.clock).record(
                    "station",
                    station_id,
                    UPSERT,
                    {"name": station_name or default_station_name(), "created_at": dt.datetime.now(dt.UTC)},
                )
            self.station_id: str = station_id
            self.station_name: str = db.execute("SELECT name FROM station WHERE id = ?", (station_id,)).fetchone()[0]

    @classmethod
    def open(cls, folder: Path, station_name: str | None = None, verify: bool = True) -> Context:
        return cls(Store(folder, verify), station_name)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Writer]:
        """A write transaction: rows and their change-log entries commit together or not at all."""
        with self.store.write() as db:
            writer = Writer(db, self.station_id, self.clock, self._known)
            yield writer
        self._known = writer.state()  # reached only once the transaction has committed

    def close(self) -> None:
        self.store.close()
