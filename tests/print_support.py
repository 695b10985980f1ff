"""The stand-in printer of the print tests: a backend that keeps what it was sent instead of printing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from kiosk.core.printing import Page, PrinterInfo, PrintError


class FakePrinter:
    """Keeps (PDF bytes, printer, page, title) of every job it takes; `fail` makes it refuse with that reason.
    Its printers are `names`, the first the default."""

    name = "spooler"

    def __init__(self, names: tuple[str, ...] = ("badges",)) -> None:
        self.names = names
        self.sent: list[tuple[bytes, str, Page, str]] = []
        self.fail = ""
        self.sent_at: list[float] = []

    @property
    def titles(self) -> list[str]:
        return [title for *_, title in self.sent]

    def problem(self) -> str | None:
        return None

    def printers(self) -> list[PrinterInfo]:
        return [PrinterInfo(name, index == 0, "idle") for index, name in enumerate(self.names)]

    def send(self, pdf: Path, printer: str, page: Page, title: str) -> str:
        if self.fail:
            raise PrintError(self.fail)
        self.sent.append((pdf.read_bytes(), printer, page, title))
        self.sent_at.append(time.perf_counter())
        return f"{self.names[0].replace(' ', '_')}-{len(self.sent)}"


def window_printing_to(kiosk: Any, event: Any, printer: FakePrinter, name: str, qtbot: Any) -> Any:
    """A main window whose badges go to `printer` (as its printer `name`, on fanfold stock); close its
    Badges menu (`win.badges.close()`) when done, so the print queue's worker stops."""
    from kiosk.ui.main_window import MainWindow

    win = MainWindow(kiosk, event)
    qtbot.addWidget(win)
    prints = win.badges.prints()
    prints.backends["spooler"] = printer
    prints.save_settings(printer=name, stock="fanfold-4x3")
    return win
