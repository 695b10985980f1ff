"""This laptop's own facts (its station id, its chosen event, the newest clock seen): never synced."""

import sqlite3

STATION_ID = "station_id"
CURRENT_EVENT = "current_event"
CLOCK_HIGH = "clock_high"


def get_setting(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def put_setting(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
