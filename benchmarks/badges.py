"""Badge PDFs: one badge, and a 1,000-badge batch on Avery 5392 sheets, against a bare ReportLab floor.

- one badge: `render_badge` of a face not drawn before (fonts already loaded, as in a running app),
  median over 50 faces after a warm-up of 10;
- batch: `render_badges` of 1,000 faces from the demo's names in every script onto avery-5392 (167 pages);
- floor: a bare ReportLab canvas with the same page count, the same strings drawn with `drawString` in
  embedded Noto Sans, and one QR image per badge (zxing-cpp's code for the badge's payload, the fastest
  there is, as a Pillow image to `drawImage`): no shaping, no fitting, one font.
"""

from __future__ import annotations

import io
import json
import random
import statistics
import time
from dataclasses import dataclass

import zxingcpp
from PIL import Image
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kiosk.core.badges import BadgeFace, band_for, font_book, get_template, render_badge, render_badges
from kiosk.core.badges.design import languages_line
from kiosk.core.badges.qr import badge_payload
from kiosk.resources import resource_path

STOCK = "avery-5392"
ROLES = ("attendee", "attendee", "attendee", "speaker", "exhibitor", "media", "staff", "volunteer")


@dataclass(frozen=True)
class Figures:
    single: float
    """Median seconds for one badge PDF."""
    first: float
    """Seconds for the first badge of the process (fonts loaded and parsed)."""
    batch: float
    """Seconds for the whole batch."""
    floor: float
    """Seconds for the bare ReportLab batch of the same pages, strings and images."""
    badges: int
    pages: int


def demo_faces(count: int, seed: int = 7) -> list[BadgeFace]:
    """`count` badges as the demo draws people: every language, native script or romanized, real
    organizations (some very long), pronouns, one or two languages spoken."""
    rng = random.Random(seed)
    names = json.loads(resource_path("demo", "names.json").read_text(encoding="utf-8"))
    orgs = json.loads(resource_path("demo", "organizations.json").read_text(encoding="utf-8"))["organizations"]
    languages = names["languages"]
    weights = [lang["weight"] for lang in languages]
    faces: list[BadgeFace] = []
    for i in range(count):
        lang = rng.choices(languages, weights)[0]
        g, f = rng.randrange(len(lang["given"])), rng.randrange(len(lang["family"]))
        native = lang["script"] != "Latn" and rng.random() < 0.5
        given = lang["given"][g] if native else lang["given_latin"][g]
        family = lang["family"][f] if native else lang["family_latin"][f]
        org = rng.choice(orgs)
        spoken = sorted({lang["code"], "en"} if rng.random() < 0.7 else {lang["code"]})
        rid = f"0190c8e2-7b1a-7c3d-9e4f-{i:012d}"
        faces.append(
            BadgeFace(
                registrant_id=rid,
                greeting=given,
                last_name=family,
                pronouns=rng.choice(names["pronouns"]) if rng.random() < 0.4 else "",
                organization=org["name"],
                band=band_for(rng.choice(ROLES), org["sector"]),
                languages=languages_line(spoken),
                event="California Connects: Fresno · May 14, 2025",
                payload=badge_payload("bench-event", rid),
                name_lang=next((c for c in ("ja", "ko") if c in spoken), ""),
            )
        )
    return faces


def floor(faces: list[BadgeFace], per_page: int) -> float:
    """Seconds for the bare ReportLab batch (see the module docstring)."""
    template = get_template(STOCK)
    if "Bench-NotoSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Bench-NotoSans", str(resource_path("fonts", "NotoSans-Regular.ttf"))))
    start = time.perf_counter()
    canvas = Canvas(io.BytesIO(), pagesize=(template.page_width * mm, template.page_height * mm), pageCompression=1)
    page_h = template.page_height * mm
    for i, face in enumerate(faces):
        x, y = template.slot(i % per_page)
        left, top = x * mm, page_h - y * mm
        canvas.setFillColorRGB(*face.band.color)
        canvas.rect(left, top - 76 * mm, template.badge_width * mm, 12 * mm, 0, 1)
        canvas.setFillColorRGB(0, 0, 0)
        for n, text in enumerate((face.event, face.greeting, face.last_name, face.pronouns, face.organization,
                                  face.languages, face.band.label)):  # fmt: skip
            canvas.setFont("Bench-NotoSans", 9 + n)
            canvas.drawString(left + 6 * mm, top - (6 + 9 * n) * mm, text)
        code = zxingcpp.create_barcode(face.payload, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
        modules = code.to_image(scale=1, add_quiet_zones=False)
        image = Image.frombytes("L", (modules.shape[1], modules.shape[0]), memoryview(modules).tobytes())  # type: ignore[arg-type]
        canvas.drawImage(ImageReader(image), left + 76.6 * mm, top - 63.2 * mm, 23.5 * mm, 23.5 * mm)
        if i % per_page == per_page - 1 or i == len(faces) - 1:
            canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def measure(badges: int = 1000, singles: int = 50) -> Figures:
    template = get_template(STOCK)
    faces = demo_faces(badges + singles + 11)
    start = time.perf_counter()
    render_badge(faces[-1], template)
    first = time.perf_counter() - start
    for face in faces[badges : badges + 10]:
        render_badge(face, template)
    single: list[float] = []
    for face in faces[badges + 10 : badges + 10 + singles]:
        start = time.perf_counter()
        render_badge(face, template)
        single.append(time.perf_counter() - start)
    batch_faces = faces[:badges]
    start = time.perf_counter()
    run = render_badges(batch_faces, template, io.BytesIO(), book=font_book())
    batch = time.perf_counter() - start
    bare = floor(batch_faces, template.per_page)
    return Figures(statistics.median(single), first, batch, bare, run.badges, run.pages)


if __name__ == "__main__":
    f = measure()
    print(
        f"first badge {f.first * 1e3:.0f} ms  one badge p50 {f.single * 1e3:.1f} ms  "
        f"{f.badges:,} badges / {f.pages} pages {f.batch:.2f} s  floor {f.floor:.2f} s ({f.batch / f.floor:.1f}x)"
    )
