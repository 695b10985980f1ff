"""Printing in the app, offscreen: the Qt backend paints the badge PDF onto a QPrinter at the stock's size,
the Badges menu prints once after a welcome and reprints with a reason, and the settings dialog, print queue
window, preview and batch dialog work and look right (screenshots: set KIOSK_SCREENSHOT_DIR to keep them)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from print_support import FakePrinter, window_printing_to
from pypdf import PdfReader
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.badges import get_template
from kiosk.core.badges.qr import badge_payload
from kiosk.core.models import Event, Organization
from kiosk.core.printing import JobState, Page, PrintError, media_for
from kiosk.core.services import Kiosk
from kiosk.core.services.badge_prints import BadgePrints
from kiosk.core.services.desk import Kind
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui import theme
from kiosk.ui.print_qt import QtBackend, print_pdf

MM = 72 / 25.4
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")


@pytest.fixture(autouse=True)
def styled(qapp: QApplication) -> Iterator[None]:
    theme.apply_theme(qapp, high_contrast=False)
    yield
    qapp.setStyleSheet("")


def shoot(widget: QWidget, path: Path) -> Path:
    QApplication.processEvents()  # pending layout requests, as the event loop would run them before painting
    widget.grab().save(str(path))
    return path


@pytest.fixture
def people(kiosk: Kiosk, event: Event) -> list[str]:
    org = kiosk.organizations.find_or_create("Fresno Center for New Americans")
    drafts = [
        RegistrantDraft(first_name="Ana", last_name="Ruiz", pronouns="she/her", languages=["es", "en"]),
        RegistrantDraft(first_name="Bảo", last_name="Trần", languages=["vi", "en"]),
        RegistrantDraft(first_name="Chidi", last_name="Okafor"),
    ]
    for draft in drafts:
        draft.organization_id = org.id if isinstance(org, Organization) else None
    return [r.id for r in kiosk.registrants.register_many(event.id, drafts)]


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter(("Badges Left", "Office Laser"))


@pytest.fixture
def prints(kiosk: Kiosk, printer: FakePrinter) -> Iterator[BadgePrints]:
    service = BadgePrints(kiosk.ctx, backends={"spooler": printer})
    service.save_settings(printer="Badges Left", stock="fanfold-4x3")
    yield service
    service.close()


# -- the Qt backend ------------------------------------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize("stock", ["fanfold-4x3", "brother-ql-62x100", "avery-5392"])
def test_the_qt_backend_paints_the_badge_onto_a_qprinter_at_the_stock_size(
    qapp: QApplication, prints: BadgePrints, people: list[str], event: Event, tmp_path: Path, stock: str
) -> None:
    template = get_template(stock)
    pdf, _ = prints.preview(people[0], stock)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(300)
    printer.setOutputFileName(str(out))  # the narrowest seam for a physical printer
    page = Page(media_for(template), template.page_width, template.page_height)
    assert print_pdf(pdf, printer, page, "Ana Ruiz") == 1
    box = PdfReader(out).pages[0].mediabox
    assert float(box.width) / MM == pytest.approx(template.page_width, abs=0.3)
    assert float(box.height) / MM == pytest.approx(template.page_height, abs=0.3)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(out), str(tmp_path / "page")], check=True)
    codes = [c.text for c in zxingcpp.read_barcodes(Image.open(tmp_path / "page-1.png"))]
    assert codes == [badge_payload(event.id, people[0])]


def test_the_qt_backend_through_the_queue_writes_its_pdf(
    qapp: QApplication, kiosk: Kiosk, people: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "qt.pdf"
    service = BadgePrints(kiosk.ctx, backends={"qt": QtBackend(to_file=out)})
    try:
        service.save_settings(backend="qt", stock="brother-ql-62x100")
        job = service.auto_print(people[0])
        assert job is not None and service.queue.wait_idle(30)
        assert service.queue.get(job.id).state == JobState.SENT
    finally:
        service.close()
    box = PdfReader(out).pages[0].mediabox
    assert (float(box.width) / MM, float(box.height) / MM) == (pytest.approx(62, abs=0.3), pytest.approx(100, abs=0.3))
    assert service.printed(people[0]) == 1


def test_an_unknown_qt_printer_is_named_in_the_reason(qapp: QApplication, tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="no printer called 'Nowhere'"):
        QtBackend().send(tmp_path / "x.pdf", "Nowhere", Page("A4", 210, 297), "x")


# -- the menu and the desk -----------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, kiosk: Kiosk, event: Event, printer: FakePrinter, people: list[str]) -> Iterator:
    win = window_printing_to(kiosk, event, printer, "Badges Left", qtbot)
    yield win
    win.badges.close()


def test_the_badges_menu_has_its_actions(window) -> None:
    texts = [a.text().replace("&", "") for a in window.badges.menu.actions() if a.text()]
    assert texts == [
        "Preview badge…",
        "Print badge",
        "Reprint badge with a reason…",
        "Print a batch…",
        "Print queue…",
        "Print automatically after check-in",
        "Printer settings…",
    ]


def test_with_auto_print_on_a_welcome_prints_once_and_a_second_scan_does_not(
    window, kiosk: Kiosk, event: Event, printer: FakePrinter, people: list[str], qtbot: QtBot
) -> None:
    window.badges.set_auto_print(True)
    ticket = kiosk.tickets.payload_for(kiosk.registrants.get(people[0]))
    # Queued on a worker thread just after the decision painted.
    with qtbot.waitSignal(window.badges.auto_printed, timeout=10_000) as queued:
        assert window.desk.handle_scan(ticket).kind is Kind.WELCOME
        assert window.desk.handle_scan(ticket).kind is Kind.ALREADY_CHECKED_IN
    assert queued.args[0] == people[0] and queued.args[1] is not None
    qtbot.waitUntil(lambda: not window.badges.queueing(people[0]))  # no other queueing for them is under way
    prints = window.badges.prints()
    assert prints.queue.wait_idle(30)
    assert printer.titles == ["Ana Ruiz"]
    qtbot.waitUntil(lambda: "sent to Badges Left" in window.statusBar().currentMessage())


def test_with_auto_print_off_a_welcome_prints_nothing(
    window, kiosk: Kiosk, printer: FakePrinter, people: list[str], qtbot: QtBot
) -> None:
    window.badges.set_auto_print(False)
    window.desk.handle_scan(kiosk.tickets.payload_for(kiosk.registrants.get(people[0])))
    assert window.desk.decision.advice.text() == "Print their badge (Ctrl+P), then hand it over."
    qtbot.wait(50)  # past the moment a queued print would have been made
    assert window.badges.prints().queue.jobs() == []


def test_a_reprint_asked_for_after_an_edit_asks_why_and_records_it(
    window, printer: FakePrinter, people: list[str], kiosk: Kiosk
) -> None:
    window.desk.reprint_requested.emit(people[1])
    dialog = window.badges.dialog
    assert dialog.textValue() == "details changed"
    dialog.setTextValue("name misspelt")
    dialog.accept()
    prints = window.badges.prints()
    assert prints.queue.wait_idle(30)
    assert [(p.reason, p.template) for p in prints.prints(people[1])] == [("name misspelt", "fanfold-4x3")]


def test_an_empty_reason_reprints_nothing(window, people: list[str]) -> None:
    window.desk.reprint_requested.emit(people[1])
    window.badges.dialog.setTextValue("  ")
    window.badges.dialog.accept()
    assert window.badges.prints().queue.jobs() == []
    assert "say why" in window.statusBar().currentMessage()


# -- the dialogs ---------------------------------------------------------------------------------------


def test_printer_settings_list_the_printers_and_keep_the_choice(qtbot: QtBot, prints: BadgePrints, shots: Path) -> None:
    from kiosk.ui.print_settings_dialog import PrinterSettingsDialog

    dialog = PrinterSettingsDialog(prints)
    qtbot.addWidget(dialog)
    dialog.show()
    names = [dialog.printer.itemText(i) for i in range(dialog.printer.count())]
    assert names == ["(the computer's default printer)", "Badges Left (default)", "Office Laser"]
    assert dialog.printer.currentText() == "Badges Left (default)"
    shoot(dialog, shots / "printer-settings.png")
    dialog.printer.setCurrentIndex(2)
    dialog.stock.setCurrentIndex(dialog.stock.findData("brother-ql-62x100"))
    dialog.auto_print.setChecked(True)
    dialog.offset_x.setValue(-1.5)
    dialog.offset_y.setValue(0.5)
    dialog.save()
    saved = prints.settings()
    assert (saved.printer, saved.stock, saved.auto_print) == ("Office Laser", "brother-ql-62x100", True)
    assert saved.offsets["brother-ql-62x100"] == (-1.5, 0.5)
    for widget in dialog.findChildren(QWidget):
        internal = widget.objectName().startswith("qt_")  # a spin box's own line edit, named through the box
        if not internal and widget.isVisibleTo(dialog) and widget.focusPolicy() != widget.focusPolicy().NoFocus:
            assert widget.accessibleName(), f"{widget.objectName() or type(widget).__name__} has no accessible name"


def test_the_calibration_page_goes_to_the_printer_from_the_settings(
    qtbot: QtBot, prints: BadgePrints, printer: FakePrinter
) -> None:
    from kiosk.ui.print_settings_dialog import PrinterSettingsDialog

    dialog = PrinterSettingsDialog(prints)
    qtbot.addWidget(dialog)
    dialog.calibrate.click()
    assert prints.queue.wait_idle(30)
    assert printer.titles == ["Calibration page: fanfold-4x3"]
    assert "Measure it" in dialog.message.text()


class _JobBridge(QObject):
    changed = Signal(object)


def test_the_print_queue_shows_a_failure_and_retries_it(
    qtbot: QtBot, prints: BadgePrints, printer: FakePrinter, people: list[str], shots: Path
) -> None:
    from kiosk.ui.print_queue_window import PrintQueueWindow

    prints.auto_print(people[0])
    assert prints.queue.wait_idle(30)
    printer.fail = "there is no printer called 'Badges Left' here (printers: Office Laser); choose one in settings"
    failed = prints.auto_print(people[1])
    assert failed is not None and prints.queue.wait_idle(30)
    window = PrintQueueWindow(prints)
    qtbot.addWidget(window)
    window.show()
    assert window.summary.text() == "0 waiting · 1 failed · 1 sent"
    assert window.model.data(window.model.index(0, 5)).startswith("there is no printer called")
    window.select_row(0)
    shoot(window, shots / "print-queue.png")
    assert window.retry_button.isEnabled()
    printer.fail = ""
    # As the badge menu does: the queue calls back on its worker thread; a signal carries it to the UI thread.
    bridge = _JobBridge()
    bridge.changed.connect(window.job_changed)
    prints.queue.subscribe(bridge.changed.emit)
    window.retry_button.click()
    assert prints.queue.wait_idle(30)
    qtbot.waitUntil(lambda: window.model.data(window.model.index(0, 4)) == "Sent")
    assert prints.printed(people[1]) == 1


def test_retrying_a_failed_badge_of_someone_reprinted_since_says_it_is_not_needed(
    qtbot: QtBot, prints: BadgePrints, printer: FakePrinter, people: list[str]
) -> None:
    from kiosk.ui.print_queue_window import PrintQueueWindow

    printer.fail = "the printer is out of labels"
    assert prints.auto_print(people[0]) is not None and prints.queue.wait_idle(30)
    window = PrintQueueWindow(prints)
    qtbot.addWidget(window)
    printer.fail = ""
    window.retry_all()  # nothing printed since: this one goes again
    assert prints.queue.wait_idle(30) and prints.printed(people[0]) == 1
    printer.fail = "the printer is out of labels"
    prints.reprint(people[0], "lost")
    assert prints.queue.wait_idle(30)
    (failed,) = prints.queue.jobs((JobState.FAILED,))
    printer.fail = ""
    prints.reprint(people[0], "lost again")  # printed on the mended printer: the failed job is settled
    assert prints.queue.wait_idle(30) and prints.printed(people[0]) == 2
    window.refresh()
    assert prints.queue.get(failed.id).superseded_by
    row = next(r for r in range(window.model.rowCount()) if window.model.job(r).id == failed.id)
    assert window.model.data(window.model.index(row, 5)) == "not needed: a newer badge was printed or asked for."


def test_a_waiting_job_can_be_cancelled_from_the_queue(
    qtbot: QtBot, kiosk: Kiosk, printer: FakePrinter, people: list[str]
) -> None:
    from kiosk.ui.print_queue_window import PrintQueueWindow

    prints = BadgePrints(kiosk.ctx, backends={"spooler": printer}, start=False)  # nothing is sent
    prints.auto_print(people[0])
    window = PrintQueueWindow(prints)
    qtbot.addWidget(window)
    window.select_row(0)
    window.cancel_button.click()
    assert window.model.data(window.model.index(0, 4)) == "Cancelled"
    assert prints.queue.jobs()[0].state == JobState.CANCELLED


def test_the_preview_shows_the_badge_as_it_prints(
    qtbot: QtBot, prints: BadgePrints, printer: FakePrinter, people: list[str], shots: Path
) -> None:
    from kiosk.ui.badge_preview import BadgePreviewDialog

    dialog = BadgePreviewDialog(prints, people[1])
    qtbot.addWidget(dialog)
    dialog.show()
    pixmap = dialog.picture.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 400
    assert abs(pixmap.width() / pixmap.height() - 101.6 / 76.2) < 0.02
    image = pixmap.toImage()
    assert image.pixelColor(5, 5).name() == "#ffffff"  # paper, not a transparent hole
    assert dialog.status.text() == "Not printed yet."
    assert dialog.windowTitle() == "Badge preview: Bảo Trần"
    shoot(dialog, shots / "badge-preview.png")
    dialog.stock.setCurrentIndex(dialog.stock.findData("brother-ql-62x100"))
    assert dialog.picture.pixmap().height() > dialog.picture.pixmap().width()
    shoot(dialog, shots / "badge-preview-brother.png")


def test_a_batch_from_the_dialog_is_drawn_with_progress_and_queued(
    qtbot: QtBot, prints: BadgePrints, printer: FakePrinter, event: Event, people: list[str], shots: Path
) -> None:
    from kiosk.ui.badge_batch_dialog import BatchPrintDialog

    dialog = BatchPrintDialog(prints, event)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.start_at.maximum() == 6  # Avery 5392: six to a sheet
    dialog.start_at.setValue(5)
    dialog.sort.setCurrentIndex(dialog.sort.findData("last-name"))
    with qtbot.waitSignal(dialog.queued, timeout=30_000) as queued:
        dialog.print_button.click()
    batch = queued.args[0]
    assert batch.job.title == "3 badges by last name" and batch.run.pages == 2
    assert dialog.progress.value() == 3
    shoot(dialog, shots / "batch.png")
    assert prints.queue.wait_idle(30)
    assert printer.titles == ["Badges: 3 badges by last name"]
    dialog.stock.setCurrentIndex(dialog.stock.findData("fanfold-4x3"))
    assert not dialog.start_at.isEnabled()


def test_the_app_window_with_the_badges_menu_paints(window, shots: Path) -> None:
    window.resize(1280, 800)
    window.show()
    window.badges.menu.popup(window.mapToGlobal(window.rect().topLeft()))
    shoot(window, shots / "main-window.png")
    window.badges.menu.hide()
    assert dt.date.today()  # the window painted without error


def test_the_decision_on_screen_says_the_badge_printed_once_it_has(
    window, kiosk: Kiosk, printer: FakePrinter, people: list[str], qtbot: QtBot
) -> None:
    window.badges.set_auto_print(True)
    window.desk.handle_scan(kiosk.tickets.payload_for(kiosk.registrants.get(people[0])))
    assert "Badge: not printed yet." in window.desk.decision.details.text()
    assert window.desk.decision.advice.text() == "Their badge is printing: hand it over."
    qtbot.waitUntil(lambda: "Badge: printed once" in window.desk.decision.details.text(), timeout=10_000)
    assert window.desk.decision.advice.text() == "Hand over their badge."


def test_a_name_with_markup_shows_as_typed_in_the_print_queues_tooltip(
    qtbot: QtBot, kiosk: Kiosk, event: Event, printer: FakePrinter
) -> None:
    from kiosk.ui.print_queue_window import PrintQueueWindow

    (person,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="<b>Ana</b>", last_name="Bold")])
    prints = BadgePrints(kiosk.ctx, backends={"spooler": printer}, start=False)  # nothing is sent
    prints.auto_print(person.id)
    window = PrintQueueWindow(prints)
    qtbot.addWidget(window)
    tooltip = window.model.data(window.model.index(0, 1), Qt.ItemDataRole.ToolTipRole)

    assert window.model.data(window.model.index(0, 1)) == "<b>Ana</b> Bold"
    document = QTextDocument()
    document.setHtml(tooltip)  # Qt renders a tooltip that might be rich text as markup
    assert document.toPlainText() == "<b>Ana</b> Bold"


def test_already_checked_in_says_the_badge_was_printed_and_offers_only_a_reprint(
    window, kiosk: Kiosk, printer: FakePrinter, people: list[str], qtbot: QtBot
) -> None:
    window.badges.set_auto_print(True)
    ticket = kiosk.tickets.payload_for(kiosk.registrants.get(people[0]))
    window.desk.handle_scan(ticket)
    qtbot.waitUntil(lambda: "Badge: printed once" in window.desk.decision.details.text(), timeout=10_000)
    window.desk.handle_scan(ticket)

    assert window.desk.decision.decision is not None
    assert window.desk.decision.decision.kind is Kind.ALREADY_CHECKED_IN
    assert any(line.startswith("Badge: printed once") for line in window.desk.decision.details.text().splitlines())
    advice = window.desk.decision.advice.text()
    assert "printed already" in advice and "reprint" in advice
    assert "if they have no badge, print one" not in advice
