"""The wall with 2,000 notes already on it: adding one more, and laying the whole wall out.

Offscreen (QT_QPA_PLATFORM=offscreen), at 1920 x 1080, on a scratch store of 2,000 visible notes in many
scripts over every prompt and category (`kiosk.core.journey.samples`):
- add: `Contributions.add` of one note (a durable commit), then the wall's poll (`WallWindow.check`: the
  file changed? which notes? model and columns updated), then the event loop's own layout and repaint of
  what changed (the spotlight, one column, the counts); target under 50 ms.
  Its floor is the same `Contributions.add` alone, so the ratio is what the wall costs on top;
- layout: a new `WallWindow` (read the notes, build the model and the columns), shown, laid out and
  painted once; target under 300 ms. Its floor is a bare grid of plain QLabels holding the same texts
  as the wall's cards, shown and painted the same way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QWidget

from kiosk.core.journey.samples import sample_drafts
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui import theme
from kiosk.ui.wall_window import NoteCard, WallWindow

SIZE = (1920, 1080)


@dataclass(frozen=True)
class Figures:
    notes: int
    add_p50: float
    add_p99: float
    write_p50: float
    """`Contributions.add` alone: the add's floor."""
    layout: float
    floor_layout: float
    """A bare QLabel grid of the cards' texts."""


def _app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([])
    theme.apply_theme(app, False)
    return app


def _fill(kiosk: Kiosk, notes: int) -> Event:
    event = kiosk.events.create(
        name="Statewide Convening", slug="statewide", date=dt.date(2026, 3, 5), city="Sacramento"
    )
    kiosk.contributions.add_many(event.id, sample_drafts(kiosk.contributions.prompt_set, notes))
    return event


def _painted(app: QApplication, window: QWidget) -> None:
    app.processEvents()
    window.grab()  # a full paint of the window, offscreen


def _bare_grid(app: QApplication, texts: list[str], columns: int) -> float:
    start = time.perf_counter()
    window = QWidget()
    grid = QGridLayout(window)
    for index, text in enumerate(texts):
        label = QLabel(text)
        label.setWordWrap(True)
        grid.addWidget(label, index // columns, index % columns)
    window.resize(*SIZE)
    window.show()
    _painted(app, window)
    took = time.perf_counter() - start
    window.close()
    window.deleteLater()
    app.processEvents()
    return took


def measure(notes: int = 2000, adds: int = 40, layouts: int = 5, base: Path | None = None) -> Figures:
    app = _app()
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        kiosk = Kiosk.open(Path(tmp), "Wall benchmark")
        try:
            event = _fill(kiosk, notes)
            extra = sample_drafts(kiosk.contributions.prompt_set, adds * 2, seed=7)
            layout_times, floor_times = [], []
            for _ in range(layouts):
                start = time.perf_counter()
                wall = WallWindow(kiosk, event)
                wall.poll.stop()
                wall.resize(*SIZE)
                wall.show()
                _painted(app, wall)
                layout_times.append(time.perf_counter() - start)
                cards = [card.body.text() for card in wall.findChildren(NoteCard) if card.isVisible()]
                columns = max(1, wall.grid.columnCount())
                wall.close()
                wall.deleteLater()
                app.processEvents()
                floor_times.append(_bare_grid(app, cards, columns))

            wall = WallWindow(kiosk, event)
            wall.poll.stop()
            wall.rotation.stop()
            wall.resize(*SIZE)
            wall.show()
            _painted(app, wall)
            add_times, write_times = [], []
            for number in range(adds):
                draft = extra[2 * number]
                start = time.perf_counter()
                note = kiosk.contributions.add(event.id, draft.kind, draft.body, draft.category, draft.language)
                updated = wall.check()
                app.processEvents()  # layout and the repaint of what changed, as the event loop does
                add_times.append(time.perf_counter() - start)
                assert updated and wall.model.notes[0].id == note.id
                draft = extra[2 * number + 1]
                start = time.perf_counter()
                kiosk.contributions.add(event.id, draft.kind, draft.body, draft.category, draft.language)
                write_times.append(time.perf_counter() - start)
                wall.check()  # catch up, untimed
            wall.close()
        finally:
            kiosk.close()
    return Figures(
        notes,
        statistics.median(add_times),
        statistics.quantiles(add_times, n=100, method="inclusive")[98],
        statistics.median(write_times),
        statistics.median(layout_times),
        statistics.median(floor_times),
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.wall", description=__doc__)
    parser.add_argument("--notes", type=int, default=2000, help="notes already on the wall (default 2000)")
    parser.add_argument("--adds", type=int, default=40, help="notes to add, one at a time (default 40)")
    args = parser.parse_args()
    found = measure(args.notes, args.adds, base=Path.cwd())
    print(
        f"add a note to a {found.notes:,}-note wall:"
        f" p50 {found.add_p50 * 1e3:.1f} ms / p99 {found.add_p99 * 1e3:.1f} ms"
        f" (Contributions.add alone p50 {found.write_p50 * 1e3:.1f} ms; target under 50 ms)"
    )
    print(
        f"lay out a {found.notes:,}-note wall: {found.layout * 1e3:.0f} ms"
        f" (bare QLabel grid of the cards {found.floor_layout * 1e3:.0f} ms; target under 300 ms)"
    )


if __name__ == "__main__":
    main()
