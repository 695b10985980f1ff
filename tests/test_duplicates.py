"""Possible duplicates of a walk-in, and organization names for autocomplete, on a real store."""

from __future__ import annotations

from kiosk.core.models import Event, Role
from kiosk.core.services import Kiosk
from kiosk.core.services.duplicates import (
    SAME_EMAIL,
    SAME_NAME,
    SIMILAR_NAME,
    SWAPPED_NAME,
    PossibleDuplicate,
    possible_duplicates,
)
from kiosk.core.services.registrants import RegistrantDraft


def dupes(kiosk: Kiosk, event: Event, first: str, last: str = "", **kwargs: str) -> list[PossibleDuplicate]:
    return possible_duplicates(kiosk.ctx, event.id, first, last, **kwargs)


def who(found: list[PossibleDuplicate]) -> list[tuple[str, str]]:
    return [(person.display_name, person.reason) for person in found]


def test_the_same_email_in_another_case_is_a_possible_duplicate(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", email="Ana.Ruiz@Centro.org")
    register_people(kiosk, event.id, "Bao Tran", email="bao@centro.org")
    assert who(dupes(kiosk, event, "Anita", "R.", email="  ana.ruiz@centro.ORG ")) == [("Ana Ruiz", SAME_EMAIL)]


def test_an_email_that_only_shares_words_is_not_the_same_email(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", email="ruiz.ana@centro.org")
    assert dupes(kiosk, event, "Mai", "Lee", email="ana.ruiz@centro.org") == []


def test_a_name_typed_without_accents_is_the_same_name(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "José García", "Joseph Garcia-Lopez")
    assert who(dupes(kiosk, event, "jose", "GARCIA")) == [("José García", SAME_NAME)]


def test_a_name_in_another_script_is_found_as_typed(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "지민 김", "فاطمة الحسن")
    assert who(dupes(kiosk, event, "지민", "김")) == [("지민 김", SAME_NAME)]
    assert who(dupes(kiosk, event, "فاطمة", "الحسن")) == [("فاطمة الحسن", SAME_NAME)]


def test_first_and_last_name_swapped_are_shown_as_such(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Wei Li")
    assert who(dupes(kiosk, event, "Li", "Wei")) == [("Wei Li", SWAPPED_NAME)]


def test_a_preferred_name_with_the_last_name_is_the_same_name(kiosk: Kiosk, event: Event) -> None:
    kiosk.registrants.register(event.id, RegistrantDraft(first_name="Roberto", last_name="Kim", preferred_name="Bobby"))
    assert who(dupes(kiosk, event, "Bobby", "Kim")) == [("Bobby Kim", SAME_NAME)]


def test_a_first_name_alone_does_not_match_everyone_with_that_first_name(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Ana Mora", "Ana")
    assert who(dupes(kiosk, event, "Ana")) == [("Ana", SAME_NAME)]


def test_a_similar_name_at_the_same_organization_is_a_possible_duplicate(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    center = kiosk.organizations.create("The Fresno Center, Inc.")
    other = kiosk.organizations.create("Centro La Familia")
    register_people(kiosk, event.id, "John Smith", "Ana Mora", organization_id=center.id)
    register_people(kiosk, event.id, "Johnny Smith", organization_id=other.id)
    found = dupes(kiosk, event, "Jon", "Smith", organization="fresno center")
    assert who(found) == [("John Smith", SIMILAR_NAME)]
    assert found[0].organization == "The Fresno Center, Inc."


def test_a_similar_name_without_an_organization_is_not_a_duplicate(kiosk: Kiosk, event: Event, register_people) -> None:
    center = kiosk.organizations.create("The Fresno Center")
    register_people(kiosk, event.id, "John Smith", organization_id=center.id)
    assert dupes(kiosk, event, "Jon", "Smith") == []
    assert dupes(kiosk, event, "Jon", "Smith", organization="A New Organization") == []


def test_a_first_name_alone_at_the_same_organization_is_a_possible_duplicate(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    center = kiosk.organizations.create("The Fresno Center")
    register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran", organization_id=center.id)
    assert who(dupes(kiosk, event, "Ana", organization="Fresno Center")) == [("Ana Ruiz", SIMILAR_NAME)]


def test_someone_registered_for_another_event_is_not_a_duplicate(
    kiosk: Kiosk, event: Event, register_people, create_event
) -> None:
    other = create_event(kiosk, "sacramento-2026")
    register_people(kiosk, other.id, "Ana Ruiz", email="ana@centro.org")
    assert dupes(kiosk, event, "Ana", "Ruiz", email="ana@centro.org") == []


def test_a_different_person_has_no_possible_duplicates(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran", email="team@centro.org")
    assert dupes(kiosk, event, "Mai", "Lee", email="mai@centro.org") == []
    assert dupes(kiosk, event, "", "") == []


def test_the_strongest_sign_comes_first_and_reasons_are_joined(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz")
    register_people(kiosk, event.id, "Ana Ruiz", email="ana@centro.org")
    register_people(kiosk, event.id, "Anita Ruiz", email="ANA@centro.org")
    assert who(dupes(kiosk, event, "Ana", "Ruiz", email="ana@centro.org")) == [
        ("Ana Ruiz", f"{SAME_EMAIL} and {SAME_NAME}"),
        ("Anita Ruiz", SAME_EMAIL),
        ("Ana Ruiz", SAME_NAME),
    ]


def test_no_more_than_the_limit_are_returned(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, *["Ana Ruiz"] * 8)
    assert len(dupes(kiosk, event, "Ana", "Ruiz")) == 5
    assert len(possible_duplicates(kiosk.ctx, event.id, "Ana", "Ruiz", limit=2)) == 2


def test_a_duplicate_says_who_they_are_status_and_check_in(kiosk: Kiosk, event: Event, register_people) -> None:
    center = kiosk.organizations.create("Centro La Familia")
    ana, bao = register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran", organization_id=center.id, role=Role.SPEAKER)
    kiosk.checkins.check_in(ana.id)
    kiosk.registrants.cancel(bao.id)
    [found_ana] = dupes(kiosk, event, "Ana", "Ruiz")
    assert (found_ana.registrant_id, found_ana.organization, found_ana.role) == (ana.id, "Centro La Familia", "speaker")
    assert found_ana.checked_in and not found_ana.cancelled and found_ana.ticket_code == ana.ticket_code
    [found_bao] = dupes(kiosk, event, "Bao", "Tran")
    assert found_bao.cancelled and not found_bao.checked_in


def test_a_corrected_name_is_found_by_its_new_spelling(kiosk: Kiosk, event: Event, register_people) -> None:
    [ana] = register_people(kiosk, event.id, "Ana Ruis")
    kiosk.registrants.update(ana.id, last_name="Ruiz")
    assert who(dupes(kiosk, event, "Ana", "Ruiz")) == [("Ana Ruiz", SAME_NAME)]
    assert dupes(kiosk, event, "Ana", "Ruis") == []


def test_a_markup_name_is_matched_as_plain_text(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "<b>Ana</b> Ruiz")
    assert who(dupes(kiosk, event, "<b>Ana</b>", "Ruiz")) == [("<b>Ana</b> Ruiz", SAME_NAME)]


# Organization names for autocomplete ----------------------------------------------------------------


def test_organization_names_are_listed_once_each_alphabetically(kiosk: Kiosk) -> None:
    for name in ("Centro La Familia", "The Fresno Center, Inc.", "Asian Business Institute"):
        kiosk.organizations.create(name)
    kiosk.organizations.create("fresno center")  # the same organization, made offline at another table
    assert kiosk.organizations.names() == ["Asian Business Institute", "Centro La Familia", "The Fresno Center, Inc."]


def test_organization_names_match_anywhere_ignoring_case_and_accents(kiosk: Kiosk) -> None:
    for name in ("San José Community Center", "Centro La Familia", "Korean Community Center"):
        kiosk.organizations.create(name)
    assert kiosk.organizations.names("JOSE") == ["San José Community Center"]
    assert kiosk.organizations.names("community") == ["Korean Community Center", "San José Community Center"]
    assert kiosk.organizations.names("center", limit=1) == ["Korean Community Center"]


def test_an_organization_is_read_by_its_id(kiosk: Kiosk) -> None:
    org = kiosk.organizations.create("Centro La Familia")
    found = kiosk.organizations.get(org.id)
    assert found is not None and found.name == "Centro La Familia"
    assert kiosk.organizations.get("no-such-id") is None
