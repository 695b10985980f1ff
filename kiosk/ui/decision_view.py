"""The decision after a scan or a pick, filling the desk: colour, a drawn icon and words, so that a
volunteer who glances at it for half a second, or cannot tell red from green, still reads it right."""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.services.attendance import BadgeStatus
from kiosk.core.services.desk import Decision, Kind, local_time
from kiosk.ui.labels import data_label


class Look(enum.StrEnum):
    """What the view shows, for its colour (the `look` property in kiosk.qss) and icon."""

    WELCOME = "welcome"
    ALREADY = "already"
    INVALID = "invalid"
    UNDONE = "undone"


_LOOK = {Kind.WELCOME: Look.WELCOME, Kind.ALREADY_CHECKED_IN: Look.ALREADY, Kind.NOT_VALID: Look.INVALID}


class DecisionIcon(QWidget):
    """A tick, an exclamation mark or a cross in a white disc, drawn rather than taken from a font, so it
    is there on every laptop whatever fonts it has."""

    def __init__(self) -> None:
        super().__init__()
        self.look = Look.WELCOME
        self.setFixedSize(180, 180)
        self.setAccessibleName("Decision icon")

    def show_look(self, look: Look) -> None:
        self.look = look
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(side / 100, side / 100)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QRectF(2, 2, 96, 96))
        colour = {
            Look.WELCOME: "#0b6b32",
            Look.ALREADY: "#8a5a00",
            Look.INVALID: "#b3141b",
            Look.UNDONE: "#334155",
        }[self.look]
        pen = QPen(QColor(colour), 11, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        if self.look is Look.WELCOME:
            path.moveTo(27, 52)
            path.lineTo(44, 69)
            path.lineTo(74, 34)
        elif self.look is Look.INVALID:
            path.moveTo(32, 32)
            path.lineTo(68, 68)
            path.moveTo(68, 32)
            path.lineTo(32, 68)
        elif self.look is Look.ALREADY:
            path.moveTo(50, 24)
            path.lineTo(50, 58)
            painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QPointF(50, 75), 7, 7)
            return
        else:  # an arrow turning back: undone
            path.moveTo(70, 66)
            path.arcTo(QRectF(30, 30, 40, 40), -90, -200)
            path.moveTo(30, 42)
            path.lineTo(26, 56)
            path.lineTo(40, 54)
        painter.drawPath(path)


