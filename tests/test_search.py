"""Search as you type at the desk: Search.registrants, on this station and on one that replays its entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.changelog import all_entries, ingest
from kiosk.core.models import Event, Role
from kiosk.core.names import full_name
from kiosk.core.replica import UPSERT, search_entry
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.services.search import Search, SearchHit, query_words
from kiosk.core.text import index_words


def names(hits: list[SearchHit]) -> list[str]:
    return [hit.display_name for hit in hits]


def find(kiosk: Kiosk, event: Event, text: str) -> list[str]:
    return names(Search(kiosk.ctx).registrants(event.id, text))


def test_a_first_name_finds_the_person(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran")
    assert find(kiosk, event, "Ana") == ["Ana Ruiz"]


def test_a_last_name_finds_the_person(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran")
    assert find(kiosk, event, "tran") == ["Bao Tran"]


def test_a_preferred_name_finds_the_person_and_is_shown(kiosk: Kiosk, event: Event) -> None:
    kiosk.registrants.register(event.id, RegistrantDraft(first_name="Robert", last_name="Kim", preferred_name="Bobby"))
    assert find(kiosk, event, "bob") == ["Bobby Kim"]


def test_an_organization_finds_its_people(kiosk: Kiosk, event: Event, register_people) -> None:
    org = kiosk.organizations.create("Centro Binacional")
    register_people(kiosk, event.id, "Ana Ruiz", organization_id=org.id)
    register_people(kiosk, event.id, "Bao Tran")
    assert find(kiosk, event, "binac") == ["Ana Ruiz"]


def test_an_email_finds_the_person(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", email="aruiz@centro.org")
    register_people(kiosk, event.id, "Bao Tran")
    assert find(kiosk, event, "aruiz@cen") == ["Ana Ruiz"]


def test_a_ticket_code_finds_the_person_typed_with_or_without_its_dash(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    ana, _ = register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran")
    code = ana.ticket_code.replace("-", "")
    for typed in (code, code.lower(), f"{code[:4]}-{code[4:]}", f"{code[:4]}-{code[4:6]}", code[:5]):
        assert find(kiosk, event, typed) == ["Ana Ruiz"], typed


def test_a_two_letter_name_is_found_from_its_first_letter(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Wei Li", "Bao Ng", "Ana Ruiz")
    assert find(kiosk, event, "L") == ["Wei Li"]
    assert find(kiosk, event, "Li") == ["Wei Li"]
    assert find(kiosk, event, "ng") == ["Bao Ng"]


def test_one_letter_lists_name_matches_alphabetically(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Marta Lopez", "Ana Mora", "Mai Tran", "Bao Tran")
    assert find(kiosk, event, "m") == ["Ana Mora", "Mai Tran", "Marta Lopez"]


def test_an_exact_name_comes_before_longer_names_it_starts(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Lim", "Wei Li", "Bao Lindqvist")
    assert find(kiosk, event, "li") == ["Wei Li", "Ana Lim", "Bao Lindqvist"]


def test_name_matches_come_before_organization_and_email_matches(kiosk: Kiosk, event: Event, register_people) -> None:
    org = kiosk.organizations.create("Ramos Family Clinic")
    register_people(kiosk, event.id, "Ana Ruiz", organization_id=org.id)
    register_people(kiosk, event.id, "Zoe Ramos")
    register_people(kiosk, event.id, "Bao Tran", email="ramos.fan@example.org")
    assert find(kiosk, event, "ramos") == ["Zoe Ramos", "Ana Ruiz", "Bao Tran"]


def test_search_ignores_case_and_latin_accents(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "José Núñez", "Thị Nguyễn")
    assert find(kiosk, event, "jose") == ["José Núñez"]
    assert find(kiosk, event, "NUNEZ") == ["José Núñez"]
    assert find(kiosk, event, "nguyen") == ["Thị Nguyễn"]
    assert find(kiosk, event, "Nguyễn") == ["Thị Nguyễn"]


def test_names_in_every_script_are_found(kiosk: Kiosk, event: Event) -> None:
    people = [
        ("민준", "김"),
        ("محمد", "رضایی"),
        ("प्रिया", "शर्मा"),
        ("小明", "王"),
        ("Արամ", "Պետրոսյան"),
        ("Иван", "Петров"),
        ("ਨਵਦੀਪ", "ਪੰਨੂ"),
        ("សុខ", "ចាន់"),
        ("ሰላም", "ተስፋዬ"),
    ]
    kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name=f, last_name=last) for f, last in people])
    for first, last in people:
        for query in (first, last, first[:1], last[:2], f"{last} {first}"):
            assert full_name(first, last) in find(kiosk, event, query), query


def test_a_word_in_the_middle_of_a_compound_name_finds_it(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "María Hernández-Villanueva", "Ana Ruiz")
    assert find(kiosk, event, "Hernández") == ["María Hernández-Villanueva"]
    assert find(kiosk, event, "villa") == ["María Hernández-Villanueva"]


def test_words_match_in_any_order(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz", "Ana Mora", "Luis Ruiz")
    assert find(kiosk, event, "ruiz ana") == ["Ana Ruiz"]
    assert find(kiosk, event, "ana ruiz") == ["Ana Ruiz"]
    assert find(kiosk, event, "ru an") == ["Ana Ruiz"]


def test_people_of_another_event_are_not_found(kiosk: Kiosk, event: Event, register_people, create_event) -> None:
    other = create_event(kiosk, "la-2025")
    register_people(kiosk, other.id, "Ana Ruiz")
    assert find(kiosk, event, "ana") == []


def test_results_stop_at_the_limit(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, *(f"Ana Person{i:02}" for i in range(30)))
    hits = Search(kiosk.ctx).registrants(event.id, "ana", limit=5)
    assert names(hits) == [f"Ana Person{i:02}" for i in range(5)]


def test_an_empty_or_blank_query_finds_no_one(kiosk: Kiosk, event: Event, register_people) -> None:
    register_people(kiosk, event.id, "Ana Ruiz")
    assert find(kiosk, event, "") == find(kiosk, event, "  - ") == []


def test_a_hit_tells_two_people_of_the_same_name_apart(kiosk: Kiosk, event: Event) -> None:
    org = kiosk.organizations.create("Centro Binacional")
    one, two = kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="Ana", last_name="Ruiz", organization_id=org.id, title="Director"),
            RegistrantDraft(first_name="Ana", last_name="Ruiz", role=Role.SPEAKER, walk_in=True),
        ],
    )
    kiosk.checkins.check_in(two.id)
    hits = {hit.registrant_id: hit for hit in Search(kiosk.ctx).registrants(event.id, "ana ruiz")}
    assert hits[one.id] == SearchHit(
        one.id, "Ana Ruiz", "Ruiz", "Centro Binacional", "attendee", "Director", "registered", False, False,
        one.ticket_code,
    )  # fmt: skip
    assert (hits[two.id].role, hits[two.id].walk_in, hits[two.id].checked_in) == ("speaker", True, True)


def test_a_voided_check_in_leaves_the_person_not_checked_in(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    result = kiosk.checkins.check_in(ana.id)
    assert result.checkin_id is not None
    kiosk.checkins.void(result.checkin_id, "wrong person")
    assert Search(kiosk.ctx).registrants(event.id, "ana")[0].checked_in is False


def test_a_cancelled_person_is_still_found_and_marked(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.registrants.cancel(ana.id)
    (hit,) = Search(kiosk.ctx).registrants(event.id, "ana")
    assert (hit.status, hit.cancelled) == ("cancelled", True)


def test_a_renamed_person_is_found_by_the_new_name_and_not_the_old(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.registrants.update(ana.id, last_name="Garcia")
    assert find(kiosk, event, "garcia") == ["Ana Garcia"]
    assert find(kiosk, event, "ruiz") == []


def test_a_renamed_organization_is_found_by_its_new_name(kiosk: Kiosk, event: Event, register_people) -> None:
    org = kiosk.organizations.create("Centro Binacional")
    register_people(kiosk, event.id, "Ana Ruiz", organization_id=org.id)
    with kiosk.ctx.transaction() as w:  # no service renames organizations yet; a synced rename does this
        w.record("organization", org.id, UPSERT, {"name": "Casa Fresno"})
    assert find(kiosk, event, "casa") == ["Ana Ruiz"]
    assert find(kiosk, event, "centro") == []


def test_an_imported_registrant_is_searchable(kiosk: Kiosk, event: Event, tmp_path: Path) -> None:
    export = tmp_path / "attendees.csv"
    export.write_text("First Name,Last Name,Email\nThị,Nguyễn,thi@example.org\nWei,Li,wei@example.org\n", "utf-8")
    kiosk.imports.run(export, event.id)
    assert find(kiosk, event, "nguyen") == ["Thị Nguyễn"]
    assert find(kiosk, event, "li") == ["Wei Li"]


def test_a_station_that_replays_the_entries_finds_the_same_people(
    tmp_path: Path, kiosk: Kiosk, event: Event, register_people
) -> None:
    org = kiosk.organizations.create("Centro Binacional")
    ana, _, _ = register_people(kiosk, event.id, "Ana Ruiz", "Thị Nguyễn", "민준 김", organization_id=org.id)
    kiosk.registrants.update(ana.id, last_name="Garcia")
    other = Kiosk.open(tmp_path / "other", "Table B")
    try:
        with kiosk.ctx.store.write() as db:
            entries = all_entries(db)
        with other.ctx.store.write() as db:
            ingest(db, entries, other.ctx.clock)
        for query in ("a", "garcia", "ruiz", "nguyen", "김", "centro", "binacional ana"):
            assert find(other, event, query) == find(kiosk, event, query), query
        assert find(other, event, "garcia") == ["Ana Garcia"]
    finally:
        other.close()


def test_markup_in_a_name_is_found_and_comes_back_as_written(kiosk: Kiosk, event: Event) -> None:
    kiosk.registrants.register(event.id, RegistrantDraft(first_name="<b>Ana</b>", last_name="Ruiz"))
    assert find(kiosk, event, "ana") == ["<b>Ana</b> Ruiz"]


QUERY_TEXT = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from(['"', "'", "*", "-", "+", "^", ":", "(", ")", "{", "}", "NEAR", "AND", "OR", "NOT", "a", "é"]),
        max_size=8,
    ).map(" ".join),
    st.lists(st.sampled_from(['"', "*", "(", ")", "NEAR", "names:", "{key}", "Ana"]), max_size=8).map("".join),
)


@pytest.fixture(scope="module")
def search_station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Kiosk, Event]]:
    """One station with a few people, shared by every generated query (a query writes nothing)."""
    station = Kiosk.open(tmp_path_factory.mktemp("search") / "data", "Table A")
    event = station.events.create(name="Fresno", slug="fresno", date=dt.date(2025, 5, 14), city="Fresno")
    station.registrants.register_many(
        event.id, [RegistrantDraft(first_name=f, last_name=last) for f, last in (("Ana", "Ruiz"), ("민준", "김"))]
    )
    yield station, event
    station.close()


@given(text=QUERY_TEXT)
def test_any_query_returns_a_list_without_raising(search_station: tuple[Kiosk, Event], text: str) -> None:
    kiosk, event = search_station
    assert isinstance(Search(kiosk.ctx).registrants(event.id, text), list)


def test_a_ticket_code_is_matched_from_three_characters_not_fewer(kiosk: Kiosk, event: Event, register_people) -> None:
    (person,) = register_people(kiosk, event.id, "Bao Tran")
    code = person.ticket_code.lower()
    first = code[0]
    if first in "bt":  # the name itself would match: look at the code's second half instead
        code = code[4:] + code[:4]
        first = code[0]
    if first not in "bt":
        assert find(kiosk, event, first) == []
        assert find(kiosk, event, code[:2]) == []
    assert find(kiosk, event, person.ticket_code.lower()[:3]) == ["Bao Tran"]
    assert find(kiosk, event, f"{person.ticket_code[:4]}-{person.ticket_code[4:6]}") == ["Bao Tran"]


@pytest.mark.parametrize("letter", ["c", "e", "r"])
def test_one_letter_never_matches_the_hidden_key_words(
    kiosk: Kiosk, event: Event, register_people, letter: str
) -> None:
    # Each row also holds 'c<code>', 'e<event>' and 'r<registrant>' words for lookups; typing their letter
    # must not list everyone.
    register_people(kiosk, event.id, "Bao Tran", "Ana Ruiz")
    expected = ["Ana Ruiz"] if letter == "r" else []
    assert find(kiosk, event, letter) == expected


# Names in other scripts as they are usually typed (QA D4) -----------------------------------------------


@pytest.mark.parametrize(
    ("given", "family", "typed"),
    [
        ("家豪", "王", "王家豪"),  # Chinese: family name first, no space
        ("愛", "小林", "小林愛"),  # Japanese
        ("민준", "김", "김민준"),  # Korean
        ("家豪", "王", "王家"),  # while typing
        ("家豪", "王", "家豪王"),  # given name first, as a badge shows it
    ],
)
def test_a_cjk_full_name_typed_without_a_space_finds_the_person(
    kiosk: Kiosk, event: Event, given: str, family: str, typed: str
) -> None:
    kiosk.registrants.register_many(
        event.id,
        [RegistrantDraft(first_name=given, last_name=family), RegistrantDraft(first_name="家", last_name="李")],
    )
    assert find(kiosk, event, typed) == [full_name(given, family)]  # shown family name first: 王家豪


def found_beside_another(
    kiosk: Kiosk, event: Event, first: str, last: str, other: tuple[str, str], typed: str
) -> list[str]:
    """Who a search for `typed` finds, with `first last` registered beside one other person."""
    kiosk.registrants.register_many(
        event.id,
        [RegistrantDraft(first_name=first, last_name=last), RegistrantDraft(first_name=other[0], last_name=other[1])],
    )
    return find(kiosk, event, typed)


@pytest.mark.parametrize(
    ("first", "last", "typed"),
    [
        ("أحمد", "يوسف", "احمد"),  # alef without its hamza
        ("إبراهيم", "حداد", "ابراهيم"),
        ("علی", "پارسا", "علي پارسا"),  # Arabic yeh for Farsi yeh
        ("کیان", "رضایی", "كيان"),  # Arabic kaf for keheh
        ("فاطمة", "حسن", "فاطمه"),  # heh for teh marbuta
        ("مصطفى", "كمال", "مصطفي"),  # yeh for alef maksura
        ("فاطمه", "کریمی", "فاطمة كريمي"),  # and the other way
        ("مُحَمَّد", "عَلِيّ", "محمد علي"),  # harakat written, not typed
        ("محمد", "رضا", "مُحَمَّد"),  # and the other way
    ],
)
def test_arabic_and_farsi_letters_typed_another_way_find_the_person(
    kiosk: Kiosk, event: Event, first: str, last: str, typed: str
) -> None:
    assert found_beside_another(kiosk, event, first, last, ("زياد", "علوان"), typed) == [f"{first} {last}"]


@pytest.mark.parametrize(
    ("first", "last", "typed"),
    [
        ("فاطمة", "عبد الله", "عبدالله"),
        ("Mei-Ling", "Lin", "meiling"),
        ("Darnell", "O'Brien", "obrien"),
        ("Francisco", "de la Cruz", "delacruz"),
    ],
)
def test_a_name_of_several_words_typed_as_one_finds_the_person(
    kiosk: Kiosk, event: Event, first: str, last: str, typed: str
) -> None:
    assert found_beside_another(kiosk, event, first, last, ("Ana", "Ruiz"), typed) == [f"{first} {last}"]


@pytest.mark.parametrize(
    ("first", "last", "typed"),
    [
        ("أحمد", "الحسن", "حسن"),  # the family name without its article
        ("أحمد", "الحسن", "احمد حسن"),
        ("زينب", "آل سعيد", "سعيد"),  # a separate آل was a word of its own already
        ("نور الدين", "العلي", "نور علي"),
    ],
)
def test_an_arabic_family_name_typed_without_its_article_finds_the_person(
    kiosk: Kiosk, event: Event, first: str, last: str, typed: str
) -> None:
    assert found_beside_another(kiosk, event, first, last, ("حسين", "عبد الله"), typed) == [f"{first} {last}"]


def test_allah_in_a_name_is_not_indexed_as_a_word_of_two_letters(kiosk: Kiosk, event: Event) -> None:
    assert found_beside_another(kiosk, event, "عبد الله", "يوسف", ("Ana", "Ruiz"), "له") == []


def test_a_station_that_replays_the_entries_finds_a_cjk_name_typed_whole(
    kiosk: Kiosk, event: Event, tmp_path: Path
) -> None:
    kiosk.registrants.register(event.id, RegistrantDraft(first_name="家豪", last_name="王"))
    other = Kiosk.open(tmp_path / "other", "Table B")
    try:
        with kiosk.ctx.store.write() as db:
            entries = all_entries(db)
        with other.ctx.store.write() as db:
            ingest(db, entries, other.ctx.clock)
        assert [h.display_name for h in Search(other.ctx).registrants(event.id, "王家豪")] == ["王家豪"]
    finally:
        other.close()


ARABIC_SPELLINGS = [
    ("ا", "أ", "إ", "آ"),
    ("ي", "ی", "ى"),
    ("ك", "ک"),
    ("ه", "ة"),
    ("م",),
    ("ح",),
    ("د",),
    ("ل",),
    ("ن",),
]
ARABIC_NAME = st.lists(st.lists(st.sampled_from(ARABIC_SPELLINGS), min_size=1, max_size=6), min_size=1, max_size=3)


def _index_words(first: str, last: str) -> set[str]:
    """The words of a registrant's names column, as search_entry makes it."""
    names = search_entry("r", "e", first, last, None, None, None, None)[2][0]
    return set(index_words(names))


@given(name=ARABIC_NAME, picks=st.lists(st.integers(0, 3), min_size=18, max_size=18))
def test_any_spelling_of_an_arabic_name_typed_is_in_the_index(
    name: list[list[tuple[str, ...]]], picks: list[int]
) -> None:
    written = ["".join(letters[0] for letters in word) for word in name]
    choices = iter(picks)
    typed = " ".join("".join(letters[next(choices) % len(letters)] for letters in word) for word in name)
    assert set(query_words(typed)) <= _index_words(written[0], " ".join(written[1:]))


CJK = st.text(alphabet="王李張陳林小山田愛家豪明子々김이박민준서연ひろしカタナ", min_size=1, max_size=3)


@given(given_name=CJK, family=CJK)
def test_a_cjk_name_typed_whole_either_way_is_a_word_of_the_index(given_name: str, family: str) -> None:
    words = _index_words(given_name, family)
    assert set(query_words(family + given_name)) <= words
    assert set(query_words(given_name + family)) <= words
