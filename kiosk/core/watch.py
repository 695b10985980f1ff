"""Has anything been written to the station's file since I last looked? For screens that refresh on a timer
(the desk's counters, the wall), so that an idle station does not re-count 100,000 rows every two seconds."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class ChangeWatch:
    """SQLite's `PRAGMA data_version` on a connection of its own: it moves whenever another connection (the
    station's writer, sync, another process) commits to the file. Cheap: no table is read."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._seen: int | None = None

    def changed(self) -> bool:
        """True the first time, then only after a commit made since the previous call."""
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        changed, self._seen = version != self._seen, version
        return changed

    def close(self) -> None:
        self._db.close()
