"""ChangeWatch sees every commit to the station's file, from this process or another, and nothing else."""

from __future__ import annotations

import subprocess
import sys

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.watch import ChangeWatch


def test_a_commit_is_seen_once_and_a_read_is_not(kiosk: Kiosk, event: Event) -> None:
    watch = ChangeWatch(kiosk.ctx.store.path)
    assert watch.changed()  # the first look always counts
    assert not watch.changed()

    kiosk.registrants.register(event.id, RegistrantDraft(first_name="Ana"))
    assert watch.changed()
    assert not watch.changed()

    kiosk.events.figures(event.id)
    kiosk.search.registrants(event.id, "Ana")
    assert not watch.changed()
    watch.close()


def test_a_commit_from_another_process_is_seen(kiosk: Kiosk, event: Event) -> None:
    watch = ChangeWatch(kiosk.ctx.store.path)
    watch.changed()
    script = (
        "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
        "db.execute(\"INSERT INTO setting (key, value) VALUES ('probe', '1')\"); db.commit()"
    )
    subprocess.run([sys.executable, "-c", script, str(kiosk.ctx.store.path)], check=True)
    assert watch.changed()
    watch.close()
