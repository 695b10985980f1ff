"""The contributions service: anonymous and signed notes, moderation as change-log entries, review,
transcription in batches, counts, haves meet needs, and badges."""

from __future__ import annotations

import pytest

from kiosk.core.badges.qr import badge_payload
from kiosk.core.changelog import newest_entries
from kiosk.core.errors import InvalidInput
from kiosk.core.journey import ContributionTooLong, EmptyContribution
from kiosk.core.models import Event, ModerationStatus, RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import BadgeProblem, Draft
from kiosk.core.services.registrants import RegistrantDraft


def _person(kiosk: Kiosk, event: Event, first: str, org: str | None = None, region: str = "") -> str:
    org_id = kiosk.organizations.find_or_create(org, region=region).id if org else None
    (person,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name=first, organization_id=org_id)])
    return person.id


def test_an_anonymous_note_names_no_one(kiosk: Kiosk, event: Event) -> None:
    note = kiosk.contributions.add(event.id, "built", "Trusted messengers", language="en")
    assert note.registrant_id is None and note.signature == "" and note.status == "visible"
    assert [n.body for n in kiosk.contributions.visible(event.id)] == ["Trusted messengers"]


def test_a_badge_signs_a_note_with_name_organization_and_region(kiosk: Kiosk, event: Event) -> None:
    ana = _person(kiosk, event, "Ana", "Fresno Hmong Center", "Central Valley")
    holder = kiosk.contributions.badge_holder(event, badge_payload(event.id, ana))
    note = kiosk.contributions.add(event.id, "proud", "Our pantry", registrant_id=holder.registrant_id)
    assert note.signature == "Ana · Fresno Hmong Center · Central Valley"


def test_a_scan_that_is_not_this_events_badge_says_why(kiosk: Kiosk, event: Event, create_event) -> None:
    other = create_event(kiosk, "la-2025")
    ana = _person(kiosk, event, "Ana")
    reasons = []
    for code in ("hello", "CK1ABCDEF", badge_payload(other.id, ana), badge_payload(event.id, "0190c8e2-0000")):
        with pytest.raises(BadgeProblem) as problem:
            kiosk.contributions.badge_holder(event, code)
        reasons.append(problem.value.reason)
    assert reasons == [BadgeProblem.NOT_A_BADGE, BadgeProblem.TICKET, BadgeProblem.OTHER_EVENT, BadgeProblem.UNKNOWN]
    kiosk.registrants.update(ana, status=RegistrantStatus.CANCELLED)
    with pytest.raises(BadgeProblem, match="cancelled"):
        kiosk.contributions.badge_holder(event, badge_payload(event.id, ana))


def test_empty_and_too_long_notes_are_refused_and_nothing_is_written(kiosk: Kiosk, event: Event) -> None:
    with pytest.raises(EmptyContribution):
        kiosk.contributions.add(event.id, "built", "  \n ")
    with pytest.raises(ContributionTooLong):
        kiosk.contributions.add(event.id, "built", "x" * 281)
    with pytest.raises(InvalidInput, match="categories"):
        kiosk.contributions.add(event.id, "need", "grant writers")
    with pytest.raises(InvalidInput, match="not a prompt"):
        kiosk.contributions.add(event.id, "gossip", "hello")
    assert kiosk.contributions.notes(event.id) == []


def test_hiding_and_restoring_are_change_log_entries_of_the_status_alone(kiosk: Kiosk, event: Event) -> None:
    note = kiosk.contributions.add(event.id, "wisdom", "Collaborate, not compete.")
    kiosk.contributions.hide(note.id)
    assert kiosk.contributions.visible(event.id) == []
    with kiosk.ctx.store.write() as db:
        (entry,) = newest_entries(db, 1)
    assert (entry.entity, entry.entity_id, entry.payload) == ("contribution", note.id, {"status": "hidden"})
    kiosk.contributions.restore(note.id)
    assert [n.id for n in kiosk.contributions.visible(event.id)] == [note.id]


def test_held_notes_wait_for_staff_before_they_show(kiosk: Kiosk, event: Event) -> None:
    kiosk.contributions.set_hold_for_review(True)
    note = kiosk.contributions.add(event.id, "next", "A statewide youth council")
    assert note.status == ModerationStatus.HELD and kiosk.contributions.visible(event.id) == []
    assert kiosk.contributions.counts(event.id).held == 1
    kiosk.contributions.restore(note.id)
    assert kiosk.contributions.counts(event.id).visible == 1


