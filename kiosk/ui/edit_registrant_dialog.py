"""Fix a registrant at the table: a misspelt name, their pronouns, their organization, their role.

Only the fields that changed are saved (Registrants.update: one change-log entry of those fields, so only
they travel to other stations). Everything on this form is printed on the badge, so after a change the
dialog offers a reprint; the badge printer is the desk's to connect (`reprint_requested`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.errors import KioskError
from kiosk.core.models import Registrant
from kiosk.core.services import Kiosk
from kiosk.core.text import normalize_org_name
from kiosk.core.tickets import spaced
from kiosk.ui.labels import data_label
from kiosk.ui.person_form import (
    NAME_NEEDED,
    PersonFields,
    clean,
    form_layout,
    form_style,
    message_label,
    push_button,
    say,
)

BADGE_FIELDS = frozenset({"first_name", "last_name", "preferred_name", "pronouns", "organization_id", "role"})
"""Fields printed on the badge: changing one offers a reprint."""
NOTHING_CHANGED = "Nothing changed, so nothing was saved."
REPRINT = "Badge details changed: reprint the badge."


class EditRegistrantDialog(QDialog):
    """Correct one registrant. `saved` holds the registrant as re-read after the last save, and
    `changed_fields` the fields that save changed."""

    changes_saved = Signal(str)
    """The registrant's id, after a save that changed something (the desk refreshes what it shows)."""
    reprint_requested = Signal(str)
    """The registrant's id, when the volunteer asks for a new badge after a change printed on it."""

    def __init__(self, kiosk: Kiosk, registrant_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editRegistrantDialog")
        self.setWindowTitle("Edit registrant")
        self.setStyleSheet(form_style())
        self.kiosk = kiosk
        self.registrant: Registrant = kiosk.registrants.get(registrant_id)
        self.saved: Registrant | None = None
        self.changed_fields: set[str] = set()

        self.title = data_label("formTitle")
        self.title.setWordWrap(True)
        self.subtitle = data_label("formSubtitle")
        person = PersonFields.make(kiosk, self.registrant.role)
        self.first_name, self.last_name, self.preferred_name, self.pronouns, self.organization, self.role = person
        form = form_layout("editForm", person.rows(), vertical_spacing=10)

        self.error = message_label("formError")
        self.note = message_label("formNote")
        self.done_note = message_label("formSaved")
        self.reprint_button = push_button(
            "&Reprint the badge", "reprintButton", "Reprint the badge", self.request_reprint
        )
        self.reprint_button.hide()
        saved_row = QHBoxLayout()
        saved_row.addWidget(self.done_note, 1)
        saved_row.addWidget(self.reprint_button)

        self.close_button = push_button("Close", "closeButton", "Close", self.reject)
        self.save_button = push_button("&Save changes", "saveButton", "Save changes", self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        layout.addLayout(saved_row)
        layout.addStretch(1)
        layout.addLayout(buttons)

        for edit in (self.first_name, self.last_name, self.preferred_name, self.pronouns, self.organization):
            edit.textEdited.connect(self._typed)
        self.role.currentIndexChanged.connect(self._typed)
        self.show_registrant(self.registrant)
        self.save_button.setDefault(True)  # once inside the dialog (see WalkInDialog)
        self.first_name.setFocus()
        self.resize(760, 560)

    def show_registrant(self, registrant: Registrant) -> None:
        """Fill the form from the store's registrant; what is saved is compared against it."""
        self.registrant = registrant
        self.organization_name = self._organization_name(registrant.organization_id)
        self.title.setText(f"Edit {registrant.display_name or 'registrant'}")
        self.title.setAccessibleName(self.title.text())
        self.subtitle.setText(f"Ticket {spaced(registrant.ticket_code)}")
        self.first_name.setText(registrant.first_name)
        self.last_name.setText(registrant.last_name)
        self.preferred_name.setText(registrant.preferred_name)
        self.pronouns.setText(registrant.pronouns)
        self.organization.setText(self.organization_name)
        for edit in (self.first_name, self.last_name, self.preferred_name, self.pronouns, self.organization):
            edit.setCursorPosition(0)  # a long name shows its start, not its last words
        found = self.role.findData(registrant.role)
        self.role.blockSignals(True)
        self.role.setCurrentIndex(found if found >= 0 else 0)
        self.role.blockSignals(False)

    def _organization_name(self, organization_id: str | None) -> str:
        if organization_id is None:
            return ""
        org = self.kiosk.organizations.get(organization_id)
        return org.name if org is not None else ""

    def _typed(self) -> None:
        say(self.error, "")
        say(self.note, "")

    # Saving --------------------------------------------------------------------------------------------

    def changes(self) -> dict[str, Any]:
        """The fields the volunteer changed, as the service takes them; the organization is left out (see
        organization_change), since finding or creating it writes."""
        current = self.registrant
        typed = {
            "first_name": clean(self.first_name.text()),
            "last_name": clean(self.last_name.text()),
            "preferred_name": clean(self.preferred_name.text()),
            "pronouns": clean(self.pronouns.text()),
            "role": str(self.role.currentData()),
        }
        return {name: value for name, value in typed.items() if value != getattr(current, name)}

    def organization_change(self) -> str | None:
        """The organization name to set, "" to clear it, or None when it is the same organization (another
        spelling of its name, such as "fresno center" for "The Fresno Center, Inc.", is the same one)."""
        typed = clean(self.organization.text())
        if not typed:
            return "" if self.registrant.organization_id is not None else None
        if self.registrant.organization_id is not None and normalize_org_name(typed) == normalize_org_name(
            self.organization_name
        ):
            return None
        return typed

    def save(self) -> None:
        """Save only what changed; nothing changed says so and writes nothing."""
        changes = self.changes()
        organization = self.organization_change()
        if not changes and organization is None:
            say(self.note, NOTHING_CHANGED)
            return
        names = ("first_name", "last_name", "preferred_name")
        if not any(changes.get(name, getattr(self.registrant, name)) for name in names):
            say(self.error, NAME_NEEDED)
            self.first_name.setFocus()
            return
        try:
            if organization is not None:
                changes["organization_id"] = (
                    self.kiosk.organizations.find_or_create(organization).id if organization else None
                )
                if changes["organization_id"] == self.registrant.organization_id:
                    del changes["organization_id"]
            if not changes:
                say(self.note, NOTHING_CHANGED)
                return
            saved = self.kiosk.registrants.update(self.registrant.id, **changes)
        except KioskError as exc:
            text = str(exc).strip()
            say(self.error, text[:1].upper() + text[1:])
            return
        self.saved = saved
        self.changed_fields = set(changes)
        self.show_registrant(saved)
        say(self.error, "")
        say(self.note, "")
        self.changes_saved.emit(saved.id)
        if self.changed_fields & BADGE_FIELDS:
            say(self.done_note, f"Saved. {REPRINT}")
            self.reprint_button.show()
            self.reprint_button.setFocus()
        else:
            say(self.done_note, "Saved.")

    def request_reprint(self) -> None:
        self.reprint_requested.emit(self.registrant.id)
        self.reprint_button.hide()
        say(self.done_note, "Saved. A new badge was asked for.")

    def reject(self) -> None:
        """Close (or Escape): accepted if something was saved, so the caller knows to refresh."""
        if self.saved is not None:
            self.accept()
        else:
            super().reject()
