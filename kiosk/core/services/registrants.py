"""Registrants: register, correct, cancel. Each change is one change-log entry of the fields it sets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import select

from kiosk.core.codes import human_codes, ticket_secrets
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.ids import new_id
from kiosk.core.models import Event, Registrant, RegistrantStatus, Role
from kiosk.core.replica import UPSERT

EDITABLE = frozenset(
    {
        "first_name",
        "last_name",
        "preferred_name",
        "pronouns",
        "email",
        "phone",
        "organization_id",
        "title",
        "role",
        "languages",
        "accessibility_needs",
        "photo_consent",
        "external_ids",
        "barcode",
        "ticket_type",
        "extra",
        "status",
    }
)


@dataclass
class RegistrantDraft:
    """What a registration export, a walk-in form or the demo knows about a person."""

    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    pronouns: str = ""
    email: str = ""
    phone: str = ""
    organization_id: str | None = None
    title: str = ""
    role: Role = Role.ATTENDEE
    languages: list[str] = field(default_factory=list)
    accessibility_needs: str = ""
    photo_consent: bool | None = None
    external_ids: dict[str, str] = field(default_factory=dict)
    barcode: str = ""
    ticket_type: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    walk_in: bool = False
    status: RegistrantStatus = RegistrantStatus.REGISTERED

    def validate(self) -> None:
        if not (self.first_name.strip() or self.last_name.strip() or self.preferred_name.strip()):
            raise InvalidInput("a registrant needs a name")


def check_changes(changes: dict[str, Any]) -> None:
    """InvalidInput if a correction names a field that cannot be changed."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} of a registrant")


class Registrants:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def register(self, event_id: str, draft: RegistrantDraft) -> Registrant:
        return self.register_many(event_id, [draft])[0]

    def register_many(self, event_id: str, drafts: list[RegistrantDraft]) -> list[Registrant]:
        """Register everyone in one transaction: all of them, or (on any error) none."""
        for draft in drafts:
            draft.validate()
        with self.ctx.store.session() as s:
            if s.get(Event, event_id) is None:
                raise NotFound(f"no event with id {event_id}; `kiosk events` lists them")
        now = dt.datetime.now(dt.UTC)
        made = [
            Registrant(
                id=new_id(),
                event_id=event_id,
                ticket_code=code,
                ticket_secret=secret,
                created_at=now,
                **vars(draft),
            )
            for draft, code, secret in zip(drafts, human_codes(len(drafts)), ticket_secrets(len(drafts)), strict=True)
        ]
        with self.ctx.transaction() as w:
            for reg in made:
                w.record("registrant", reg.id, UPSERT, reg.model_dump(exclude={"id", "field_clocks", "search_text"}))
        return made

    def get(self, registrant_id: str) -> Registrant:
        with self.ctx.store.session() as s:
            reg = s.get(Registrant, registrant_id)
        if reg is None:
            raise NotFound(f"no registrant with id {registrant_id}")
        return reg

    def by_ticket_code(self, code: str) -> Registrant | None:
        with self.ctx.store.session() as s:
            return s.exec(select(Registrant).where(Registrant.ticket_code == code)).first()

    def update(self, registrant_id: str, **changes: Any) -> Registrant:
        """Correct some fields (a misspelt name, a new email); only those fields travel to other stations."""
        check_changes(changes)
        current = self.get(registrant_id)
        merged = current.model_copy(update=changes)
        if not (merged.first_name.strip() or merged.last_name.strip() or merged.preferred_name.strip()):
            raise InvalidInput("a registrant needs a name")
        with self.ctx.transaction() as w:
            w.record("registrant", registrant_id, UPSERT, changes)
        return self.get(registrant_id)

    def cancel(self, registrant_id: str) -> Registrant:
        self.get(registrant_id)
        with self.ctx.transaction() as w:
            w.record("registrant", registrant_id, UPSERT, {"status": RegistrantStatus.CANCELLED})
        return self.get(registrant_id)
