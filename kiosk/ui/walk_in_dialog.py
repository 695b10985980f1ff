"""Register a walk-in at the table: a short form where only a name is required, with the notice at collection.

Before anything is saved, people already registered who may be this person are shown (kiosk.core.services.
duplicates), and the volunteer chooses: check that person in instead, or save a new walk-in. Everything goes
through the services (Desk.register_walk_in, possible_duplicates); the dialog only collects and shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QListView,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.io.languages import parse_languages
from kiosk.core.models import Event, Role
from kiosk.core.services import Kiosk
from kiosk.core.services.desk import Decision, role_label
from kiosk.core.services.duplicates import PossibleDuplicate, possible_duplicates
from kiosk.ui.labels import data_label, long_date
from kiosk.ui.person_form import (
    NAME_NEEDED,
    Index,
    PersonFields,
    clean,
    form_layout,
    form_style,
    line_edit,
    message_label,
    push_button,
    say,
)

NOTICE = (
    "Why we ask: your name goes on your badge and lets us count who came. Everything else is optional. "
    "What you tell us is used only for this convening and its report, kept on this laptop and the "
    "organizers' hub, and never sold or shared."
)
"""The notice at collection, read by (or to) the person registering."""

PAUSE_MS = 700
"""How long typing must pause before the form looks for people already registered."""

OFFERED = 5
"""People offered at most as possibly already registered: a handful to check with the person at the table."""

SIZE = (820, 640)
"""Within a 1280 x 720 laptop's screen under its taskbar and the title bar (680 high); the fields scroll
above the buttons when there is less room, as with large text."""


# The walk-in form -------------------------------------------------------------------------------------


def status_text(person: PossibleDuplicate) -> str:
    if person.cancelled:
        text = "Cancelled"
    elif person.checked_in:
        text = "Checked in"
    else:
        text = "Registered, not checked in"
    return f"{text} (walk-in)" if person.walk_in else text


def duplicate_lines(person: PossibleDuplicate) -> tuple[str, str]:
    """Two lines for one person: who and why shown, then role, organization and status."""
    details = [role_label(person.role), person.organization, status_text(person)]
    return f"{person.display_name}  ·  {person.reason.capitalize()}", "  ·  ".join(d for d in details if d)


class DuplicatesModel(QAbstractListModel):
    """Possible duplicates, two lines each (a table cut the reason or the organization off at large type);
    every line is plain text, as typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.people: list[PossibleDuplicate] = []

    def set_people(self, people: list[PossibleDuplicate]) -> None:
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.people)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(duplicate_lines(person))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ". ".join(duplicate_lines(person))
        return None


