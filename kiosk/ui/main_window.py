"""The station's window: the check-in desk (first), an overview of the day's figures, and the way into
self-service check-in. It owns what feeds scans in (the scanner detector, the camera) and routes each scan
to whichever screen is showing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import staff_pin
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk
from kiosk.core.services.events import EventFigures
from kiosk.core.watch import ChangeWatch
from kiosk.ui import theme
from kiosk.ui.actions import menu_action
from kiosk.ui.badge_menu import install_badge_menu
from kiosk.ui.desk_view import DeskView, scanned_over
from kiosk.ui.labels import data_label, long_date
from kiosk.ui.scan_input import ScanDetector
from kiosk.ui.sounds import DecisionSounds

if TYPE_CHECKING:
    from kiosk.ui.camera import CameraScanner
    from kiosk.ui.import_wizard import ImportWizard
    from kiosk.ui.new_event_dialog import NewEventDialog
    from kiosk.ui.organizations_view import OrganizationsWindow
    from kiosk.ui.self_service import SelfServiceWindow

REFRESH_MS = 2000
IDLE_RECOUNT_MS = 60_000
STATION_MAX_WIDTH = 420


__all__ = ["FigureTile", "MainWindow", "data_label", "long_date"]


class FigureTile(QFrame):
    """One big number with its caption and a line of detail underneath."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("figureTile")
        self.value = data_label("figureValue", "0")
        self.caption = data_label("figureLabel", caption)
        self.detail = data_label("figureDetail")
        layout = QVBoxLayout(self)
        for label in (self.caption, self.value, self.detail):
            layout.addWidget(label)
        layout.addStretch(1)

    def show_figure(self, value: int, detail: str) -> None:
        self.value.setText(f"{value:,}")
        self.detail.setText(detail)


