"""A badge asked for by a merged record's id or ticket code is the badge of the person it was merged into:
the ticket checks them in, so the badge printed for it must be theirs (their organization, their prints)."""

from __future__ import annotations

from kiosk.core.badges.records import badge_faces
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk
from kiosk.core.services.merges import Merges
from kiosk.core.services.registrants import RegistrantDraft


def test_a_merged_records_ticket_gives_the_kept_persons_badge(kiosk: Kiosk, event: Event) -> None:
    org = kiosk.organizations.create("Fresno Center")
    kept, walk_in = kiosk.registrants.register_many(
        event.id,
        [RegistrantDraft(first_name="Ana", last_name="Ruiz", organization_id=org.id),
         RegistrantDraft(first_name="Ana", last_name="Ruiz", walk_in=True)],
    )  # fmt: skip
    kiosk.checkins.check_in(walk_in.id, CheckInMethod.WALK_IN)
    Merges(kiosk.ctx).merge(kept.id, walk_in.id, "staff", "registered online after all")

    (face,) = badge_faces(kiosk.ctx, event, [walk_in.ticket_code])

    assert face.registrant_id == kept.id
    assert face.organization == "Fresno Center"
    assert len(badge_faces(kiosk.ctx, event, [walk_in.id, kept.id])) == 1
