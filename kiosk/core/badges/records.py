"""Read what badges show from the store (read only: printing and BadgePrint records live elsewhere)."""

from __future__ import annotations

from sqlmodel import col, select

from kiosk.core.badges.design import BadgeFace, face_for
from kiosk.core.context import Context
from kiosk.core.errors import NotFound
from kiosk.core.models import Event, Organization, Registrant, RegistrantStatus


def badge_faces(ctx: Context, event: Event, registrant_ids: list[str] | None = None) -> list[BadgeFace]:
    """Badges of the event's registered (not cancelled) people, or of the ones named by id or ticket code
    (any status: a named person gets a badge even if cancelled; a record staff merged into another gets the
    badge of the person it was merged into, as its ticket checks them in). Unknown ids raise NotFound."""
    query = (
        select(Registrant, Organization)
        .join(Organization, col(Registrant.organization_id) == col(Organization.id), isouter=True)
        .where(Registrant.event_id == event.id)
    )
    if registrant_ids:
        wanted = [value.strip() for value in registrant_ids]
        codes = [value.upper().replace("-", "").replace(" ", "") for value in wanted]
        query = query.where(col(Registrant.id).in_(wanted) | col(Registrant.ticket_code).in_(codes))
    else:
        query = query.where(Registrant.status == RegistrantStatus.REGISTERED)
    with ctx.store.session() as session:
        rows = list(session.exec(query))
    if registrant_ids:
        found = {r.id for r, _ in rows} | {r.ticket_code for r, _ in rows}
        missing = [v for v, c in zip(wanted, codes, strict=True) if v not in found and c not in found]
        if missing:
            raise NotFound(f"no registrant {missing[0]!r} at {event.name}")
    people: dict[str, tuple[Registrant, Organization | None]] = {}
    for registrant, organization in rows:
        person = _kept(ctx, registrant, organization) if registrant_ids else (registrant, organization)
        people.setdefault(person[0].id, person)  # a record and its duplicate named together: one badge
    return [face_for(registrant, organization, event) for registrant, organization in people.values()]


def _kept(
    ctx: Context, registrant: Registrant, organization: Organization | None
) -> tuple[Registrant, Organization | None]:
    """The person a merged record stands for (followed through a merge of that one too), with their
    organization; any other record as it is."""
    seen = {registrant.id}
    while registrant.status == RegistrantStatus.MERGED and registrant.merged_into:
        with ctx.store.session() as session:
            kept = session.get(Registrant, registrant.merged_into)
            if kept is None or kept.id in seen:
                break
            seen.add(kept.id)
            registrant = kept
            organization = session.get(Organization, kept.organization_id) if kept.organization_id else None
    return registrant, organization
