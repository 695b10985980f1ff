"""Importing a role column ("Role", "I am attending as"): the role read by its words, so that "Elected
officials represented" counts imported people; words that name no role are kept and listed, never lost."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_imports import EVENTBRITE, log_size, parsed_both_ways, registrants, run, write

from kiosk.cli import main
from kiosk.core.errors import InvalidInput
from kiosk.core.figures import day_figures
from kiosk.core.models import Event, Role
from kiosk.core.services import Kiosk
from kiosk.core.services.import_roles import ROLE_EXAMPLES, parse_role
from kiosk.core.services.import_rows import NO_ORGANIZATION
from kiosk.core.text import fold

HEADER = "First name,Last name,Email,Organization,Title,Role\n"


def sheet(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(f"{row}\n" for row in rows)).encode()


def people(kiosk: Kiosk, event: Event) -> dict[str, tuple[str, str, dict[str, str]]]:
    """First name -> (role, title, form answers)."""
    return {r.first_name: (r.role, r.title, r.extra) for r in registrants(kiosk, event)}


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("Elected official", Role.ELECTED_OFFICIAL),
        ("Elected Official/Staff", Role.ELECTED_OFFICIAL),
        ("  ELECTED   officials & staff ", Role.ELECTED_OFFICIAL),
        ("Élected Official", Role.ELECTED_OFFICIAL),
        ("an elected official", Role.ELECTED_OFFICIAL),
        ("elected_official", Role.ELECTED_OFFICIAL),
        ("Speaker", Role.SPEAKER),
        ("Speakers", Role.SPEAKER),
        ("Panelist", Role.SPEAKER),
        ("Staff", Role.STAFF),
        ("Media", Role.MEDIA),
        ("Press", Role.MEDIA),
        ("Exhibitor", Role.EXHIBITOR),
        ("Volunteer", Role.VOLUNTEER),
        ("General Admission", Role.ATTENDEE),
        ("attendee", Role.ATTENDEE),
    ],
)
def test_a_role_is_read_from_the_words_forms_use(words: str, role: Role) -> None:
    assert parse_role(words) is role


def test_an_unknown_role_is_refused_naming_the_roles_there_are() -> None:
    with pytest.raises(InvalidInput, match="unknown role 'Board member'; use one of: attendee, speaker, exhibitor"):
        parse_role("Board member")


@given(st.text(max_size=40))
def test_any_text_is_a_role_or_a_clean_refusal(text: str) -> None:
    try:
        assert isinstance(parse_role(text), Role)
    except InvalidInput as exc:
        assert "unknown role" in str(exc)


def test_every_word_the_problem_offers_is_understood() -> None:
    assert [parse_role(word) for word in ROLE_EXAMPLES] == [
        Role.ATTENDEE, Role.SPEAKER, Role.EXHIBITOR, Role.MEDIA, Role.ELECTED_OFFICIAL, Role.STAFF, Role.VOLUNTEER
    ]  # fmt: skip


def test_an_imported_elected_official_counts_as_an_elected_official_represented(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    path = write(
        tmp_path,
        "e.csv",
        sheet("Lena,Gonzalez,lena@senate.ca.gov,Office of Senator Gonzalez,,Elected official"),
    )
    summary = run(kiosk, event, path)
    (lena,) = registrants(kiosk, event)
    kiosk.checkins.check_in(lena.id)

    assert (summary.added, summary.rejected, summary.problems) == (1, 0, ())
    assert (lena.role, lena.title) == (Role.ELECTED_OFFICIAL, "")
    assert day_figures(kiosk.ctx, event).elected_officials == 1


@pytest.mark.parametrize("header", ["Role", "Attendee role", "Participant role", "I am attending as:", "ROLE"])
def test_role_columns_of_a_form_go_to_the_role(tmp_path: Path, kiosk: Kiosk, header: str) -> None:
    path = write(tmp_path, "g.csv", f"Name,Job title,{header}\nAna,Director,Speaker\n".encode())
    preview = kiosk.imports.preview(path)
    assert preview.mapping[header] == "role"
    assert preview.mapping["Job title"] == "title"


def test_an_eventbrite_attending_as_question_sets_the_role(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    lines = EVENTBRITE.split("\r\n")
    answers = ["Elected Official/Staff", "Media", "Speaker", "Attendee"]
    export = "\r\n".join(
        [f"{lines[0]},I am attending as", *(f"{line},{a}" for line, a in zip(lines[1:], answers, strict=False))]
    )
    summary = run(kiosk, event, write(tmp_path, "eb.csv", f"{export}\r\n".encode()))
    assert summary.preset == "eventbrite" and summary.rejected == 0
    found = people(kiosk, event)
    assert (found["Ana"][0], found["Bao"][0]) == (Role.ELECTED_OFFICIAL, Role.MEDIA)
    assert found["Ana"][1] == "Director"  # the job title stays the job title


@pytest.mark.parametrize("dry_run", [False, True])
def test_words_that_name_no_role_keep_the_person_and_the_words_and_are_listed_with_their_lines(
    tmp_path: Path, kiosk: Kiosk, event: Event, dry_run: bool
) -> None:
    path = write(
        tmp_path,
        "r.csv",
        sheet(
            "Ana,Ruiz,ana@example.org,Fresno Center,,Program Manager",  # the column held job titles
            "Bao,Tran,bao@example.org,Fresno Center,Editor,Board member",  # a title already: a form answer
            "Mai,Vang,mai@example.org,Hmong Center,,Speaker",
            "Kou,Vang,kou@example.org,Hmong Center,,Board member",
        ),
    )
    summary = run(kiosk, event, path, dry_run=dry_run)

    assert (summary.added, summary.rejected) == (4, 0)
    problems = [p for p in summary.problems if p.startswith("role ")]
    assert [p.split(" is none")[0] for p in problems] == [
        "role 'Program Manager' (line 2)", "role 'Board member' (lines 3, 5)"
    ]  # fmt: skip
    assert all(word in problems[0] for word in (*(r.value for r in Role), *ROLE_EXAMPLES))
    if dry_run:
        assert registrants(kiosk, event) == []
        return
    assert people(kiosk, event) == {
        "Ana": (Role.ATTENDEE, "Program Manager", {}),
        "Bao": (Role.ATTENDEE, "Editor", {"Role": "Board member"}),
        "Mai": (Role.SPEAKER, "", {}),
        "Kou": (Role.ATTENDEE, "Board member", {}),
    }


def test_importing_the_same_roles_again_writes_nothing(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    path = write(
        tmp_path,
        "r.csv",
        sheet(
            "Ana,Ruiz,ana@example.org,Fresno Center,,Elected official",
            "Bao,Tran,bao@example.org,Fresno Center,Editor,Board member",
            "Mai,Vang,mai@example.org,Hmong Center,,Program Manager",
            "Kou,Vang,kou@example.org,Hmong Center,Director,Media",
        ),
    )
    run(kiosk, event, path)
    before = log_size(kiosk)

    again = run(kiosk, event, path)

    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    assert log_size(kiosk) == before


def test_a_role_changed_in_the_file_writes_the_role_alone(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    run(kiosk, event, write(tmp_path, "a.csv", sheet("Ana,Ruiz,ana@example.org,Fresno Center,Director,Attendee")))
    before = log_size(kiosk)

    path = write(tmp_path, "b.csv", sheet("Ana,Ruiz,ana@example.org,Fresno Center,Director,Speaker"))
    again = run(kiosk, event, path)

    assert (again.updated, log_size(kiosk)) == (1, before + 1)
    with kiosk.ctx.store.write() as db:
        (payload,) = db.execute("SELECT payload FROM change_log ORDER BY station_seq DESC LIMIT 1").fetchone()
    assert json.loads(payload) == {"role": "speaker"}


@pytest.mark.parametrize("cell", ["", "  ", "n/a", "-"])
def test_a_blank_role_cell_keeps_the_role_a_person_has(tmp_path: Path, kiosk: Kiosk, event: Event, cell: str) -> None:
    run(kiosk, event, write(tmp_path, "a.csv", sheet("Ana,Ruiz,ana@example.org,Fresno Center,,Speaker")))
    before = log_size(kiosk)
    again = run(kiosk, event, write(tmp_path, "b.csv", sheet(f"Ana,Ruiz,ana@example.org,Fresno Center,,{cell}")))
    assert (again.unchanged, again.problems, log_size(kiosk)) == (1, (), before)
    assert people(kiosk, event)["Ana"][:2] == (Role.SPEAKER, "")


def test_role_is_a_field_a_mapping_can_name_and_a_goes_to_choice_in_the_wizard(
    tmp_path: Path, data_dir: Path, kiosk: Kiosk, event: Event, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.ui.import_models import field_choices

    path = write(tmp_path, "m.csv", b"Name,Type\nLena Gonzalez,Elected official\n")
    argv = ["import", str(path), "--data-dir", str(data_dir), "--event", event.slug, "--map", "Type=role"]
    assert main(argv) == 0
    capsys.readouterr()
    assert [r.role for r in registrants(kiosk, event)] == [Role.ELECTED_OFFICIAL]
    assert "role" in dict(field_choices([]))


def expected_role(text: str) -> Role | str | None:
    """What a role cell should do: a role, nothing (None: blank or a placeholder), or 'unknown'."""
    value = " ".join(text.split())
    if not value or fold(value) in NO_ORGANIZATION:
        return None
    try:
        return parse_role(value)
    except InvalidInput:
        return "unknown"


role_text = st.one_of(
    st.sampled_from(["", "  ", "Speaker", " elected  OFFICIAL/staff ", "Elected_Official", "n/a", "Other"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffd"), max_size=40),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=role_text)
@example(text='=HYPERLINK("x")')
@example(text="Elected\n official")
def test_any_text_in_the_role_column_sets_a_role_or_is_kept_and_listed_and_the_person_imported(
    tmp_path: Path, kiosk: Kiosk, event: Event, text: str
) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([["First name", "Email", "Role"], ["Ana", "ana@example.org", text]])
    before = {r.first_name: r for r in registrants(kiosk, event)}.get("Ana")
    summary = run(kiosk, event, write(tmp_path, "h.csv", out.getvalue().encode()))
    expected = expected_role(text)
    (after,) = registrants(kiosk, event)
    assert summary.rejected == 0
    if expected == "unknown":
        assert any(p.startswith("role ") and "(line 2)" in p for p in summary.problems)
        assert " ".join(text.split()) in (after.title, after.extra.get("Role"))
    if expected is None or expected == "unknown":
        assert after.role == (before.role if before is not None else Role.ATTENDEE)
    else:
        assert after.role == expected


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.one_of(role_text, st.sampled_from(["Ana", "Centro", "n/a"])), max_size=5).map(tuple))
def test_a_clean_row_with_a_role_parses_by_column_group_as_it_does_cell_by_cell(
    tmp_path: Path, kiosk: Kiosk, event: Event, cells: tuple[str, ...]
) -> None:
    header = write(tmp_path, "mixed.csv", b"First name,Organization,Role,Status,Title\n")
    clean, by_cell = parsed_both_ways(kiosk, header, cells)
    assert clean == by_cell
