"""Self-service check-in: a full-screen, attendee-facing screen. It shows only the person who just scanned,
never a list of attendees, and only staff with the PIN can leave it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk
from kiosk.core.services.desk import Decision
from kiosk.ui.attendee_window import AttendeeWindow
from kiosk.ui.decision_view import DecisionView
from kiosk.ui.labels import data_label

SELF_HOLD_MS = 8_000
"""How long a person's own decision stays up before the screen invites the next person."""
OPERATOR = "self-service"


class SelfServiceWindow(AttendeeWindow):
    decided = Signal(object)
    LEAVE_PURPOSE = "leave self-service check-in"

    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__(kiosk)
        self.setObjectName("selfService")
        self.setWindowTitle("Check in here")
        self.current_event = event

        self.title = data_label("selfTitle", "Scan your QR code to get your badge")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setAccessibleName("Scan your QR code to get your badge")
        self.hint = data_label(
            "selfHint",
            "Hold the code on your phone or your printed ticket under the scanner.\n"
            "No code? A volunteer at the registration table will find you.",
        )
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setAccessibleName("How to scan")
        self.event_name = data_label("selfEvent", event.name)
        self.event_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.event_name.setAccessibleName("Event")
        self.camera_status = data_label("selfCamera")
        self.camera_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.camera_status.setAccessibleName("Camera")
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

        self.decision = DecisionView(attendee_facing=True)
        self.stack = QStackedWidget()
        self.stack.addWidget(prompt)
        self.stack.addWidget(self.decision)

        self.staff_button = QPushButton("Staff")
        self.staff_button.setObjectName("staffButton")
        self.staff_button.setAccessibleName("Staff: leave self-service (PIN needed)")
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.clicked.connect(self.ask_to_leave)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignRight)

        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.timeout.connect(self.invite_next)

    def set_camera_status(self, text: str) -> None:
        self.camera_status.setText(text)
        self.camera_status.setVisible(bool(text))

    def handle_scan(self, code: str, method: CheckInMethod = CheckInMethod.QR) -> Decision:
        decision = self.kiosk.desk.scan(code, self.current_event, method, OPERATOR)
        self.decision.show_decision(decision)
        self.stack.setCurrentWidget(self.decision)
        self.hold.start(SELF_HOLD_MS)
        self.decided.emit(decision)
        return decision

    def invite_next(self) -> None:
        self.hold.stop()
        self.stack.setCurrentIndex(0)

    def showing_decision(self) -> bool:
        return self.stack.currentWidget() is self.decision

    def before_leaving(self) -> None:
        self.hold.stop()
