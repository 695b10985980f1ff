"""Column types of the store."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def iso_utc(value: dt.datetime) -> str:
    """The one text form of a time, in rows and in change-log payloads alike: UTC, microseconds always
    written, so that text order is time order."""
    if value.utcoffset() is None:
        raise ValueError(f"time {value} has no time zone")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as `iso_utc` text. A payload's time is already in that form and is stored
    as it is, so applying a change-log entry converts nothing."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return iso_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(value)
