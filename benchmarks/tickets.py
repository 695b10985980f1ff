"""Ticket generation per registrant against the bare cost of a QR code as a PNG.

- floor: `qrcode.make(payload)` saved as PNG bytes, the least any ticket PNG could cost;
- PNG: `ticket_sheets.render` of a whole ticket (fonts, shaping, QR) saved as PNG bytes;
- PDF: `Tickets.export` as `kiosk tickets` runs it (PNG files, CSV and the PDF), per registrant.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import qrcode

from kiosk.core import ticket_sheets
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft

NAMES = [
    ("José María", "Álvarez-Núñez"),
    ("지현", "김"),
    ("فاطمه", "رضایی"),
    ("प्रिया", "शर्मा"),
    ("សុភា", "ឈឹម"),
    ("Thảo", "Nguyễn"),
    ("Արամ", "Պետրոսյան"),
    ("美玲", "陳"),
]


@dataclass(frozen=True)
class Figures:
    """Median seconds per registrant (export: mean, as it runs in one go)."""

    floor: float
    png: float
    export: float


def measure(people: int = 80, base: Path | None = None) -> Figures:
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        folder = Path(tmp)
        kiosk = Kiosk.open(folder / "station", "Bench")
        event = kiosk.events.create(name="Bench Convening", slug="bench", date=dt.date.today(), city="Fresno")
        drafts = [
            RegistrantDraft(first_name=first, last_name=last) for i in range(people) for first, last in [NAMES[i % 8]]
        ]
        kiosk.registrants.register_many(event.id, drafts)
        faces = kiosk.tickets.faces(event)
        ticket_sheets.render(faces[0][0])  # fonts found and loaded once, as on any real run
        floor: list[float] = []
        png: list[float] = []
        for face, _ in faces:
            start = time.perf_counter()
            qrcode.make(face.payload).save(io.BytesIO())
            floor.append(time.perf_counter() - start)

            start = time.perf_counter()
            ticket_sheets.render(face).save(io.BytesIO(), "PNG", compress_level=3)
            png.append(time.perf_counter() - start)
        start = time.perf_counter()
        kiosk.tickets.export(event, folder / "out")
        export = (time.perf_counter() - start) / people
        kiosk.close()
        return Figures(statistics.median(floor), statistics.median(png), export)


if __name__ == "__main__":
    f = measure()
    print(
        f"floor {f.floor * 1e3:.1f} ms  png {f.png * 1e3:.1f} ms ({f.png / f.floor:.1f}x)  "
        f"png+csv+pdf {f.export * 1e3:.1f} ms per registrant"
    )
