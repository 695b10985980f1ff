"""Badge templates: one JSON file per stock in resources/badges/, read and checked with clear errors.

Every length is in millimetres. The page is the sheet (or label) the printer takes; the grid places
badges on it (left/top of the first badge, gaps between them); `printer_offset` shifts everything to
correct a printer that prints off-centre (measure it with the calibration page); `layout` boxes are
measured from each badge's top-left corner.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.resources import resource_path

TEXT_BOXES = ("event", "name", "last_name", "pronouns", "organization", "languages")
ALIGNS = ("left", "center", "right")
COLORS = ("ink", "muted", "accent")


class TemplateError(KioskError):
    """A template file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class TextBox(Box):
    max_size: float
    min_size: float
    bold: bool = False
    align: str = "left"
    lines: int = 1
    color: str = "ink"


@dataclass(frozen=True)
class BandBox(Box):
    label_size: float
    min_size: float


@dataclass(frozen=True)
class QrBox:
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    page_width: float
    page_height: float
    badge_width: float
    badge_height: float
    columns: int
    rows: int
    left: float
    top: float
    column_gap: float
    row_gap: float
    offset_x: float
    offset_y: float
    cut_guides: bool
    text: dict[str, TextBox]
    band: BandBox
    qr: QrBox
    path: Path

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def slot(self, index: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of badge `index` on a page, offset included."""
        row, column = divmod(index, self.columns)
        x = self.left + column * (self.badge_width + self.column_gap) + self.offset_x
        y = self.top + row * (self.badge_height + self.row_gap) + self.offset_y
        return x, y


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, field: str, message: str) -> TemplateError:
        return TemplateError(f"badge template {self.path.name}: {field}: {message}")

    def get(self, data: Any, field: str, key: str) -> Any:
        if not isinstance(data, dict):
            raise self.fail(field, "must be an object")
        if key not in data:
            raise self.fail(f"{field}.{key}" if field else key, "is missing")
        return data[key]

    def number(self, data: Any, field: str, key: str, *, positive: bool = True, default: float | None = None) -> float:
        name = f"{field}.{key}" if field else key
        if default is not None and isinstance(data, dict) and key not in data:
            return default
        value = self.get(data, field, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(name, f"must be a number, not {value!r}")
        if positive and value <= 0:
            raise self.fail(name, f"must be more than 0, not {value!r}")
        if not positive and value < 0:
            raise self.fail(name, f"must not be negative, not {value!r}")
        return float(value)

    def offset(self, data: Any, field: str, key: str) -> float:
        value = self.get(data, field, key)
        if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > 20:
            raise self.fail(f"{field}.{key}", f"must be a number of millimetres between -20 and 20, not {value!r}")
        return float(value)

    def choice(self, data: dict[str, Any], field: str, key: str, choices: tuple[str, ...]) -> str:
        value = data.get(key, choices[0])
        if value not in choices:
            raise self.fail(f"{field}.{key}", f"must be one of {', '.join(choices)}, not {value!r}")
        return str(value)

    def inside(self, box: Box | QrBox, field: str, width: float, height: float) -> None:
        w, h = (box.size, box.size) if isinstance(box, QrBox) else (box.width, box.height)
        if box.x + w > width + 0.01 or box.y + h > height + 0.01:
            raise self.fail(field, f"reaches past the badge ({width:g} x {height:g} mm)")


def load_template(path: Path) -> Template:
    """Read and check one template file; raises TemplateError naming the file and the field."""
    reader = _Reader(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(f"badge template {path.name}: cannot be read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"badge template {path.name}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise reader.fail("(top)", "must be an object")
    num = reader.number
    page, badge, grid = (reader.get(data, "", key) for key in ("page", "badge", "grid"))
    offset = reader.get(data, "", "printer_offset")
    layout = reader.get(data, "", "layout")
    bw, bh = num(badge, "badge", "width"), num(badge, "badge", "height")
    text: dict[str, TextBox] = {}
    for key in TEXT_BOXES:
        field = f"layout.{key}"
        box = reader.get(layout, "layout", key)
        text[key] = TextBox(
            x=num(box, field, "x", positive=False),
            y=num(box, field, "y", positive=False),
            width=num(box, field, "width"),
            height=num(box, field, "height"),
            max_size=num(box, field, "max_size"),
            min_size=num(box, field, "min_size"),
            bold=bool(box.get("bold", False)),
            align=reader.choice(box, field, "align", ALIGNS),
            lines=int(num(box, field, "lines", default=1)),
            color=reader.choice(box, field, "color", COLORS),
        )
        if text[key].min_size > text[key].max_size:
            raise reader.fail(f"{field}.min_size", "must not be more than max_size")
        if text[key].lines not in (1, 2):
            raise reader.fail(f"{field}.lines", "must be 1 or 2")
        reader.inside(text[key], field, bw, bh)
    band_data = reader.get(layout, "layout", "role_band")
    band = BandBox(
        x=num(band_data, "layout.role_band", "x", positive=False),
        y=num(band_data, "layout.role_band", "y", positive=False),
        width=num(band_data, "layout.role_band", "width"),
        height=num(band_data, "layout.role_band", "height"),
        label_size=num(band_data, "layout.role_band", "label_size"),
        min_size=num(band_data, "layout.role_band", "min_size"),
    )
    reader.inside(band, "layout.role_band", bw, bh)
    qr_data = reader.get(layout, "layout", "qr")
    qr = QrBox(
        num(qr_data, "layout.qr", "x", positive=False),
        num(qr_data, "layout.qr", "y", positive=False),
        num(qr_data, "layout.qr", "size"),
    )
    if qr.size < 15:
        raise reader.fail("layout.qr.size", "must be at least 15 mm for a phone or scanner to read it")
    reader.inside(qr, "layout.qr", bw, bh)
    template = Template(
        name=str(data.get("name") or path.stem),
        title=str(data.get("title", "")),
        page_width=num(page, "page", "width"),
        page_height=num(page, "page", "height"),
        badge_width=bw,
        badge_height=bh,
        columns=int(num(grid, "grid", "columns")),
        rows=int(num(grid, "grid", "rows")),
        left=num(grid, "grid", "left", positive=False),
        top=num(grid, "grid", "top", positive=False),
        column_gap=num(grid, "grid", "column_gap", positive=False, default=0.0),
        row_gap=num(grid, "grid", "row_gap", positive=False, default=0.0),
        offset_x=reader.offset(offset, "printer_offset", "x"),
        offset_y=reader.offset(offset, "printer_offset", "y"),
        cut_guides=bool(data.get("cut_guides", False)),
        text=text,
        band=band,
        qr=qr,
        path=path,
    )
    right = template.left + template.columns * bw + (template.columns - 1) * template.column_gap
    bottom = template.top + template.rows * bh + (template.rows - 1) * template.row_gap
    if right > template.page_width + 0.01 or bottom > template.page_height + 0.01:
        size = f"{template.page_width:g} x {template.page_height:g} mm"
        raise reader.fail("grid", f"the badges reach past the page ({size})")
    return template


def templates_folder() -> Path:
    return resource_path("badges")


def template_names(folder: Path | None = None) -> list[str]:
    """Names of the stocks (file names without .json), for `--stock`."""
    return sorted(path.stem for path in (folder or templates_folder()).glob("*.json"))


def get_template(name: str, folder: Path | None = None) -> Template:
    """The template called `name` ("avery-5392"), or a TemplateError listing the ones there are."""
    folder = folder or templates_folder()
    path = folder / f"{name}.json"
    if "/" in name or not path.is_file():
        raise TemplateError(f"no badge stock {name!r}; there are: {', '.join(template_names(folder))}")
    return load_template(path)
