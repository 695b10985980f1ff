"""Badges printed through a real CUPS queue (cups-pdf): the PDF that comes out has the stock's page size,
text that can be read back and the badge's QR code. The fixture starts cupsd and makes the queue when it
can (CI runs as root); without CUPS installed these tests skip and say why."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from kiosk.cli import main
from kiosk.core.badges.qr import badge_payload
from kiosk.core.models import BadgePrint, Event
from kiosk.core.printing import JobState
from kiosk.core.services import Kiosk
from kiosk.core.services.badge_prints import BadgePrints

QUEUE = "kiosk-test"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
MM = 72 / 25.4


@dataclass
class CupsPdf:
    queue: str
    out: Path

    def output(self, spooler_ref: str, since: float, timeout: float = 60.0) -> Path:
        """The PDF cups-pdf wrote for the job `spooler_ref` ("kiosk-test-12" → "...job_12.pdf")."""
        number = spooler_ref.rsplit("-", 1)[-1]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [p for p in self.out.glob(f"*job_{number}.pdf") if p.stat().st_mtime >= since - 1]
            if found:
                size = found[0].stat().st_size
                time.sleep(0.3)
                if size and found[0].stat().st_size == size:
                    return found[0]
            time.sleep(0.2)
        jobs = subprocess.run(["lpstat", "-W", "all", "-o", self.queue], capture_output=True, text=True).stdout
        raise AssertionError(f"cups-pdf wrote nothing for {spooler_ref} in {self.out} within {timeout:g} s:\n{jobs}")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30, env={"LC_ALL": "C", "PATH": _path()})


def _path() -> str:
    import os

    return os.environ.get("PATH", "") + ":/usr/sbin:/sbin"


def _cups_pdf_model() -> str | None:
    models = _run("lpinfo", "-m").stdout
    match = re.search(r"^(\S*CUPS-PDF_opt\.ppd)\s", models, re.MULTILINE)
    return match.group(1) if match else None


def _cups_pdf_out() -> Path:
    """Where cups-pdf writes (its `Out` setting; Debian: ${HOME}/PDF of the user who printed)."""
    out = "/var/spool/cups-pdf/${USER}"
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip().startswith("Out "):
                out = line.split(None, 1)[1].strip()
    import getpass

    return Path(out.replace("${HOME}", str(Path.home())).replace("${USER}", getpass.getuser()))


@pytest.fixture(scope="session")
def cups() -> Iterator[CupsPdf]:
    missing = [tool for tool in ("lp", "lpstat", "lpadmin", "cupsd") if shutil.which(tool, path=_path()) is None]
    if missing:
        pytest.skip(
            f"CUPS is not installed ({', '.join(missing)} missing): apt-get install cups printer-driver-cups-pdf"
        )
    import os

    if "scheduler is running" not in _run("lpstat", "-r").stdout:
        if os.geteuid() != 0:
            pytest.skip("cupsd is not running and only root can start it here")
        _run("cupsd")
        for _ in range(50):
            if "scheduler is running" in _run("lpstat", "-r").stdout:
                break
            time.sleep(0.2)
        else:
            pytest.fail("cupsd was started but does not answer")
    if QUEUE not in _run("lpstat", "-e").stdout.split():
        model = _cups_pdf_model()
        if model is None:
            pytest.skip("cups-pdf is not installed: apt-get install printer-driver-cups-pdf")
        made = _run("lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-m", model)
        if made.returncode != 0:
            pytest.skip(f"cannot make the {QUEUE} queue: {made.stderr.strip()}")
    _run("cupsenable", QUEUE)
    _run("cupsaccept", QUEUE)
    yield CupsPdf(QUEUE, _cups_pdf_out())


@pytest.fixture
def person(kiosk: Kiosk, event: Event, register_people) -> str:
    return register_people(kiosk, event.id, "Ana Ruiz", pronouns="she/her")[0].id


@pytest.fixture
def prints(kiosk: Kiosk, cups: CupsPdf) -> Iterator[BadgePrints]:
    service = BadgePrints(kiosk.ctx)
    service.save_settings(printer=cups.queue, stock="fanfold-4x3")
    yield service
    service.close()


def _page_mm(pdf: Path, index: int = 0) -> tuple[float, float]:
    box = PdfReader(pdf).pages[index].mediabox
    return float(box.width) / MM, float(box.height) / MM


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _words(pdf: Path) -> dict[str, tuple[int, float, float]]:
    """Each word's page (1-based) and top-left corner in points, from pdftotext's bounding boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words: dict[str, tuple[int, float, float]] = {}
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', page):
            words.setdefault(word, (number, float(x), float(y)))
    return words


