"""Who here has what a need asks for, read for the kiosk's thank-you."""

from __future__ import annotations

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft


def _signer(kiosk: Kiosk, event: Event, org: str) -> str:
    org_id = kiosk.organizations.find_or_create(org).id
    (p,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="Ana", organization_id=org_id)])
    return p.id


def test_haves_for_lists_other_organizations_with_a_visible_have_in_the_category(kiosk: Kiosk, event: Event) -> None:
    mine, theirs, hidden = (_signer(kiosk, event, o) for o in ("Fresno Center", "Oakland Commons", "Hidden Org"))
    service = kiosk.contributions
    service.add(event.id, "have", "Our own laptops", "technology", registrant_id=mine)
    service.add(event.id, "have", "We lend laptops", "technology", registrant_id=theirs)
    service.add(event.id, "have", "And tablets", "technology", registrant_id=theirs)
    service.add(event.id, "have", "A hall", "places", registrant_id=theirs)
    service.add(event.id, "have", "Anonymous laptops", "technology")
    service.hide(service.add(event.id, "have", "Hidden laptops", "technology", registrant_id=hidden).id)
    mine_org = service.get(service.visible(event.id)[-1].id).organization_id
    matches = service.haves_for(event.id, "technology", mine_org)
    assert [(m.organization, m.notes) for m in matches] == [("Oakland Commons", ("We lend laptops", "And tablets"))]
    assert {m.organization for m in service.haves_for(event.id, "technology")} == {"Fresno Center", "Oakland Commons"}
