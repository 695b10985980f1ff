"""Set up a new convening from the window: its name, day, place, kind and series, and the short id (slug) the
command line and file names use, proposed from the name and date. Opened by Event → New convening…, and in
place of the main window on a laptop that has no convening yet, where it also offers to get one by sync
instead. Everything goes through the services (Events.problems, create, choose); the dialog only collects,
checks and shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import InvalidInput
from kiosk.core.models import Event, EventKind
from kiosk.core.services import Kiosk
from kiosk.resources import resource_path
from kiosk.ui.bundle_jobs import BundleJobs
from kiosk.ui.labels import data_label
from kiosk.ui.person_form import clean, form_label, form_style, line_edit, message_label, push_button, say

if TYPE_CHECKING:
    from kiosk.ui.sync_menu import PairDialog
    from kiosk.ui.sync_status import HTTP, SyncController
    from kiosk.ui.workers import CallJob

CITY_NEEDED = "Type the city, e.g. Fresno."
JOIN_TEXT = "Joining a convening set up on another laptop? Get it by sync instead:"
JOIN_MENU_TEXT = "Joining a convening set up on another laptop? Use Sync → Pair with a hub… or Import bundle… instead."
BUNDLE_FILTER = "Sync bundles (*.kiosk);;All files (*)"
OWN_STYLE = """
QDateEdit { background: #ffffff; border: 1px solid #9aa4b2; border-radius: 6px; padding: 6px 10px; min-height: 26px; }
QDateEdit:focus { border: 2px solid #0b4f9c; padding: 5px 9px; }
QDateEdit::drop-down { subcontrol-origin: padding; subcontrol-position: center right; width: 30px; border: none; }
QDateEdit::down-arrow { image: url({icons}/chevron-down.svg); width: 16px; height: 16px; }
#newEventScroll, #newEventScroll > QWidget, #newEventFields { background: transparent; }
#newEventFields QLabel#formError { padding: 3px 10px; }
"""
"""The date field as forms.qss draws the text fields, the scrolling form on the dialog's own background, and
a field's message closer to it than the forms' messages at the foot of a form."""
FORM_WIDTH = 1000
SCREEN_MARGIN = 48
"""Kept free of the screen's height for the title bar: the form scrolls rather than the buttons leave it."""
FIELDS = ("name", "date", "city", "venue", "region", "kind", "series", "slug")
"""The form's fields, in the order they are shown (and a problem's field gets the focus in this order)."""


def sentence(text: str) -> str:
    """A core reason ("an event needs a name") as a line on screen: capital first, full stop last."""
    text = text.strip()
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


class NewEventDialog(QDialog):
    """The new-convening form. When it closes accepted, `convening` is the station's current event: the one created
    here (and `created` was emitted), or, on a first run, the one a pairing or a bundle brought."""

    created = Signal(object)
    """The Event just created and chosen as this station's current one."""
    arrived = Signal(object)
    """First run: the current Event after a pairing and sync, or a bundle, brought one."""
    bundle_done = Signal(bool)
    """An imported bundle brought a convening (True), or it was refused or held none (False)."""

    def __init__(
        self,
        kiosk: Kiosk,
        parent: QWidget | None = None,
        *,
        first_run: bool = False,
        http: HTTP | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newEventDialog")
        self.setWindowTitle("New convening")
        self.setStyleSheet(form_style() + OWN_STYLE.replace("{icons}", resource_path("icons").as_posix()))
        self.kiosk = kiosk
        self.first_run = first_run
        self.http = http
        # Not `self.event`: that would hide QWidget.event(), which Qt calls for every event.
        self.convening: Event | None = None
        self.slug_typed = False
        """The slug was typed by hand: the name and date no longer change it (until it is emptied)."""
        self.pair_dialog: PairDialog | None = None
        self.sync: SyncController | None = None
        self.bundles: BundleJobs | None = None

        title = data_label("formTitle", "New convening")
        title.setAccessibleName("New convening")
        intro = data_label(
            "formSubtitle",
            "This laptop has no convening yet. Set one up here to open the check-in desk."
            if first_run
            else "Set up another convening. It becomes this station's current one.",
        )
        intro.setWordWrap(True)

        self.name = line_edit("eventNameEdit", "Name", "e.g. California Connects: Fresno Regional Convening")
        self.date = QDateEdit(_qdate(today or dt.date.today()))
        self.date.setObjectName("eventDateEdit")
        self.date.setAccessibleName("Date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dddd, MMMM d, yyyy")
        self.city = line_edit("eventCityEdit", "City", "e.g. Fresno")
        self.venue = line_edit("eventVenueEdit", "Venue, optional", "Optional: e.g. Fresno Convention Center")
        self.region = line_edit("eventRegionEdit", "Region, optional", "Optional: e.g. Central Valley")
        self.kind = QComboBox()
        self.kind.setObjectName("eventKindCombo")
        self.kind.setAccessibleName("Kind")
        self.kind.addItem("Regional", EventKind.REGIONAL.value)
        self.kind.addItem("Statewide", EventKind.STATEWIDE.value)
        self.series = line_edit("eventSeriesEdit", "Series, optional", "Optional: e.g. California Connects")
        self.slug = line_edit("eventSlugEdit", "Short id (slug)", "Proposed from the name and date")
        self.slug.setAccessibleDescription(
            "Lower-case letters, digits and dashes; the command line's --event and file names use it"
        )
        self.slug.setToolTip("Lower-case letters, digits and dashes; `kiosk --event` and file names use it.")
        self.errors = {field: self._error_label(field) for field in ("name", "city", "slug")}
        self.inputs: dict[str, QWidget] = {
            "name": self.name, "date": self.date, "city": self.city, "venue": self.venue,
            "region": self.region, "kind": self.kind, "series": self.series, "slug": self.slug,
        }  # fmt: skip
        captions = {
            "name": "&Name", "date": "&Date", "city": "&City", "venue": "&Venue", "region": "&Region",
            "kind": "&Kind", "series": "S&eries", "slug": "Short &id (slug)",
        }  # fmt: skip

        # Two columns of fields (the name and the short id across both): the form fits a 1280x720 screen in
        # large text with every message showing.
        self.form = QGridLayout()
        self.form.setObjectName("newEventForm")
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(4)
        self.form.setColumnStretch(1, 1)
        self.form.setColumnStretch(3, 1)
        grid_rows: tuple[tuple[str, ...], ...] = (
            ("name",), ("date", "kind"), ("city", "venue"), ("region", "series"), ("slug",),
        )  # fmt: skip
        row = 0
        for fields_in_row in grid_rows:
            for column, field in zip((0, 2), fields_in_row, strict=False):
                caption = form_label(captions[field], self.inputs[field])
                self.form.addWidget(caption, row, column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.form.addWidget(self.inputs[field], row, column + 1, 1, 3 if len(fields_in_row) == 1 else 1)
            row += 1
            for column, field in zip((1, 3), fields_in_row, strict=False):
                if field in self.errors:  # hidden until there is something to say: its row takes no room
                    self.form.addWidget(self.errors[field], row, column, 1, 3 if len(fields_in_row) == 1 else 1)
            row += 1
        self.form.setRowStretch(row, 1)  # room to spare goes below the fields, not between them
        fields = QWidget()
        fields.setObjectName("newEventFields")
        fields.setLayout(self.form)
        # Large text on a small screen: the form scrolls, the title and the buttons stay in view.
        scroll = QScrollArea()
        scroll.setObjectName("newEventScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields)
        self.scroller = scroll

        self.note = message_label("formNote")
        self.note.setAccessibleName("Sync result")
        self.cancel_button = push_button(
            "&Quit" if first_run else "Cancel", "cancelButton", "Quit" if first_run else "Cancel", self.reject
        )
        self.create_button = push_button("C&reate convening", "saveButton", "Create convening", self.submit)
        join = self._join_line()
        buttons = QHBoxLayout()
        for button in (self.pair_button, self.import_button):
            if button is not None:
                buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(join)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

        self.name.textEdited.connect(self._name_typed)
        self.date.dateChanged.connect(lambda _date: self._propose_slug())
        self.city.textEdited.connect(lambda _text: self._clear("city"))
        self.slug.textEdited.connect(self._slug_typed)
        self.create_button.setDefault(True)  # once inside the dialog, else Enter would press the first button
        self.name.setFocus()
        self._propose_slug()
        screen = self.screen()
        self.resize(min(FORM_WIDTH, screen.availableGeometry().width() if screen is not None else FORM_WIDTH), 0)
        self.resize(self.width(), self.fitting_height())

    def fitting_height(self) -> int:
        """Tall enough to show every field and message without scrolling, if the screen is."""
        layout = self.layout()
        assert layout is not None
        fields = self.scroller.widget()
        assert fields is not None
        whole = layout.sizeHint().height() - self.scroller.sizeHint().height() + fields.sizeHint().height() + 4
        screen = self.screen()
        room = screen.availableGeometry().height() - SCREEN_MARGIN if screen is not None else whole
        return max(min(whole, room), 360)

    def _error_label(self, field: str) -> QLabel:
        label = message_label("formError")
        label.setAccessibleName(f"Problem with the {'short id' if field == 'slug' else field}")
        return label

    def _join_line(self) -> QLabel:
        """That a laptop joining a convening set up elsewhere gets it by sync: on a first run with a button for
        each way the Sync menu brings one (beside Quit); from the window, whose Sync menu is there, by name."""
        self.pair_button: QPushButton | None = None
        self.import_button: QPushButton | None = None
        line = data_label("joinHint", JOIN_TEXT if self.first_run else JOIN_MENU_TEXT)
        line.setWordWrap(True)
        if self.first_run:
            self.pair_button = push_button("&Pair with a hub…", "pairButton", "Pair with a hub", self.open_pair)
            self.import_button = push_button(
                "I&mport bundle…", "importButton", "Import bundle", lambda: self.import_bundle()
            )
        return line

    # What was typed ------------------------------------------------------------------------------------

    def day(self) -> dt.date:
        date = self.date.date()
        return dt.date(date.year(), date.month(), date.day())

    def _name_typed(self, _text: str) -> None:
        self._clear("name")
        self._propose_slug()

    def _slug_typed(self, text: str) -> None:
        self._clear("slug")
        self.slug_typed = bool(text)
        if not text:
            self._propose_slug()

    def _propose_slug(self) -> None:
        if self.slug_typed:
            return
        name = clean(self.name.text())
        self.slug.setText(self.kiosk.events.propose_slug(name, self.day()) if name else "")
        self._clear("slug")

    def _clear(self, field: str) -> None:
        if field in self.errors and self.errors[field].text():
            self.show_problem(field, "")

    def show_problem(self, field: str, text: str) -> None:
        """Say what is wrong beside the field, or nothing."""
        say(self.errors[field], sentence(text))
        self.inputs[field].setAccessibleDescription(sentence(text))

    def problems(self) -> dict[str, str]:
        """What stops the convening being created, by field, as the service says it (the city as
        `kiosk add-event` asks for it)."""
        problems = self.kiosk.events.problems(name=self.name.text(), slug=self.slug.text().strip())
        if not clean(self.city.text()):
            problems["city"] = CITY_NEEDED
        if "name" in problems and not self.slug.text().strip():
            problems.pop("slug", None)  # proposed from the name once there is one: one message is enough
        return {field: problems[field] for field in FIELDS if field in problems}

    # Creating ------------------------------------------------------------------------------------------

    def submit(self) -> Event | None:
        """Create pressed: nothing is written until every field is right; then the service creates the event
        (one change-log entry) and makes it the station's current one."""
        problems = self.problems()
        for field in self.errors:
            self.show_problem(field, problems.get(field, ""))
        if problems:
            self.resize(self.width(), max(self.height(), self.fitting_height()))
            first = next(iter(problems))
            self.inputs[first].setFocus()
            self.scroller.ensureWidgetVisible(self.errors[first])
            return None
        try:
            event = self.kiosk.events.create(
                name=clean(self.name.text()),
                slug=self.slug.text().strip(),
                date=self.day(),
                city=clean(self.city.text()),
                venue=clean(self.venue.text()),
                region=clean(self.region.text()),
                kind=EventKind(self.kind.currentData()),
                series=clean(self.series.text()),
            )
        except InvalidInput as exc:  # the slug arrived by sync since it was checked
            self.show_problem("slug", str(exc))
            self.slug.setFocus()
            return None
        self.convening = self.kiosk.events.choose(event.slug)
        self.created.emit(self.convening)
        self.accept()
        return self.convening

    # First run: a convening set up elsewhere ---------------------------------------------------------------

    def open_pair(self, discover: bool = True) -> PairDialog:
        """Pair with the hub (as Sync → Pair with a hub…), then sync at once: the convening comes with it."""
        from kiosk.ui.sync_menu import PairDialog
        from kiosk.ui.sync_status import SyncController

        if self.sync is None:
            self.sync = SyncController(self.kiosk, self.http, self)
            self.sync.synced.connect(lambda _report: self._after_sync("the hub"))
            self.sync.sync_failed.connect(lambda error: say(self.note, f"Paired, but the sync failed: {error}"))
        dialog = self.pair_dialog = PairDialog(self.kiosk, self.http or (lambda: None), self, discover)
        dialog.paired.connect(lambda _config: self._paired())
        dialog.open()
        return dialog

    def _paired(self) -> None:
        assert self.sync is not None
        say(self.note, "Paired with the hub; syncing…")
        self.sync.sync_now()

    def import_bundle(self, path: Path | None = None) -> CallJob | None:
        """Import a bundle another laptop exported (as Sync → Import bundle…), on a worker thread;
        `bundle_done` says whether a convening came with it."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Import bundle", "", BUNDLE_FILTER)
            if not chosen:
                return None
            path = Path(chosen)
        if self.bundles is None:
            self.bundles = BundleJobs(self.kiosk, self)
            self.bundles.busy_changed.connect(self._bundle_busy)
            self.bundles.imported.connect(lambda _result: self.bundle_done.emit(self._after_sync("the bundle")))
            self.bundles.failed.connect(self._bundle_failed)
        job = self.bundles.import_(path)
        if job is not None:
            say(self.note, f"Importing {path.name}…")
        return job

    def _bundle_busy(self, busy: bool) -> None:
        for button in (self.import_button, self.pair_button, self.create_button):
            if button is not None:
                button.setEnabled(not busy)

    def _bundle_failed(self, _importing: bool, reason: str) -> None:
        say(self.note, f"Nothing was imported: {reason}.")
        self.bundle_done.emit(False)

    def _after_sync(self, source: str) -> bool:
        """Open the desk on the convening that arrived; if none did, say so and keep the form."""
        if not self.kiosk.events.all():
            say(self.note, f"{source[0].upper()}{source[1:]} held no convening yet: set it up here, or try again.")
            return False
        self.convening = self.kiosk.events.current()
        self.arrived.emit(self.convening)
        self.accept()
        return True

    def done(self, result: int) -> None:
        if self.sync is not None:
            self.sync.wait()
        if self.bundles is not None:
            self.bundles.wait()
        super().done(result)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
