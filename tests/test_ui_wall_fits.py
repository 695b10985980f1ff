"""The wall fits a projector whatever it shows: a long note in a script written without spaces (Khmer, Thai,
Chinese) wraps inside the spotlight and its card, and neither mode is wider or taller than 1280 x 720 with a
long event name and the column labels of any language the prompt sets are written in."""

from __future__ import annotations

import datetime as dt
import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.journey.prompts import LANGUAGES
from kiosk.core.journey.samples import sample_drafts
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Draft
from kiosk.resources import resource_path
from kiosk.ui import theme
from kiosk.ui.wall_window import JOURNEY, TOGETHER, NoteCard, WallWindow
from kiosk.ui.wrapping import ELLIPSIS, WrapLabel

KHMER = (
    (
        "ការងាររួមគ្នាធ្វើឲ្យសហគមន៍ខ្មែររបស់យើងកាន់តែរឹងមាំហើយយុវជនបានរៀនពីជីដូនជីតា"
        "កម្មវិធីអប់រំឪពុកម្តាយខ្មែរនៅក្នុងសហគមន៍របស់យើងបានជួយគ្រួសារជាច្រើន"
    )
    * 2
)[:230]
"""230 characters and no space, ending where a syllable ends."""
THAI = ("เครือข่ายของเราช่วยให้ชุมชนไทยเข้มแข็งขึ้นและเยาวชนได้เรียนรู้จากผู้สูงอายุ" * 3)[:200]
CHINESE = "我们建立了合作网络，让老人不再孤单，年轻人学会了倾听长辈的故事，社区因此变得更加团结。" * 4
LONG_EVENT = "California Connects: Statewide Convening of Community-Based Organizations and Regional Partners 2026"
SCREENS = [(1280, 720), (1366, 768), (1920, 1080)]


@pytest.fixture
def open_wall(qtbot: QtBot, kiosk: Kiosk) -> Iterator[Callable[[Event, str, tuple[int, int]], WallWindow]]:
    """`open_wall(event, mode, (width, height))`: the wall shown at that size, laid out."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, False)
    opened: list[WallWindow] = []

    def open_(event: Event, mode: str, size: tuple[int, int]) -> WallWindow:
        window = WallWindow(kiosk, event, mode)
        qtbot.addWidget(window)
        opened.append(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(20)  # the layout requests the resize posted
        return window

    yield open_
    for window in opened:
        window.close()


def _long_event(kiosk: Kiosk) -> Event:
    return kiosk.events.create(name=LONG_EVENT, slug="statewide-2026", date=dt.date(2026, 3, 5), city="Sacramento")


def _prompt_set_in(kiosk: Kiosk, language: str) -> None:
    """The station uses the built-in prompt set with every text in `language`, as a station's own file."""

    def speak(value: Any) -> Any:
        if isinstance(value, dict) and "en" in value and all(isinstance(v, str) for v in value.values()):
            return {"en": value.get(language, value["en"])}
        if isinstance(value, dict):
            return {key: speak(item) for key, item in value.items()}
        if isinstance(value, list):
            return [speak(item) for item in value]
        return value

    data = json.loads(resource_path("journey", "california-connects.json").read_text(encoding="utf-8"))
    data["id"] = f"wall-{language}"
    folder = kiosk.ctx.store.folder / "journey"
    folder.mkdir(exist_ok=True)
    (folder / f"wall-{language}.json").write_text(json.dumps(speak(data), ensure_ascii=False), encoding="utf-8")
    kiosk.contributions.set_prompt_set(f"wall-{language}")


def _inside(widget: QWidget, window: QWidget) -> bool:
    return window.rect().contains(QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size()))


def _dotted_circles(layout: QTextLayout) -> int:
    """Glyphs of U+25CC the shaper put in for a mark cut off from its letter (a cluster split in two)."""
    found = 0
    for run in layout.glyphRuns():
        dotted = [g for g in run.rawFont().glyphIndexesForString("\u25cc") if g]
        found += sum(1 for glyph in run.glyphIndexes() if glyph in dotted)
    return found


def _text_problems(window: QWidget) -> list[str]:
    """Text on the wall that is not wholly inside its box: a line wider than its label, a label given less
    height than its lines need, a label outside the window, a label that is not a WrapLabel (a QLabel's word
    wrap leaves a Khmer sentence on one line), or a cluster split in two."""
    problems = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or label.objectName() == "wallTotal":
            continue
        name = f"{label.objectName()} {label.text()[:24]!r}"
        if not _inside(label, window):
            problems.append(f"{name} is outside the window")
        if not isinstance(label, WrapLabel):
            problems.append(f"{name} is a QLabel")
            continue
        box = label.contentsRect()
        fit = label.fit(box.width())
        widest = max(fit.layout.lineAt(i).naturalTextWidth() for i in range(fit.lines))
        if widest > box.width():
            problems.append(f"{name} has a line {widest:.0f} px wide in {box.width()} px")
        if fit.height > box.height():
            problems.append(f"{name} needs {fit.height} px and has {box.height()}")
        if _dotted_circles(fit.layout):
            problems.append(f"{name} splits a cluster")
    return problems