class MainWindow(QMainWindow):
    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__()
        self.kiosk = kiosk
        # Not `self.event`: that would hide QWidget.event(), which Qt calls for every event.
        self.current_event = event

        self.event_name = data_label("eventName")
        self.event_name.setWordWrap(True)
        self.event_date = data_label("eventDate")
        self.event_place = data_label("eventPlace")
        self.event_place.setWordWrap(True)
        self.station_name = data_label("stationName", f"Station: {kiosk.ctx.station_name}")
        self.station_name.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.tiles = {
            "registered": FigureTile("Registered"),
            "checked_in": FigureTile("Checked in"),
            "walk_ins": FigureTile("Walk-ins"),
            "cancelled": FigureTile("Cancelled"),
        }
        self.tiles["checked_in"].setProperty("primary", True)
        self.overview = self._build_body()
        self.desk = DeskView(kiosk, event)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.desk)
        self.pages.addWidget(self.overview)
        self.setCentralWidget(self.pages)
        self._fit_station_name()
        self.sounds = DecisionSounds(self)
        self.desk.decided.connect(self.sounds.play)
        # A scanner is a keyboard: its bursts are caught wherever the focus is in this window (self-service,
        # a window of its own, has its own detector).
        self.scans = ScanDetector(self, scope=self)
        self.scan_notice: QWidget | None = None
        """What the last scan made while a form was open said over that form."""
        self.scans.scanned.connect(lambda code: self.route_scan(code, CheckInMethod.QR))
        self.camera: CameraScanner | None = None
        self.self_service: SelfServiceWindow | None = None
        self.pin_dialog: QDialog | None = None

        self.data_path = data_label("dataPath", f"Data: {kiosk.ctx.store.path}")
        self.data_path.setToolTip(str(kiosk.ctx.store.path))
        # A long data path gives way to the sync line on the right rather than pushing it off the window.
        self.data_path.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.data_path, 1)

        self.event_menu = self.menuBar().addMenu("&Event")
        self.event_choices = QActionGroup(self)
        self.event_choices.triggered.connect(lambda action: self.choose_event(action.data()))
        self.event_menu.aboutToShow.connect(self._fill_event_menu)
        self.new_event_action = menu_action(self, "&New convening…", "", lambda _checked=False: self.open_new_event())
        self.new_event_dialog: NewEventDialog | None = None

        self.registrants_menu = self.menuBar().addMenu("&Registrants")
        self.import_action = menu_action(
            self, "&Import registrants…", "Ctrl+I", self.open_import_wizard, menu=self.registrants_menu
        )
        self.import_wizard: ImportWizard | None = None
        self.organizations_action = menu_action(
            self, "&Organizations…", "Ctrl+Shift+O", self.open_organizations, menu=self.registrants_menu
        )
        self.organizations_window: OrganizationsWindow | None = None
        self._build_view_menu()
        self.badges = install_badge_menu(self)  # Badges menu; auto-print and reprints from the desk
        from kiosk.ui.contributions_menu import install_contributions_menu  # Journey Map, wall, moderation

        self.contributions = install_contributions_menu(self)
        from kiosk.ui.sync_menu import install_sync_ui  # Sync menu, status-bar sync line, automatic sync

        self.sync = install_sync_ui(self)
        from kiosk.ui.dashboard import install_dashboard  # View → Dashboard (F9) and the Export menu

        self.dashboard = install_dashboard(self)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.watch = ChangeWatch(kiosk.ctx.store.path)
        self._ticks_idle = 0
        self.desk.feed.counted.connect(self.show_figures)
        self.timer.start()

        self.show_event(event)

    def _action(self, menu_text: str, keys: str, slot: Callable[..., Any], checkable: bool = False) -> QAction:
        return menu_action(self, menu_text, keys, slot, checkable=checkable)

    def _build_view_menu(self) -> None:
        view = self.view_menu = self.menuBar().addMenu("&View")
        self.desk_action = self._action("Check-in &desk", "F2", self.show_desk)
        self.overview_action = self._action("&Overview of the day", "F3", self.show_overview)
        self.self_service_action = self._action("&Self-service check-in…", "F4", self.open_self_service)
        self.camera_action = self._action("Scan with the &webcam", "F6", self.set_camera, True)
        self.contrast_action = self._action("Large text, high &contrast", "Ctrl+Shift+H", self.set_high_contrast, True)
        self.contrast_action.setChecked(theme.high_contrast_chosen(self.kiosk.ctx.store))
        self.sound_action = self._action("&Sound with each decision", "", self.set_sound, True)
        for action in (self.desk_action, self.overview_action, self.self_service_action):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.camera_action)
        view.addAction(self.contrast_action)
        view.addAction(self.sound_action)
        station = self.station_menu = self.menuBar().addMenu("S&tation")
        self.pin_action = self._action("Set the staff &PIN…", "", lambda: self.choose_pin())
        station.addAction(self.pin_action)

    def show_desk(self) -> None:
        self.pages.setCurrentWidget(self.desk)
        self.desk.focus_search()

    def show_overview(self) -> None:
        self.pages.setCurrentWidget(self.overview)

    def set_high_contrast(self, on: bool) -> None:
        theme.choose_high_contrast(self.kiosk.ctx.store, on)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, on)

    def set_sound(self, on: bool) -> None:
        if not self.sounds.enable(on):
            self.sound_action.setChecked(False)
            self.sound_action.setEnabled(False)
            self.statusBar().showMessage(self.sounds.problem)

    def set_camera(self, on: bool) -> bool:
        """Start or stop webcam scanning; a laptop without a camera or without Qt Multimedia says so."""
        from kiosk.ui.camera import CameraScanner, CameraView

        if not on:
            if self.camera is not None:
                self.camera.stop()
            self.desk.show_camera(None)
            return True
        if self.camera is None:
            self.camera = CameraScanner(self)
            self.camera.decoded.connect(lambda code: self.route_scan(code, CheckInMethod.CAMERA))
            self.camera.status.connect(self.statusBar().showMessage)
            self.camera_view = CameraView(self.camera)
        started = self.camera.start()
        if not started:
            self.camera_action.setChecked(False)
            message = self.camera.available().message
            self.statusBar().showMessage(message)
            self.desk.show_notice(message)
            return False
        self.desk.show_camera(self.camera_view)
        return True

    def choose_pin(self, then: Callable[[], object] | None = None) -> QDialog:
        """Set or change the staff PIN (changing it asks for the current one first); `then` runs once a
        PIN is saved."""
        from kiosk.ui.pin_dialogs import PinDialog, SetPinDialog

        store = self.kiosk.ctx.store

        def set_new() -> QDialog:
            dialog = SetPinDialog(store, self)
            if then is not None:
                dialog.accepted.connect(then)
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
            self.pin_dialog = dialog
            return dialog

        if not staff_pin.has_pin(store):
            return set_new()
        check = PinDialog(store, self, "change it")
        check.accepted.connect(set_new)
        check.finished.connect(check.deleteLater)
        check.open()
        self.pin_dialog = check
        return check

    def open_self_service(self) -> SelfServiceWindow | None:
        """Full screen for attendees. A station with no staff PIN asks for one first and opens self-service
        once it is saved (returning None meanwhile)."""
        if self.self_service is not None:
            self.self_service.raise_()
            return self.self_service
        if not staff_pin.has_pin(self.kiosk.ctx.store):
            self.choose_pin(then=self.open_self_service)
            return None
        from kiosk.ui.self_service import SelfServiceWindow

        window = self.self_service = SelfServiceWindow(self.kiosk, self.current_event)
        if self.camera is not None and self.camera.is_active():
            window.set_camera_status("The camera above the screen reads codes too.")
        window.decided.connect(self.sounds.play)
        window.left.connect(self._self_service_left)
        window.showFullScreen()
        return window

    def _self_service_left(self) -> None:
        if self.self_service is not None:
            self.self_service.deleteLater()
            self.self_service = None
        self.refresh()

    def route_scan(self, code: str, method: CheckInMethod = CheckInMethod.QR) -> None:
        """A scan from the scanner or the camera goes to self-service when it is up, else to the desk."""
        # While the Journey Map kiosk is open, badge scans sign notes and make connections there.
        contributions = getattr(self, "contributions", None)
        if contributions is not None and contributions.route_scan(code):
            return
        if self.self_service is not None:
            self.self_service.handle_scan(code, method)
            return
        if self.pages.currentWidget() is not self.desk:
            self.pages.setCurrentWidget(self.desk)
        form = QApplication.activeModalWidget()
        decision = self.desk.handle_scan(code, method)
        if form is not None and form is not self and form.isVisible():
            self.scan_notice = scanned_over(form, decision, self.desk.decision)


    def _build_body(self) -> QWidget:
        titles = QVBoxLayout()
        titles.setSpacing(4)
        for label in (self.event_name, self.event_date, self.event_place):
            titles.addWidget(label)

        header = QFrame()
        header.setObjectName("header")
        header_row = QHBoxLayout(header)
        header_row.addLayout(titles, 1)
        header_row.addWidget(self.station_name, 0, Qt.AlignmentFlag.AlignTop)

        figures = QGridLayout()
        figures.setSpacing(20)
        for column, tile in enumerate(self.tiles.values()):
            figures.addWidget(tile, 0, column)
            figures.setColumnStretch(column, 1)

        body = QWidget()
        column_layout = QVBoxLayout(body)
        column_layout.setContentsMargins(32, 24, 32, 24)
        column_layout.setSpacing(28)
        column_layout.addWidget(header)
        column_layout.addLayout(figures)
        column_layout.addStretch(1)
        return body

    def _fit_station_name(self) -> None:
        """One line if it fits; a long station name wraps rather than squeeze the event's name."""
        self.station_name.ensurePolished()  # measure in the stylesheet's font
        self.station_name.setMaximumWidth(STATION_MAX_WIDTH)
        self.station_name.setWordWrap(self.station_name.sizeHint().width() > STATION_MAX_WIDTH)

    def _fill_event_menu(self) -> None:
        """One checkable action per event, rebuilt on opening so events that arrived by sync show up."""
        for action in self.event_choices.actions():
            self.event_choices.removeAction(action)
            action.deleteLater()
        self.event_menu.clear()
        for event in self.kiosk.events.all():
            # "&" marks a menu shortcut in Qt; doubled, it shows as itself ("Arts & Culture").
            text = f"{event.name} — {long_date(event.date)}".replace("&", "&&")
            action = QAction(text, self.event_menu)
            action.setCheckable(True)
            action.setChecked(event.id == self.current_event.id)
            action.setData(event.slug)
            self.event_choices.addAction(action)
            self.event_menu.addAction(action)
        self.event_menu.addSeparator()
        self.event_menu.addAction(self.new_event_action)  # the window's: clear() leaves it be

    def open_new_event(self) -> NewEventDialog:
        """Event → New convening…: the form, window-modal; the convening made there becomes the station's
        current one and the window follows it, as when another is chosen from the Event menu."""
        if self.new_event_dialog is not None:
            self.new_event_dialog.raise_()
            return self.new_event_dialog
        from kiosk.ui.new_event_dialog import NewEventDialog  # loaded on first use

        dialog = self.new_event_dialog = NewEventDialog(self.kiosk, self)
        dialog.created.connect(self.show_event)
        dialog.finished.connect(self._new_event_closed)
        dialog.open()
        return dialog

    def _new_event_closed(self) -> None:
        if self.new_event_dialog is not None:
            self.new_event_dialog.deleteLater()
            self.new_event_dialog = None

    def choose_event(self, slug: str) -> None:
        self.show_event(self.kiosk.events.choose(slug))

    def show_event(self, event: Event) -> None:
        self.current_event = event
        self.desk.set_event(event)
        self.contributions.follow()
        if self.organizations_window is not None:
            self.organizations_window.set_event(event)
        self._fill_event_menu()
        self.refresh()

    def open_import_wizard(self) -> ImportWizard:
        """The import wizard for the shown event, window-modal; the figures are re-read when it closes."""
        if self.import_wizard is not None:
            self.import_wizard.raise_()
            return self.import_wizard
        from kiosk.ui.import_wizard import ImportWizard  # loaded on first use, not at start-up

        wizard = self.import_wizard = ImportWizard(self.kiosk, self.current_event, self)
        wizard.finished.connect(self._import_wizard_closed)
        wizard.open()
        return wizard

    def open_organizations(self) -> OrganizationsWindow:
        """The shown convening's organizations and their sectors, beside the window (not modal); read again
        each time it is opened. A sector set there is counted at once on the overview and the dashboard."""
        from kiosk.ui.organizations_view import OrganizationsWindow  # loaded on first use

        window = self.organizations_window
        if window is None:
            window = self.organizations_window = OrganizationsWindow(self.kiosk, self.current_event, self)
            window.changed.connect(self._organizations_changed)
        elif window.isVisible():
            window.reload()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _organizations_changed(self) -> None:
        self.refresh()
        if self.pages.currentWidget() is self.dashboard:
            self.dashboard.refresh()

    def _import_wizard_closed(self) -> None:
        # Refreshed whatever the ending: a stopped import keeps the batches it saved.
        if self.import_wizard is not None:
            self.import_wizard.deleteLater()
            self.import_wizard = None
        self.refresh()

    def refresh(self) -> None:
        """Re-read the figures (and the header, which sync may have corrected) for the shown event, now."""
        self.show_figures(self.desk.feed.count_now(self.current_event.id))

    def _tick(self) -> None:
        """Every REFRESH_MS: count again on the worker thread if anything was written to the file since the
        last look, or a minute has passed (the last-15-minutes figure moves with the clock)."""
        self._ticks_idle += 1
        if self.watch.changed() or self._ticks_idle * REFRESH_MS >= IDLE_RECOUNT_MS:
            self._ticks_idle = 0
            self.desk.feed.request(self.current_event.id)

    def show_figures(self, figures: EventFigures) -> None:
        if figures.event_id != self.current_event.id:
            return
        self.setWindowTitle(f"Convening Kiosk — {figures.event_name}")
        self.event_name.setText(figures.event_name)
        self.event_date.setText(long_date(figures.date))
        self.event_place.setText(" · ".join(part for part in (figures.venue, figures.city) if part))
        share = (
            f"{figures.checked_in / figures.registered:.0%} of registered"
            if figures.registered
            else "no one registered yet"
        )
        self.tiles["registered"].show_figure(figures.registered, "expected today")
        self.tiles["checked_in"].show_figure(figures.checked_in, share)
        self.tiles["walk_ins"].show_figure(figures.walk_ins, "signed up at the door")
        self.tiles["cancelled"].show_figure(figures.cancelled, "not expected")
        self.desk.show_figures(figures)
