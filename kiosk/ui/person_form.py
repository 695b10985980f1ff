"""What the two registrant forms (a walk-in, an edit) share: the name, pronouns, organization and role fields,
the organization completer, captions, message boxes, buttons and the forms' stylesheet."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QWidget

from kiosk.core.models import Role
from kiosk.core.services import Kiosk
from kiosk.core.services.desk import role_label
from kiosk.core.text import fold
from kiosk.resources import resource_path
from kiosk.ui.labels import data_label

NAME_NEEDED = "Type at least a first or last name."
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


@functools.cache
def form_style() -> str:
    """resources/styles/forms.qss: the forms' own rules, on top of the app's kiosk.qss. Qt reads a url() in a
    stylesheet from the working folder, so the icons folder is written in as an absolute path."""
    sheet = resource_path("styles", "forms.qss").read_text(encoding="utf-8")
    return sheet.replace("{icons}", resource_path("icons").as_posix())


def clean(text: str) -> str:
    """A field as the services keep it: spaces trimmed and runs of spaces made one."""
    return " ".join(text.split())


def message_label(name: str) -> QLabel:
    """A box for a reason or a note: plain text, wrapped, hidden while empty, read out when it appears."""
    label = data_label(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    label.hide()
    return label


def say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setAccessibleDescription(text)
    label.setVisible(bool(text))


def line_edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def role_combo(current: str = Role.ATTENDEE) -> QComboBox:
    """Every role by its readable label ("Elected official"); a role this version does not know is kept."""
    combo = QComboBox()
    combo.setObjectName("roleCombo")
    combo.setAccessibleName("Role")
    for role in Role:
        combo.addItem(role_label(role), str(role))
    if combo.findData(current) < 0:
        combo.addItem(role_label(current), current)
    combo.setCurrentIndex(combo.findData(current))
    return combo


def form_label(text: str, buddy: QWidget) -> QLabel:
    """A field's caption; its & letter (Alt+letter) moves the focus to the field."""
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setBuddy(buddy)
    # As tall as its row, so the caption sits level with the text in the field, not above it.
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    return label


def form_layout(name: str, rows: Iterable[tuple[str, QWidget]], vertical_spacing: int) -> QFormLayout:
    """The registrant forms' layout: captions right-aligned beside their fields, each caption's & letter
    moving the focus to its field."""
    form = QFormLayout()
    form.setObjectName(name)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(14)
    form.setVerticalSpacing(vertical_spacing)
    for caption, field in rows:
        form.addRow(form_label(caption, field), field)
    return form


class OrganizationCompleter(QCompleter):
    """Known organization names, matched anywhere in the name with case and Latin accents ignored: "jose"
    offers "San José Community Center". A name nobody knows yet can still be typed."""

    def __init__(self, names: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        model = QStandardItemModel(self)
        for name in names:
            item = QStandardItem(name)
            item.setData(fold(name), FOLDED_ROLE)
            item.setEditable(False)
            model.appendRow(item)
        self.setModel(model)
        self.setCompletionRole(FOLDED_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModelSorting(QCompleter.ModelSorting.UnsortedModel)
        self.setMaxVisibleItems(8)
        popup = self.popup()
        assert popup is not None  # QCompleter makes its list on first ask
        popup.setObjectName("organizationPopup")
        popup.setAccessibleName("Known organizations")
        popup.setStyleSheet(form_style())  # a popup is its own window: the dialog's sheet stops short of it

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index: Index) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


def organization_edit(kiosk: Kiosk) -> QLineEdit:
    edit = line_edit("organizationEdit", "Organization", "Start typing to pick a known one, or type a new name")
    edit.setCompleter(OrganizationCompleter(kiosk.organizations.names(), edit))
    return edit


def push_button(text: str, name: str, accessible: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.clicked.connect(slot)
    return button


class PersonFields(NamedTuple):
    """The fields both forms ask for, in the order they are shown (a tuple, so a form unpacks it)."""

    first_name: QLineEdit
    last_name: QLineEdit
    preferred_name: QLineEdit
    pronouns: QLineEdit
    organization: QLineEdit
    role: QComboBox

    @classmethod
    def make(cls, kiosk: Kiosk, role: str = Role.ATTENDEE, name_hints: bool = False) -> PersonFields:
        """`name_hints`: say in the name fields that one of the two is needed (a new person)."""
        return cls(
            line_edit("firstNameEdit", "First name", "Required if there is no last name" if name_hints else ""),
            line_edit("lastNameEdit", "Last name", "Required if there is no first name" if name_hints else ""),
            line_edit("preferredNameEdit", "Preferred name, optional", "Optional: for the badge"),
            line_edit("pronounsEdit", "Pronouns, optional", "Optional: she/her, they/them…"),
            organization_edit(kiosk),
            role_combo(role),
        )

    def rows(self) -> list[tuple[str, QWidget]]:
        """(caption, field) for form_layout."""
        return [
            ("&First name", self.first_name),
            ("&Last name", self.last_name),
            ("P&referred name", self.preferred_name),
            ("Pro&nouns", self.pronouns),
            ("&Organization", self.organization),
            ("Ro&le", self.role),
        ]
