"""Exports: CSV with BOM and no formulas, XLSX, the Journey Map poster in every script, the matrix;
hidden notes never leave."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from kiosk.cli import main
from kiosk.core.exports.contributions import export
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Draft
from kiosk.core.services.registrants import RegistrantDraft

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
CHINESE = "我们建立了合作网络"
FARSI = "ما برای اولین بار"


@pytest.fixture
def notes(kiosk: Kiosk, event: Event) -> Kiosk:
    org = kiosk.organizations.create("Fresno Center", region="Central Valley")
    (ana,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="Ana", organization_id=org.id)])
    kiosk.contributions.add_many(
        event.id,
        [
            Draft("built", CHINESE, language="zh_CN"),
            Draft("proud", FARSI, language="fa"),
            Draft("wisdom", "=1+1"),
            Draft("need", "Grant writers", "people", registrant_id=ana.id),
            Draft("have", "@SUM(A1)", "places"),
        ],
    )
    secret = kiosk.contributions.add(event.id, "next", "Hidden words")
    kiosk.contributions.hide(secret.id)
    return kiosk


def test_the_csv_starts_with_a_bom_neutralizes_formulas_and_leaves_hidden_notes_out(
    notes: Kiosk, event: Event, tmp_path: Path
) -> None:
    out = tmp_path / "c.csv"
    result = export(notes, event, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert ",'=1+1," in text and ",'@SUM(A1)," in text
    assert CHINESE in text and FARSI in text and "Ana,Fresno Center,Central Valley" in text
    assert "Hidden words" not in text and result.notes == 5
    rows = text.splitlines()[1:]
    assert all(row.endswith(f",{notes.ctx.station_name}") for row in rows)  # by name, as in attendance
    assert notes.ctx.station_id not in text


def test_staff_can_ask_for_hidden_notes_with_their_status(notes: Kiosk, event: Event, tmp_path: Path) -> None:
    export(notes, event, "csv", tmp_path / "all.csv", include_hidden=True)
    assert "Hidden words" in (tmp_path / "all.csv").read_text(encoding="utf-8-sig")


def test_the_xlsx_opens_with_text_cells_never_formulas(notes: Kiosk, event: Event, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    export(notes, event, "xlsx", out)
    book = load_workbook(out)
    sheet = book["Contributions"]
    values = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "=1+1" in values and CHINESE in values and "Hidden words" not in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    counts = {row[1]: row[2] for row in book["Counts"].iter_rows(min_row=2, values_only=True)}
    assert counts["What the network built"] == 1 and counts["We need · People and skills"] == 1


def test_the_matrix_has_seven_categories_by_have_and_need(notes: Kiosk, event: Event, tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    export(notes, event, "matrix", out)
    sheet = load_workbook(out)["Matrix"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 8  # seven categories and the total
    assert rows[0][:3] == ("People and skills", 0, 1) and "Grant writers (Fresno Center)" in rows[0][4]
    assert rows[1][:3] == ("Spaces and places", 1, 0) and "• @SUM(A1)" in rows[1][3]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[-1] == ("total", 1, 1, None, None)


@needs_poppler
def test_the_poster_renders_and_its_chinese_and_farsi_are_text(notes: Kiosk, event: Event, tmp_path: Path) -> None:
    out = tmp_path / "poster.pdf"
    result = export(notes, event, "poster", out)
    assert result.pages == 1 and result.notes == 3
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    plain = unicodedata.normalize("NFKC", "".join(ch for ch in text if ch not in "\u202a\u202b\u202c\u202d\u202e"))
    assert CHINESE in plain and FARSI in plain
    assert "What I am proud of" in plain and "Hidden words" not in plain
    assert "1 note\n" in plain and "1 notes" not in plain and "3 contributions" in plain
    subprocess.run(["pdftoppm", "-r", "10", "-png", "-singlefile", str(out), str(tmp_path / "p")], check=True)
    from PIL import Image

    with Image.open(tmp_path / "p.png") as image:
        lo, hi = image.convert("L").getextrema()
    assert hi - lo > 100  # ink on paper, not a blank page


def test_a_poster_of_hundreds_of_notes_continues_on_more_pages(kiosk: Kiosk, event: Event, tmp_path: Path) -> None:
    long = "Collaborate, not compete. Show up authentically. Tend to the people doing the work. " * 3
    kiosk.contributions.add_many(event.id, [Draft("built", long.strip()) for _ in range(120)])
    result = export(kiosk, event, "poster", tmp_path / "big.pdf")
    assert result.notes == 120 and result.pages >= 2


def test_the_cli_exports_and_adds(notes: Kiosk, event: Event, data_dir: Path, tmp_path: Path, capsys) -> None:
    notes.close()  # the CLI opens the folder itself
    base = ["--data-dir", str(data_dir)]
    add = ["contributions", "add", *base, "--event", event.slug, "--kind", "built", "--text"]
    assert main([*add, "From a script"]) == 0
    assert main([*add, " "]) == 1
    assert "the note is empty" in capsys.readouterr().err
    out = tmp_path / "cli.csv"
    assert main(["contributions", "export", *base, "--event", event.slug, "--format", "csv", "--out", str(out)]) == 0
    assert "From a script" in out.read_text(encoding="utf-8-sig")


KHMER = "សហគមន៍របស់យើងបានរៀនពីរបៀបធ្វើការជាមួយគ្នាដើម្បីកសាងស្ពានរវាងក្រុមផ្សេងៗ" * 3


@pytest.mark.parametrize("width_em", [3.0, 5.5, 9.0])
def test_a_khmer_note_without_spaces_is_cut_only_between_whole_characters(width_em: float) -> None:
    from kiosk.core.badges.fonts import font_book
    from kiosk.core.exports.contributions import wrap

    lines = [line.text for line in wrap(font_book(), KHMER, width_em)]
    assert len(lines) > 2 and "".join(lines) == KHMER
    for before, after in itertools.pairwise(lines):
        assert not unicodedata.category(after[0]).startswith("M"), (before, after)  # no dotted circle
        assert unicodedata.combining(before[-1]) != 9, (before, after)  # a coeng keeps its subscript


@given(st.text(alphabet=st.sampled_from("កខគងចសហមរ\u17d2\u17b6\u17c1\u17c6\u17cb\u200d ក्षत्र"), max_size=60))
def test_cluster_cut_never_cuts_before_a_mark_or_after_a_virama_or_joiner(text: str) -> None:
    from kiosk.core.exports.contributions import cluster_cut

    for at in range(len(text) + 1):
        cut = cluster_cut(text, at)
        assert 0 <= cut <= at
        if 0 < cut < len(text):
            assert not unicodedata.category(text[cut]).startswith("M") and text[cut] not in "\u200c\u200d"
            assert unicodedata.combining(text[cut - 1]) != 9 and text[cut - 1] not in "\u200c\u200d"


@pytest.mark.parametrize(
    ("fmt", "name", "said"),
    [("csv", "y.xlsx", "--format csv writes a CSV file, but y.xlsx is named as XLSX: name it y.csv"),
     ("matrix", "x.pdf", "--format matrix writes an XLSX workbook, but x.pdf is named as PDF: name it x.xlsx"),
     ("poster", "p.csv", "--format poster writes a PDF, but p.csv is named as CSV: name it p.pdf")],
)  # fmt: skip
def test_the_cli_refuses_a_file_name_whose_extension_says_another_format(
    notes: Kiosk, event: Event, data_dir: Path, tmp_path: Path, capsys, fmt: str, name: str, said: str
) -> None:
    argv = ["contributions", "export", "--data-dir", str(data_dir), "--event", event.slug, "--format", fmt]
    assert main([*argv, "--out", str(tmp_path / name)]) == 1
    assert said in capsys.readouterr().err and not (tmp_path / name).exists()


def test_the_cli_writes_a_format_into_a_file_named_for_it_or_with_no_extension(
    notes: Kiosk, event: Event, data_dir: Path, tmp_path: Path, capsys
) -> None:
    argv = ["contributions", "export", "--data-dir", str(data_dir), "--event", event.slug]
    assert main([*argv, "--format", "matrix", "--out", str(tmp_path / "m.XLSX")]) == 0
    assert main([*argv, "--format", "csv", "--out", str(tmp_path / "notes")]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("5 notes of Fresno Convening written to ")


def test_the_xlsx_gives_when_a_note_was_written_as_an_excel_date(notes: Kiosk, event: Event, tmp_path: Path) -> None:
    export(notes, event, "xlsx", tmp_path / "c.xlsx")
    export(notes, event, "csv", tmp_path / "c.csv")
    sheet = load_workbook(tmp_path / "c.xlsx")["Contributions"]
    created = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert len(created) == 5 and all(c.is_date and c.number_format == "yyyy-mm-dd hh:mm" for c in created)
    first_csv = (tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()[1].split(",")[1]
    assert first_csv == f"{created[0].value:%Y-%m-%d %H:%M}"