class WalkInDialog(QDialog):
    """The walk-in form for one event. When it closes accepted, exactly one of `decision` (a walk-in was
    registered and checked in) or `existing_registrant_id` (the volunteer said the person is already
    registered: the desk checks that registrant in) is set, and the matching signal has been emitted."""

    registered = Signal(object)
    """The Decision of the walk-in just registered and checked in."""
    existing_chosen = Signal(str)
    """The id of the registrant the volunteer recognised; nothing was written."""

    FORM, DUPLICATES = range(2)

    def __init__(self, kiosk: Kiosk, event: Event, parent: QWidget | None = None, operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("walkInDialog")
        self.setWindowTitle("Register a walk-in")
        self.setStyleSheet(form_style())
        self.kiosk = kiosk
        # Not `self.event`: that would hide QWidget.event(), which Qt calls for every event.
        self.current_event = event
        self.operator = operator
        self.decision: Decision | None = None
        self.existing_registrant_id: str | None = None
        self.duplicates: list[PossibleDuplicate] = []
        self._reviewed: tuple[str, ...] | None = None
        """The form's values when the volunteer last said "different person": no need to ask again."""

        title = data_label("formTitle", "Register a walk-in")
        title.setAccessibleName("Register a walk-in")
        where = data_label("formSubtitle", f"{event.name} · {long_date(event.date)}")
        where.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._form_page())
        self.stack.addWidget(self._duplicates_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addSpacing(8)
        layout.addWidget(self.stack, 1)

        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(PAUSE_MS)
        self.pause.timeout.connect(self.look_for_duplicates)
        for edit in (self.first_name, self.last_name, self.email, self.organization):
            edit.textEdited.connect(self._typed)
        completer = self.organization.completer()
        assert completer is not None
        completer.activated.connect(self._typed)  # a pick from the list is not an edit, but counts
        # Only once the button is inside the dialog: before that, setDefault has no dialog to tell, and the
        # dialog would make its first button (Cancel) the one Enter presses.
        self.save_button.setDefault(True)
        self.first_name.setFocus()
        self.resize(*SIZE)

    def _form_page(self) -> QWidget:
        notice_title = data_label("noticeTitle", "Notice at collection")
        self.notice = data_label("collectionNotice", NOTICE)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice at collection")
        self.notice.setAccessibleDescription(NOTICE)
        box = QFrame()
        box.setObjectName("noticeBox")
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(14, 10, 14, 10)
        box_layout.setSpacing(2)
        box_layout.addWidget(notice_title)
        box_layout.addWidget(self.notice)

        person = PersonFields.make(self.kiosk, name_hints=True)
        self.first_name, self.last_name, self.preferred_name, self.pronouns, self.organization, self.role = person
        self.languages = line_edit("languagesEdit", "Languages, optional", "Optional: Spanish, Tagalog, ASL…")
        self.languages.setAccessibleDescription("Languages they speak, separated by commas")
        self.email = line_edit("emailEdit", "Email, optional", "Optional")
        rows = [*person.rows(), ("Lan&guages", self.languages), ("&Email", self.email)]
        form = form_layout("walkInForm", rows, vertical_spacing=8)

        self.hint = message_label("duplicateHint")
        self.error = message_label("formError")
        self.cancel_button = push_button("Cancel", "cancelButton", "Cancel", self.reject)
        self.save_button = push_button("&Save and check in", "saveButton", "Save and check in", self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        # The notice, fields and messages scroll when the screen is short (large text on a 1280 x 720
        # laptop); the buttons stay under them, always on screen.
        fields = QWidget()
        fields.setObjectName("walkInFields")
        fields_layout = QVBoxLayout(fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.setSpacing(10)
        fields_layout.addWidget(box)
        fields_layout.addLayout(form)
        fields_layout.addWidget(self.hint)
        fields_layout.addWidget(self.error)
        fields_layout.addStretch(1)
        self.fields_area = QScrollArea()
        self.fields_area.setObjectName("walkInFieldsArea")
        self.fields_area.setWidget(fields)
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the fields, not the area

        page = QWidget()
        page.setObjectName("walkInFormPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.fields_area, 1)
        layout.addLayout(buttons)
        return page

    def _duplicates_page(self) -> QWidget:
        heading = data_label("duplicatesTitle", "Already registered?")
        explain = data_label(
            "duplicatesExplain",
            "These people are registered for this convening and may be the person at the table. "
            "Check their name and organization with them before saving.",
        )
        explain.setWordWrap(True)
        self.typed_summary = data_label("typedSummary")
        self.typed_summary.setWordWrap(True)
        self.model = DuplicatesModel(self)
        self.people_list = QListView()
        self.people_list.setObjectName("duplicatesList")
        self.people_list.setAccessibleName("People already registered who may be this person")
        self.people_list.setModel(self.model)
        self.people_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_list.setWordWrap(True)
        self.people_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.people_list.setUniformItemSizes(False)
        self.people_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.people_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people_list.doubleClicked.connect(lambda _: self.choose_existing())

        self.back_button = push_button("&Back to the form", "backButton", "Back to the form", self.back_to_form)
        self.different_button = push_button(
            "&Different person: save walk-in", "differentPersonButton", "Different person: save walk-in",
            self.save_anyway,
        )  # fmt: skip
        self.existing_button = push_button(
            "&This is them: check them in instead", "existingPersonButton", "This is them: check them in instead",
            self.choose_existing,
        )  # fmt: skip
        self.duplicates_error = message_label("formError")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.different_button)
        buttons.addWidget(self.existing_button)

        page = QWidget()
        page.setObjectName("duplicatesPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(self.typed_summary)
        layout.addWidget(self.people_list, 1)
        layout.addWidget(self.duplicates_error)
        layout.addLayout(buttons)
        # Enter on the list picks nothing (no default button here): the volunteer tabs to a choice and
        # presses Enter or Space on it, the likelier one first.
        QWidget.setTabOrder(self.people_list, self.existing_button)
        QWidget.setTabOrder(self.existing_button, self.different_button)
        QWidget.setTabOrder(self.different_button, self.back_button)
        return page

    # What was typed ------------------------------------------------------------------------------------

    def values(self) -> tuple[str, ...]:
        """Every field as it will be saved, to tell whether the form changed since duplicates were shown."""
        return (
            clean(self.first_name.text()),
            clean(self.last_name.text()),
            clean(self.preferred_name.text()),
            clean(self.pronouns.text()),
            clean(self.organization.text()),
            str(self.role.currentData()),
            clean(self.languages.text()),
            self.email.text().strip(),
        )

    def language_list(self) -> list[str]:
        """Known languages as codes (as imports store them), anything else as typed: free text is allowed."""
        codes, unknown = parse_languages(self.languages.text())
        return codes + [clean(part) for part in unknown]

    def _typed(self) -> None:
        say(self.error, "")
        self.pause.start()

    def look_for_duplicates(self) -> list[PossibleDuplicate]:
        """Ask the core who may already be registered as this person (at least whom the desk's search would
        list for the name, strongest sign first, a handful); on a pause in typing, say so below."""
        first, last, _, _, organization, _, _, email = self.values()
        if not (first or last or email):
            self.duplicates = []
        else:
            self.duplicates = possible_duplicates(
                self.kiosk.ctx,
                self.current_event.id,
                first,
                last,
                email=email,
                organization=organization,
                limit=OFFERED,
                with_search=True,
            )
        if self.duplicates:
            names = ", ".join(person.display_name for person in self.duplicates[:3])
            more = len(self.duplicates) - 3
            names += f" and {more} more" if more > 0 else ""
            say(self.hint, f"Possibly already registered: {names}. Saving will show them first.")
        else:
            say(self.hint, "")
        return self.duplicates

    # Saving --------------------------------------------------------------------------------------------

    def save(self) -> None:
        """Save pressed: a name is needed; people who may be this person are shown first, once."""
        self.pause.stop()
        first, last, *_ = self.values()
        if not (first or last):
            say(self.error, NAME_NEEDED)
            self.first_name.setFocus()
            return
        if self.values() != self._reviewed and self.look_for_duplicates():
            self.show_duplicates()
            return
        self.register()

    def show_duplicates(self) -> None:
        first, last, preferred, _, organization, _, _, email = self.values()
        typed = " ".join(part for part in (first, last) if part)
        details = [part for part in (f"preferred name {preferred}" if preferred else "", organization, email) if part]
        self.typed_summary.setText(f"You typed: {typed}" + (f" ({', '.join(details)})" if details else ""))
        self.model.set_people(self.duplicates)
        self.people_list.setCurrentIndex(self.model.index(0, 0))
        say(self.duplicates_error, "")
        self.stack.setCurrentIndex(self.DUPLICATES)
        self.people_list.setFocus()

    def back_to_form(self) -> None:
        self.stack.setCurrentIndex(self.FORM)
        self.first_name.setFocus()

    def selected_duplicate(self) -> PossibleDuplicate | None:
        rows = self.people_list.selectionModel().selectedIndexes()
        row = rows[0].row() if rows else self.people_list.currentIndex().row()
        return self.duplicates[row] if 0 <= row < len(self.duplicates) else None

    def choose_existing(self) -> None:
        """The person at the table is already registered: hand their id to the desk, write nothing."""
        person = self.selected_duplicate()
        if person is None:
            say(self.duplicates_error, "Pick the person in the list first.")
            return
        self.existing_registrant_id = person.registrant_id
        self.existing_chosen.emit(person.registrant_id)
        self.accept()

    def save_anyway(self) -> None:
        self._reviewed = self.values()
        self.stack.setCurrentIndex(self.FORM)
        self.register()

    def register(self) -> None:
        """Register and check in through the desk; a refusal is shown in the form, which keeps every field."""
        first, last, preferred, pronouns, organization, role, _, email = self.values()
        try:
            decision = self.kiosk.desk.register_walk_in(
                self.current_event,
                first,
                last,
                organization=organization,
                role=Role(role),
                languages=self.language_list(),
                email=email,
                pronouns=pronouns,
                operator=self.operator,
                preferred_name=preferred,
            )
        except KioskError as exc:
            say(self.error, _sentence(str(exc)))
            self.stack.setCurrentIndex(self.FORM)
            self.first_name.setFocus()
            return
        self.decision = decision
        self.registered.emit(decision)
        self.accept()

    def reject(self) -> None:
        """Escape on the duplicates list goes back to the form (nothing typed is lost); on the form, closes."""
        if self.stack.currentIndex() == self.DUPLICATES:
            self.back_to_form()
            return
        self.pause.stop()
        super().reject()


def _sentence(text: str) -> str:
    """The core's reasons start in lower case for the command line; a form shows them as sentences."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")
