"""The demo's hardest names on real stocks: every text measured inside its box from the layout (ink included,
not by eye), for every demo name in every script on every stock; and a sheet of the hardest ones rendered to
PDF and PNG for a person to look at, kept in `KIOSK_ARTIFACT_DIR`/badges when that is set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.units import mm

from kiosk.core.badges import BadgeFace, band_for, font_book, get_template, languages_line, render_badges
from kiosk.core.badges.draw import Placed, layout_badge
from kiosk.core.badges.qr import badge_payload
from kiosk.core.badges.templates import template_names
from kiosk.resources import resource_path

DPI = 150
LONG_ORGANIZATION = (
    "Coalition for Language Access, Immigrant Dignity, and Economic Justice of the Greater Inland Empire"
)
ELDERS = "Southeast Asian Refugee Elders Mutual Assistance Association of the San Joaquin Valley, Inc."
EVENT = "California Connects: Fresno · May 14, 2025"

# (given, family, languages spoken, organization): the demo's longest names per script, right-to-left,
# Indic and Khmer clusters, CJK and Hangul, Armenian, Ethiopic, Cherokee, Vietnamese stacked marks, mixed
# scripts.
HARDEST = [
    ("María de los Ángeles", "Hernández-Villanueva", ["es", "en"], LONG_ORGANIZATION),
    ("Christopher", "Fitzgerald-Hayes", ["en"], ELDERS),
    ("Thị Hồng", "Nguyễn", ["vi", "en"], "Hội Người Việt Cao Niên Quận Cam"),
    ("Quốc Bảo", "Đặng Tôn Nữ", ["vi"], "Đài Phát Thanh Việt Nam Hải Ngoại"),
    ("نازنین", "اصفهانی", ["fa", "en"], "انجمن فرهنگی ایرانیان کالیفرنیا"),
    ("إبراهيم", "عبد الله", ["ar", "en"], "Arab American Civic Council"),
    ("लक्ष्मी", "श्रीवास्तव", ["hi", "en"], "Indo-American Community Federation"),
    ("ਗੁਰਪ੍ਰੀਤ", "ਧਾਲੀਵਾਲ", ["pa", "en"], "Jakara Movement"),
    ("ស្រីពេជ្រ", "ប្រាក់", ["km", "en"], "Khmer Girls in Action"),
    ("បុប្ផា", "ឡុង", ["km"], "United Cambodian Community"),
    ("偉明", "歐陽", ["zh", "en"], "華人服務中心社區發展協會聯合會"),
    ("さくら", "佐藤", ["ja", "en"], "Japanese American Citizens League"),
    ("민준", "남궁", ["ko", "en"], "Korean Community Services"),
    ("Հովհաննես", "Հարությունյան", ["hy", "en"], "Armenian Relief Society of Western USA"),
    ("ትዕግሥት", "ወልደማርያም", ["am", "en"], "Ethiopian Community Services"),
    ("Александр", "Михайлова", ["ru", "en"], "Slavic Community Center of Sacramento"),
    ("ᏌᎳᏓ", "ᏣᎳᎩ", ["en"], "ᏣᎳᎩ ᎠᏰᎵ · Cherokee Community of Central California"),
    ("Ana 李", "فاطمه Kim", ["es", "zh", "fa", "ko"], "Multilingual Access Partners · 多語言 · چندزبانه"),
    ("Daisuke (大輔)", "Takahashi 高橋", ["ja", "en", "es", "vi", "km", "pa"], LONG_ORGANIZATION),
]


def _face(i: int, given: str, last: str, langs: list[str], organization: str, role: str = "attendee") -> BadgeFace:
    rid = f"0190c8e2-7b1a-7c3d-9e4f-{i:012d}"
    return BadgeFace(
        registrant_id=rid,
        greeting=given,
        last_name=last,
        pronouns=["she/her", "they/them", "any pronouns", ""][i % 4],
        organization=organization,
        band=band_for(role),
        languages=languages_line(langs),
        event=EVENT,
        payload=badge_payload("event-1", rid),
        name_lang=next((code for code in ("ja", "ko") if code in langs and "zh" not in langs), ""),
    )


def _hardest() -> list[BadgeFace]:
    roles = ["attendee", "speaker", "elected_official", "volunteer", "exhibitor", "media"]
    return [_face(i, *entry, role=roles[i % len(roles)]) for i, entry in enumerate(HARDEST)]


def _every_demo_name() -> list[BadgeFace]:
    """Every given and family name of the demo, in its own script and romanized, paired in turn."""
    data = json.loads(resource_path("demo", "names.json").read_text(encoding="utf-8"))
    orgs = json.loads(resource_path("demo", "organizations.json").read_text(encoding="utf-8"))["organizations"]
    faces: list[BadgeFace] = []
    for lang in data["languages"]:
        for key in ("given", "given_latin"):
            given, family = lang[key], lang[key.replace("given", "family")]
            for i in range(max(len(given), len(family))):
                org = orgs[len(faces) * 37 % len(orgs)]["name"]
                faces.append(_face(len(faces), given[i % len(given)], family[i % len(family)],
                                   [lang["code"], "en", "es"], org, "elected_official"))  # fmt: skip
    return faces


def _outside(placed: Placed) -> list[str]:
    """How each line's ink leaves its box, in points (nothing if it stays inside)."""
    box = placed.box
    left, right = box.x * mm, (box.x + box.width) * mm
    top, bottom = -box.y * mm, -(box.y + box.height) * mm
    size = placed.fit.size
    found = []
    for line, (x, baseline) in zip(placed.fit.lines, placed.origins(), strict=True):
        ink_left, ink_right, ink_top, ink_bottom = line.ink
        over = {
            "left": left - (x + ink_left * size),
            "right": x + ink_right * size - right,
            "top": baseline + ink_top * size - top,
            "bottom": bottom - (baseline + ink_bottom * size),
        }
        found += [f"{placed.field} {line.text!r} {side} by {by:.2f} pt" for side, by in over.items() if by > 0.01]
    return found


