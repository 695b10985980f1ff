"""Self-service check-in: a full-screen, attendee-facing screen. It shows only the person who just scanned,
never a list of attendees, and only staff with the PIN can leave it.

Attendees read it in the journey kiosk's languages (journey_language: the same buttons, translations and
right-to-left Farsi). A language one person chooses is theirs alone: the screen goes back to English once
their decision has been shown, or when no one touches it for a while."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.models import CheckInMethod, Event, Role
from kiosk.core.services import Kiosk
from kiosk.core.services.attendance import BadgeStatus
from kiosk.core.services.desk import Decision, Kind, role_label
from kiosk.ui.attendee_window import AttendeeWindow
from kiosk.ui.decision_view import DecisionView
from kiosk.ui.journey_language import DEFAULT_LANGUAGE, KioskLanguage, LanguageBar, direction, isolate
from kiosk.ui.labels import data_label

SELF_HOLD_MS = 8_000
"""How long a person's own decision stays up before the screen invites the next person (in English)."""
LANGUAGE_IDLE_MS = 60_000
"""A language chosen, then no touch and no scan for this long: the person walked away, English again."""
OPERATOR = "self-service"
CAMERA_READS_CODES = "The camera above the screen reads codes too."
"""What the desk (main_window) says here when its camera scans too; shown in the attendee's language."""
_INPUT_EVENTS = frozenset(
    {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate}
)
_LANGUAGE_BUTTONS = """
#selfService QPushButton#languageButton {
    font-size: 22px; padding: 6px 10px; border-radius: 12px;
    background: #16406f; color: #ffffff; border: 2px solid #5a7ca6;
}
#selfService QPushButton#languageButton:checked { background: #ffffff; color: #0f2f57; border-color: #ffffff; }
"""
"""The language row on the screen's dark blue (kiosk.qss styles the rest of it)."""


class SelfServiceDecision(DecisionView):
    """The attendee-facing decision in the attendee's language. Only its words differ from DecisionView's
    (which the desk shows, in English, to volunteers); names are isolated so they read as typed."""

    def __init__(self) -> None:
        super().__init__(attendee_facing=True)

    def show_decision(self, decision: Decision, badge: BadgeStatus | None = None) -> None:
        """Show `decision`, the person's role in the screen's language too (`decision` is kept as given, to
        tell it again in another language)."""
        person = decision.person
        if person is not None and person.role != (role := self._role(person.role)):
            super().show_decision(replace(decision, person=replace(person, role=role)), badge)
            self.decision = decision
        else:
            super().show_decision(decision, badge)

    def _role(self, label: str) -> str:
        """A role as the desk writes it ("Elected official"), in the screen's language; an unknown one as is."""
        words = {
            Role.ATTENDEE: self.tr("Attendee"),
            Role.SPEAKER: self.tr("Speaker"),
            Role.EXHIBITOR: self.tr("Exhibitor"),
            Role.MEDIA: self.tr("Media"),
            Role.ELECTED_OFFICIAL: self.tr("Elected official"),
            Role.STAFF: self.tr("Staff"),
            Role.VOLUNTEER: self.tr("Volunteer"),
        }
        return next((word for role, word in words.items() if role_label(role) == label), label)

    def _headline(self, decision: Decision) -> str:
        if decision.kind is Kind.WELCOME:
            name = decision.headline.removeprefix("Welcome, ").removesuffix("!")
            if name == decision.headline or not name:
                return self.tr("Welcome!")
            return self.tr("Welcome, {name}!").format(name=isolate(name))
        if decision.kind is Kind.ALREADY_CHECKED_IN:
            return self.tr("You are already checked in")
        return self.tr("We could not check you in")

    def _details(self, decision: Decision, badge: BadgeStatus | None) -> str:
        if decision.kind is Kind.ALREADY_CHECKED_IN and decision.time:
            return self.tr("You checked in at {time}.").format(time=isolate(decision.time))
        if decision.kind is Kind.WELCOME and decision.person is not None and decision.person.walk_in:
            return self.tr("Walk-in: registered just now.")
        return ""  # a refusal's reason is for the volunteer, not read out on a screen

    def _advice(self, decision: Decision, badge: BadgeStatus | None) -> str:
        if decision.kind is Kind.WELCOME:
            return self.tr("Please pick up your badge at the registration table.")
        if decision.kind is Kind.ALREADY_CHECKED_IN:
            return self.tr("If you need your badge, please ask at the registration table.")
        return self.tr("Please see a volunteer at the registration table. They will help you.")