def _card(window: WallWindow, body: str) -> NoteCard:
    cards = [c for c in window.board.findChildren(NoteCard) if c.isVisibleTo(window) and c.note and c.note.body == body]
    assert cards, f"no card shows {body[:20]!r}"
    return cards[0]


@pytest.mark.parametrize(
    ("mode", "note"),
    [
        (JOURNEY, Draft("wisdom", KHMER, language="km")),
        (TOGETHER, Draft("have", KHMER, "data", language="km")),
        (JOURNEY, Draft("next", THAI, language="th")),
        (TOGETHER, Draft("need", CHINESE, "funding", language="zh_CN")),
    ],
    ids=["khmer-journey", "khmer-together", "thai-journey", "chinese-together"],
)
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_long_note_without_spaces_wraps_inside_the_spotlight_and_its_card(
    open_wall: Callable[[Event, str, tuple[int, int]], WallWindow],
    kiosk: Kiosk,
    event: Event,
    mode: str,
    note: Draft,
    size: tuple[int, int],
    shots: Path,
) -> None:
    kiosk.contributions.add_many(event.id, sample_drafts(kiosk.contributions.prompt_set, 40))
    kiosk.contributions.add(event.id, note.kind, note.body, note.category, note.language)
    wall = open_wall(event, mode, size)
    assert wall.grab().save(str(shots / f"wall-{note.language}-{mode}-{size[0]}x{size[1]}.png"))

    assert wall.minimumSizeHint().width() <= 1280 and wall.minimumSizeHint().height() <= 720
    assert wall.size().toTuple() == size  # the note did not push the window wider than the screen
    assert wall.spot_body.text() == note.body
    assert _inside(wall.spotlight, wall) and _inside(wall.mode_choice, wall) and _inside(wall.total, wall)
    assert _text_problems(wall) == []
    assert not wall.spot_body.fit(wall.spot_body.contentsRect().width()).elided  # the spotlight shows it whole
    card = _card(wall, note.body)
    shown = card.body.shown_text()
    assert shown.endswith(ELLIPSIS) and note.body.startswith(shown.removesuffix(ELLIPSIS))  # its first lines


@pytest.mark.parametrize("mode", [JOURNEY, TOGETHER])
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_both_modes_fit_a_720p_projector_with_a_long_event_name_in_every_language(
    open_wall: Callable[[Event, str, tuple[int, int]], WallWindow],
    kiosk: Kiosk,
    language: str,
    mode: str,
    shots: Path,
) -> None:
    _prompt_set_in(kiosk, language)
    event = _long_event(kiosk)
    kiosk.contributions.add_many(event.id, sample_drafts(kiosk.contributions.prompt_set, 120))
    wall = open_wall(event, mode, (1280, 720))
    assert wall.grab().save(str(shots / f"wall-{language}-{mode}-1280x720.png"))

    assert wall.minimumSizeHint().width() <= 1280 and wall.minimumSizeHint().height() <= 720
    assert wall.size().toTuple() == (1280, 720)
    assert _inside(wall.mode_choice, wall) and _inside(wall.total, wall)
    assert _text_problems(wall) == []
    for column in wall.board.columns.values():
        assert _inside(column, wall) and column.fitting() >= 1  # every column shows its newest note


@pytest.mark.parametrize("mode", [JOURNEY, TOGETHER])
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_both_modes_fit_common_projectors_with_many_notes(
    open_wall: Callable[[Event, str, tuple[int, int]], WallWindow],
    kiosk: Kiosk,
    mode: str,
    size: tuple[int, int],
) -> None:
    event = _long_event(kiosk)
    kiosk.contributions.add_many(event.id, sample_drafts(kiosk.contributions.prompt_set, 300))
    wall = open_wall(event, mode, size)
    assert wall.size().toTuple() == size
    assert _text_problems(wall) == []
    assert all(column.fitting() >= 1 for column in wall.board.columns.values())


def test_a_note_in_markup_shows_as_typed(
    open_wall: Callable[[Event, str, tuple[int, int]], WallWindow], kiosk: Kiosk, event: Event
) -> None:
    kiosk.contributions.add(event.id, "built", "<b>hi</b>")
    wall = open_wall(event, JOURNEY, (1280, 720))
    assert wall.spot_body.shown_text() == "<b>hi</b>"
    assert _card(wall, "<b>hi</b>").body.shown_text() == "<b>hi</b>"