def _artifacts(tmp_path: Path) -> Path:
    root = os.environ.get("KIOSK_ARTIFACT_DIR")
    folder = Path(root) / "badges" if root else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("stock", template_names())
def test_no_text_of_any_demo_name_leaves_its_box_on_any_stock(stock: str) -> None:
    template = get_template(stock)
    book = font_book()
    outside: list[str] = []
    for face in _every_demo_name() + _hardest():
        placed, _ = layout_badge(book, template, face)
        assert {p.field for p in placed} >= {"role", "event", "name", "organization", "languages"}
        outside += [f"{face.greeting} {face.last_name}: {where}" for p in placed for where in _outside(p)]
    assert outside == []


def test_ink_that_reaches_past_the_font_metrics_is_given_room() -> None:
    from kiosk.core.badges.shaping import shape

    khmer = shape(font_book(), "ឡុង", bold=True)  # a vowel sign under a letter with a tail
    assert -khmer.ink[3] > font_book().face("Noto Sans Khmer", True).descent
    assert khmer.descent == -khmer.ink[3]
    hook = shape(font_book(), "Juan", bold=True)  # the bold J reaches left of its advance
    assert hook.left < 0 and hook.extent > hook.width


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("stock", ["avery-5392", "brother-ql-62x100"])
def test_the_hardest_names_render_to_pdf_and_png_with_nothing_missing_and_every_qr_code_read(
    stock: str, tmp_path: Path
) -> None:
    faces = _hardest()
    folder = _artifacts(tmp_path)
    pdf = folder / f"hardest-names-{stock}.pdf"
    run = render_badges(faces, get_template(stock), pdf, title="Hardest names")
    assert [p for p in run.problems if p.kind != "too_small"] == []
    for old in folder.glob(f"hardest-names-{stock}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / f"hardest-names-{stock}")], check=True)
    pngs = sorted(folder.glob(f"hardest-names-{stock}-*.png"))
    assert len(pngs) == run.pages
    read: list[str] = []
    for png in pngs:
        with Image.open(png) as image:
            read += [code.text for code in zxingcpp.read_barcodes(image)]
    assert sorted(read) == sorted(face.payload for face in faces)
