"""What every subcommand shares: the common options and how results are printed."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.core.errors import InvalidInput

LEFT_TO_RIGHT_MARK = "\u200e"


def common_options(parser: argparse.ArgumentParser, top: bool) -> None:
    # Subparsers use SUPPRESS so an option given before the subcommand is not reset after it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", default=default, help="data folder (default: KIOSK_DATA_DIR or per-user)")
    parser.add_argument("--event", default=default, metavar="SLUG", help="work on this event instead of the current")
    parser.add_argument(
        "--json", action="store_true", default=default if not top else False, help="print machine-readable JSON"
    )


FILE_KINDS = {".csv": "csv", ".xlsx": "xlsx", ".xls": "xls", ".xlsm": "xlsm", ".ods": "ods", ".pdf": "pdf",
              ".json": "json", ".txt": "txt"}  # fmt: skip
"""Extensions that say what a file holds: a file named so must hold that, or the program that opens it fails."""
KIND_WORDS = {"csv": "a CSV file", "xlsx": "an XLSX workbook", "pdf": "a PDF"}


def check_extension(out: Path, kind: str, fmt: str) -> None:
    """Refuse to write `kind` ('csv', 'xlsx', 'pdf') for `--format fmt` into a file whose extension says it
    holds something else ('y.xlsx' for CSV); a file with no extension, or one no program claims, is let be."""
    said = FILE_KINDS.get(out.suffix.lower())
    if said is not None and said != kind and not (kind == "csv" and said == "txt"):
        raise InvalidInput(
            f"--format {fmt} writes {KIND_WORDS.get(kind, kind)}, but {out.name} is named as {said.upper()}: "
            f"name it {out.with_suffix('.' + kind).name}, or choose the format its name says"
        )


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def emit(args: argparse.Namespace, data: Any, text: Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(_jsonable(data), ensure_ascii=False, indent=2))
    else:
        print(text())


def cells(text: str) -> int:
    """The columns `text` takes in a terminal: Chinese, Japanese and Korean characters two, combining marks
    and invisible format characters (a Farsi zero-width non-joiner) none, everything else one."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def column(text: str, width: int) -> str:
    """`text` in a left-aligned column `width` terminal cells wide: cut to fit with '…', padded with spaces."""
    if cells(text) > width:
        cut = ""
        for ch in text:
            if cells(cut + ch) > width - 1:
                break
            cut += ch
        text = cut + "…"
    return text + " " * (width - cells(text))


def right_to_left(text: str) -> bool:
    """Whether `text` holds right-to-left letters (Arabic, Farsi, Hebrew)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
