"""This laptop's identity as other stations see it."""

from sqlmodel import select

from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput
from kiosk.core.models import Station
from kiosk.core.replica import UPSERT


class Stations:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def rename(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise InvalidInput("a station needs a name, such as 'Table A'")
        with self.ctx.transaction() as w:
            w.record("station", self.ctx.station_id, UPSERT, {"name": name})
        self.ctx.station_name = name

    def all(self) -> list[Station]:
        with self.ctx.store.session() as s:
            return list(s.exec(select(Station).order_by(Station.name)))