def _qr_codes(pdf: Path, folder: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(folder / "page")], check=True)
    found = []
    for png in sorted(folder.glob("page-*.png")):
        found += [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    return found


def test_a_badge_printed_through_cups_has_the_stock_size_the_name_and_the_qr_code(
    prints: BadgePrints, cups: CupsPdf, person: str, event: Event, tmp_path: Path
) -> None:
    since = time.time()
    job = prints.auto_print(person)
    assert job is not None
    assert prints.queue.wait_idle(60)
    sent = prints.queue.get(job.id)
    assert sent.state == JobState.SENT, sent.error
    assert sent.media == "Custom.4x3in"
    pdf = cups.output(sent.spooler_ref, since)
    width, height = _page_mm(pdf)
    assert width == pytest.approx(101.6, abs=0.5)
    assert height == pytest.approx(76.2, abs=0.5)
    text = _text(pdf)
    assert "Ana" in text and "Ruiz" in text and "she/her" in text
    assert _qr_codes(pdf, tmp_path) == [badge_payload(event.id, person)]


@pytest.mark.parametrize(("stock", "size"), [("brother-ql-62x100", (62, 100)), ("avery-5392", (215.9, 279.4))])
def test_each_stock_comes_out_on_its_own_paper(
    prints: BadgePrints, cups: CupsPdf, person: str, stock: str, size: tuple[float, float]
) -> None:
    since = time.time()
    job = prints.print_badge(person, stock=stock)
    assert prints.queue.wait_idle(60)
    sent = prints.queue.get(job.id)
    assert sent.state == JobState.SENT, sent.error
    width, height = _page_mm(cups.output(sent.spooler_ref, since))
    # CUPS rounds a custom size to whole points (62 mm comes back as 61.74 mm).
    assert (width, height) == (pytest.approx(size[0], abs=0.5), pytest.approx(size[1], abs=0.5))


def test_an_unknown_printer_leaves_the_job_failed_with_the_reason_and_records_nothing(
    kiosk: Kiosk, prints: BadgePrints, person: str
) -> None:
    prints.save_settings(printer="no-such-printer")
    job = prints.auto_print(person)
    assert job is not None
    assert prints.queue.wait_idle(60)
    failed = prints.queue.get(job.id)
    assert failed.state == JobState.FAILED
    assert "no printer called 'no-such-printer'" in failed.error
    assert QUEUE in failed.error  # names the printers there are
    assert prints.printed(person) == 0
    with kiosk.ctx.store.session() as s:
        assert s.get(BadgePrint, job.badge_print_ids[0]) is None


def test_a_failed_job_retried_after_choosing_the_right_printer_prints_once(
    prints: BadgePrints, cups: CupsPdf, person: str
) -> None:
    prints.save_settings(printer="no-such-printer")
    job = prints.auto_print(person)
    assert job is not None and prints.queue.wait_idle(60)
    assert prints.auto_print(person) is None  # the failed job is the person's badge: retried, not doubled
    prints.save_settings(printer=cups.queue)
    since = time.time()
    prints.retry(job.id)
    assert prints.queue.wait_idle(60)
    sent = prints.queue.get(job.id)
    assert sent.state == JobState.SENT and sent.printer == cups.queue and sent.attempts == 2
    assert cups.output(sent.spooler_ref, since).exists()
    assert prints.printed(person) == 1


def test_a_batch_on_avery_sheets_starts_at_the_position_given(
    prints: BadgePrints, cups: CupsPdf, kiosk: Kiosk, event: Event, register_people, tmp_path: Path
) -> None:
    people = register_people(kiosk, event.id, "Bao Tran", "Chidi Okafor", "Dana Lee", "Eun Park", "Farah Haddad")
    since = time.time()
    batch = prints.print_batch(event, sort="last-name", start_at=4, stock="avery-5392")
    assert prints.queue.wait_idle(60)
    sent = prints.queue.get(batch.job.id)
    assert sent.state == JobState.SENT, sent.error
    pdf = cups.output(sent.spooler_ref, since)
    assert len(PdfReader(pdf).pages) == 2  # positions 4-6 of the first sheet, then 1-2 of the second
    assert _page_mm(pdf) == (pytest.approx(215.9, abs=0.5), pytest.approx(279.4, abs=0.5))
    # By last name: Haddad, Lee, Okafor in positions 4 to 6 (the second row's right badge first), Park and
    # Tran on the next sheet.
    words = _words(pdf)
    page, x, y = words["Haddad"]
    assert page == 1 and x > (6.35 + 101.6) * MM and (25.4 + 76.2) * MM < y < (25.4 + 2 * 76.2) * MM
    assert words["Lee"][0] == words["Okafor"][0] == 1 and words["Park"][0] == words["Tran"][0] == 2
    assert all(prints.printed(p.id) == 1 for p in people)


def test_kiosk_print_badge_prints_through_the_named_printer(
    kiosk: Kiosk, cups: CupsPdf, person: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = kiosk.registrants.get(person).ticket_code
    kiosk.close()
    since = time.time()
    assert main(["print-badge", code, "--printer", cups.queue, "--data-dir", str(data_dir)]) == 0
    line = capsys.readouterr().out
    assert f"Ana Ruiz: sent to {cups.queue}" in line
    reference = re.search(r"spooler job (\S+)", line)
    assert reference is not None
    assert "Ruiz" in _text(cups.output(reference.group(1), since))
    assert main(["print-badge", code, "--printer", cups.queue, "--data-dir", str(data_dir)]) == 1
    assert "printed once already; give a reason" in capsys.readouterr().err


def test_the_qt_backend_prints_to_a_cups_printer_at_the_stock_size(
    qapp: object, prints: BadgePrints, cups: CupsPdf, person: str
) -> None:
    from kiosk.ui.print_qt import QtBackend

    prints.backends["qt"] = QtBackend()
    prints.save_settings(backend="qt")
    since = time.time()
    job = prints.auto_print(person)
    assert job is not None and prints.queue.wait_idle(60)
    sent = prints.queue.get(job.id)
    assert sent.state == JobState.SENT, sent.error
    # Qt does not say which CUPS job it made: once the queue is empty, it is the newest one.
    for _ in range(300):
        if not _run("lpstat", "-o", cups.queue).stdout.strip():
            break
        time.sleep(0.2)
    done = _run("lpstat", "-W", "completed", "-o", cups.queue).stdout.split()
    newest = max((w for w in done if w.startswith(f"{cups.queue}-")), key=lambda w: int(w.rsplit("-", 1)[1]))
    width, height = _page_mm(cups.output(newest, since))
    assert (width, height) == (pytest.approx(101.6, abs=0.5), pytest.approx(76.2, abs=0.5))
