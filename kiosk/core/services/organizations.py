"""Organizations, kept as one row per organization however its name is spelt."""

from __future__ import annotations

import sqlite3

from sqlmodel import select

from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput
from kiosk.core.ids import new_id
from kiosk.core.models import Organization, Sector
from kiosk.core.replica import UPSERT
from kiosk.core.text import fold, normalize_org_name


def new_organization(
    name: str, sector: Sector = Sector.COMMUNITY_BASED, languages: list[str] | None = None, region: str = ""
) -> Organization:
    """An organization not yet written, with its id and normalized name; InvalidInput if the name is empty."""
    name = " ".join(name.split())
    key = normalize_org_name(name)
    if not key:
        raise InvalidInput(f"organization name {name!r} has no letters or digits")
    return Organization(
        id=new_id(), name=name, normalized_name=key, sector=sector, languages=list(languages or []), region=region
    )


class Organizations:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def get(self, organization_id: str) -> Organization | None:
        with self.ctx.store.session() as s:
            return s.get(Organization, organization_id)

    def find(self, name: str) -> Organization | None:
        key = normalize_org_name(name)
        with self.ctx.store.session() as s:
            return s.exec(select(Organization).where(Organization.normalized_name == key)).first()

    def create(
        self, name: str, sector: Sector = Sector.COMMUNITY_BASED, languages: list[str] | None = None, region: str = ""
    ) -> Organization:
        org = new_organization(name, sector, languages, region)
        with self.ctx.transaction() as w:
            w.record("organization", org.id, UPSERT, org.model_dump(exclude={"id", "field_clocks"}), new=True)
        return org

    def find_or_create(
        self, name: str, sector: Sector = Sector.COMMUNITY_BASED, languages: list[str] | None = None, region: str = ""
    ) -> Organization:
        return self.find(name) or self.create(name, sector, languages, region)

    def all(self) -> list[Organization]:
        with self.ctx.store.session() as s:
            return list(s.exec(select(Organization).order_by(Organization.normalized_name)))

    def names(self, containing: str = "", limit: int | None = None) -> list[str]:
        """Known organization names for autocomplete, alphabetical: one spelling per organization however
        many rows spell it (two stations may each have created it offline). With `containing`, only names
        holding those characters anywhere, case and Latin accents ignored ("jose" finds "San José Center").

        One indexed read of every organization (hundreds to a few thousand rows, a few milliseconds): a
        form reads it once when it opens and filters as the person types."""
        with self.ctx.store.session() as s:
            db = s.connection().connection.driver_connection
            assert isinstance(db, sqlite3.Connection)
            rows = db.execute(
                "SELECT name, normalized_name FROM organization ORDER BY normalized_name, name"
            ).fetchall()
        wanted = fold(containing)
        seen: set[str] = set()
        out: list[str] = []
        for name, key in rows:
            if key in seen or (wanted and wanted not in fold(name)):
                continue
            seen.add(key)
            out.append(name)
            if limit is not None and len(out) >= limit:
                break
        return out
