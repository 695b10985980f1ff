"""The decision after a scan or a pick, filling the desk: colour, a drawn icon and words, so that a
volunteer who glances at it for half a second, or cannot tell red from green, still reads it right.

It fits the window it is given: on a short laptop screen the words (and the icon) shrink, in steps and
never below a readable size, so the buttons under them stay on screen; only words too long for even the
smallest step scroll."""

from __future__ import annotations

import enum
import math

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.services.attendance import BadgeStatus
from kiosk.core.services.desk import Decision, Kind, local_time

ICON_SIDE = 180
"""The icon's side (px) when there is room; it shrinks with the words, to SMALLEST_ICON at the least."""
SMALLEST_ICON = 96
SMALLEST_TEXT_PX = 18
"""No line of a decision is drawn smaller than this (nor smaller than kiosk.qss asks for)."""
SCALES = tuple(step / 1000 for step in range(1000, 449, -25))
"""The sizes tried, largest first, as fractions of the stylesheet's: the largest that fits is shown."""
_UNBOUNDED = 1_000_000.0
_MARGINS = ((48, 24), (40, 18), (48, 24), (32, 16))
"""The view's margins (left, top, right, bottom): at full size, and the least they shrink to."""


class Look(enum.StrEnum):
    """What the view shows, for its colour (the `look` property in kiosk.qss) and icon."""

    WELCOME = "welcome"
    ALREADY = "already"
    INVALID = "invalid"
    UNDONE = "undone"


_LOOK = {Kind.WELCOME: Look.WELCOME, Kind.ALREADY_CHECKED_IN: Look.ALREADY, Kind.NOT_VALID: Look.INVALID}


