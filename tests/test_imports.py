"""Importing registrants from Eventbrite, Google Forms and any CSV/XLSX: formats, encodings, re-imports."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlmodel import select

from kiosk.cli import main
from kiosk.core.errors import KioskError
from kiosk.core.io.tabular import ImportFileError
from kiosk.core.models import Event, Registrant
from kiosk.core.services import Kiosk
from kiosk.core.services.imports import ImportSummary

EVENTBRITE = (
    "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,Barcode #,"
    "Buyer First Name,Buyer Last Name,Buyer Email ,Attendee Status ,Job Title,Company,Cell Phone,"
    "What languages can you help others in?,Do you need any accessibility accommodations?\r\n"
    "1001,2025-04-02 10:15:00,Ana,Ruiz,ana@example.org,1,General Admission,5001,5001100101,Ana,Ruiz,"
    'ana@example.org,Attending,Director,"The Fresno Center, Inc.",(559) 555-0101,"English, Spanish",\r\n'
    "1002,2025-04-02 11:00:00,Bao,Tran,bao@example.org,2,Speaker,5002,5002100201,Bao,Tran,bao@example.org,"
    "Checked In,Editor,fresno center,,Vietnamese,Wheelchair access\r\n"
    "1002,2025-04-02 11:00:00,Linh,Tran,bao@example.org,2,Speaker,5003,5003100201,Bao,Tran,bao@example.org,"
    "Refunded,,Fresno Hmong Center,,,\r\n"
    "1003,2025-04-03 09:00:00,Sam,Lee,sam@example.org,1,General Admission,5004,5004100301,Sam,Lee,"
    "sam@example.org,Cancelled,,Fresno Hmong Centre,,,\r\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def registrants(kiosk: Kiosk, event: Event) -> list[Registrant]:
    with kiosk.ctx.store.session() as s:
        return list(s.exec(select(Registrant).where(Registrant.event_id == event.id).order_by(Registrant.id)))


def log_size(kiosk: Kiosk) -> int:
    with kiosk.ctx.store.write() as db:
        return db.execute("SELECT count(*) FROM change_log").fetchone()[0]


def run(kiosk: Kiosk, event: Event, path: Path, **kw: object) -> ImportSummary:
    return kiosk.imports.run(path, event.id, **kw)  # type: ignore[arg-type]


def test_an_eventbrite_export_imports_without_any_mapping(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    summary = run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    assert summary.preset == "eventbrite"
    assert (summary.added, summary.cancelled, summary.rejected) == (2, 2, 0)
    people = {r.first_name: r for r in registrants(kiosk, event)}
    ana = people["Ana"]
    assert ana.external_ids == {"eventbrite_attendee": "5001", "eventbrite_order": "1001"}
    assert (ana.barcode, ana.ticket_type, ana.title, ana.phone) == (
        "5001100101",
        "General Admission",
        "Director",
        "(559) 555-0101",
    )
    assert ana.extra == {"What languages can you help others in?": "English, Spanish"}
    assert people["Bao"].extra == {
        "What languages can you help others in?": "Vietnamese",
        "Do you need any accessibility accommodations?": "Wheelchair access",
    }
    assert people["Linh"].status == "cancelled" and people["Sam"].status == "cancelled"
    assert people["Bao"].status == "registered"


def test_two_spellings_of_one_organization_are_one_organization(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    people = {r.first_name: r for r in registrants(kiosk, event)}
    assert people["Ana"].organization_id == people["Bao"].organization_id


def test_near_matching_organizations_are_suggested_not_merged(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    summary = run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    people = {r.first_name: r for r in registrants(kiosk, event)}
    assert people["Linh"].organization_id != people["Sam"].organization_id
    assert {frozenset((s.name, s.looks_like)) for s in summary.suggestions} == {
        frozenset(("Fresno Hmong Center", "Fresno Hmong Centre"))
    }


def test_importing_the_same_export_again_writes_nothing(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    path = write(tmp_path, "eb.csv", EVENTBRITE.encode())
    run(kiosk, event, path)
    before = log_size(kiosk)
    again = run(kiosk, event, path)
    assert (again.added, again.updated, again.cancelled, again.unchanged) == (0, 0, 0, 4)
    assert log_size(kiosk) == before


def test_a_changed_email_writes_one_entry_of_that_field(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    before = log_size(kiosk)
    changed = EVENTBRITE.replace("5001100101,Ana,Ruiz,ana@example.org", "5001100101,Ana,Ruiz,ana@example.org")
    changed = changed.replace(",Ana,Ruiz,ana@example.org,1,", ",Ana,Ruiz,ana.ruiz@example.org,1,", 1)
    summary = run(kiosk, event, write(tmp_path, "eb2.csv", changed.encode()))
    assert (summary.updated, summary.unchanged) == (1, 3)
    with kiosk.ctx.store.write() as db:
        rows = db.execute("SELECT payload FROM change_log ORDER BY station_seq DESC LIMIT 1").fetchall()
    assert log_size(kiosk) == before + 1
    assert json.loads(rows[0][0]) == {"email": "ana.ruiz@example.org"}


def test_a_row_that_turns_cancelled_counts_as_cancelled(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    summary = run(kiosk, event, write(tmp_path, "eb2.csv", EVENTBRITE.replace("Checked In", "Not Attending").encode()))
    assert (summary.cancelled, summary.unchanged) == (1, 3)
    assert {r.first_name: r.status for r in registrants(kiosk, event)}["Bao"] == "cancelled"
    assert not any("already checked in" in p for p in summary.problems)  # Bao had not arrived


def test_cancelling_someone_already_checked_in_is_said_with_their_line(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    bao = {r.first_name: r for r in registrants(kiosk, event)}["Bao"]
    kiosk.checkins.check_in(bao.id)
    summary = run(kiosk, event, write(tmp_path, "eb2.csv", EVENTBRITE.replace("Checked In", "Refunded").encode()))
    assert summary.cancelled == 1
    (warning,) = [p for p in summary.problems if "already checked in" in p]
    assert warning.startswith("1 person this file cancels is already checked in: Bao Tran (line 3).")
    assert kiosk.events.figures(event.id).checked_in == 1  # the arrival is not undone behind anyone's back


GOOGLE = (
    "Timestamp,Email Address,First name,Last name,Organization name,Pronouns,Preferred name,"
    "What languages do you speak?,What would you like to learn?\n"
    "2025/04/01 9:00:00 AM GMT-7,mai@example.org,Mai,Vang,Hmong Cultural Center,she/her,Mai,"
    '"Hmong, English, Klingon",Grants\n'
    "2025/04/01 9:05:00 AM GMT-7,lee@example.org,,,Asian Resources,,,Korean,\n"
)


def test_a_google_forms_export_maps_languages_and_keeps_other_answers(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    summary = run(kiosk, event, write(tmp_path, "form.csv", GOOGLE.encode()))
    assert summary.preset == "google-forms"
    assert summary.added == 1
    assert [(r.line, r.reason) for r in summary.rejections] == [
        (3, "no name: first name, last name and preferred name are all empty")
    ]
    mai = registrants(kiosk, event)[0]
    assert (mai.pronouns, mai.preferred_name, mai.languages) == ("she/her", "Mai", ["hmn", "en"])
    assert mai.extra == {
        "What languages do you speak?": "Hmong, English, Klingon",
        "What would you like to learn?": "Grants",
    }


PEOPLE = "First Name\tLast Name\tCompany\nJosé\tPeña\tNiños Unidos\nZoë\tMüller\tCafé Olé\n"


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", PEOPLE.replace("\t", ",").encode("utf-8")),
        ("utf-8-sig", PEOPLE.replace("\t", ",").encode("utf-8-sig")),
        ("utf-16", PEOPLE.encode("utf-16")),  # Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated
        ("cp1252", PEOPLE.replace("\t", ";").encode("cp1252")),
    ],
)
def test_every_common_encoding_gives_the_same_people(
    tmp_path: Path, kiosk: Kiosk, event: Event, encoding: str, data: bytes
) -> None:
    path = write(tmp_path, "people.csv", data)
    preview = kiosk.imports.preview(path)
    assert preview.encoding == encoding
    assert preview.headers == ("First Name", "Last Name", "Company")
    summary = run(kiosk, event, path)
    assert summary.added == 2
    names = sorted((r.first_name, r.last_name) for r in registrants(kiosk, event))
    assert names == [("José", "Peña"), ("Zoë", "Müller")]


def test_an_xlsx_workbook_reads_values_and_sheet_rows(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["First Name", "Last Name", "Attendee #", "Website"])
    sheet.append(["Ana", "Ruiz", 5001, "ruiz.example.org"])  # formulas: tests/test_import_encodings.py
    sheet.append([None, None, None, None])
    sheet.append(["", "", 5003, None])
    path = tmp_path / "people.xlsx"
    book.save(path)
    summary = run(kiosk, event, path, mapping={"Attendee #": "external:crm"})
    assert summary.format == "xlsx" and summary.added == 1
    assert [r.line for r in summary.rejections] == [4]
    (ana,) = registrants(kiosk, event)
    assert (ana.external_ids, ana.extra) == ({"crm": "5001"}, {"Website": "ruiz.example.org"})


def test_blank_lines_duplicates_formulas_and_markup(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    data = (
        "First name,Last name,Email,Website\n"
        "\n"
        '<b>Ana</b>,Ruiz,ana@example.org,"=HYPERLINK(""http://x"")"\n'
        ",,,\n"
        "<b>Ana</b>,Ruiz,ANA@example.org,\n"
        "李,小龍,li@example.org,\n"
        "Արմեն,Պետրոսյան,armen@example.org,\n"
    )
    summary = run(kiosk, event, write(tmp_path, "p.csv", data.encode()))
    assert summary.blank_lines == 2
    assert summary.added == 3
    assert [(r.line, r.reason.split(" (")[0]) for r in summary.rejections] == [(5, "same person as line 3")]
    people = {r.email: r for r in registrants(kiosk, event)}
    assert people["ana@example.org"].first_name == "<b>Ana</b>"
    assert people["ana@example.org"].extra == {"Website": '=HYPERLINK("http://x")'}
    assert (people["li@example.org"].first_name, people["li@example.org"].last_name) == ("李", "小龍")
    assert people["armen@example.org"].last_name == "Պետրոսյան"


def test_a_long_answer_is_kept_and_a_long_name_is_rejected(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    long = "x" * 10_000
    data = f"First name,Company,Notes\nAna,Fresno Center,{long}\nBao,{long},\n"
    summary = run(kiosk, event, write(tmp_path, "p.csv", data.encode()))
    assert summary.added == 1
    assert [(r.line, r.reason) for r in summary.rejections] == [
        (
            3,
            "cell longer than 1,000 characters in column Company (10,000): a paste gone wrong, or a missing quote "
            "that ran rows together; shorten it in the file, or leave the column out of the import, then import "
            "the file again",
        )
    ]
    assert registrants(kiosk, event)[0].extra == {"Notes": long}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b"\x00\x01\x02\xff\xfe\x00" * 200, "not a text file"),
        (b"Email,Company\nana@example.org,Fresno Center\n", "no column gives a name"),
    ],
)
def test_an_unreadable_file_is_refused_and_writes_nothing(
    tmp_path: Path, kiosk: Kiosk, event: Event, data: bytes, reason: str
) -> None:
    before = log_size(kiosk)
    with pytest.raises(ImportFileError, match=reason) as error:
        run(kiosk, event, write(tmp_path, "bad.csv", data))
    assert "bad.csv" in str(error.value)
    assert log_size(kiosk) == before


def test_a_missing_file_is_refused_naming_it(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    with pytest.raises(ImportFileError, match=r"nope\.csv: there is no such file"):
        run(kiosk, event, tmp_path / "nope.csv")


def test_a_dry_run_reports_and_writes_nothing(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    before = log_size(kiosk)
    summary = run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()), dry_run=True)
    assert (summary.added, summary.cancelled, summary.dry_run) == (2, 2, True)
    assert log_size(kiosk) == before and registrants(kiosk, event) == []


def test_preview_shows_the_mapping_and_the_first_rows(tmp_path: Path, kiosk: Kiosk) -> None:
    preview = kiosk.imports.preview(write(tmp_path, "eb.csv", EVENTBRITE.encode()), rows=2)
    assert (preview.format, preview.delimiter, preview.preset) == ("csv", "comma", "eventbrite")
    assert len(preview.rows) == 2
    assert (
        preview.mapping["Buyer Email"] == "ignore" and preview.mapping["Attendee #"] == "external:eventbrite_attendee"
    )
    assert "Do you need any accessibility accommodations?" in preview.extra


def test_a_saved_preset_is_a_readable_file_used_by_name(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    preset = kiosk.imports.save_preset("crm", {"Given": "first_name", "Agency": "organization"})
    assert json.loads(Path(preset.path).read_text(encoding="utf-8"))["columns"]["Agency"] == "organization"
    assert "crm" in {p.name for p in kiosk.imports.presets()}
    summary = run(kiosk, event, write(tmp_path, "c.csv", b"Given,Agency\nAna,Fresno Center\n"), preset="crm")
    assert summary.added == 1 and registrants(kiosk, event)[0].organization_id is not None


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=600), st.text(max_size=400).map(lambda t: t.encode("utf-8"))))
def test_any_bytes_give_a_summary_or_a_clean_refusal(tmp_path: Path, kiosk: Kiosk, event: Event, data: bytes) -> None:
    path = write(tmp_path, "random.csv", b"First name,Notes\n" + data if data[:1] == b"A" else data)
    before = log_size(kiosk)
    try:
        summary = run(kiosk, event, path)
    except KioskError:
        assert log_size(kiosk) == before
        return
    assert summary.rows == summary.added + summary.updated + summary.unchanged + summary.cancelled + summary.rejected


def test_the_command_lists_rejected_rows_as_json(
    tmp_path: Path, data_dir: Path, kiosk: Kiosk, event: Event, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "p.csv", b"First name,Last name,Status\nAna,Ruiz,\nBao,Tran,Maybe\n")
    code = main(["import", str(path), "--data-dir", str(data_dir), "--event", event.slug, "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["added"] == 1
    assert data["rejections"][0]["line"] == 3 and "unknown attendee status" in data["rejections"][0]["reason"]


def test_the_command_exits_1_with_a_reason_for_an_unreadable_file(
    tmp_path: Path, data_dir: Path, kiosk: Kiosk, event: Event, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", str(tmp_path / "none.csv"), "--data-dir", str(data_dir), "--event", event.slug])
    _, err = capsys.readouterr()
    assert code == 1 and err.startswith("kiosk: cannot import none.csv") and err.count("\n") == 1


def test_the_command_maps_columns_and_dry_runs(
    tmp_path: Path, data_dir: Path, kiosk: Kiosk, event: Event, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "p.csv", b"Who,Agency\nAna,Fresno Center\n")
    argv = ["import", str(path), "--data-dir", str(data_dir), "--event", event.slug, "--map", "Who=first_name"]
    code = main([*argv, "--dry-run"])
    out, _ = capsys.readouterr()
    assert code == 0 and out.startswith("would import p.csv") and "1 added" in out
    assert registrants(kiosk, event) == []
    assert main(argv) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[1] == "1 new organization"


def test_a_mapping_that_names_no_column_is_refused_before_anything_is_written(
    tmp_path: Path, data_dir: Path, kiosk: Kiosk, event: Event, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "d.csv", b"First Name,Dept\nAna,Fresno Center\n")
    argv = ["import", str(path), "--data-dir", str(data_dir), "--event", event.slug, "--map", "Dpet=organization"]
    assert main(argv) == 1
    _, err = capsys.readouterr()
    assert "--map names no column of the file: 'Dpet'; its columns are 'First Name', 'Dept'" in err
    assert registrants(kiosk, event) == []


def test_two_columns_for_one_field_are_told_apart_by_their_letters(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    path = write(tmp_path, "e.csv", b"First Name,Email,Email\nAna,ana@example.org,ana@work.example.org\n")
    summary = run(kiosk, event, path)
    assert (
        "column B ('Email') and column C ('Email') both give email; column B ('Email') is used and column C "
        "('Email') kept as an extra answer"
    ) in summary.problems
    (ana,) = registrants(kiosk, event)
    assert (ana.email, ana.extra) == ("ana@example.org", {"Email (2)": "ana@work.example.org"})


def test_column_letters_go_on_past_z() -> None:
    from kiosk.core.io.headers import column_letter

    assert [column_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"
    ]  # fmt: skip


def test_imported_rows_replay_to_the_same_rows_on_another_station(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    from kiosk.core.changelog import all_entries, ingest

    run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    other = Kiosk.open(tmp_path / "other", "Table B")
    try:
        with kiosk.ctx.store.write() as db:
            entries = all_entries(db)
            mine = db.execute("SELECT * FROM registrant ORDER BY id").fetchall()
        with other.ctx.store.write() as db:
            assert ingest(db, entries, other.ctx.clock).pending == 0
            ingest(db, entries, other.ctx.clock)  # twice: applying again changes nothing
            theirs = db.execute("SELECT * FROM registrant ORDER BY id").fetchall()
    finally:
        other.close()
    assert theirs == mine


def test_an_import_in_many_small_batches_replays_to_the_same_rows(
    tmp_path: Path, kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.changelog import all_entries, ingest
    from kiosk.core.services import import_run

    monkeypatch.setattr(import_run, "BATCH", 3)  # new people, new organizations and changes across batches
    run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    changed = EVENTBRITE.replace(",Ana,Ruiz,ana@example.org,1,", ",Ana,Ruiz,ana.ruiz@example.org,1,", 1)
    more = (
        "1004,2025-04-03 10:00:00,Kim,Vo,kim@example.org,1,General Admission,5005,5005100401,,,,Attending,,"
        "Centro,,,\r\n"
    )
    summary = run(kiosk, event, write(tmp_path, "eb2.csv", (changed + more).encode()))
    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 3)
    other = Kiosk.open(tmp_path / "other", "Table B")
    try:
        with kiosk.ctx.store.write() as db:
            entries = all_entries(db)
            mine = [db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("organization", "registrant")]
        with other.ctx.store.write() as db:
            assert ingest(db, entries, other.ctx.clock).pending == 0
            theirs = [db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("organization", "registrant")]
    finally:
        other.close()
    assert theirs == mine
    seqs = sorted(e.station_seq for e in entries if e.station_id == kiosk.ctx.station_id)
    assert seqs == list(range(1, len(seqs) + 1))


def test_codes_drawn_in_batches_are_distinct_unbiased_letters_and_avoid_taken_ones() -> None:
    from kiosk.core.codes import ALPHABET, HUMAN_CODE_LENGTH, human_codes, ticket_secrets

    taken = set(human_codes(500))
    codes = human_codes(5000, taken)
    assert len(set(codes)) == 5000 and not taken & set(codes)
    assert all(len(c) == HUMAN_CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    letters = "".join(codes)
    assert min(letters.count(ch) for ch in ALPHABET) > len(letters) / len(ALPHABET) * 0.8
    assert human_codes(0) == []
    secrets_ = ticket_secrets(1000)
    assert len(set(secrets_)) == 1000
    assert all(len(s) == 16 and len(base64.b32decode(s)) == 10 for s in secrets_)


def registrant_indexes(kiosk: Kiosk) -> list[tuple[str, str]]:
    with kiosk.ctx.store.write() as db:
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registrant' ORDER BY name"
        return db.execute(query).fetchall()


def test_a_bulk_import_builds_the_same_indexes_and_search_finds_everyone_at_once(
    tmp_path: Path, kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.services import import_run

    before = registrant_indexes(kiosk)
    monkeypatch.setattr(import_run, "BATCH", 2)  # the indexes are dropped at the first batch, made again at the end
    summary = run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    assert (summary.added, summary.cancelled) == (2, 2)
    assert registrant_indexes(kiosk) == before
    with kiosk.ctx.store.write() as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    found = {hit.display_name for hit in kiosk.search.registrants(event.id, "tra")}
    assert {"Bao Tran", "Linh Tran"} <= found


def test_a_run_stopped_from_progress_keeps_the_batches_before_it(
    tmp_path: Path, kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.services import import_run

    class Stop(Exception):
        pass

    def progress(done: int, total: int | None) -> None:
        raise Stop

    monkeypatch.setattr(import_run, "BATCH", 2)
    with pytest.raises(Stop):
        run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()), progress=progress)
    assert len(registrants(kiosk, event)) == 2
    assert log_size(kiosk) == 1 + 2 + 2  # the station, two organizations, two people
    assert {hit.display_name for hit in kiosk.search.registrants(event.id, "ana")} == {"Ana Ruiz"}


def test_an_import_that_fails_writing_writes_nothing(
    tmp_path: Path, kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.services import imports

    def fail(*_: object) -> None:
        raise RuntimeError("disk full")

    before, entries = registrant_indexes(kiosk), log_size(kiosk)
    monkeypatch.setattr(imports, "create_indexes", fail)
    with pytest.raises(RuntimeError):
        run(kiosk, event, write(tmp_path, "eb.csv", EVENTBRITE.encode()))
    assert registrants(kiosk, event) == [] and log_size(kiosk) == entries
    assert registrant_indexes(kiosk) == before


def parsed_both_ways(
    kiosk: Kiosk, header_file: Path, cells: tuple[str, ...], mapping: dict[str, str] | None = None
) -> tuple[object, object]:
    """A row of `cells` under the file's header, read by column group (`parse_clean`) and cell by cell
    (`parse_cells`): the values, or the reason it is rejected. The organization type and role columns read
    with their word tables."""
    from kiosk.core.services.import_roles import RoleColumn
    from kiosk.core.services.import_rows import NO_ORGANIZATION, Rejected, RowReader
    from kiosk.core.services.import_sectors import SectorColumn

    table, _, resolution = kiosk.imports._open(header_file, None, mapping)
    table.close()
    reader = RowReader(resolution, SectorColumn(NO_ORGANIZATION), RoleColumn(NO_ORGANIZATION))
    padded = cells + ("",) * (reader.width - len(cells))

    def outcome(parse: object) -> object:
        try:
            return reader.settle(*parse(padded))  # type: ignore[operator]
        except Rejected as reason:
            return str(reason)

    return outcome(reader.parse_clean), outcome(reader.parse_cells)


# A header with every kind of column: names, a full name, status, organization, languages, external ids,
# a barcode and form answers (a column the mapping displaces, such as Full Name here, becomes an answer).
MIXED_HEADER = (
    "First Name,Last Name,Full Name,Name,Email,Status,Company,Organization,Languages,Attendee #,Barcode #,"
    "Order #,What would you like to learn?,Pronouns,Phone"
)
MIXED_MAPPING = {
    "Name": "full_name",
    "Organization": "organization",
    "Attendee #": "external:attendee",
    "Barcode #": "barcode",
    "Order #": "external:order",
}
cell = st.one_of(
    st.sampled_from(["", " ", "Ana", "  José  Peña ", "Attending", "Cancelled", "n/a", "English, Hmong, Klingon"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(cell, min_size=0, max_size=17).map(tuple))
@example(cells=("", "", "Ana Ruiz", "Bao Tran", "", "Attending", "Fresno Center", "Centro", "Hmong, Klingon"))
@example(cells=("Ana", "", "", "", "", "", "", "", "", "7", "", "7", "Grants", " she/her "))
def test_a_clean_row_parses_by_column_group_as_it_does_cell_by_cell(
    tmp_path: Path, kiosk: Kiosk, event: Event, cells: tuple[str, ...]
) -> None:
    if "\ufffd" not in "".join(cells):
        header = write(tmp_path, "mixed.csv", f"{MIXED_HEADER}\n".encode())
        clean, by_cell = parsed_both_ways(kiosk, header, cells, MIXED_MAPPING)
        assert clean == by_cell
