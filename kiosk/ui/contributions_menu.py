"""The main window's Contributions menu: the attendee kiosk, the wall, moderation and paper notes,
haves meet needs, and the exports (each written on a worker thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from kiosk.core import staff_pin
from kiosk.core.errors import KioskError
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.actions import menu_action

if TYPE_CHECKING:
    from kiosk.ui.journey_kiosk import JourneyKioskWindow
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.moderation import ModerationDialog
    from kiosk.ui.wall_window import WallWindow

EXPORTS = (
    ("csv", "Export notes as &CSV…", "CSV (*.csv)"),
    ("xlsx", "Export notes as &XLSX…", "Excel workbook (*.xlsx)"),
    ("poster", "Journey Map &poster (PDF)…", "PDF (*.pdf)"),
    ("matrix", "Haves and needs &matrix (XLSX)…", "Excel workbook (*.xlsx)"),
)


class ExportJob(QObject):
    """One export on a Python thread (a poster of hundreds of notes takes seconds); `done` carries the
    status-bar message."""

    done = Signal(str)

    def __init__(self, kiosk: Kiosk, event: Event, kind: str, out: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk, self.current_event, self.kind, self.out = kiosk, event, kind, out
        self.worker = threading.Thread(target=self._run, name=f"export-{kind}", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        from kiosk.core.exports.contributions import export

        try:
            result = export(self.kiosk, self.current_event, self.kind, self.out)
        except (KioskError, OSError) as exc:
            self.done.emit(f"Not exported: {exc}")
            return
        self.done.emit(f"{result.notes} notes written to {self.out}")


class HavesMeetNeeds(QDialog):
    """Each organization's needs, and the organizations here that have something for them."""

    def __init__(self, kiosk: Kiosk, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Haves meet needs — {event.name}")
        self.resize(900, 600)
        prompts = kiosk.contributions.prompt_set
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Organization and its need", "Who here has it", "What they have"])
        for match in kiosk.contributions.needs_and_haves(event.id):
            category = prompts.category(match.category)
            need = QTreeWidgetItem(
                [f"{match.organization} — {category.label() if category else match.category}: {'; '.join(match.needs)}"]
            )
            for have in match.haves:
                need.addChild(QTreeWidgetItem(["", have.organization, "; ".join(have.notes)]))
            if not match.haves:
                need.addChild(QTreeWidgetItem(["", "no one yet", ""]))
            self.tree.addTopLevelItem(need)
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 380)
        self.tree.setColumnWidth(1, 220)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)


class ContributionsMenu(QObject):
    """Owns the windows the menu opens; `window.contributions` holds it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.kiosk: JourneyKioskWindow | None = None
        self.wall: WallWindow | None = None
        self.moderation: ModerationDialog | None = None
        self.jobs: list[ExportJob] = []
        menu = self.menu = window.menuBar().addMenu("&Contributions")
        self.kiosk_action = self._add("Journey Map &kiosk…", "F7", self.open_kiosk)
        self.wall_action = self._add("&Wall display", "F8", self.open_wall)
        self.moderation_action = self._add("&Moderation and paper notes…", "Ctrl+Shift+M", self.open_moderation)
        self.matches_action = self._add("&Haves meet needs…", "", self.show_matches)
        menu.addSeparator()
        for kind, text, _ in EXPORTS:
            self._add(text, "", lambda _=False, k=kind: self.ask_export(k))
        menu.addSeparator()
        self.hold_action = self._add("Hold kiosk notes for &review", "", self.set_hold)
        self.hold_action.setCheckable(True)
        # Read when the menu opens, not at start-up: the contributions service loads the badge fonts' code.
        menu.aboutToShow.connect(lambda: self.hold_action.setChecked(window.kiosk.contributions.holds_for_review()))

    def _add(self, text: str, keys: str, slot: Callable[..., Any]) -> QAction:
        return menu_action(self.window, text, keys, slot, menu=self.menu)

    @property
    def shown_event(self) -> Event:
        """The event the main window shows (not `event`: that is QObject.event, which Qt calls)."""
        return self.window.current_event

    def open_kiosk(self) -> JourneyKioskWindow | None:
        """The attendee kiosk, full screen; a station with no staff PIN asks for one first."""
        if self.kiosk is not None:
            self.kiosk.raise_()
            return self.kiosk
        if not staff_pin.has_pin(self.window.kiosk.ctx.store):
            self.window.choose_pin(then=self.open_kiosk)
            return None
        from kiosk.ui.journey_kiosk import JourneyKioskWindow

        screen = self.kiosk = JourneyKioskWindow(self.window.kiosk, self.shown_event)
        screen.left.connect(self._kiosk_left)
        screen.showFullScreen()
        return screen

    def _kiosk_left(self) -> None:
        if self.kiosk is not None:
            self.kiosk.deleteLater()
            self.kiosk = None

    def open_wall(self) -> WallWindow:
        if self.wall is not None and self.wall.isVisible():
            if self.wall.current_event.id == self.shown_event.id:
                self.wall.raise_()
                return self.wall
            self.wall.close()  # it shows another convening's notes: open the shown one's instead
        from kiosk.ui.wall_window import WallWindow

        self.wall = WallWindow(self.window.kiosk, self.shown_event)
        self.wall.show_on_best_screen()
        return self.wall

    def open_moderation(self) -> ModerationDialog:
        from kiosk.ui.moderation import ModerationDialog

        if self.moderation is None:
            self.moderation = ModerationDialog(self.window.kiosk, self.shown_event, self.window)
        self.moderation.set_event(self.shown_event)
        self.moderation.show()
        self.moderation.raise_()
        return self.moderation

    def follow(self) -> None:
        """The station switched convenings: an open wall and moderation window switch with it."""
        if self.moderation is not None:
            self.moderation.set_event(self.shown_event)
        if self.wall is not None and self.wall.isVisible():
            self.open_wall()

    def show_matches(self) -> HavesMeetNeeds:
        dialog = HavesMeetNeeds(self.window.kiosk, self.shown_event, self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def set_hold(self, on: bool) -> None:
        self.window.kiosk.contributions.set_hold_for_review(on)

    def ask_export(self, kind: str) -> None:
        from kiosk.core.exports.contributions import default_name

        label = next(f for k, _, f in EXPORTS if k == kind)
        suggested = default_name(self.shown_event, kind)
        path, _ = QFileDialog.getSaveFileName(self.window, "Export contributions", suggested, label)
        if path:
            self.export_to(kind, Path(path))

    def export_to(self, kind: str, out: Path) -> ExportJob:
        job = ExportJob(self.window.kiosk, self.shown_event, kind, out, self)
        job.done.connect(self.window.statusBar().showMessage)
        job.done.connect(lambda _: self.jobs.remove(job) if job in self.jobs else None)
        self.jobs.append(job)
        self.window.statusBar().showMessage(f"Writing {out.name}…")
        job.start()
        return job

    def route_scan(self, code: str) -> bool:
        """Give a scan to the kiosk if it is open; False if it is not (the desk takes it)."""
        if self.kiosk is None:
            return False
        self.kiosk.handle_scan(code)
        return True


def install_contributions_menu(window: MainWindow) -> ContributionsMenu:
    """Add the Contributions menu to the main window (which keeps it as `window.contributions`)."""
    return ContributionsMenu(window)