class DecisionIcon(QWidget):
    """A tick, an exclamation mark or a cross in a white disc, drawn rather than taken from a font, so it
    is there on every laptop whatever fonts it has. Its side is set by the view as room allows."""

    def __init__(self) -> None:
        super().__init__()
        self.look = Look.WELCOME
        self.side = ICON_SIDE
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.setAccessibleName("Decision icon")

    def show_look(self, look: Look) -> None:
        self.look = look
        self.update()

    def set_side(self, side: int) -> None:
        if side != self.side:
            self.side = side
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(self.side, self.side)

    def minimumSizeHint(self) -> QSize:
        # Small, so that the icon never makes the window taller: the view sizes it to the room there is.
        return QSize(SMALLEST_ICON // 2, SMALLEST_ICON // 2)

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


class FitLabel(QLabel):
    """A plain-text label drawn at `text_scale` times its stylesheet font size, never below `smallest_px`:
    kiosk.qss says how big each line is at best, and the view shrinks them all together to fit. Wraps
    at word boundaries, and inside a word only when one word is wider than the line."""

    def __init__(self, name: str, smallest_px: int = SMALLEST_TEXT_PX, wrap: bool = True) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)  # data, never markup: "<b>Ana</b>" shows as typed
        self.setWordWrap(wrap)
        self.smallest_px = smallest_px
        self.text_scale = 1.0
        self._layouts: dict[tuple[str, float, float], tuple[QTextLayout, float, float]] = {}
        """Layouts made, by (text, scale, width): fitting asks for the same few a hundred times a scan."""
        across = QSizePolicy.Policy.Preferred if wrap else QSizePolicy.Policy.Fixed
        policy = QSizePolicy(across, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(wrap)
        self.setSizePolicy(policy)

    def set_scale(self, scale: float) -> None:
        if scale != self.text_scale:
            self.text_scale = scale
            self.updateGeometry()
            self.update()

    def shown_font(self) -> QFont:
        """The stylesheet's font at the current scale."""
        font = QFont(self.font())
        if font.pixelSize() > 0:
            size = font.pixelSize()
            font.setPixelSize(max(round(size * self.text_scale), min(size, self.smallest_px)))
        else:
            points = font.pointSizeF()
            font.setPointSizeF(max(points * self.text_scale, min(points, self.smallest_px * 0.75)))
        return font

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange, QEvent.Type.LayoutDirectionChange):
            self._layouts.clear()  # another font or edge: every layout made is stale
        super().changeEvent(event)

    def _laid_out(self, width: float) -> tuple[QTextLayout, float, float]:
        """The text in lines at most `width` wide (or one line per paragraph): the layout, its widest
        line and its height."""
        key = (self.text(), self.text_scale, width if self.wordWrap() else _UNBOUNDED)
        found = self._layouts.get(key)
        if found is None:
            if len(self._layouts) > 64:
                self._layouts.clear()
            found = self._layouts[key] = self._lay_out(width)
        return found

    def _lay_out(self, width: float) -> tuple[QTextLayout, float, float]:
        layout = QTextLayout(self.text().replace("\n", "\u2028"), self.shown_font())
        option = QTextOption()
        wrap = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if self.wordWrap() else QTextOption.WrapMode.NoWrap
        option.setWrapMode(wrap)
        if self.wordWrap() and self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            # On a right-to-left screen (self-service in Farsi) lines start at the right edge; each still reads
            # in the direction of its own first letter. The desk is left to right: nothing changes there.
            option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        layout.setTextOption(option)
        widest = height = 0.0
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLeadingIncluded(True)
            line.setLineWidth(width if self.wordWrap() else _UNBOUNDED)
            line.setPosition(QPointF(0, height))
            height += line.height()
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        return layout, widest, height

    def hasHeightForWidth(self) -> bool:
        return self.wordWrap()

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        _, _, height = self._laid_out(max(1, width - margins.left() - margins.right()))
        return math.ceil(height) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        _, widest, height = self._laid_out(_UNBOUNDED)
        return QSize(
            math.ceil(widest) + margins.left() + margins.right(), math.ceil(height) + margins.top() + margins.bottom()
        )

    def minimumSizeHint(self) -> QSize:
        # As tall as the text unwrapped (measured as heightForWidth measures), a few letters wide.
        hint = self.sizeHint()
        if not self.wordWrap():
            return hint
        margins = self.contentsMargins()
        narrowest = math.ceil(QFontMetricsF(self.shown_font()).averageCharWidth() * 8)
        return QSize(min(hint.width(), narrowest + margins.left() + margins.right()), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.drawFrame(painter)
        area = self.contentsRect()
        layout, _, _ = self._laid_out(area.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        layout.draw(painter, QPointF(area.topLeft()))


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
        self.refit = QTimer(self)  # fit again once a change of style or button size settles
        self.refit.setSingleShot(True)
        self.refit.setInterval(0)
        self.refit.timeout.connect(self.fit)
        self.text_scale = 1.0
        """The size the words are shown at, as a fraction of the stylesheet's (see fit)."""
        self.icon = DecisionIcon()
        self.headline = FitLabel("decisionHeadline", smallest_px=40)
        self.name = FitLabel("decisionName", smallest_px=28)
        self.pronouns = FitLabel("decisionPronouns", wrap=False)
        self.organization = FitLabel("decisionOrganization")
        self.details = FitLabel("decisionDetails")
        self.advice = FitLabel("decisionAdvice")
        self.labels = (self.headline, self.name, self.pronouns, self.organization, self.details, self.advice)
        self.headline.setAccessibleName("Decision")
        self.name.setAccessibleName("Name")
        self.pronouns.setAccessibleName("Pronouns")
        self.organization.setAccessibleName("Organization and role")
        self.details.setAccessibleName("Details")
        self.advice.setAccessibleName("What to do next")

        self.words = QWidget()
        self.words.setObjectName("decisionWords")
        self.words_layout = QVBoxLayout(self.words)
        self.words_layout.setContentsMargins(0, 0, 0, 0)
        self.words_layout.addWidget(self.headline)
        # The pronouns follow the name on its first line (fit lines up their baselines).
        self.name_row = QHBoxLayout()
        self.name_row.addWidget(self.name, 0, Qt.AlignmentFlag.AlignTop)
        self.name_row.addWidget(self.pronouns, 0, Qt.AlignmentFlag.AlignTop)
        self.name_row.addStretch(1)
        self.words_layout.addLayout(self.name_row)
        self.words_layout.addWidget(self.organization)
        self.gap = QSpacerItem(0, 12, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.words_layout.addItem(self.gap)
        self.words_layout.addWidget(self.details)
        self.words_layout.addWidget(self.advice)
        self.words_layout.addStretch(1)
        # Only words too long for the smallest size scroll; the buttons under them stay in view.
        self.words_area = QScrollArea()
        self.words_area.setObjectName("decisionScroll")
        self.words_area.setFrameShape(QFrame.Shape.NoFrame)
        self.words_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.words_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.words_area.setWidgetResizable(True)
        self.words_area.setWidget(self.words)
        self.words_area.viewport().setAutoFillBackground(False)
        self.words.setAutoFillBackground(False)
        self.words_area.installEventFilter(self)

        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(16)
        self.body = QHBoxLayout()
        self.body.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addWidget(self.words_area, 1)
        self.outer = QVBoxLayout(self)
        self.outer.addLayout(self.body, 1)
        self.outer.addLayout(self.action_row)
        self._set_scale(1.0)

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
        self._show_filled()
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
        self._show_filled()

    def show_advice(self, text: str) -> None:
        """Say something else to do next (the desk, when an undo came too late)."""
        self.advice.setText(text)
        self._show_filled()

    def _show_filled(self) -> None:
        for label in self.labels:
            label.setVisible(bool(label.text()))
        self.fit()

    # -- fitting the room ------------------------------------------------------------------------------

    def fit(self) -> None:
        """Show the words at the largest of SCALES at which they (and the icon beside them) fit above the
        buttons without scrolling; at the smallest if none does, when they scroll. Smaller words never
        need more room, so a binary search finds it in a few tries."""
        fails, fits = -1, len(SCALES)  # SCALES[fits] fits (or is past the end), SCALES[fails] does not
        while fits - fails > 1:
            middle = (fails + fits) // 2
            if self._fits(SCALES[middle]):
                fits = middle
            else:
                fails = middle
        self._set_scale(SCALES[min(fits, len(SCALES) - 1)])
        self.outer.activate()  # lay out the size chosen now, not the last one tried

    def _fits(self, scale: float) -> bool:
        room = self._set_scale(scale)
        beside = self.icon.side + self.body.spacing()
        return self.words.heightForWidth(room.width() - beside) <= room.height()

    def _set_scale(self, scale: float) -> QSize:
        """Size the words, icon, margins and gaps for `scale`; returns the room that leaves for the icon
        and the words above the buttons."""
        self.text_scale = scale
        self.outer.setContentsMargins(*(max(least, round(best * scale)) for best, least in _MARGINS))
        self.outer.setSpacing(max(12, round(20 * scale)))
        self.body.setSpacing(max(18, round(36 * scale)))
        self.words_layout.setSpacing(max(4, round(10 * scale)))
        self.name_row.setSpacing(max(10, round(18 * scale)))
        self.gap.changeSize(0, max(4, round(12 * scale)), QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        for label in self.labels:
            label.set_scale(scale)
        lift = QFontMetricsF(self.name.shown_font()).ascent() - QFontMetricsF(self.pronouns.shown_font()).ascent()
        self.pronouns.setContentsMargins(0, max(0, round(lift)), 0, 0)
        margins = self.outer.contentsMargins()
        room = QSize(self.width() - margins.left() - margins.right(), self.height() - margins.top() - margins.bottom())
        if not self.action_row.isEmpty():
            room.setHeight(room.height() - self.action_row.sizeHint().height() - self.outer.spacing())
        self.icon.set_side(max(0, min(room.height(), max(SMALLEST_ICON, round(ICON_SIDE * scale)))))
        for layout in (self.name_row, self.words_layout, self.body, self.outer):
            layout.invalidate()  # a nested layout keeps its height-for-width until told
        return room

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.words_area and event.type() == QEvent.Type.Resize:
            self.refit.start()  # the buttons grew (a focus border, a larger font): fit again once settled
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.refit.start()  # the stylesheet's sizes changed (large text, high contrast): after it settles

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
        if decision.kind is Kind.ALREADY_CHECKED_IN and self.attendee_facing:
            return f"You checked in at {decision.time}." if decision.time else ""
        lines = [decision.reason] if decision.kind is Kind.ALREADY_CHECKED_IN else []
        if person and person.walk_in and decision.kind is Kind.WELCOME:
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
            if decision.kind is Kind.ALREADY_CHECKED_IN and badge is not None:
                return already_in_advice(badge)
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


def already_in_advice(badge: BadgeStatus) -> str:
    """Someone back at the desk: print the badge they never had, or reprint one they lost, as the station
    knows which."""
    if not badge.printed:
        return "No need to check in again. Their badge is not printed yet: print it (Ctrl+P), then hand it over."
    return "No need to check in again. Their badge was printed already; if they lost it, reprint it (Ctrl+P)."


def badge_text(badge: BadgeStatus) -> str:
    if not badge.printed:
        return "Badge: not printed yet."
    when = f", last at {local_time(badge.last_at)}" if badge.last_at else ""
    times = "once" if badge.printed == 1 else f"{badge.printed} times"
    return f"Badge: printed {times}{when}."
