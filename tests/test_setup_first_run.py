"""A new organizer's first steps on a fresh laptop, from the command line: what the app says before there is
an event, and the day's exports written where they were asked to go."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui import app as ui_app


def test_the_app_on_a_fresh_data_folder_opens_the_new_convening_form_and_quitting_it_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtWidgets import QDialog

    from kiosk.ui.new_event_dialog import NewEventDialog

    shown: list[str] = []
    forms: list[NewEventDialog] = []
    monkeypatch.setattr(ui_app, "show_fatal", shown.append)
    monkeypatch.setattr(NewEventDialog, "exec", lambda form: forms.append(form) or QDialog.DialogCode.Rejected)
    assert main(["--data-dir", str(tmp_path / "data")]) == 0
    assert shown == [] and len(forms) == 1 and forms[0].first_run
    assert capsys.readouterr().err == ""
    station = Kiosk.open(tmp_path / "data")
    try:
        assert station.events.all() == []
    finally:
        station.close()


def test_a_screenshot_on_a_fresh_data_folder_shows_the_new_convening_form(tmp_path: Path) -> None:
    shot = tmp_path / "first-run.png"
    assert main(["--data-dir", str(tmp_path / "data"), "--screenshot", str(shot)]) == 0
    assert shot.stat().st_size > 0


def test_the_app_on_an_event_that_does_not_exist_says_so_on_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ui_app, "show_fatal", shown.append)  # started from a launcher: nobody reads stderr
    assert main(["--data-dir", str(tmp_path / "data"), "--event", "fresno-2025"]) == 1
    assert len(shown) == 1 and "no event with slug 'fresno-2025'" in shown[0]
    assert "kiosk events" in capsys.readouterr().err


def test_status_on_a_fresh_data_folder_names_the_commands_that_bring_an_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "data"), "status"]) == 1
    err = capsys.readouterr().err
    assert "kiosk add-event NAME --slug SLUG --date YYYY-MM-DD --city CITY" in err
    assert "kiosk sync import FILE" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "attendance", "--out", "{missing}/attendance.csv"],
        ["export", "all", "--out", "{missing}/all.xlsx"],
        ["report", "day", "--out", "{missing}/day.pdf"],
    ],
)
def test_an_export_into_a_folder_that_does_not_exist_fails_with_a_one_line_reason(
    argv: list[str], kiosk: Kiosk, event: Event, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "usb-stick-not-plugged-in"
    args = [part.format(missing=missing) for part in argv]
    assert main(["--data-dir", str(data_dir), *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err == f"kiosk: cannot write {args[-1]}: No such file or directory\n"


def test_station_says_whether_the_staff_pin_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    folder = str(tmp_path / "data")
    assert main(["--data-dir", folder, "station", "--rename", "Table A"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "staff PIN: not set (`kiosk station --set-pin`)"
    monkeypatch.setattr(sys, "stdin", io.StringIO("735194\n"))
    assert main(["--data-dir", folder, "station", "--set-pin"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "staff PIN: set"


def test_add_event_says_which_event_this_station_now_works_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "data")
    today = ["add-event", "Sacramento Convening", "--slug", "sac", "--date", "2099-03-12", "--city", "Sacramento"]
    assert main(["--data-dir", folder, *today]) == 0
    out = capsys.readouterr().out
    assert out == "created Sacramento Convening (sac); this station's current event is now this one\n"
    later = ["add-event", "Fresno Convening", "--slug", "fresno", "--date", "2099-04-02", "--city", "Fresno"]
    assert main(["--data-dir", folder, *later]) == 0
    out = capsys.readouterr().out
    assert out == (
        "created Fresno Convening (fresno); this station's current event is still Sacramento Convening (sac): "
        "`kiosk use fresno`\n"
    )
