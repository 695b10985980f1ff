"""The attendee contribution kiosk: full screen, touch first, in the attendee's language.

Home → Journey Map (five prompts) or Stronger Together (have / need, seven categories) → write a note
(on-screen keyboard where Qt Virtual Keyboard is on, else the laptop's) → thank-you → back home. A badge
scanned at any time signs the note with the person's name, organization and region; without one the
note is anonymous. After a while with no touch the screen resets, so the next person never sees the last
one's words. Only staff with the station's PIN can leave (like self-service check-in).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kiosk.core.errors import KioskError
from kiosk.core.journey import LANGUAGES, ContributionTooLong, EmptyContribution, clean_text
from kiosk.core.journey.prompts import SIDES
from kiosk.core.models import ContributionKind, Event, ModerationStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import BadgeHolder, BadgeProblem, HaveMatch, Note
from kiosk.resources import resource_path
from kiosk.ui.attendee_window import AttendeeWindow
from kiosk.ui.connection_flow import ConnectionFlow, badge_problem_text
from kiosk.ui.journey_language import (
    DEFAULT_LANGUAGE,
    KioskLanguage,
    direction,
    isolate,
    virtual_keyboard_active,
)
from kiosk.ui.labels import data_label
from kiosk.ui.pin_dialogs import PinDialog
from kiosk.ui.wrapping import WrapLabel

IDLE_MS = 90_000
"""No touch for this long on any screen but the first: everything typed is wiped and the kiosk resets."""
THANKS_MS = 10_000
"""How long the thank-you stays before the kiosk resets for the next person."""
MATCH_LINES = 4
"""The thank-you lists the organizations here that have what was needed in this many lines at most."""
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.InputMethod,
        QEvent.Type.Wheel,
    }
)


def _button(name: str, height: int = 96) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.setMinimumHeight(height)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a touch screen: no focus rings hopping around
    return button


class WrapButton(QPushButton):
    """A touch button whose words wrap onto more lines when it is narrow (a QPushButton's own text never
    wraps): a long translation makes the button taller, never the screen wider. journey.qss styles its
    words as `QPushButton#<name> QLabel`."""

    def __init__(self, name: str, height: int) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setMinimumHeight(height)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.words = data_label("buttonWords")
        self.words.setWordWrap(True)
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # a touch anywhere is the button's
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.words)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:
        super().setText(text)  # kept for text() and screen readers; the label shows it
        self.words.setText(text)

    def sizeHint(self) -> QSize:
        return self._layout().totalSizeHint().expandedTo(self.minimumSize())

    def minimumSizeHint(self) -> QSize:
        return self._layout().totalMinimumSize()

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""  # the frame only: the wrapped label draws the words
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_PushButton, option)

    def _layout(self) -> QLayout:
        layout = self.layout()
        assert layout is not None
        return layout


class ReflowGrid(QLayout):
    """Equal cells, as many to a row as the width allows (`columns` at most, each at least `cell_width`),
    row after row, a short last row centred and everything mirrored right to left. A row is as tall as its
    tallest cell needs at that width, so buttons whose words wrap get their lines."""

    def __init__(self, columns: int, cell_width: int, spacing: int) -> None:
        super().__init__()
        self.max_columns = columns
        self.cell_width = cell_width
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        cells = min(self.max_columns, max(1, len(self._shown())))
        width = cells * self.cell_width + (cells - 1) * self.spacing()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        """One cell: its widest word and one line (like a word-wrapped QLabel); heightForWidth says more."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = max((i.minimumSize().width() for i in shown), default=0)
        height = max((i.minimumSize().height() for i in shown), default=0)
        return QSize(width, height).grownBy(margins)

    def columns(self, width: int) -> int:
        """How many cells fit side by side in `width`."""
        shown = self._shown()
        cell = max([self.cell_width] + [i.minimumSize().width() for i in shown])
        return max(1, min(self.max_columns, len(shown), (width + self.spacing()) // (cell + self.spacing())))

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the cells in `rect` (when `move`); the height they take either way."""
        shown = self._shown()
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        spacing = self.spacing()
        columns = self.columns(area.width())
        cell = (area.width() - (columns - 1) * spacing) // columns
        parent = self.parentWidget()
        way = parent.layoutDirection() if parent is not None else Qt.LayoutDirection.LeftToRight
        y = area.y()
        for start in range(0, len(shown), columns):
            row = shown[start : start + columns]
            height = max(i.heightForWidth(cell) if i.hasHeightForWidth() else i.sizeHint().height() for i in row)
            height = max([height] + [i.minimumSize().height() for i in row])
            x = area.x() + (columns - len(row)) * (cell + spacing) // 2  # a short last row sits in the middle
            for n, item in enumerate(row):
                if move:
                    box = QRect(x + n * (cell + spacing), y, cell, height)
                    item.setGeometry(QStyle.visualRect(way, area, box))
            y += height + spacing
        taken = y - spacing - area.y() if shown else 0
        return taken + margins.top() + margins.bottom()


class PageStack(QWidget):
    """The kiosk's pages, one on screen at a time, like a QStackedWidget, except that only the page on
    screen says how much room it needs: a QStackedWidget asks every page, so the tallest page of all would
    squeeze the language bar and the badge line on every other one."""

    def __init__(self) -> None:
        super().__init__()
        self._pages: list[QWidget] = []
        self._current = -1
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, page: QWidget) -> int:
        self._pages.append(page)
        self._column.addWidget(page)
        if self._current < 0:
            self._current = 0
        page.setVisible(len(self._pages) - 1 == self._current)
        return len(self._pages) - 1

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]

    def currentIndex(self) -> int:
        return self._current

    def currentWidget(self) -> QWidget:
        return self._pages[self._current]

    def setCurrentIndex(self, index: int) -> None:
        self._current = index
        for n, page in enumerate(self._pages):
            if n != index:
                page.hide()  # the old page goes before the new one comes, so the two never need room at once
        self._pages[index].show()


def _heading(name: str = "journeyHeading") -> QLabel:
    label = data_label(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _page_layout(page: QWidget) -> QVBoxLayout:
    """A page's column: the window's margins are enough, a page adds none of its own."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


class JourneyKioskWindow(AttendeeWindow):
    submitted = Signal(object)
    """The Note just saved."""
    LEAVE_PURPOSE = "leave the contribution kiosk"

    HOME, PROMPTS, TOGETHER, COMPOSE, THANKS, CONNECT = range(6)

    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__(kiosk)
        self.setObjectName("journeyKiosk")
        self.setWindowTitle("Journey Map")
        self.current_event = event
        self.prompts = kiosk.contributions.prompt_set
        self.languages = KioskLanguage()
        self.holder: BadgeHolder | None = None
        self.kind = ""
        self.category: str | None = None
        self.side = ContributionKind.HAVE.value
        self.last_note: Note | None = None
        self.matches: list[HaveMatch] = []
        self._pin_dialog: PinDialog | None = None

        self.language_buttons: dict[str, QPushButton] = {}
        language_bar = QHBoxLayout()
        language_bar.setSpacing(8)
        group = QButtonGroup(self)
        for code, name in LANGUAGES.items():
            button = _button("languageButton", 56)
            button.setText(name)
            button.setCheckable(True)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _=False, c=code: self.set_language(c))
            group.addButton(button)
            self.language_buttons[code] = button
            language_bar.addWidget(button)
        self.language_buttons[DEFAULT_LANGUAGE].setChecked(True)

        self.error = data_label("journeyError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.badge_line = data_label("badgeLine")
        self.badge_line.setWordWrap(True)
        self.anonymous_button = _button("secondaryButton", 56)
        self.anonymous_button.clicked.connect(self.stay_anonymous)
        self.badge_bar = QWidget()
        self.badge_bar.setObjectName("badgeBar")
        badge_row = QHBoxLayout(self.badge_bar)
        badge_row.setContentsMargins(16, 6, 16, 6)
        badge_row.addWidget(self.badge_line, 1)
        badge_row.addWidget(self.anonymous_button)

        self.pages = PageStack()
        self.pages.addWidget(self._build_home())
        self.pages.addWidget(self._build_prompts())
        self.pages.addWidget(self._build_together())
        self.pages.addWidget(self._build_compose())
        self.pages.addWidget(self._build_thanks())
        self.connection = ConnectionFlow(kiosk, event)
        self.connection.finished.connect(self.reset)
        self.pages.addWidget(self.connection)

        self.staff_button = QPushButton()
        self.staff_button.setObjectName("staffButton")
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.clicked.connect(self.ask_to_leave)
        self.event_name = data_label("journeyEvent", isolate(event.name))

        footer = QHBoxLayout()
        footer.addWidget(self.event_name, 1)
        footer.addWidget(self.staff_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 10)
        layout.setSpacing(10)
        layout.addLayout(language_bar)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.badge_bar)
        layout.addLayout(footer)
        self.setStyleSheet(resource_path("styles", "journey.qss").read_text(encoding="utf-8"))

        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.reset)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.retranslate()
        self.show_page(self.HOME)

    # -- pages ---------------------------------------------------------------------------------------

    def _build_home(self) -> QWidget:
        page = QWidget()
        self.home_title = _heading("journeyTitle")
        self.home_hint = _heading("journeyHint")
        self.journey_button = WrapButton("choiceButton", 150)
        self.journey_button.clicked.connect(lambda: self.show_page(self.PROMPTS))
        self.together_button = WrapButton("choiceButton", 150)
        self.together_button.clicked.connect(lambda: self.show_page(self.TOGETHER))
        self.connect_button = WrapButton("choiceButton", 150)
        self.connect_button.clicked.connect(self.start_connection)
        choices = ReflowGrid(columns=3, cell_width=300, spacing=24)
        for button in (self.journey_button, self.together_button, self.connect_button):
            choices.addWidget(button)
        layout = _page_layout(page)
        layout.addStretch(1)
        layout.addWidget(self.home_title)
        layout.addSpacing(12)
        layout.addWidget(self.home_hint)
        layout.addSpacing(40)
        layout.addLayout(choices)
        layout.addStretch(2)
        return page

    def _build_prompts(self) -> QWidget:
        page = QWidget()
        self.prompts_title = _heading()
        self.prompt_buttons: dict[str, QPushButton] = {}
        grid = ReflowGrid(columns=3, cell_width=320, spacing=16)
        for prompt in self.prompts.prompts:
            button = WrapButton("promptButton", 100)
            button.clicked.connect(lambda _=False, p=prompt.id: self.write(p, None))
            self.prompt_buttons[prompt.id] = button
            grid.addWidget(button)
        self.prompts_back = _button("secondaryButton", 64)
        self.prompts_back.clicked.connect(self.reset)
        layout = _page_layout(page)
        layout.addWidget(self.prompts_title)
        layout.addSpacing(16)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.prompts_back, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _build_together(self) -> QWidget:
        page = QWidget()
        self.together_title = _heading()
        self.together_hint = _heading("journeyHint")
        self.side_buttons: dict[str, QPushButton] = {}
        sides = QHBoxLayout()
        side_group = QButtonGroup(self)
        for side in SIDES:
            button = _button("sideButton", 80)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, s=side: self.choose_side(s))
            side_group.addButton(button)
            self.side_buttons[side] = button
            sides.addWidget(button, 1)
        self.side_buttons[self.side].setChecked(True)
        self.category_buttons: dict[str, QPushButton] = {}
        grid = ReflowGrid(columns=4, cell_width=240, spacing=14)
        for category in self.prompts.categories:
            button = WrapButton("categoryButton", 88)
            button.clicked.connect(lambda _=False, c=category.id: self.write(self.side, c))
            self.category_buttons[category.id] = button
            grid.addWidget(button)
        self.together_back = _button("secondaryButton", 64)
        self.together_back.clicked.connect(self.reset)
        layout = _page_layout(page)
        layout.addWidget(self.together_title)
        layout.addWidget(self.together_hint)
        layout.addSpacing(8)
        layout.addLayout(sides)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.together_back, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _build_compose(self) -> QWidget:
        page = QWidget()
        self.compose_title = _heading("composePrompt")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("composeEditor")
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._count)
        self.counter = data_label("composeCounter")
        self.compose_back = _button("secondaryButton", 72)
        self.compose_back.clicked.connect(self.back_from_compose)
        self.submit_button = _button("primaryButton", 72)
        self.submit_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compose_back)
        buttons.addStretch(1)
        buttons.addWidget(self.counter)
        buttons.addSpacing(16)
        buttons.addWidget(self.submit_button)
        layout = _page_layout(page)
        layout.addWidget(self.compose_title)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        return page

    def _build_thanks(self) -> QWidget:
        page = QWidget()
        self.thanks_title = _heading("journeyTitle")
        self.thanks_hint = _heading("journeyHint")
        # Some needs are met by dozens of organizations: their names take a few lines, the last ending in
        # "…", so the buttons under them stay on screen and no line is cut in half.
        self.matches_label = WrapLabel("matchesLine", max_lines=MATCH_LINES)
        self.matches_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.another_button = _button("primaryButton", 88)
        self.another_button.clicked.connect(self.write_another)
        self.done_button = _button("secondaryButton", 88)
        self.done_button.clicked.connect(self.reset)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.another_button)
        row.addSpacing(24)
        row.addWidget(self.done_button)
        row.addStretch(1)
        layout = _page_layout(page)
        layout.addStretch(1)
        layout.addWidget(self.thanks_title)
        layout.addSpacing(16)
        layout.addWidget(self.thanks_hint)
        layout.addWidget(self.matches_label)
        layout.addSpacing(32)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    # -- navigation ----------------------------------------------------------------------------------

    def page(self) -> int:
        return self.pages.currentIndex()

    def show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.badge_bar.setVisible(index not in (self.THANKS, self.CONNECT))
        if index in (self.HOME, self.CONNECT):
            self.error.hide()
        if index == self.HOME:
            self.idle.stop()
        elif index == self.THANKS:
            self.idle.start(THANKS_MS)
        else:
            self.idle.start(IDLE_MS)
        if index == self.COMPOSE:
            self.editor.setFocus()

    def write(self, kind: str, category: str | None) -> None:
        """Open the note editor for a journey prompt, or for a have/need in a category."""
        self.kind, self.category = kind, category
        self.error.hide()
        self.retranslate()
        self.show_page(self.COMPOSE)

    def choose_side(self, side: str) -> None:
        self.side = side
        self.side_buttons[side].setChecked(True)

    def back_from_compose(self) -> None:
        self._wipe_editor()
        self.show_page(self.TOGETHER if self.kind in SIDES else self.PROMPTS)

    def write_another(self) -> None:
        self.show_page(self.TOGETHER if self.kind in SIDES else self.PROMPTS)

    def start_connection(self) -> None:
        self.connection.reset()
        self.show_page(self.CONNECT)

    def set_language(self, language: str) -> None:
        """Switch the whole screen (the kiosk's words and the prompts) to `language`; Farsi right to left."""
        self.languages.choose(language)
        self.language_buttons[language].setChecked(True)
        self.setLayoutDirection(direction(language))
        self._editor_direction()
        self.retranslate()
        if self.page() == self.HOME and language != DEFAULT_LANGUAGE and not self.idle.isActive():
            self.idle.start(IDLE_MS)  # someone who chose a language and walked away: English for the next one

    def language(self) -> str:
        return self.languages.language

    # -- badges --------------------------------------------------------------------------------------

    def handle_scan(self, code: str) -> None:
        """A scanner burst while the kiosk is up: a badge for the connection screen, or to sign the note."""
        self.idle.start(THANKS_MS if self.page() == self.THANKS else IDLE_MS)
        if self.page() == self.CONNECT:
            self.connection.handle_scan(code)
            return
        try:
            self.holder = self.kiosk.contributions.badge_holder(self.current_event, code)
        except BadgeProblem as problem:
            self._show_error(badge_problem_text(problem.reason))
            return
        self.error.hide()
        self._show_badge()

    def ask_to_leave(self) -> PinDialog:
        """The staff PIN dialog. An attendee who touched "Staff" and walked away does not leave it up for
        the next person: the idle reset closes it (and runs on the first screen too while it is open)."""
        dialog = self._pin_dialog = super().ask_to_leave()
        if not self.idle.isActive():
            self.idle.start(IDLE_MS)
        return dialog

    def _close_pin_dialog(self) -> None:
        dialog, self._pin_dialog = self._pin_dialog, None
        if dialog is not None and isValid(dialog) and dialog.isVisible():
            dialog.reject()

    def stay_anonymous(self) -> None:
        self.holder = None
        self._show_badge()

    def _show_badge(self) -> None:
        if self.holder is None:
            self.badge_line.setText(
                self.tr("You are anonymous. Scan your badge to add your name, organization and region.")
            )
            self.anonymous_button.hide()
            return
        parts = (self.holder.name, self.holder.organization, self.holder.region)
        signature = " · ".join(isolate(p) for p in parts if p)
        self.badge_line.setText(self.tr("Signed: {signature}").format(signature=signature))
        self.anonymous_button.show()

    # -- writing -------------------------------------------------------------------------------------

    def _count(self) -> None:
        length = len(clean_text(self.editor.toPlainText()))
        limit = self.prompts.max_length
        self.counter.setText(f"{length} / {limit}")
        self.counter.setProperty("over", length > limit)
        self.counter.style().unpolish(self.counter)
        self.counter.style().polish(self.counter)
        if self.error.isVisible() and 0 < length <= limit:
            self.error.hide()

    def submit(self) -> Note | None:
        """Save the note; on a refusal, say why in the attendee's language and keep what they wrote."""
        try:
            note = self.kiosk.contributions.add(
                self.current_event.id,
                self.kind,
                self.editor.toPlainText(),
                category=self.category,
                language=self.language(),
                registrant_id=self.holder.registrant_id if self.holder else None,
            )
        except EmptyContribution:
            self._show_error(self.tr("Your note is empty. Write a few words first."))
            return None
        except ContributionTooLong as exc:
            self._show_error(
                self.tr("Your note is too long: {length} characters, and the limit is {limit}. Please shorten it.")
                .format(length=exc.length, limit=exc.limit)
            )
            return None
        except KioskError:
            self._show_error(self.tr("Something went wrong. Please ask a volunteer."))
            return None
        self.last_note = note
        self.matches = []
        if note.kind == ContributionKind.NEED and note.category:
            # Who here has it, even while the need waits for review or names no organization.
            service = self.kiosk.contributions
            self.matches = service.haves_for(self.current_event.id, note.category, note.organization_id)
        self._wipe_editor()
        self.retranslate()
        self.show_page(self.THANKS)
        self.submitted.emit(note)
        return note

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _wipe_editor(self) -> None:
        """Empty the editor, its undo history too, so no one can bring the last person's words back."""
        self.editor.clear()
        self.editor.document().clearUndoRedoStacks()
        self._editor_direction()
        self._count()

    def _editor_direction(self) -> None:
        """Paragraphs sit at the right in Farsi, at the left otherwise, and each reads in the direction of its
        own first letter: English typed on the Farsi screen keeps its full stop at the end."""
        option = self.editor.document().defaultTextOption()
        rtl = direction(self.language()) == Qt.LayoutDirection.RightToLeft
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        # QPlainTextEdit's layout reads AlignLeft literally, whatever the direction: say which edge. So does
        # a QLabel whose text is left to right (the event's name in Latin letters on the Farsi screen).
        edge = (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignAbsolute
        option.setAlignment(edge)
        option.setWrapMode(option.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.editor.document().setDefaultTextOption(option)
        self.event_name.setAlignment(edge | Qt.AlignmentFlag.AlignVCenter)

    def reset(self) -> None:
        """For the next person: no words, no badge, no matches, English, the first screen."""
        self._wipe_editor()
        self.holder = None
        self.kind, self.category = "", None
        self.last_note = None
        self.matches = []
        self.error.hide()
        self._close_pin_dialog()
        self.connection.reset()
        self.choose_side(ContributionKind.HAVE.value)
        self.set_language(DEFAULT_LANGUAGE)
        self.show_page(self.HOME)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self.idle.isActive():
            self.idle.start()  # someone is still here
        return False

    # -- words ---------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every word on the kiosk in the chosen language: Qt's translation of its own strings, and the
        prompt set's texts."""
        lang = self.language()
        self.staff_button.setText(self.tr("Staff"))
        self.staff_button.setAccessibleName(self.tr("Staff: leave the kiosk (PIN needed)"))
        self.home_title.setText(self.tr("Add your voice"))
        self.home_hint.setText(self.tr("Choose your language above, then touch one of the three."))
        self.journey_button.setText(self.prompts.journey_title(lang))
        self.together_button.setText(self.prompts.together_title(lang))
        self.connect_button.setText(self.tr("Connect with a new partner"))
        self.prompts_title.setText(self.tr("Choose a question"))
        for prompt in self.prompts.prompts:
            self.prompt_buttons[prompt.id].setText(prompt.text(lang))
        self.together_title.setText(self.prompts.together_title(lang))
        self.together_hint.setText(self.tr("Choose what you have or what you need, then a topic."))
        for side in SIDES:
            self.side_buttons[side].setText(self.prompts.side(side, lang))
        for category in self.prompts.categories:
            self.category_buttons[category.id].setText(category.label(lang))
        for back in (self.prompts_back, self.together_back, self.compose_back):
            back.setText(self.tr("Back"))
        if self.kind:
            self.compose_title.setText(self.prompts.heading(self.kind, self.category, lang))
        self.editor.setPlaceholderText(
            self.tr("Touch here and write your note.")
            if virtual_keyboard_active()
            else self.tr("Write your note here with the keyboard.")
        )
        self.submit_button.setText(self.tr("Put it on the wall"))
        self.anonymous_button.setText(self.tr("Stay anonymous"))
        self._show_badge()
        self._count()
        self.thanks_title.setText(self.tr("Thank you!"))
        held = self.last_note is not None and self.last_note.status == ModerationStatus.HELD
        self.thanks_hint.setText(
            self.tr("Your note will appear on the wall once staff have read it.")
            if held
            else self.tr("Your note is on the wall.")
        )
        if self.matches:
            names = ", ".join(isolate(m.organization) for m in self.matches)
            self.matches_label.setText(
                self.tr("Organizations here that have what you need: {names}").format(names=names)
            )
            self.matches_label.show()
        else:
            self.matches_label.hide()
        self.another_button.setText(self.tr("Write another"))
        self.done_button.setText(self.tr("Done"))
        self.connection.retranslate()

    # -- leaving -------------------------------------------------------------------------------------

    def before_leaving(self) -> None:
        """Whatever was on screen is wiped first."""
        self.reset()
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.languages.release()
