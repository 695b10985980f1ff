"""Cold start: `kiosk --screenshot` on a large store, from process launch until the PNG of its first paint is
written (the file's modification time), against a bare PySide6 window doing the same (interpreter, Qt import,
one painted window, PNG) in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.core.demo import build_demo
from kiosk.core.services import Kiosk

BARE_QT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("Convening Kiosk")
label.resize(1280, 800)
label.show()
app.processEvents()
label.grab().save(sys.argv[1])
"""


def ensure_store(folder: Path, registrants: int) -> Path:
    """A demo store with `registrants` people at the current convening, built once and reused."""
    marker = folder / f".demo-{registrants}"
    if not marker.exists():
        kiosk = Kiosk.open(folder, "Bench")
        try:
            if not kiosk.events.all():
                build_demo(kiosk, seed=1, registrants=registrants)
        finally:
            kiosk.close()
        marker.touch()
    return folder


def _time(command: list[str], png: Path, rounds: int) -> float:
    """Median seconds from launching `command` to its PNG of the first paint being written.

    The PNG's modification time marks the end, so the process's own teardown after the window was painted
    and saved is not counted (it is in neither the app's nor the floor's figure).
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    timings = []
    for _ in range(rounds):
        png.unlink(missing_ok=True)
        start = time.time_ns()
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        timings.append((png.stat().st_mtime_ns - start) / 1e9)
    return statistics.median(timings)


def measure(store: Path, rounds: int = 5) -> tuple[float, float]:
    """Median seconds: (bare Qt window to PNG, kiosk --screenshot on the store)."""
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "shot.png"
        bare = _time([sys.executable, "-c", BARE_QT, str(png)], png, rounds)
        app = _time([sys.executable, "-m", "kiosk", "--data-dir", str(store), "--screenshot", str(png)], png, rounds)
    return bare, app
