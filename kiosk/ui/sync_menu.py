"""The Sync menu and the sync line of the status bar: Sync now, Pair with a hub…, Export bundle…, Import
bundle…, Conflicts…, and automatic sync with the paired hub. Installed on the station's window by
`install_sync_ui(window)`; the work, bundles too, is done by kiosk.core.sync on worker threads."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.text import plural
from kiosk.ui.actions import menu_action
from kiosk.ui.bundle_jobs import BundleJobs
from kiosk.ui.sync_status import HTTP, AutoSync, Relay, SyncController, SyncStatusLabel

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk
    from kiosk.core.sync.bundle import Written
    from kiosk.core.sync.client import HubConfig
    from kiosk.core.sync.discovery import FoundHub
    from kiosk.core.sync.protocol import ApplyResult
    from kiosk.ui.conflicts_view import ConflictsView
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.workers import CallJob

DISCOVERY_SECONDS = 3.0
BUNDLE_FILTER = "Sync bundles (*.kiosk);;All files (*)"


class PairDialog(QDialog):
    """Pair with a hub: paste the hub's kiosk-pair: code (or scan its QR code with the desk scanner: the
    scanner types it into the box), or pick a hub found on the LAN and type its one-time token."""

    paired = Signal(object)
    """HubConfig, once the hub took this station."""
    failed = Signal(str)

    def __init__(self, kiosk: Kiosk, http: HTTP, parent: QWidget | None = None, discover: bool = True) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.http = http
        self.setWindowTitle("Pair with a hub")
        self.setAccessibleName("Pair with a hub")
        intro = QLabel(
            "Scan the hub's pairing QR code with the desk scanner, or paste its kiosk-pair: code. "
            "Or choose a hub found on this network and type the one-time token it shows."
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("How to pair")
        self.code = QLineEdit()
        self.code.setObjectName("pairingCode")
        self.code.setAccessibleName("Pairing code or token")
        self.code.setPlaceholderText("kiosk-pair:…")
        self.hubs = QListWidget()
        self.hubs.setAccessibleName("Hubs found on this network")
        self.hubs.setMaximumHeight(110)
        self.looking = QLabel("Looking for hubs on this network…" if discover else "")
        self.looking.setAccessibleName("Hubs found")
        self.message = QLabel("")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Pairing result")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.pair_button = self.buttons.addButton("Pair", QDialogButtonBox.ButtonRole.AcceptRole)
        self.pair_button.setAccessibleName("Pair with the hub")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel pairing")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.code.returnPressed.connect(self.submit)  # a scanner ends the code with Enter
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.code)
        layout.addWidget(self.looking)
        layout.addWidget(self.hubs)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._found = Relay(self._show_hubs)
        self._done = Relay(lambda pair: self._finished(*pair))
        self.resize(520, 360)
        if discover:
            threading.Thread(target=self._discover, name="discover", daemon=True).start()

    def _discover(self) -> None:
        from kiosk.core.sync.discovery import discover

        try:
            found: list[FoundHub] | str = discover(DISCOVERY_SECONDS)
        except Exception as exc:  # no multicast on this network: pairing by code still works
            found = f"Could not look for hubs on this network ({exc}); paste the pairing code instead."
        self._found.sent.emit(found)

    def _show_hubs(self, found: list[FoundHub] | str) -> None:
        if isinstance(found, str):
            self.looking.setText(found)
            return
        self.show_hubs(found)

    def show_hubs(self, found: list[FoundHub]) -> None:
        self.hubs.clear()
        for hub in found:
            item = QListWidgetItem(f"{hub.name} — {hub.url}")
            item.setData(Qt.ItemDataRole.UserRole, hub)
            self.hubs.addItem(item)
        self.looking.setText(
            f"{len(found)} hub{'s' if len(found) != 1 else ''} found on this network:"
            if found
            else "No hub found on this network: paste the pairing code."
        )
        if found:
            self.hubs.setCurrentRow(0)

    def submit(self) -> None:
        """Pair on a worker thread with what was typed or scanned."""
        from kiosk.core.sync.client import PAIRING_SCHEME, read_pairing_text

        text = self.code.text().strip()
        try:
            if text.startswith(PAIRING_SCHEME):
                code = read_pairing_text(text)
                url, token, fingerprint = code["url"], code["token"], code["fingerprint"]
            else:
                item = self.hubs.currentItem()
                if item is None or not text:
                    raise KioskError("paste the hub's kiosk-pair: code, or choose a hub and type its token")
                hub: FoundHub = item.data(Qt.ItemDataRole.UserRole)
                url, token, fingerprint = hub.url, text, hub.fingerprint
        except KioskError as exc:
            self._finished(None, str(exc))
            return
        self.pair_button.setEnabled(False)
        self.message.setText(f"Pairing with {url}…")
        threading.Thread(target=self._pair, args=(url, token, fingerprint), name="pair", daemon=True).start()

    def _pair(self, url: str, token: str, fingerprint: str) -> None:
        from kiosk.core.sync.client import pair

        try:
            config: HubConfig | None = pair(self.kiosk.ctx, url, token, fingerprint, http=self.http())
            error = ""
        except KioskError as exc:
            config, error = None, str(exc)
        except Exception as exc:
            config, error = None, f"pairing stopped unexpectedly ({exc!r})"
        self._done.sent.emit((config, error))

    def _finished(self, config: HubConfig | None, error: str) -> None:
        self.pair_button.setEnabled(True)
        if config is None:
            self.message.setText(f"Not paired: {error}")
            self.failed.emit(error)
            return
        self.message.setText(f"Paired with the hub at {config.url}.")
        self.paired.emit(config)
        self.accept()


class SyncMenu(QObject):
    """The Sync menu, the status-bar line and automatic sync for one station window."""

    bundle_done = Signal(bool)
    """A bundle was written or imported (True) or not (False); its message is shown by then."""

    def __init__(self, window: MainWindow, http: HTTP | None = None, auto: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.kiosk = window.kiosk
        self.http: HTTP = http or (lambda: None)
        self.controller = SyncController(self.kiosk, self.http, self)
        self.label = SyncStatusLabel()
        window.statusBar().addPermanentWidget(self.label)
        self.controller.state_read.connect(self.label.show_state)
        self.controller.synced.connect(lambda _report: window.refresh())
        self.auto = AutoSync(self.controller, self)
        self.pair_dialog: PairDialog | None = None
        self.conflicts: ConflictsView | None = None
        self.message: QMessageBox | None = None
        self.last_message = ""

        menu = self.menu = window.menuBar().addMenu("S&ync")
        self.sync_action = self._add("Sync &now", "Ctrl+Shift+Y", self.sync_now)
        self.pair_action = self._add("&Pair with a hub…", "", self.open_pair)
        menu.addSeparator()
        self.export_action = self._add("&Export bundle…", "", self.export_bundle)
        self.import_action = self._add("&Import bundle…", "", self.import_bundle)
        menu.addSeparator()
        self.conflicts_action = self._add("&Conflicts…", "", self.open_conflicts)
        self.bundles = BundleJobs(self.kiosk, self)
        self.bundles.busy_changed.connect(self._bundle_busy)
        self.bundles.written.connect(self._bundle_written)
        self.bundles.imported.connect(self._bundle_imported)
        self.bundles.failed.connect(self._bundle_failed)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)
        if auto:
            self.auto.start()
        else:
            self.controller.refresh()

    def close(self) -> None:
        """Stop automatic sync and wait for the worker threads (a sync in flight ends at its next step)."""
        self.auto.stop()
        self.controller.wait()
        self.bundles.wait()
        if self.conflicts is not None:
            self.conflicts.wait()

    def _add(self, text: str, keys: str, slot: Any) -> QAction:
        # The slots take no `checked` (export_bundle's optional path must not receive False).
        return menu_action(self.window, text, keys, lambda _checked=False: slot(), menu=self.menu)

    def tell(self, title: str, text: str, problem: bool = False) -> None:
        """A plain message that never blocks the desk (window-modal, opened, not exec'd)."""
        self.last_message = text
        box = QMessageBox(
            QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information, title, text, parent=self.window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message = box

    def sync_now(self) -> bool:
        if not self.controller.sync_now():
            self.tell("Not paired", "This station is not paired with a hub: Sync → Pair with a hub…", True)
            return False
        return True

    def open_pair(self, discover: bool = True) -> PairDialog:
        dialog = self.pair_dialog = PairDialog(self.kiosk, self.http, self.window, discover)
        dialog.paired.connect(lambda _config: self.controller.sync_now())
        dialog.finished.connect(self.controller.refresh)
        dialog.open()
        return dialog

    def export_bundle(self, path: Path | None = None) -> CallJob | None:
        """Start writing every entry this station holds to a signed bundle for a USB stick, on a worker
        thread; `bundle_done` says how it went once the message is shown."""
        if path is None:
            name = f"{self.kiosk.ctx.station_name}.kiosk".replace("/", "-")
            chosen, _ = QFileDialog.getSaveFileName(self.window, "Export bundle", name, BUNDLE_FILTER)
            if not chosen:
                return None
            path = Path(chosen)
        return self._start_bundle(self.bundles.export(path), f"Writing the bundle to {path}…")

    def import_bundle(self, path: Path | None = None) -> CallJob | None:
        """Start checking a bundle whole and applying it, on a worker thread; a refused bundle is said
        plainly, with its reason, and `bundle_done` says how it went."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self.window, "Import bundle", "", BUNDLE_FILTER)
            if not chosen:
                return None
            path = Path(chosen)
        return self._start_bundle(self.bundles.import_(path), f"Importing {path.name}…")

    def _start_bundle(self, job: CallJob | None, doing: str) -> CallJob | None:
        if job is None:  # the menu items are off while one runs; a test or a double click may still ask
            self.tell("Bundle busy", "A bundle is being written or imported: try again when it is done.", True)
            return None
        self.window.statusBar().showMessage(doing)
        return job

    def _bundle_busy(self, busy: bool) -> None:
        self.export_action.setEnabled(not busy)
        self.import_action.setEnabled(not busy)
        if not busy:
            self.window.statusBar().clearMessage()

    def _bundle_written(self, written: Written) -> None:
        self.tell("Bundle written", f"Wrote {plural(written.entries, 'entry', 'entries')} to {written.path}.")
        self.controller.refresh()
        self.bundle_done.emit(True)

    def _bundle_failed(self, importing: bool, reason: str) -> None:
        if importing:
            self.tell("Bundle refused", f"Nothing was imported: {reason}.", True)
        else:
            self.tell("Bundle not written", f"The bundle was not written: {reason}", True)
        self.bundle_done.emit(False)

    def _bundle_imported(self, result: ApplyResult) -> None:
        from kiosk.core.sync.outcome import record_names, settled_lines

        text = f"{plural(result.new, 'new entry', 'new entries')} of {result.received:,}; {result.applied:,} applied."
        if result.refused:
            text += f" {len(result.refused)} refused: {result.refused[0].reason}"
        stations = {s.id: s.name for s in self.kiosk.stations.all()}
        settled = settled_lines(result, lambda sid: stations.get(sid, f"station {sid}"), record_names(self.kiosk.ctx))
        text += "".join(f"\n\n{line[0].upper()}{line[1:]}." for line in settled)
        self.tell("Bundle imported", text)
        self.controller.refresh()
        self.window.refresh()
        self.bundle_done.emit(True)

    def open_conflicts(self) -> ConflictsView:
        from kiosk.ui.conflicts_view import ConflictsView

        if self.conflicts is not None:
            self.conflicts.close()
            self.conflicts.deleteLater()
        view = self.conflicts = ConflictsView(
            self.kiosk, self.window.current_event, lambda: self.window.desk.operator.text().strip(), self.window
        )
        view.finished.connect(self.window.refresh)
        view.show()
        return view


def install_sync_ui(window: MainWindow, http: HTTP | None = None, auto: bool = True) -> SyncMenu:
    """Add the Sync menu, the status-bar sync line and automatic sync to the station's window."""
    return SyncMenu(window, http, auto)
