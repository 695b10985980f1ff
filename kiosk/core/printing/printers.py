"""Printers: the system's print spooler (CUPS's `lp`, on Linux and macOS) behind a small interface that
the app's Qt backend (kiosk/ui/print_qt.py, for Windows or by choice) implements too.

A backend hands a finished PDF to a named printer with no dialog and says, in one sentence a volunteer
can act on, why it could not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.core.errors import KioskError

SPOOLER = "spooler"
QT = "qt"
BACKENDS = (SPOOLER, QT)
SPOOLER_TIMEOUT_S = 30.0
"""`lp` returns as soon as CUPS has the file (tens of milliseconds); a spooler that takes longer is stuck."""


class PrintError(KioskError):
    """A job the printer did not take, with the reason and what to do."""


@dataclass(frozen=True)
class PrinterInfo:
    name: str
    is_default: bool = False
    status: str = ""
    """What the spooler says of it ("idle", "printing", "disabled"), when it says."""


@dataclass(frozen=True)
class Page:
    """What a backend needs to know about the paper: the media name for a spooler, the size for Qt."""

    media: str
    width_mm: float
    height_mm: float


class Backend(Protocol):
    name: str

    def problem(self) -> str | None:
        """Why this backend cannot print on this computer, or None."""
        ...

    def printers(self) -> list[PrinterInfo]: ...

    def send(self, pdf: Path, printer: str, page: Page, title: str) -> str:
        """Hand `pdf` to `printer` (the default printer if empty); returns the spooler's job reference.
        Raises PrintError with a reason."""
        ...


def default_backend() -> str:
    """The spooler where there is one (Linux, macOS); Qt's printing on Windows, which has no `lp`."""
    return QT if sys.platform == "win32" else SPOOLER


_REQUEST = re.compile(r"request id is (\S+)")
_PRINTER_LINE = re.compile(r"printer (\S+) (?:is |now )?(idle|printing|disabled)?")


def _c_locale() -> dict[str, str]:
    """The spooler's messages in English, whatever the laptop's language, so they can be read here."""
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    env["LANG"] = "C"
    return env


class SpoolerBackend:
    """CUPS (or any spooler with System V `lp` and `lpstat`): `lp -d NAME -o media=... -t TITLE FILE`."""

    name = SPOOLER

    def __init__(self, lp: str = "lp", lpstat: str = "lpstat", timeout: float = SPOOLER_TIMEOUT_S) -> None:
        self.lp = lp
        self.lpstat = lpstat
        self.timeout = timeout

    def problem(self) -> str | None:
        if shutil.which(self.lp) is None:
            return (
                f"this computer has no print spooler (the `{self.lp}` command is missing): install CUPS, "
                "or choose Qt printing in Badges → Printer settings"
            )
        return None

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                args, capture_output=True, text=True, timeout=self.timeout, env=_c_locale(), check=False
            )
        except FileNotFoundError:
            raise PrintError(self.problem() or f"cannot run {args[0]}") from None
        except subprocess.TimeoutExpired:
            raise PrintError(
                f"the print spooler did not answer within {self.timeout:g} s; check that CUPS is running"
            ) from None

    def printers(self) -> list[PrinterInfo]:
        """The spooler's printers (queues), the default one marked; empty if there is no spooler."""
        if self.problem() is not None or shutil.which(self.lpstat) is None:
            return []
        try:
            listed = self._run([self.lpstat, "-e"])
            states = self._run([self.lpstat, "-p"])
            default = self._run([self.lpstat, "-d"])
        except PrintError:
            return []
        names = [line.strip() for line in listed.stdout.splitlines() if line.strip()]
        status: dict[str, str] = {}
        for line in states.stdout.splitlines():
            match = _PRINTER_LINE.match(line)
            if match:
                status[match.group(1)] = match.group(2) or ""
        default_name = default.stdout.split(":", 1)[1].strip() if ":" in default.stdout else ""
        return [PrinterInfo(n, n == default_name, status.get(n, "")) for n in names]

    def send(self, pdf: Path, printer: str, page: Page, title: str) -> str:
        problem = self.problem()
        if problem:
            raise PrintError(problem)
        args = [self.lp]
        if printer:
            args += ["-d", printer]
        # print-scaling=none: a badge is drawn at its real size; shrinking it to fit would move every box.
        args += ["-o", f"media={page.media}", "-o", "print-scaling=none", "-t", title, "--", str(pdf)]
        done = self._run(args)
        if done.returncode != 0:
            raise PrintError(self._explain(done.stderr or done.stdout, printer))
        match = _REQUEST.search(done.stdout)
        return match.group(1) if match else done.stdout.strip()

    def _explain(self, message: str, printer: str) -> str:
        text = message.strip().removeprefix("lp:").strip().removeprefix("Error -").strip()
        lowered = text.lower()
        if "does not exist" in lowered or "unknown destination" in lowered or "not found" in lowered:
            there = ", ".join(p.name for p in self.printers()) or "none"
            return f"there is no printer called {printer!r} here (printers: {there}); choose one in settings"
        if "no default destination" in lowered:
            return "no printer is chosen and this computer has no default printer; choose one in settings"
        if "scheduler not responding" in lowered or "connection refused" in lowered:
            return "the print spooler (CUPS) is not running; start it, then retry"
        return f"the printer did not take the badge: {text or 'no reason given'}"
