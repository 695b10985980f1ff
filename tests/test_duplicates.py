"""Possible duplicates of a walk-in, and organization names for autocomplete, on a real store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.models import Event, Role
from kiosk.core.names import full_name
from kiosk.core.services import Kiosk
from kiosk.core.services.duplicates import (
    EMAIL_NAME,
    FOUND_BY_SEARCH,
    PART_OF_NAME,
    SAME_EMAIL,
    SAME_NAME,
    SIMILAR_AT_ORGANIZATION,
    SIMILAR_NAME,
    SWAPPED_NAME,
    PossibleDuplicate,
    possible_duplicates,
)
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.services.search import Search
from kiosk.core.sync.conflicts import possible_duplicate_walk_ins


def dupes(kiosk: Kiosk, event: Event, first: str, last: str = "", **kwargs: object) -> list[PossibleDuplicate]:
    return possible_duplicates(kiosk.ctx, event.id, first, last, **kwargs)  # type: ignore[arg-type]


def offered(kiosk: Kiosk, event: Event, first: str, last: str = "", **kwargs: object) -> list[PossibleDuplicate]:
    """What the walk-in form offers: with whom the desk's search finds."""
    return dupes(kiosk, event, first, last, with_search=True, **kwargs)


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
    register_people(kiosk, event.id, "José García", "Joseph Garcia-Lopez", "Ana Ruiz")
    assert who(dupes(kiosk, event, "jose", "GARCIA"))[0] == ("José García", SAME_NAME)
    assert who(dupes(kiosk, event, "jose", "GARCIA")) == [
        ("José García", SAME_NAME),
        ("Joseph Garcia-Lopez", PART_OF_NAME),  # two letters off, and a second surname: offered after
    ]


def test_a_name_in_another_script_is_found_as_typed(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "지민 김", "فاطمة الحسن")
    assert who(dupes(kiosk, event, "지민", "김")) == [("김지민", SAME_NAME)]  # shown family name first
    assert who(dupes(kiosk, event, "فاطمة", "الحسن")) == [("فاطمة الحسن", SAME_NAME)]


