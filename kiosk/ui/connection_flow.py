"""New partner connections at the kiosk: two people scan their badges one after the other, each says
whether the other may have their contact details, and the connection is saved (Connections.connect)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.errors import KioskError
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.connections import AlreadyConnected, PartnerConnection, SameBadgeTwice
from kiosk.core.services.contributions import BadgeHolder, BadgeProblem
from kiosk.ui.journey_language import isolate
from kiosk.ui.labels import data_label


def _big_button(name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.setMinimumHeight(88)
    return button


class ConsentRow(QWidget):
    """A consent tick box with its sentence beside it, wrapped onto more lines when it is long (a
    QCheckBox's own text never wraps); touching the sentence ticks the box too."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("consentRow")
        self.box = QCheckBox()
        self.box.setObjectName("consentBox")
        self.words = data_label("consentWords")
        self.words.setWordWrap(True)
        self.words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the row takes the touch
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.words.setSizePolicy(policy)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)

    def set_text(self, text: str) -> None:
        self.words.setText(text)
        self.box.setAccessibleName(text)
        self._claim_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._claim_height()

    def _claim_height(self) -> None:
        """Ask for the height the wrapped words need at this width: the kiosk's page layouts, with their
        stretches, otherwise give the row one line and cut the second person's name in half."""
        need = self.heightForWidth(self.width()) if self.width() > 0 else -1
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.box.toggle()
        event.accept()


