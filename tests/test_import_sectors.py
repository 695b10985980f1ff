"""Importing an organization type column ("Organization type", "What best describes your organization?"):
the sector of each row's organization, set through the change log, once, and never by a blank cell."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from test_imports import EVENTBRITE, log_size, parsed_both_ways, registrants, run, write

from kiosk.cli import main
from kiosk.core.errors import InvalidInput
from kiosk.core.figures import day_figures
from kiosk.core.models import Event, Organization, Sector
from kiosk.core.services import Kiosk
from kiosk.core.services.import_rows import NO_ORGANIZATION
from kiosk.core.services.import_sectors import SECTOR_EXAMPLES
from kiosk.core.services.organizations import parse_sector
from kiosk.core.text import fold

HEADER = "First name,Last name,Email,Organization,Organization type\n"


def sheet(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def organizations(kiosk: Kiosk) -> dict[str, Organization]:
    with kiosk.ctx.store.session() as s:
        return {o.name: o for o in s.exec(select(Organization))}


def organization_entries(kiosk: Kiosk) -> list[tuple[str, dict[str, object]]]:
    with kiosk.ctx.store.write() as db:
        rows = db.execute(
            "SELECT entity_id, payload FROM change_log WHERE entity = 'organization' ORDER BY station_seq"
        ).fetchall()
    return [(entity_id, json.loads(payload)) for entity_id, payload in rows]


def test_a_new_organization_gets_the_sector_its_row_gives(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    path = write(tmp_path, "s.csv", sheet("Ana,Ruiz,ana@example.org,Radio Bilingüe,Ethnic media"))
    summary = run(kiosk, event, path)
    assert (summary.added, summary.organizations_created, summary.organization_sectors_set) == (1, 1, 1)
    assert organizations(kiosk)["Radio Bilingüe"].sector == Sector.ETHNIC_MEDIA
    ((_, payload),) = organization_entries(kiosk)
    assert payload["sector"] == "ethnic_media"  # made with it: one entry, not a creation and a change


def test_an_eventbrite_organization_type_question_sets_the_sector_and_stays_an_answer(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    lines = EVENTBRITE.split("\r\n")
    question = "What best describes your organization? "  # a custom question, Eventbrite's trailing space
    answers = ["CBO", "Ethnic media", "Church", "CBO"]
    export = "\r\n".join(
        [f"{lines[0]},{question}", *(f"{line},{answer}" for line, answer in zip(lines[1:], answers, strict=False))]
    )
    summary = run(kiosk, event, write(tmp_path, "eb.csv", f"{export}\r\n".encode()))
    assert summary.preset == "eventbrite" and summary.rejected == 0
    orgs = organizations(kiosk)
    assert orgs["The Fresno Center, Inc."].sector == Sector.ETHNIC_MEDIA  # its last row (Bao's) says so
    assert any("Church" in problem for problem in summary.problems)
    people = {r.first_name: r for r in registrants(kiosk, event)}
    assert people["Ana"].extra["What best describes your organization?"] == "CBO"
    assert people["Linh"].extra["What best describes your organization?"] == "Church"  # kept, though no sector
    again = run(kiosk, event, write(tmp_path, "eb.csv", f"{export}\r\n".encode()))
    assert (again.updated, again.organization_sectors_set) == (0, 0)


def test_an_existing_organizations_sector_is_set_on_every_spelling_through_the_change_log(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    first = kiosk.organizations.create("Sacramento County")
    second = kiosk.organizations.create("Sacramento county")  # the same one, made by another station offline
    before = log_size(kiosk)
    path = write(tmp_path, "s.csv", sheet("Ana,Ruiz,ana@example.org,sacramento county,County"))
    summary = run(kiosk, event, path)
    assert (summary.organizations_created, summary.organization_sectors_set) == (0, 1)
    assert summary.unchanged == 0 and summary.added == 1
    assert log_size(kiosk) == before + 3  # the person, and the sector of each row that spells the organization
    assert organization_entries(kiosk)[-2:] == [
        (first.id, {"sector": "local_government"}),
        (second.id, {"sector": "local_government"}),
    ]
    assert {o.sector for o in organizations(kiosk).values()} == {Sector.LOCAL_GOVERNMENT}


def test_importing_the_same_file_again_counts_unchanged_and_writes_nothing(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    kiosk.organizations.create("Fresno County")
    path = write(
        tmp_path,
        "s.csv",
        sheet(
            "Ana,Ruiz,ana@example.org,Radio Bilingüe,Ethnic media",
            "Bao,Tran,bao@example.org,Fresno County,County",
            "Mai,Vang,mai@example.org,Radio Bilingue,Press",  # the same organization, the same sector
        ),
    )
    run(kiosk, event, path)
    before = log_size(kiosk)
    again = run(kiosk, event, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert (again.organizations_created, again.organization_sectors_set, again.problems) == (0, 0, ())
    assert log_size(kiosk) == before


@pytest.mark.parametrize("cell", ["", "   ", "n/a", "-"])
def test_a_blank_sector_cell_changes_nothing(tmp_path: Path, kiosk: Kiosk, event: Event, cell: str) -> None:
    media = kiosk.organizations.create("Radio Bilingüe", Sector.ETHNIC_MEDIA)
    before = log_size(kiosk)
    summary = run(kiosk, event, write(tmp_path, "s.csv", sheet(f"Ana,Ruiz,ana@example.org,Radio Bilingüe,{cell}")))
    assert (summary.added, summary.rejected, summary.organization_sectors_set) == (1, 0, 0)
    assert log_size(kiosk) == before + 1  # the person only
    assert kiosk.organizations.get(media.id).sector == Sector.ETHNIC_MEDIA  # type: ignore[union-attr]


def test_a_new_organization_without_a_sector_is_community_based(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    summary = run(kiosk, event, write(tmp_path, "s.csv", sheet("Ana,Ruiz,ana@example.org,Centro Binacional,")))
    assert (summary.organizations_created, summary.organization_sectors_set) == (1, 0)
    assert organizations(kiosk)["Centro Binacional"].sector == Sector.COMMUNITY_BASED


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_unknown_sector_imports_the_person_and_lists_its_lines_with_the_words_understood(
    tmp_path: Path, kiosk: Kiosk, event: Event, dry_run: bool
) -> None:
    path = write(
        tmp_path,
        "s.csv",
        sheet(
            "Ana,Ruiz,ana@example.org,Radio Bilingüe,Ethnic media",
            "Bao,Tran,bao@example.org,Fresno Center,Church",
            "Mai,Vang,mai@example.org,Hmong Cultural Center,CBO",
            "Kou,Vang,kou@example.org,St. Anne's,Church",
        ),
    )
    summary = run(kiosk, event, path, dry_run=dry_run)
    assert (summary.added, summary.rejected, summary.organization_sectors_set) == (4, 0, 2)
    (problem,) = [p for p in summary.problems if "organization type" in p]
    assert problem.startswith("organization type 'Church' (lines 3, 5) is none of the sectors the reports count")
    assert all(word in problem for word in (*(s.value for s in Sector), *SECTOR_EXAMPLES))
    assert problem.endswith("set it in Registrants → Organizations… or with `kiosk organizations --set-sector`")
    if dry_run:
        assert registrants(kiosk, event) == [] and organizations(kiosk) == {}
    else:
        assert organizations(kiosk)["Fresno Center"].sector == Sector.COMMUNITY_BASED
        assert organizations(kiosk)["Hmong Cultural Center"].sector == Sector.COMMUNITY_BASED


def test_every_word_the_problem_offers_is_understood() -> None:
    assert [parse_sector(word) for word in SECTOR_EXAMPLES] == [
        Sector.COMMUNITY_BASED, Sector.ETHNIC_MEDIA, Sector.STATE_AGENCY, Sector.LOCAL_GOVERNMENT,
        Sector.TRIBAL_SERVING, Sector.PHILANTHROPY,
    ]  # fmt: skip


def test_rows_that_disagree_give_the_last_rows_sector_and_say_so_once(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    path = write(
        tmp_path,
        "s.csv",
        sheet(
            "Ana,Ruiz,ana@example.org,Radio Bilingüe,Ethnic media",
            "Bao,Tran,bao@example.org,Radio Bilingue,State agency",
            "Mai,Vang,mai@example.org,radio bilingüe,",
            "Sam,Lee,sam@example.org,Radio Bilingüe,Media",
            "Kim,Vo,kim@example.org,Radio Bilingüe,County",
        ),
    )
    summary = run(kiosk, event, path)
    assert organizations(kiosk)["Radio Bilingüe"].sector == Sector.LOCAL_GOVERNMENT
    assert (summary.organizations_created, summary.organization_sectors_set) == (1, 1)
    (problem,) = [p for p in summary.problems if "different sectors" in p]
    assert problem == (
        "rows give 'Radio Bilingüe' different sectors: Ethnic and community media (lines 2, 5); State agencies "
        "(line 3); Local government (line 6); it gets the last one, Local government"
    )
    assert [payload["sector"] for _, payload in organization_entries(kiosk)] == ["local_government"]
    before = log_size(kiosk)
    again = run(kiosk, event, path)  # the same file again: the same last row wins, nothing to write
    assert (again.unchanged, again.organization_sectors_set) == (5, 0)
    assert log_size(kiosk) == before


def test_rows_that_disagree_across_batches_replay_to_the_same_rows(
    tmp_path: Path, kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.changelog import all_entries, ingest
    from kiosk.core.services import import_run

    monkeypatch.setattr(import_run, "BATCH", 1)  # the organization is written before the row that changes it
    path = write(
        tmp_path,
        "s.csv",
        sheet("Ana,Ruiz,ana@example.org,Radio Bilingüe,Ethnic media", "Bao,Tran,bao@example.org,Radio Bilingüe,Tribal"),
    )
    summary = run(kiosk, event, path)
    assert summary.organization_sectors_set == 1
    assert [payload["sector"] for _, payload in organization_entries(kiosk)] == ["ethnic_media", "tribal_serving"]
    other = Kiosk.open(tmp_path / "other", "Table B")
    try:
        with kiosk.ctx.store.write() as db:
            entries = all_entries(db)
            mine = db.execute("SELECT * FROM organization ORDER BY id").fetchall()
        with other.ctx.store.write() as db:
            assert ingest(db, entries, other.ctx.clock).pending == 0
            theirs = db.execute("SELECT * FROM organization ORDER BY id").fetchall()
    finally:
        other.close()
    assert theirs == mine and organizations(kiosk)["Radio Bilingüe"].sector == Sector.TRIBAL_SERVING


def test_ethnic_media_organizations_are_counted_in_the_day_figures_after_an_import(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    kiosk.organizations.create("Sing Tao Daily")  # made before sectors could be set: community based
    path = write(
        tmp_path,
        "s.csv",
        sheet(
            "Ana,Ruiz,ana@example.org,Radio Bilingüe,Ethnic media",
            "Bao,Tran,bao@example.org,Sing Tao Daily,Newspaper",
            "Mai,Vang,mai@example.org,Hmong Cultural Center,CBO",
            "Sam,Lee,sam@example.org,California Department of Public Health,State agency",
        ),
    )
    run(kiosk, event, path)
    for person in registrants(kiosk, event):
        kiosk.checkins.check_in(person.id)
    figures = day_figures(kiosk.ctx, event)
    assert (figures.unique_organizations, figures.ethnic_media_organizations, figures.state_agency_staff) == (4, 2, 1)


def test_form_and_eventbrite_headers_map_as_before(tmp_path: Path, kiosk: Kiosk) -> None:
    form = write(
        tmp_path,
        "form.csv",
        b"Timestamp,Email Address,First name,Organization,What best describes your organization?\n"
        b"2025/04/01 9:00:00 AM GMT-7,mai@example.org,Mai,Hmong Cultural Center,Community-based organization\n",
    )
    preview = kiosk.imports.preview(form)
    assert preview.preset == "google-forms"
    assert preview.mapping["What best describes your organization?"] == "sector"
    for header in ("Sector", "Type of organization", "Organization category", "org type:"):
        assert (
            kiosk.imports.preview(write(tmp_path, "g.csv", f"Name,{header}\nAna,CBO\n".encode())).mapping[header]
            == "sector"
        )
    eventbrite = kiosk.imports.preview(write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    assert eventbrite.preset == "eventbrite" and "sector" not in eventbrite.mapping.values()


def test_the_organization_type_is_a_goes_to_choice_in_the_wizard() -> None:
    from kiosk.ui.import_models import field_choices

    assert ("sector", "Organization type (sector)") in field_choices([])


def test_the_command_says_how_many_sectors_it_set(
    tmp_path: Path, data_dir: Path, kiosk: Kiosk, event: Event, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "s.csv", sheet("Ana,Ruiz,ana@example.org,Radio Bilingüe,Ethnic media"))
    argv = ["import", str(path), "--data-dir", str(data_dir), "--event", event.slug]
    assert main([*argv, "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["organization_sectors_set"] == 1
    assert main(argv) == 0
    assert "sector set for 1 organization" in capsys.readouterr().out.splitlines()


def expected_sector(text: str) -> Sector | str | None:
    """What a sector cell should do: a sector, nothing (None: blank or a placeholder), or 'unknown'."""
    value = " ".join(text.split())
    if not value or fold(value) in NO_ORGANIZATION:
        return None
    try:
        return parse_sector(value)
    except InvalidInput:
        return "unknown"


sector_text = st.one_of(
    st.sampled_from(["", "  ", "CBO", " ethnic  MEDIA ", "State_Agency", "Counties", "Foundation", "n/a", "Other"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffd"), max_size=40),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=sector_text)
@example(text='=HYPERLINK("x")')
@example(text="Tribal\n government")
def test_any_text_in_the_sector_column_sets_a_sector_or_is_listed_and_the_person_imported(
    tmp_path: Path, kiosk: Kiosk, event: Event, text: str
) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([["First name", "Organization", "Organization type"], ["Ana", "Centro", text]])
    before = kiosk.organizations.find("Centro")
    summary = run(kiosk, event, write(tmp_path, "h.csv", out.getvalue().encode()))
    expected = expected_sector(text)
    assert summary.rejected == 0
    after = kiosk.organizations.find("Centro")
    assert after is not None
    if expected == "unknown":
        assert any(p.startswith("organization type ") and "(line 2)" in p for p in summary.problems)
    if expected is None or expected == "unknown":
        assert after.sector == (before.sector if before is not None else Sector.COMMUNITY_BASED)
    else:
        assert after.sector == expected


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.one_of(sector_text, st.sampled_from(["Ana", "Centro", "n/a"])), max_size=5).map(tuple))
def test_a_clean_row_with_a_sector_parses_by_column_group_as_it_does_cell_by_cell(
    tmp_path: Path, kiosk: Kiosk, event: Event, cells: tuple[str, ...]
) -> None:
    header = write(tmp_path, "mixed.csv", b"First name,Organization,Sector,Status,Title\n")
    clean, by_cell = parsed_both_ways(kiosk, header, cells)
    assert clean == by_cell