class SelfServiceWindow(AttendeeWindow):
    decided = Signal(object)
    LEAVE_PURPOSE = "leave self-service check-in"

    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__(kiosk)
        self.setObjectName("selfService")
        self.setWindowTitle("Check in here")  # staff's: the screen is full, no title bar shows it
        self.current_event = event
        self.languages = KioskLanguage()
        self._camera_text = ""

        self.language_bar = LanguageBar()
        self.language_bar.chosen.connect(self.set_language)
        self.title = data_label("selfTitle")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = data_label("selfHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.event_name = data_label("selfEvent", isolate(event.name))
        self.event_name.setWordWrap(True)
        self.event_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.camera_status = data_label("selfCamera")
        self.camera_status.setWordWrap(True)
        self.camera_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.camera_status.hide()

        prompt = QWidget()
        prompt_layout = QVBoxLayout(prompt)
        prompt_layout.addStretch(2)
        prompt_layout.addWidget(self.event_name)
        prompt_layout.addSpacing(24)
        prompt_layout.addWidget(self.title)
        prompt_layout.addSpacing(24)
        prompt_layout.addWidget(self.hint)
        prompt_layout.addWidget(self.camera_status)
        prompt_layout.addStretch(3)

        self.decision = SelfServiceDecision()
        self.stack = QStackedWidget()
        self.stack.addWidget(prompt)
        self.stack.addWidget(self.decision)

        self.staff_button = QPushButton()
        self.staff_button.setObjectName("staffButton")
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.clicked.connect(self.ask_to_leave)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.language_bar)
        layout.addSpacing(8)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setStyleSheet(_LANGUAGE_BUTTONS)

        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.timeout.connect(self.invite_next)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.invite_next)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.retranslate()

    def set_camera_status(self, text: str) -> None:
        self._camera_text = text
        self.camera_status.setText(self._camera_words())
        self.camera_status.setVisible(bool(text))

    def _camera_words(self) -> str:
        if self._camera_text == CAMERA_READS_CODES:
            return self.tr("The camera above the screen reads codes too.")
        return self._camera_text

    def handle_scan(self, code: str, method: CheckInMethod = CheckInMethod.QR) -> Decision:
        decision = self.kiosk.desk.scan(code, self.current_event, method, OPERATOR)
        self.decision.show_decision(decision)
        self.stack.setCurrentWidget(self.decision)
        self.idle.stop()
        self.hold.start(SELF_HOLD_MS)
        self.decided.emit(decision)
        return decision

    def invite_next(self) -> None:
        """The first screen, in English, for the next person."""
        self.hold.stop()
        self.stack.setCurrentIndex(0)
        self.set_language(DEFAULT_LANGUAGE)

    def showing_decision(self) -> bool:
        return self.stack.currentWidget() is self.decision

    def set_language(self, language: str) -> None:
        """Switch the screen's words (and a decision on screen) to `language`; Farsi right to left."""
        self.languages.choose(language)
        self.language_bar.show_language(language)
        self.setLayoutDirection(direction(language))
        self.retranslate()
        if self.showing_decision():
            self.hold.start(SELF_HOLD_MS)  # the time to read it again in the language just chosen
        elif language != DEFAULT_LANGUAGE:
            self.idle.start(LANGUAGE_IDLE_MS)
        else:
            self.idle.stop()

    def language(self) -> str:
        return self.languages.language

    def retranslate(self) -> None:
        """Every word on the screen in the chosen language (Qt's translation of this module's strings)."""
        self.title.setText(self.tr("Scan your QR code to get your badge"))
        self.title.setAccessibleName(self.title.text())
        how = self.tr("Hold the code on your phone or your printed ticket under the scanner.")
        ask = self.tr("No code? A volunteer at the registration table will find you.")
        self.hint.setText(f"{how}\n{ask}")
        self.hint.setAccessibleName(self.tr("How to scan"))
        self.event_name.setAccessibleName(self.tr("Event"))
        self.camera_status.setText(self._camera_words())
        self.camera_status.setAccessibleName(self.tr("Camera"))
        self.staff_button.setText(self.tr("Staff"))
        self.staff_button.setAccessibleName(self.tr("Staff: leave self-service (PIN needed)"))
        if self.showing_decision() and self.decision.decision is not None:
            self.decision.show_decision(self.decision.decision)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self.idle.isActive():
            self.idle.start()  # someone is still here
        return False

    def before_leaving(self) -> None:
        self.invite_next()
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.languages.release()
