"""Partner connections: two badge holders, each one's consent, and the counts."""

from __future__ import annotations

import pytest

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.connections import AlreadyConnected, NoOrganization, SameBadgeTwice
from kiosk.core.services.registrants import RegistrantDraft


def _person(kiosk: Kiosk, event: Event, first: str, org: str | None) -> str:
    org_id = kiosk.organizations.find_or_create(org).id if org else None
    (p,) = kiosk.registrants.register_many(
        event.id, [RegistrantDraft(first_name=first, organization_id=org_id, email=f"{first.lower()}@example.org")]
    )
    return p.id


def test_a_connection_with_both_consents_shares_both_contacts(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", "Saigon Media")
    made = kiosk.connections.connect(event.id, ana, bao, True, True)
    assert made.cross_organization
    assert made.details_for_second() is not None and made.details_for_second().email == "ana@example.org"
    assert made.details_for_first() is not None and made.details_for_first().email == "bao@example.org"
    (listed,) = kiosk.connections.list(event.id)
    assert (listed.first.name, listed.second.name, listed.first_consents, listed.second_consents) == (
        "Ana", "Bao", True, True,
    )  # fmt: skip


def test_without_consent_a_connection_is_recorded_but_shares_nothing(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", "Saigon Media")
    made = kiosk.connections.connect(event.id, ana, bao, False, True)
    assert made.details_for_second() is None
    assert made.details_for_first() is not None
    counts = kiosk.connections.counts(event.id)
    assert (counts.connections, counts.contacts_shared) == (1, 0)


def test_one_badge_twice_and_the_same_pair_twice_are_refused(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", "Saigon Media")
    with pytest.raises(SameBadgeTwice):
        kiosk.connections.connect(event.id, ana, ana, True, True)
    kiosk.connections.connect(event.id, ana, bao, True, True)
    with pytest.raises(AlreadyConnected):
        kiosk.connections.connect(event.id, bao, ana, True, True)
    assert kiosk.connections.already_connected(event.id, bao, ana)


def test_someone_without_an_organization_cannot_connect_yet(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", None)
    with pytest.raises(NoOrganization, match="Bao"):
        kiosk.connections.connect(event.id, ana, bao, True, True)


def test_counts_of_new_cross_organization_connections(kiosk: Kiosk, event: Event) -> None:
    ana, ana2 = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Amy", "Fresno Center")
    bao, bo = _person(kiosk, event, "Bao", "Saigon Media"), _person(kiosk, event, "Bo", "Saigon Media")
    kiosk.connections.connect(event.id, ana, ana2, True, True)  # same organization
    kiosk.connections.connect(event.id, ana, bao, True, True)
    kiosk.connections.connect(event.id, ana2, bo, False, False)  # the same two organizations again
    counts = kiosk.connections.counts(event.id)
    assert (counts.connections, counts.cross_organization, counts.organization_pairs) == (3, 2, 1)