class ConnectionFlow(QWidget):
    """Scan, scan, consent, done. `finished` asks the kiosk to go back to its first screen."""

    finished = Signal()
    connected = Signal(object)
    """The PartnerConnection just saved."""

    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__()
        self.setObjectName("connectionFlow")
        self.kiosk = kiosk
        self.current_event = event
        self.first: BadgeHolder | None = None
        self.second: BadgeHolder | None = None
        self.result: PartnerConnection | None = None

        self.title = data_label("journeyHeading")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = data_label("journeyHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = data_label("journeyError")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()

        self.first_row, self.second_row = ConsentRow(), ConsentRow()
        self.first_consent, self.second_consent = self.first_row.box, self.second_row.box
        self.consent = consent = QWidget()
        consent.hide()  # until both badges are scanned; the title and hint say what to do before
        consent_layout = QVBoxLayout(consent)
        consent_layout.setContentsMargins(0, 8, 0, 0)
        consent_layout.setSpacing(16)
        consent_layout.addWidget(self.first_row)
        consent_layout.addWidget(self.second_row)
        self.save_button = _big_button("primaryButton")
        self.save_button.clicked.connect(self.save)
        consent_layout.addWidget(self.save_button)

        self.cancel_button = _big_button("secondaryButton")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addSpacing(16)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(consent)
        layout.addStretch(2)
        layout.addLayout(row)
        self.retranslate()

    # -- state ---------------------------------------------------------------------------------------

    def reset(self) -> None:
        self.first = self.second = self.result = None
        self.first_consent.setChecked(False)
        self.second_consent.setChecked(False)
        self.message.hide()
        self.consent.hide()
        self.retranslate()

    def step(self) -> str:
        if self.result is not None:
            return "done"
        if self.first is None:
            return "first"
        if self.second is None:
            return "second"
        return "consent"

    def handle_scan(self, code: str) -> None:
        """A badge scanned while this screen is up."""
        if self.step() not in ("first", "second"):
            return
        try:
            holder = self.kiosk.contributions.badge_holder(self.current_event, code)
        except BadgeProblem as problem:
            self._say(badge_problem_text(problem.reason))
            return
        if self.first is None:
            self.first = holder
        elif holder.registrant_id == self.first.registrant_id:
            self._say(self.tr("That is the same badge. The second person scans their own badge."))
            return
        else:
            self.second = holder
            if self.kiosk.connections.already_connected(
                self.current_event.id, self.first.registrant_id, holder.registrant_id
            ):
                self.second = None
                self._say(self.tr("You two are already connected."))
                return
            self.consent.show()
        self.message.hide()
        self.retranslate()

    def save(self) -> PartnerConnection | None:
        if self.first is None or self.second is None:
            return None
        try:
            self.result = self.kiosk.connections.connect(
                self.current_event.id,
                self.first.registrant_id,
                self.second.registrant_id,
                self.first_consent.isChecked(),
                self.second_consent.isChecked(),
            )
        except SameBadgeTwice:
            self._say(self.tr("That is the same badge. The second person scans their own badge."))
            return None
        except AlreadyConnected:
            self._say(self.tr("You two are already connected."))
            return None
        except KioskError:
            self._say(self.tr("Something went wrong. Please ask a volunteer."))
            return None
        self.consent.hide()
        self.message.hide()
        self.retranslate()
        self.connected.emit(self.result)
        return self.result

    def cancel(self) -> None:
        self.reset()
        self.finished.emit()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # -- words ---------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        step = self.step()
        self.cancel_button.setText(self.tr("Done") if step == "done" else self.tr("Cancel"))
        self.save_button.setText(self.tr("Save our connection"))
        if step == "first":
            self.title.setText(self.tr("Connect with a new partner"))
            self.hint.setText(self.tr("Two people, one after the other: each scans the code on their own badge."))
        elif step == "second":
            assert self.first is not None
            self.title.setText(self.tr("Thank you, {name}.").format(name=isolate(self.first.name)))
            self.hint.setText(self.tr("Now your new partner scans their badge."))
        elif step == "consent":
            assert self.first is not None and self.second is not None
            self.title.setText(self.tr("Share your contact details?"))
            self.hint.setText(self.tr("Each of you decides. Nothing is shared unless you tick your own box."))
            share = self.tr("{name}: share my email and phone with {other}")
            one, other = _told_apart(self.first, self.second)
            self.first_row.set_text(share.format(name=one, other=other))
            self.second_row.set_text(share.format(name=other, other=one))
        else:
            result = self.result
            assert result is not None
            counts = self.kiosk.connections.counts(self.current_event.id)
            self.title.setText(self.tr("You are connected!"))
            first, second = result.first, result.second
            people = (
                f"{isolate(p.name)} ({isolate(p.organization)})" if p.organization else isolate(p.name)
                for p in (first, second)
            )
            lines = [" · ".join(people)]
            if result.first_consents and result.second_consents:
                lines.append(self.tr("You both agreed to share your contact details."))
            elif result.first_consents or result.second_consents:
                lines.append(self.tr("Only one of you shared contact details."))
            else:
                lines.append(self.tr("No contact details were shared."))
            lines.append(
                self.tr("New connections across organizations today: {count}").format(count=counts.cross_organization)
            )
            self.hint.setText("\n".join(lines))


def _told_apart(first: BadgeHolder, second: BadgeHolder) -> tuple[str, str]:
    """The two people's names as the consent rows show them, each part isolated. Two people of the same
    name (a María García meets a María García) each get their organization, or failing that their place in
    the scan order, so that each can tell which box is theirs."""
    people = (first, second)
    parts = [[p.name] for p in people]
    if first.name.casefold() == second.name.casefold():
        if first.organization.casefold() != second.organization.casefold():
            parts = [[p.name, p.organization] if p.organization else [p.name] for p in people]
        else:
            parts = [[p.name, str(n)] for n, p in enumerate(people, 1)]
    one, other = (f"{isolate(name)} ({isolate(extra[0])})" if extra else isolate(name) for name, *extra in parts)
    return one, other


def badge_problem_text(reason: str) -> str:
    """What to tell an attendee whose scan did not name them (BadgeProblem.reason), in their language."""
    if reason == BadgeProblem.TICKET:
        return QCoreApplication.translate("BadgeScan", "That is your ticket. Scan the code on your badge instead.")
    if reason == BadgeProblem.OTHER_EVENT:
        return QCoreApplication.translate("BadgeScan", "That badge is for another convening.")
    if reason in (BadgeProblem.UNKNOWN, BadgeProblem.CANCELLED):
        return QCoreApplication.translate("BadgeScan", "We could not find that badge. Please ask a volunteer.")
    return QCoreApplication.translate("BadgeScan", "That is not a badge. Scan the code on your badge.")