def test_first_and_last_name_swapped_are_shown_as_such(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Wei Li")
    assert who(dupes(kiosk, event, "Li", "Wei")) == [("Wei Li", SWAPPED_NAME)]


def test_a_preferred_name_with_the_last_name_is_the_same_name(kiosk: Kiosk, event: Event) -> None:
    kiosk.registrants.register(event.id, RegistrantDraft(first_name="Roberto", last_name="Kim", preferred_name="Bobby"))
    assert who(dupes(kiosk, event, "Bobby", "Kim")) == [("Bobby Kim", SAME_NAME)]


def test_a_first_name_alone_offers_the_same_name_first_then_names_it_is_part_of(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Ana Mora", "Ana", "Anabel Cruz", "Bao Tran")
    assert who(offered(kiosk, event, "Ana")) == [
        ("Ana", SAME_NAME),
        ("Ana Mora", PART_OF_NAME),
        ("Ana Ruiz", PART_OF_NAME),
        ("Anabel Cruz", FOUND_BY_SEARCH),  # as the desk's search lists her for "Ana"
    ]


def test_a_first_name_alone_is_not_a_sign_for_sync_review(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Ana Mora", "Ana")
    assert who(dupes(kiosk, event, "Ana")) == [("Ana", SAME_NAME)]


def test_a_similar_name_at_the_same_organization_comes_before_one_elsewhere(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    center = kiosk.organizations.create("The Fresno Center, Inc.")
    other = kiosk.organizations.create("Centro La Familia")
    register_people(kiosk, event.id, "John Smith", "Ana Mora", organization_id=center.id)
    register_people(kiosk, event.id, "Jonn Smith", organization_id=other.id)
    found = dupes(kiosk, event, "Jon", "Smith", organization="fresno center")
    assert who(found) == [("John Smith", SIMILAR_AT_ORGANIZATION), ("Jonn Smith", SIMILAR_NAME)]
    assert found[0].organization == "The Fresno Center, Inc."


def test_a_similar_name_at_another_or_no_organization_is_a_possible_duplicate(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    center = kiosk.organizations.create("The Fresno Center")
    register_people(kiosk, event.id, "John Smith", organization_id=center.id)
    assert who(dupes(kiosk, event, "Jon", "Smith")) == [("John Smith", SIMILAR_NAME)]
    assert who(dupes(kiosk, event, "Jon", "Smith", organization="A New Organization")) == [("John Smith", SIMILAR_NAME)]


def test_a_first_name_alone_at_the_same_organization_is_a_possible_duplicate(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    center = kiosk.organizations.create("The Fresno Center")
    register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran", organization_id=center.id)
    register_people(kiosk, event.id, "Ana Mora")
    assert who(dupes(kiosk, event, "Ana", organization="Fresno Center")) == [("Ana Ruiz", SIMILAR_AT_ORGANIZATION)]
    assert who(offered(kiosk, event, "Ana", organization="Fresno Center")) == [
        ("Ana Ruiz", SIMILAR_AT_ORGANIZATION),
        ("Ana Mora", PART_OF_NAME),
    ]


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
        ("Anita Ruiz", f"{SAME_EMAIL} and {SIMILAR_NAME}"),
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
    assert who(dupes(kiosk, event, "Ana", "Ruis")) == [("Ana Ruiz", SIMILAR_NAME)]  # no longer the same name


def test_a_markup_name_is_matched_as_plain_text(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "<b>Ana</b> Ruiz")
    assert who(dupes(kiosk, event, "<b>Ana</b>", "Ruiz")) == [("<b>Ana</b> Ruiz", SAME_NAME)]


# Names as a volunteer hears and types them (QA D1) -----------------------------------------------------


def test_a_name_typed_without_its_apostrophe_or_with_a_space_in_it_is_the_same_name(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    register_people(kiosk, event.id, "Darnell O'Brien", "Darnell Young")
    assert who(dupes(kiosk, event, "Darnell", "OBrien")) == [("Darnell O'Brien", SAME_NAME)]
    assert who(dupes(kiosk, event, "Darnell", "O Brien")) == [("Darnell O'Brien", SAME_NAME)]


def test_a_hyphenated_name_typed_as_one_word_or_two_is_the_same_name(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    register_people(kiosk, event.id, "Mei-Ling Lin", "Mei Chen")
    assert who(dupes(kiosk, event, "Meiling", "Lin")) == [("Mei-Ling Lin", SAME_NAME)]
    assert who(dupes(kiosk, event, "Mei Ling", "Lin")) == [("Mei-Ling Lin", SAME_NAME)]


def test_a_surname_with_particles_run_together_is_the_same_name(kiosk: Kiosk, event: Event) -> None:
    kiosk.registrants.register(event.id, RegistrantDraft(first_name="Francisco", last_name="de la Cruz"))
    assert who(dupes(kiosk, event, "Francisco", "Delacruz")) == [("Francisco de la Cruz", SAME_NAME)]


def test_a_registered_name_that_holds_the_typed_one_is_partly_the_same_name(kiosk: Kiosk, event: Event) -> None:
    kiosk.registrants.register(event.id, RegistrantDraft(first_name="Francisco", last_name="de la Cruz Santillán"))
    expected = [("Francisco de la Cruz Santillán", PART_OF_NAME)]
    assert who(dupes(kiosk, event, "Francisco", "De La Cruz")) == expected
    assert who(dupes(kiosk, event, "Francisco", "de la Cruz Santillán López")) == expected  # or the other way


@pytest.mark.parametrize(
    ("given", "family", "typed"),
    [("家豪", "王", "王家豪"), ("愛", "小林", "小林愛"), ("민준", "김", "김민준")],
)
def test_a_chinese_japanese_or_korean_name_typed_whole_family_name_first_is_the_same_name(
    kiosk: Kiosk, event: Event, given: str, family: str, typed: str
) -> None:
    kiosk.registrants.register(event.id, RegistrantDraft(first_name=given, last_name=family))
    assert who(dupes(kiosk, event, typed)) == [(full_name(given, family), SAME_NAME)]
    assert who(dupes(kiosk, event, "", typed)) == [(full_name(given, family), SAME_NAME)]


def test_a_name_a_letter_or_two_off_is_a_similar_name_at_any_organization(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    org = kiosk.organizations.create("Centro Binacional")
    register_people(kiosk, event.id, "Jesús Chávez", "Aileen Aquino", "Ana Mora", organization_id=org.id)
    assert who(dupes(kiosk, event, "Jesus", "Chaves")) == [("Jesús Chávez", SIMILAR_NAME)]
    assert who(dupes(kiosk, event, "Aileen", "Aqino", organization="Another Place")) == [
        ("Aileen Aquino", SIMILAR_NAME)
    ]
    assert who(dupes(kiosk, event, "Ailene", "Aquino")) == [("Aileen Aquino", SIMILAR_NAME)]
    assert dupes(kiosk, event, "Ana", "Ruiz") == []  # a different surname is not a near spelling


def test_a_name_in_another_script_is_found_from_the_local_part_of_the_email(kiosk: Kiosk, event: Event) -> None:
    kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="أحمد", last_name="يوسف", email="ahmed.yousef@example.org"),
            RegistrantDraft(first_name="Игорь", last_name="Орлов", email="IgorOrlov@example.org"),
            RegistrantDraft(first_name="Ana", last_name="Ruiz", email="ahmed@example.org"),
        ],
    )
    assert who(dupes(kiosk, event, "Ahmed", "Yousef")) == [("أحمد يوسف", EMAIL_NAME)]
    assert who(dupes(kiosk, event, "Yousef", "Ahmed")) == [("أحمد يوسف", EMAIL_NAME)]
    assert who(dupes(kiosk, event, "Igor", "Orlov")) == [("Игорь Орлов", EMAIL_NAME)]
    assert dupes(kiosk, event, "Ahmed", "Yusuf") == []  # only the name as the email spells it


def test_arabic_and_farsi_letters_typed_another_way_are_the_same_name(kiosk: Kiosk, event: Event) -> None:
    kiosk.registrants.register_many(
        event.id,
        [RegistrantDraft(first_name="أحمد", last_name="يوسف"), RegistrantDraft(first_name="علی", last_name="پارسا")],
    )
    assert who(dupes(kiosk, event, "احمد", "يوسف")) == [("أحمد يوسف", SAME_NAME)]
    assert who(dupes(kiosk, event, "علي", "پارسا")) == [("علی پارسا", SAME_NAME)]


def test_the_form_offers_a_handful_strongest_sign_first(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(
        kiosk,
        event.id,
        "Ana Ruis",  # similar
        "Ruiz Ana",  # swapped
        "Ana Ruiz Mora",  # partly
        "Anabel Ruizvega",  # found by the desk's search
        "Ana Ruiz",  # same
        "Ana Ruíz",  # same
        "Anastasia Ruizdiaz",  # found by the desk's search
    )
    found = who(offered(kiosk, event, "Ana", "Ruiz"))
    assert sorted(found[:2]) == [("Ana Ruiz", SAME_NAME), ("Ana Ruíz", SAME_NAME)]  # one folded name: either order
    assert found[2:] == [
        ("Ruiz Ana", SWAPPED_NAME),
        ("Ana Ruis", SIMILAR_NAME),
        ("Ana Ruiz Mora", PART_OF_NAME),
    ]


def test_records_merged_into_another_are_never_offered_nor_take_a_place(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    ana, _ruis = register_people(kiosk, event.id, "Ana Ruiz", "Ana Ruis")
    for _ in range(6):  # the same person registered again at the desk, merged by staff
        walk_in = kiosk.desk.register_walk_in(event, "Ana", "Ruiz")
        assert walk_in.person is not None
        kiosk.merges.merge(ana.id, walk_in.person.registrant_id, "Mai", "same person")
    found = offered(kiosk, event, "Ana", "Ruiz", limit=2)
    assert who(found) == [("Ana Ruiz", SAME_NAME), ("Ana Ruis", SIMILAR_NAME)]
    assert found[0].registrant_id == ana.id


NAMES = [
    ("Ana", "Ruiz"),
    ("Ana María", "Ruiz López"),
    ("Anabel", "Cruz"),
    ("Darnell", "O'Brien"),
    ("Mei-Ling", "Lin"),
    ("Jesús", "Chávez"),
    ("José", "García"),
    ("家豪", "王"),
    ("愛", "小林"),
    ("أحمد", "يوسف"),
    ("Thảo", "Nguyễn"),
    ("Aileen", "Aquino"),
]


@pytest.fixture(scope="module")
def people_station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Kiosk, Event]]:
    """One station with a dozen people in several scripts, shared by every generated name (a look-up writes
    nothing)."""
    station = Kiosk.open(tmp_path_factory.mktemp("duplicates") / "data", "Table A")
    event = station.events.create(name="Fresno", slug="fresno", date=dt.date(2025, 5, 14), city="Fresno")
    drafts = [RegistrantDraft(first_name=f, last_name=last, email="") for f, last in NAMES]
    station.registrants.register_many(event.id, drafts)
    yield station, event
    station.close()


WORDS = sorted({word for first, last in NAMES for word in f"{first} {last}".replace("-", " ").split()})
TYPED_WORD = st.sampled_from(WORDS).flatmap(lambda w: st.integers(1, len(w)).map(lambda n: w[:n]))


@given(first=st.lists(TYPED_WORD, max_size=2).map(" ".join), last=st.lists(TYPED_WORD, max_size=2).map(" ".join))
def test_the_form_offers_everyone_the_desk_search_finds_for_the_name(
    people_station: tuple[Kiosk, Event], first: str, last: str
) -> None:
    kiosk, event = people_station
    searched = {hit.registrant_id for hit in Search(kiosk.ctx).registrants(event.id, f"{first} {last}")}
    found = {p.registrant_id for p in offered(kiosk, event, first, last, limit=len(NAMES))}
    assert searched <= found


FORM_TEXT = st.one_of(
    st.text(max_size=30),
    st.lists(
        st.sampled_from(['"', "'", "*", "-", ":", "(", ")", "{names}", "AND", "OR", "NOT", "Ana", "王"]), max_size=6
    ).map(" ".join),
)


@given(first=FORM_TEXT, last=FORM_TEXT, email=FORM_TEXT, organization=FORM_TEXT)
def test_anything_typed_in_the_form_gives_a_short_list_without_raising(
    people_station: tuple[Kiosk, Event], first: str, last: str, email: str, organization: str
) -> None:
    kiosk, event = people_station
    found = offered(kiosk, event, first, last, email=email, organization=organization)
    assert len(found) <= 5 and len({p.registrant_id for p in found}) == len(found)


# Sync's review of walk-ins ------------------------------------------------------------------------------


def test_sync_review_pairs_a_walk_in_with_the_registrant_spelt_another_way(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    register_people(kiosk, event.id, "Darnell O'Brien", "Aileen Aquino")
    kiosk.desk.register_walk_in(event, "Darnell", "OBrien")
    kiosk.desk.register_walk_in(event, "Aileen", "")
    pairs = possible_duplicate_walk_ins(kiosk.ctx, event.id)
    # A first name alone is offered at the table, not listed for staff to merge.
    assert [(p.walk_in.display_name, p.other.display_name, p.reason) for p in pairs] == [
        ("Darnell OBrien", "Darnell O'Brien", SAME_NAME)
    ]


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
