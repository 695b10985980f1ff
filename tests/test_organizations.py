"""Organizations' sectors: the words a form or staff use, setting one on every spelling, the event's
roster, the day's figures that count by sector, and `kiosk organizations`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.core.changelog import Entry, newest_entries
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.figures.day import day_figures
from kiosk.core.models import Event, Sector
from kiosk.core.services import Kiosk
from kiosk.core.services.organizations import parse_sector
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.protocol import exchange


def newest(kiosk: Kiosk) -> Entry:
    with kiosk.ctx.store.write() as db:
        return newest_entries(db, 1)[0]


def people_of(kiosk: Kiosk, event: Event, organization: str, *firsts: str) -> list[str]:
    org = kiosk.organizations.find_or_create(organization)
    drafts = [RegistrantDraft(first_name=f, last_name="Vang", organization_id=org.id) for f in firsts]
    return [r.id for r in kiosk.registrants.register_many(event.id, drafts)]


@pytest.mark.parametrize(
    ("words", "sector"),
    [
        ("Ethnic media", Sector.ETHNIC_MEDIA),
        ("  ETHNIC AND COMMUNITY MEDIA ", Sector.ETHNIC_MEDIA),
        ("ethnic_media", Sector.ETHNIC_MEDIA),
        ("CBO", Sector.COMMUNITY_BASED),
        ("Nonprofit", Sector.COMMUNITY_BASED),
        ("State agencies", Sector.STATE_AGENCY),
        ("County", Sector.LOCAL_GOVERNMENT),
        ("Tribal-serving organizations", Sector.TRIBAL_SERVING),
        ("Foundation", Sector.PHILANTHROPY),
        ("Elected official", Sector.ELECTED_OFFICE),
    ],
)
def test_a_sector_is_read_from_the_words_forms_and_reports_use(words: str, sector: Sector) -> None:
    assert parse_sector(words) is sector


def test_an_unknown_sector_is_refused_naming_the_sectors_there_are() -> None:
    with pytest.raises(InvalidInput, match="unknown sector 'Pirates'; use one of: community_based, ethnic_media"):
        parse_sector("Pirates")


@given(st.text(max_size=40))
def test_any_text_is_a_sector_or_a_clean_refusal(text: str) -> None:
    try:
        assert isinstance(parse_sector(text), Sector)
    except InvalidInput as exc:
        assert "unknown sector" in str(exc)


def test_the_roster_lists_the_events_organizations_with_people_registered_and_checked_in(
    kiosk: Kiosk, event: Event, create_event
) -> None:
    ids = people_of(kiosk, event, "Hmong Daily News", "Mai", "Kou")
    people_of(kiosk, event, "The Fresno Center, Inc.", "Pa")
    other = create_event(kiosk, "other-2025")
    people_of(kiosk, other, "Only Elsewhere", "Tou")
    kiosk.checkins.check_in(ids[0])

    lines = kiosk.organizations.roster(event.id)

    assert [(line.name, line.sector, line.registered, line.checked_in) for line in lines] == [
        ("Hmong Daily News", Sector.COMMUNITY_BASED, 2, 1),
        ("The Fresno Center, Inc.", Sector.COMMUNITY_BASED, 1, 0),
    ]
    assert [(line.name, line.registered) for line in kiosk.organizations.roster(event.id, every=True)] == [
        ("Hmong Daily News", 2), ("Only Elsewhere", 0), ("The Fresno Center, Inc.", 1)
    ]  # fmt: skip


def test_setting_a_sector_by_any_spelling_changes_the_days_figures(kiosk: Kiosk, event: Event) -> None:
    ids = people_of(kiosk, event, "Hmong Daily News", "Mai", "Kou")
    for person in ids:
        kiosk.checkins.check_in(person)
    assert day_figures(kiosk.ctx, event).ethnic_media_organizations == 0

    kiosk.organizations.set_sector("  hmong daily news ", "Ethnic media")

    figures = day_figures(kiosk.ctx, event)
    assert figures.ethnic_media_organizations == 1
    assert figures.participants_by_sector == {"ethnic_media": 2}
    entry = newest(kiosk)
    assert (entry.entity, entry.payload) == ("organization", {"sector": "ethnic_media"})


def test_a_sector_set_again_writes_nothing(kiosk: Kiosk, event: Event) -> None:
    people_of(kiosk, event, "Caltrans", "Mai")
    kiosk.organizations.set_sector("Caltrans", Sector.STATE_AGENCY)
    before = newest(kiosk)

    kiosk.organizations.set_sector("Caltrans", "state agency")

    assert newest(kiosk) == before


def test_an_unknown_organization_is_refused_with_where_to_look(kiosk: Kiosk) -> None:
    with pytest.raises(NotFound, match="no organization named 'Nowhere'; `kiosk organizations --all` lists them"):
        kiosk.organizations.set_sector("Nowhere", Sector.EDUCATION)


def test_a_sector_set_on_one_station_covers_the_spelling_another_station_made_offline(
    kiosk: Kiosk, event: Event, tmp_path: Path
) -> None:
    other = Kiosk.open(tmp_path / "table-b", "Table B")
    try:
        exchange(kiosk.ctx, other.ctx)  # the event reaches table B
        people_of(kiosk, event, "Vietnam Daily News", "Mai")
        people_of(other, event, "Vietnam Daily News.", "Kou")  # the same newspaper, made offline at table B
        exchange(kiosk.ctx, other.ctx)

        rows = kiosk.organizations.set_sector("Vietnam Daily News", Sector.ETHNIC_MEDIA)
        exchange(kiosk.ctx, other.ctx)

        assert len(rows) == 2 and {row.sector for row in rows} == {"ethnic_media"}
        assert [(line.sector, line.registered) for line in other.organizations.roster(event.id)] == [
            (Sector.ETHNIC_MEDIA, 2)
        ]
    finally:
        other.close()


def test_kiosk_organizations_lists_and_sets_sectors(
    capsys: pytest.CaptureFixture[str], kiosk: Kiosk, event: Event, data_dir: Path
) -> None:
    people_of(kiosk, event, "<b>Radio Bilingüe</b>", "Mai")
    base = ["--data-dir", str(data_dir)]

    assert main([*base, "organizations", "--set-sector", "<b>radio bilingue</b>", "media"]) == 0
    assert capsys.readouterr().out == "<b>Radio Bilingüe</b>: Ethnic and community media\n"

    assert main([*base, "organizations", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["organizations"] == [
        {"name": "<b>Radio Bilingüe</b>", "sector": "ethnic_media", "registered": 1, "checked_in": 0, "languages": []}
    ]
    assert main([*base, "organizations", "--set-sector", "Radio Nowhere", "media"]) == 1
    assert "no organization named 'Radio Nowhere'" in capsys.readouterr().err


def test_the_languages_an_organization_serves_are_set_by_name_and_counted_as_served(kiosk: Kiosk, event: Event) -> None:
    (person,) = people_of(kiosk, event, "Cherokee Nation", "Wilma")
    kiosk.checkins.check_in(person)

    kiosk.organizations.set_languages("cherokee nation", "Cherokee, English y Español")

    assert kiosk.organizations.roster(event.id)[0].languages == ("chr", "en", "es")
    figures = day_figures(kiosk.ctx, event)
    assert figures.languages_served == 3 and figures.languages == {"chr": 1, "en": 1, "es": 1}


def test_a_language_no_one_knows_is_refused_naming_it_and_nothing_changes(kiosk: Kiosk, event: Event) -> None:
    people_of(kiosk, event, "Cherokee Nation", "Wilma")
    kiosk.organizations.set_languages("Cherokee Nation", "Cherokee")

    with pytest.raises(InvalidInput, match="not a language: 'Klingon'; give names such as 'Spanish, Hmong'"):
        kiosk.organizations.set_languages("Cherokee Nation", "English, Klingon")

    assert kiosk.organizations.roster(event.id)[0].languages == ("chr",)


def test_kiosk_organizations_lists_the_languages_served_by_name(
    capsys: pytest.CaptureFixture[str], kiosk: Kiosk, event: Event, data_dir: Path
) -> None:
    people_of(kiosk, event, "Iu Mien Community Services", "Fou")
    base = ["--data-dir", str(data_dir)]

    assert main([*base, "organizations", "--set-languages", "Iu Mien Community Services", "iu mien, lao"]) == 0
    assert capsys.readouterr().out == "Iu Mien Community Services: Iu Mien, Lao\n"
    assert main([*base, "organizations"]) == 0
    row = capsys.readouterr().out.splitlines()[1]
    assert " ".join(row.split()) == "Iu Mien Community Services Community-based organizations 1 0 Iu Mien, Lao"


def test_many_organizations_get_a_sector_at_once_and_the_names_no_one_has_are_returned(
    kiosk: Kiosk, event: Event
) -> None:
    people_of(kiosk, event, "Hmong Daily News", "Mai")
    people_of(kiosk, event, "Radio Bilingüe", "Ana")
    with kiosk.ctx.store.write() as db:
        before = db.execute("SELECT count(*) FROM change_log").fetchone()[0]

    missing = kiosk.organizations.set_sector_of(["hmong daily news", "Radio Bilingue", "Gone Gazette"], "media")

    assert missing == ["Gone Gazette"]
    assert {line.name: line.sector for line in kiosk.organizations.roster(event.id)} == {
        "Hmong Daily News": Sector.ETHNIC_MEDIA,
        "Radio Bilingüe": Sector.ETHNIC_MEDIA,
    }
    with kiosk.ctx.store.write() as db:
        assert db.execute("SELECT count(*) FROM change_log").fetchone()[0] == before + 2


def test_someone_cancelled_after_checking_in_counts_in_the_roster_as_in_the_days_figures(
    kiosk: Kiosk, event: Event, tmp_path: Path
) -> None:
    """A re-imported export marks a checked-in person Refunded: their check-in still counts (the import says
    so), in the roster as in the report, and their organization stays among those represented."""
    mai, _kou = people_of(kiosk, event, "Hmong Daily News", "Mai", "Kou")
    kiosk.checkins.check_in(mai)
    kiosk.organizations.set_sector("Hmong Daily News", Sector.ETHNIC_MEDIA)
    first = tmp_path / "first.csv"
    first.write_text("First name,Last name,Email,Organization,Status\nAna,Ruiz,ana@example.org,Solo Org,Attending\n")
    kiosk.imports.run(first, event.id)
    with kiosk.ctx.store.write() as db:
        (ana,) = db.execute("SELECT id FROM registrant WHERE email = 'ana@example.org'").fetchone()
    kiosk.checkins.check_in(ana)
    again = tmp_path / "again.csv"
    again.write_text(first.read_text().replace("Attending", "Refunded"))
    kiosk.imports.run(again, event.id)

    figures = day_figures(kiosk.ctx, event)
    lines = kiosk.organizations.roster(event.id)

    assert (figures.registered, figures.participants, figures.cancelled) == (2, 2, 1)
    assert sum(line.checked_in for line in lines) == figures.participants
    assert sum(1 for line in lines if line.checked_in) == figures.unique_organizations == 2
    present = [line for line in lines if line.checked_in]
    assert {s: sum(1 for line in present if line.sector == s) for s in {line.sector for line in present}} == (
        figures.organizations_by_sector
    )
    assert [(line.name, line.registered, line.checked_in) for line in lines] == [
        ("Hmong Daily News", 2, 1), ("Solo Org", 0, 1)
    ]  # fmt: skip
