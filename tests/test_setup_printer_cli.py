"""Setting up a station's badge printer from the command line on the first day: what `kiosk printer` and
`kiosk print-badge` say when no printer is chosen, a name is mistyped or a badge was printed already, each
naming the command that puts it right."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.models import Event
from kiosk.core.printing import SpoolerBackend
from kiosk.core.services import Kiosk
from kiosk.core.services import badge_prints as badge_prints_module
from kiosk.core.services.registrants import RegistrantDraft

pytestmark = pytest.mark.skipif(os.name != "posix", reason="stand-in lp and lpstat are shell scripts")


def _script(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.fixture
def spooler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A CUPS with one printer, "badges", and no default printer: lp prints to "badges" only when named."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lpstat = _script(
        bin_dir,
        "lpstat",
        'case "$1" in -e) echo badges;; -p) echo "printer badges is idle.  enabled since today";; '
        '-d) echo "no system default destination";; esac',
    )
    lp = _script(
        bin_dir,
        "lp",
        'case "$*" in *"-d badges"*) echo "request id is badges-7 (1 file(s))";; '
        '*"-d "*) echo "lp: The printer or class does not exist." >&2; exit 1;; '
        '*) echo "lp: Error - No default destination." >&2; exit 1;; esac',
    )
    monkeypatch.setattr(badge_prints_module, "SpoolerBackend", lambda: SpoolerBackend(lp=lp, lpstat=lpstat))
    return bin_dir


@pytest.fixture
def ticket(kiosk: Kiosk, event: Event) -> str:
    (person,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="Ana", last_name="Ruiz")])
    return person.ticket_code


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_printer_says_when_no_printer_is_chosen_and_there_is_no_default(
    spooler: Path, kiosk: Kiosk, event: Event, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, data_dir, "printer")
    assert code == 0
    first = out.splitlines()[0]
    assert "(the default printer)" not in first
    assert first.startswith("printer: none chosen") and "kiosk printer --set NAME" in first


def test_a_badge_with_no_printer_chosen_names_the_commands_that_choose_one(
    spooler: Path, kiosk: Kiosk, event: Event, ticket: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, data_dir, "print-badge", ticket)
    assert code == 1
    assert "choose one in settings" not in err  # there are no settings at the command line
    assert "kiosk printer --set NAME" in err and "kiosk printer --list" in err
    _, out, _ = _run(capsys, data_dir, "printer", "--queue")
    assert "choose one in settings" not in out and "kiosk printer --set NAME" in out


def test_setting_a_printer_this_computer_does_not_have_warns_at_once(
    spooler: Path, kiosk: Kiosk, event: Event, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, data_dir, "printer", "--set", "badgse")
    assert code == 0  # kept: the printer may be plugged in later
    assert out.splitlines()[0] == "printer: badgse (through spooler)"
    assert "no printer called 'badgse'" in err and "printers: badges" in err and "kiosk printer --list" in err
    code, _, err = _run(capsys, data_dir, "printer", "--set", "badges")
    assert code == 0 and err == ""


def test_a_second_badge_without_a_reason_shows_how_to_give_one(
    spooler: Path, kiosk: Kiosk, event: Event, ticket: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, data_dir, "printer", "--set", "badges")[0] == 0
    assert _run(capsys, data_dir, "print-badge", ticket)[0] == 0
    code, _, err = _run(capsys, data_dir, "print-badge", ticket)
    assert code == 1
    assert "printed once already" in err and f"kiosk print-badge {ticket} --reason 'lost it'" in err
    assert _run(capsys, data_dir, "print-badge", ticket, "--reason", "lost it")[0] == 0
