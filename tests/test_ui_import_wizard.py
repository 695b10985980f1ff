"""The import wizard over a real station and real export files: what a staff member sees before doors open."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWizard
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.import_wizard import ImportWizard
from kiosk.ui.main_window import MainWindow

HEADER = (
    "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,Barcode #,Buyer First Name,"
    "Buyer Last Name,Buyer Email,Attendee Status,Job Title,Company,Cell Phone,"
    "What languages can you help others in?\r\n"
)
PEOPLE = [
    ("<b>Ana</b>", "Ruiz", "ana@example.org", "Attending", "The Fresno Center, Inc.", "English, Spanish"),
    ("지민", "김", "jimin@example.org", "Attending", "Korean Community Center", "Korean"),
    ("فاطمة", "الحسن", "fatima@example.org", "Checked In", "Arab American Civic Council", "Arabic, English"),
    ("José", "Hernández", "jose@example.org", "Maybe", "Centro La Familia", "Spanish"),
    ("Bao", "Tran", "bao@example.org", "Refunded", "Fresno Hmong Center", "Vietnamese"),
    ("Sam", "Lee", "sam@example.org", "Attending", "Fresno Hmong Centre", "Hmong"),
]


def eventbrite(people: list[tuple[str, ...]]) -> str:
    lines = [HEADER]
    for n, (first, last, email, status, company, languages) in enumerate(people, start=1):
        cells = [str(1000 + n), "2026-03-02 10:15:00", first, last, email, "1", "General Admission"]
        cells += [str(5000 + n), f"{5000 + n}100101", first, last, email, status, "", company, "", languages]
        lines.append(",".join(f'"{c}"' for c in cells) + "\r\n")
    return "".join(lines)


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def log_size(kiosk: Kiosk) -> int:
    with kiosk.ctx.store.write() as db:
        return int(db.execute("SELECT count(*) FROM change_log").fetchone()[0])


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write(tmp_path, "eventbrite.csv", eventbrite(PEOPLE))


def next_button(wizard: ImportWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def open_file(wizard: ImportWizard, path: Path) -> None:
    wizard.choose_page.set_path(path)
    wizard.next()


def check(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    open_file(wizard, path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.ended, timeout=10_000)


def test_the_first_page_names_the_event_it_imports_into(wizard: ImportWizard) -> None:
    assert wizard.choose_page.event_name.text() == "Fresno Convening"
    assert wizard.choose_page.event_date.text() == "Wednesday, May 14, 2025"
    assert not next_button(wizard)  # no file yet


def test_the_preset_list_offers_auto_detect_then_every_preset(wizard: ImportWizard) -> None:
    combo = wizard.choose_page.preset_combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert names[0] is None and combo.itemText(0).startswith("Auto-detect")
    assert {"eventbrite", "google-forms", "generic"} <= set(names)
    assert "Eventbrite attendee export" in [combo.itemText(i) for i in range(combo.count())]


def test_preview_shows_the_first_twenty_rows_and_markup_as_typed(tmp_path: Path, wizard: ImportWizard) -> None:
    many = PEOPLE + [(f"P{n}", "Q", f"p{n}@example.org", "Attending", "X", "") for n in range(30)]
    open_file(wizard, write(tmp_path, "many.csv", eventbrite(many)))

    page = wizard.mapping_page
    assert wizard.currentId() == ImportWizard.MAPPING
    model = page.rows_model
    assert model.rowCount() == 20
    first_name = model.headers.index("First Name")
    assert model.index(0, first_name).data() == "<b>Ana</b>"
    assert model.index(1, first_name).data() == "지민"
    assert model.index(2, model.headers.index("Last Name")).data() == "الحسن"
    assert "CSV" in page.info.text() and "UTF-8" in page.info.text()
    assert page.info.textFormat() == Qt.TextFormat.PlainText


def test_a_long_cell_is_shortened_with_all_of_it_in_the_tooltip(tmp_path: Path, wizard: ImportWizard) -> None:
    answer = "<i>Wheelchair</i> access " + "and a seat near the front " * 10
    open_file(wizard, write(tmp_path, "p.csv", f'First name,Needs\nAna,"{answer}"\n'))

    index = wizard.mapping_page.rows_model.index(0, 1)
    assert index.data().endswith("…") and len(index.data()) <= 60
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;i&gt;Wheelchair&lt;/i&gt;" in tooltip and "<i>" not in tooltip


def test_an_eventbrite_export_maps_every_column_without_edits(wizard: ImportWizard, export: Path) -> None:
    open_file(wizard, export)

    page = wizard.mapping_page
    assert wizard.preview is not None and wizard.preview.preset == "eventbrite"
    assert page.combo_for("First Name").currentData() == "first_name"
    assert page.combo_for("Attendee #").currentData() == "external:eventbrite_attendee"
    assert page.combo_for("Company").currentData() == "organization"
    assert page.combo_for("Buyer Email").currentData() == "ignore"
    assert page.combo_for("What languages can you help others in?").currentText() == "Keep as form answer"
    assert "Eventbrite attendee export" in page.info.text()
    assert next_button(wizard)


def test_choosing_ignore_for_a_column_changes_the_preview_mapping(wizard: ImportWizard, export: Path) -> None:
    open_file(wizard, export)
    combo = wizard.mapping_page.combo_for("Company")

    combo.setCurrentIndex(combo.findData("ignore"))

    assert wizard.preview is not None
    assert wizard.preview.mapping["Company"] == "ignore"
    assert wizard.overrides == {"Company": "ignore"}
    assert wizard.mapping_page.combo_for("Company").currentData() == "ignore"
    assert wizard.mapping_page.mapping_model.index(14, 3).data() == "You"


def test_a_file_without_a_name_column_blocks_next_with_the_reason(tmp_path: Path, wizard: ImportWizard) -> None:
    open_file(wizard, write(tmp_path, "p.csv", "Email,Agency\nana@example.org,Fresno Center\n"))

    page = wizard.mapping_page
    assert wizard.currentId() == ImportWizard.MAPPING
    assert not next_button(wizard)
    assert page.blocker.isVisible() and "no column gives a name" in page.blocker.text()
    assert "--map" not in page.blocker.text()


def test_mapping_a_column_to_first_name_unblocks_next(tmp_path: Path, wizard: ImportWizard) -> None:
    open_file(wizard, write(tmp_path, "p.csv", "Who,Agency\nAna,Fresno Center\n"))
    assert not next_button(wizard)
    combo = wizard.mapping_page.combo_for("Who")

    combo.setCurrentIndex(combo.findData("first_name"))

    assert next_button(wizard) and not wizard.mapping_page.blocker.isVisible()


def test_the_dry_run_shows_counts_and_rejected_lines_and_writes_nothing(
    qtbot: QtBot, kiosk: Kiosk, wizard: ImportWizard, export: Path
) -> None:
    before = log_size(kiosk)

    check(qtbot, wizard, export)

    page = wizard.check_page
    assert page.summary is not None and page.summary.dry_run
    values = {kind: label.text() for kind, label in page.counts.values.items()}
    assert values == {"added": "4", "updated": "0", "unchanged": "0", "cancelled": "1", "rejected": "1"}
    model = page.rejections_model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "5"  # José's row: the header is line 1
    assert "unknown attendee status 'Maybe'" in model.index(0, 1).data()
    assert [page.suggestions.item(i).text() for i in range(page.suggestions.count())] == [
        "'Fresno Hmong Center' looks like 'Fresno Hmong Centre': if they are one organization, "
        "use one spelling in the file and import it again"
    ]
    assert log_size(kiosk) == before
    assert kiosk.events.figures(wizard.current_event.id).registered == 0
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert page.status.text() == (
        "Checked 6 rows. Nothing has been saved: “Import now” imports 5 rows; the 1 not imported is listed "
        "below with why (fix them in the file and import it again)."
    )


def test_a_file_with_only_its_header_says_so_and_offers_no_import(
    qtbot: QtBot, tmp_path: Path, wizard: ImportWizard
) -> None:
    check(qtbot, wizard, write(tmp_path, "header-only.csv", "First name,Last name,Email\r\n"))

    page = wizard.check_page
    assert page.status.text() == "Checked 0 rows. Nothing has been saved: the file holds no one to import (see below)."
    assert "no rows under it" in page.notes.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


def test_the_import_adds_registrants_and_the_main_window_figures_update(
    qtbot: QtBot, kiosk: Kiosk, event: Event, export: Path
) -> None:
    window = MainWindow(kiosk, event)
    qtbot.addWidget(window)
    window.timer.stop()
    assert window.tiles["registered"].value.text() == "0"
    wizard = window.open_import_wizard()
    check(qtbot, wizard, export)

    wizard.next()
    assert wizard.import_page.subTitle() == "The rows are being saved. Press Finish when it is done."
    qtbot.waitUntil(lambda: wizard.import_page.ended, timeout=10_000)
    assert wizard.import_page.subTitle() == "Saved. Press Finish to close."
    summary = wizard.import_page.summary
    assert summary is not None and not summary.dry_run and summary.added == 4
    assert wizard.import_page.status.text() == (
        f"Done: 5 of 6 rows imported into {event.name}; 1 not imported, listed below with why."
    )
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.button(QWizard.WizardButton.FinishButton).click()

    assert window.tiles["registered"].value.text() == "4"
    assert window.tiles["cancelled"].value.text() == "1"
    assert window.import_wizard is None


def test_the_registrants_menu_opens_the_wizard_with_ctrl_i(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    window = MainWindow(kiosk, event)
    qtbot.addWidget(window)
    window.timer.stop()
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.import_action in window.registrants_menu.actions()

    window.import_action.trigger()

    assert window.import_wizard is not None and window.import_wizard.isVisible()
    assert window.import_wizard.current_event.id == event.id
    window.import_wizard.reject()
    assert window.import_wizard is None


def test_saving_a_preset_puts_it_in_the_list_and_on_disk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kiosk: Kiosk, wizard: ImportWizard
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("CRM export", True))
    open_file(wizard, write(tmp_path, "crm.csv", "Given,Agency,Notes\nAna,Fresno Center,hi\n"))
    combo = wizard.mapping_page.combo_for("Given")
    combo.setCurrentIndex(combo.findData("first_name"))

    wizard.mapping_page.save_button.click()

    saved = kiosk.ctx.store.folder / "import_presets" / "crm-export.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["label"] == "CRM export"
    assert data["columns"] == {"Given": "first_name", "Agency": "organization", "Notes": "extra"}
    presets = wizard.choose_page.preset_combo
    assert presets.findData("crm-export") > 0 and presets.currentData() == "crm-export"
    assert wizard.preset == "crm-export" and wizard.overrides == {}
    assert wizard.mapping_page.combo_for("Given").currentData() == "first_name"
    assert "CRM export" in wizard.mapping_page.saved.text()


def test_an_unreadable_file_shows_the_reason_and_stays_on_the_first_page(
    tmp_path: Path, wizard: ImportWizard, export: Path
) -> None:
    open_file(wizard, write(tmp_path, "bad.csv", b"\x00\x01\x02\xff\xfe\x00" * 200))

    page = wizard.choose_page
    assert wizard.currentId() == ImportWizard.CHOOSE
    assert page.error.isVisible() and page.error.text().startswith("cannot import bad.csv: it is not a text file")
    assert page.error.textFormat() == Qt.TextFormat.PlainText

    open_file(wizard, export)  # another file can be chosen at once
    assert wizard.currentId() == ImportWizard.MAPPING


def test_browse_fills_the_path_from_the_file_dialog(
    monkeypatch: pytest.MonkeyPatch, wizard: ImportWizard, export: Path
) -> None:
    asked: list[str] = []

    def choose(_parent: object, _title: str, _folder: str, filter: str) -> tuple[str, str]:
        asked.append(filter)
        return str(export), filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)

    wizard.choose_page.browse.click()

    assert wizard.choose_page.path_edit.text() == str(export)
    assert "*.xlsx" in asked[0] and "*.tsv" in asked[0]
    assert next_button(wizard)


def test_cancelling_during_the_dry_run_waits_for_the_worker(
    qtbot: QtBot, tmp_path: Path, kiosk: Kiosk, wizard: ImportWizard
) -> None:
    rows = "".join(f"P{n},Q{n},p{n}@example.org\n" for n in range(20_000))
    open_file(wizard, write(tmp_path, "big.csv", "First name,Last name,Email\n" + rows))
    before = log_size(kiosk)
    wizard.next()
    job = wizard.job
    assert job is not None

    wizard.reject()

    assert not job.is_running() and not wizard.isVisible()
    assert job.worker.done < 20_000  # it stopped at a batch, not at the end
    assert log_size(kiosk) == before


def test_cancelling_during_the_import_stops_after_a_batch_and_says_what_was_saved(
    qtbot: QtBot, tmp_path: Path, kiosk: Kiosk, event: Event, wizard: ImportWizard
) -> None:
    rows = "".join(f"P{n},Q{n},p{n}@example.org\n" for n in range(20_000))
    check(qtbot, wizard, write(tmp_path, "big.csv", "First name,Last name,Email\n" + rows))
    wizard.next()
    job = wizard.job
    assert job is not None and wizard.currentId() == ImportWizard.IMPORT

    wizard.reject()

    assert not job.is_running() and wizard.isVisible()
    page = wizard.import_page
    qtbot.waitUntil(lambda: page.ended, timeout=10_000)
    saved = kiosk.events.figures(event.id).registered
    assert 0 < saved < 20_000
    assert page.status.text().startswith(f"Stopped. The first {saved:,} rows are saved")
    assert page.subTitle() == "Stopped. Press Finish to close."
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