class DecisionView(QFrame):
    """Shows one Decision. `attendee_facing` (self-service) speaks to the person, not to a volunteer,
    and never names a station or a volunteer."""

    def __init__(self, attendee_facing: bool = False) -> None:
        super().__init__()
        self.setObjectName("decision")
        self.attendee_facing = attendee_facing
        self.auto_print = False
        """Set by the Badges menu: a welcome's first badge prints by itself (what to tell the volunteer)."""
        self.decision: Decision | None = None
        self.icon = DecisionIcon()
        self.headline = data_label("decisionHeadline")
        self.name = data_label("decisionName")
        self.pronouns = data_label("decisionPronouns")
        self.organization = data_label("decisionOrganization")
        self.details = data_label("decisionDetails")
        self.advice = data_label("decisionAdvice")
        for label in (self.headline, self.name, self.organization, self.details, self.advice):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.headline.setAccessibleName("Decision")
        self.name.setAccessibleName("Name")
        self.pronouns.setAccessibleName("Pronouns")
        self.organization.setAccessibleName("Organization and role")
        self.details.setAccessibleName("Details")
        self.advice.setAccessibleName("What to do next")

        words = QVBoxLayout()
        words.setSpacing(10)
        words.addWidget(self.headline)
        name_row = QHBoxLayout()
        name_row.setSpacing(18)
        name_row.addWidget(self.name, 0, Qt.AlignmentFlag.AlignBaseline)
        name_row.addWidget(self.pronouns, 0, Qt.AlignmentFlag.AlignBaseline)
        name_row.addStretch(1)
        words.addLayout(name_row)
        words.addWidget(self.organization)
        words.addSpacing(12)
        words.addWidget(self.details)
        words.addWidget(self.advice)
        words.addStretch(1)

        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(16)
        body = QHBoxLayout()
        body.setSpacing(36)
        body.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(words, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 32)
        outer.addLayout(body, 1)
        outer.addLayout(self.action_row)

    def add_action(self, widget: QWidget) -> None:
        """A button under the words (the desk's Undo, Edit, Next person)."""
        self.action_row.addWidget(widget)

    def show_decision(self, decision: Decision, badge: BadgeStatus | None = None) -> None:
        self.decision = decision
        self._set_look(_LOOK[decision.kind])
        person = decision.person
        self.headline.setText(self._headline(decision))
        self.name.setText(person.name if person else "")
        self.pronouns.setText(person.pronouns if person else "")
        self.organization.setText(" · ".join(p for p in (person.organization, person.role) if p) if person else "")
        self.details.setText(self._details(decision, badge))
        self.advice.setText(self._advice(decision, badge))
        for label in (self.name, self.pronouns, self.organization, self.details, self.advice):
            label.setVisible(bool(label.text()))
        self.setAccessibleDescription(f"{self.headline.text()} {self.name.text()}. {self.advice.text()}")

    def show_undone(self, name: str) -> None:
        self.decision = None
        self._set_look(Look.UNDONE)
        self.headline.setText("Check-in undone")
        self.name.setText(name)
        self.pronouns.setText("")
        self.organization.setText("")
        self.details.setText("They are no longer counted as here.")
        self.advice.setText("Scan or search for the right person.")
        for label in (self.name, self.pronouns, self.organization, self.details, self.advice):
            label.setVisible(bool(label.text()))

    def look(self) -> Look:
        return Look(self.property("look"))

    def _set_look(self, look: Look) -> None:
        self.icon.show_look(look)
        self.setProperty("look", str(look))
        # A dynamic property changes the stylesheet's colours only once the style is re-applied.
        for widget in (self, *self.findChildren(QLabel)):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _headline(self, decision: Decision) -> str:
        if not self.attendee_facing:
            return decision.headline
        first = decision.headline.removeprefix("Welcome, ").removesuffix("!")
        return {
            Kind.WELCOME: decision.headline if first != decision.headline else "Welcome!",
            Kind.ALREADY_CHECKED_IN: "You are already checked in",
            Kind.NOT_VALID: "We could not check you in",
        }[decision.kind]

    def _details(self, decision: Decision, badge: BadgeStatus | None) -> str:
        person = decision.person
        if decision.kind is Kind.NOT_VALID:
            return "" if self.attendee_facing else decision.reason
        if decision.kind is Kind.ALREADY_CHECKED_IN:
            if self.attendee_facing:
                return f"You checked in at {decision.time}." if decision.time else ""
            return decision.reason
        lines = []
        if person and person.walk_in:
            lines.append("Walk-in: registered just now.")
        if person and person.ticket_type and not self.attendee_facing:
            lines.append(f"Ticket: {person.ticket_type}")
        if person and person.accessibility_needs and not self.attendee_facing:
            lines.append(f"Access needs: {person.accessibility_needs}")
        if badge is not None and not self.attendee_facing:
            lines.append(badge_text(badge))
        return "\n".join(lines)

    def _advice(self, decision: Decision, badge: BadgeStatus | None) -> str:
        if not self.attendee_facing:
            if decision.kind is Kind.WELCOME and badge is not None and not badge.printed:
                return first_badge_advice(decision, self.auto_print)
            return decision.advice
        return {
            Kind.WELCOME: "Please pick up your badge at the registration table.",
            Kind.ALREADY_CHECKED_IN: "If you need your badge, please ask at the registration table.",
            Kind.NOT_VALID: "Please see a volunteer at the registration table. They will help you.",
        }[decision.kind]


def first_badge_advice(decision: Decision, auto_print: bool) -> str:
    """A welcome for someone with no badge printed yet says where the badge comes from, rather than
    "hand over their badge" beside "not printed yet"."""
    lead = "Their badge is printing: hand it over" if auto_print else "Print their badge (Ctrl+P), then hand it over"
    needs = decision.person is not None and bool(decision.person.accessibility_needs)
    return lead + (" and note their access needs." if needs else ".")


def badge_text(badge: BadgeStatus) -> str:
    if not badge.printed:
        return "Badge: not printed yet."
    when = f", last at {local_time(badge.last_at)}" if badge.last_at else ""
    times = "once" if badge.printed == 1 else f"{badge.printed} times"
    return f"Badge: printed {times}{when}."
