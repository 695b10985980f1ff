"""What every subcommand shares: the common options and how results are printed."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any


def common_options(parser: argparse.ArgumentParser, top: bool) -> None:
    # Subparsers use SUPPRESS so an option given before the subcommand is not reset after it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", default=default, help="data folder (default: KIOSK_DATA_DIR or per-user)")
    parser.add_argument("--event", default=default, metavar="SLUG", help="work on this event instead of the current")
    parser.add_argument(
        "--json", action="store_true", default=default if not top else False, help="print machine-readable JSON"
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