def test_paper_notes_are_typed_in_as_a_batch_all_or_none(kiosk: Kiosk, event: Event) -> None:
    drafts = [Draft("built", "One"), Draft("have", "A hall", "places"), Draft("built", "")]
    with pytest.raises(EmptyContribution, match="note 3"):
        kiosk.contributions.add_many(event.id, drafts)
    assert kiosk.contributions.notes(event.id) == []
    kiosk.contributions.set_hold_for_review(True)  # staff typed them: they show at once
    saved = kiosk.contributions.add_many(event.id, drafts[:2])
    assert [n.status for n in saved] == ["visible", "visible"]
    assert kiosk.contributions.counts(event.id).by_group == {"built": 1, "have:places": 1}


def test_haves_meet_needs_in_the_same_category_from_other_organizations(kiosk: Kiosk, event: Event) -> None:
    ana = _person(kiosk, event, "Ana", "Fresno Center")
    bao = _person(kiosk, event, "Bao", "Little Saigon Media", "Orange County")
    carla = _person(kiosk, event, "Carla", "Valley Food Bank")
    ana2 = _person(kiosk, event, "Ana Two", "Fresno Center")
    add = kiosk.contributions.add
    add(event.id, "need", "Grant writers", "people", registrant_id=ana)
    add(event.id, "have", "Multilingual organizers", "people", registrant_id=bao)
    add(event.id, "have", "A hall", "places", registrant_id=carla)  # another category
    add(event.id, "have", "Our own staff", "people", registrant_id=ana2)  # the same organization
    hidden = add(event.id, "have", "Volunteers", "people", registrant_id=carla)
    kiosk.contributions.hide(hidden.id)  # hidden notes match nothing
    add(event.id, "have", "Anonymous help", "people")  # no organization to name
    org = kiosk.organizations.find("Fresno Center")
    assert org is not None
    matches = kiosk.contributions.matches_for(event.id, org.id)
    assert [(m.organization, m.region, m.notes) for m in matches] == [
        ("Little Saigon Media", "Orange County", ("Multilingual organizers",))
    ]


def test_the_revision_changes_with_every_write_and_moderation(kiosk: Kiosk, event: Event) -> None:
    first = kiosk.contributions.revision(event.id)
    note = kiosk.contributions.add(event.id, "built", "One")
    second = kiosk.contributions.revision(event.id)
    kiosk.contributions.hide(note.id)
    assert len({first, second, kiosk.contributions.revision(event.id)}) == 3


def test_a_note_signed_with_a_record_merged_into_another_is_signed_by_the_kept_person(
    kiosk: Kiosk, event: Event
) -> None:
    ana = _person(kiosk, event, "Ana", "Fresno Hmong Center", "Central Valley")
    typo = _person(kiosk, event, "Anna", "Fresno Hmong Centr")  # her walk-in duplicate
    note = kiosk.contributions.add(event.id, "need", "Grant writers", "people", registrant_id=typo)
    bao = _person(kiosk, event, "Bao", "Little Saigon Media")
    kiosk.contributions.add(event.id, "have", "Multilingual organizers", "people", registrant_id=bao)
    before = kiosk.contributions.versions(event.id)

    kiosk.merges.merge(ana, typo, "Mai", "same person")

    signed = kiosk.contributions.get(note.id)
    assert (signed.registrant_id, signed.signature) == (ana, "Ana · Fresno Hmong Center · Central Valley")
    assert [n.signature for n in kiosk.contributions.visible(event.id) if n.kind == "need"] == [signed.signature]
    assert kiosk.contributions.versions(event.id)[note.id] != before[note.id]  # a wall re-reads it
    (need,) = kiosk.contributions.needs_and_haves(event.id)
    assert (need.organization, [h.organization for h in need.haves]) == ("Fresno Hmong Center", ["Little Saigon Media"])
    holder = kiosk.contributions.badge_holder(event, badge_payload(event.id, typo))  # the duplicate's badge
    assert (holder.registrant_id, holder.name) == (ana, "Ana")
    with kiosk.ctx.store.write() as db:  # derived when read: the stored row syncs as it is
        assert db.execute("SELECT registrant_id FROM contribution WHERE id = ?", (note.id,)).fetchone() == (typo,)

    kiosk.merges.undo(typo, "Mai", "two people after all")

    assert kiosk.contributions.get(note.id).signature == "Anna · Fresno Hmong Centr"
