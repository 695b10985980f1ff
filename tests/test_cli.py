"""The `kiosk` command: subcommands, --json, exit codes and one-line reasons."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk import __version__
from kiosk.cli import build_parser, main
from kiosk.core.models import CheckInMethod, Sector
from kiosk.core.services import Kiosk


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    assert main(["--data-dir", str(folder), "--station-name", "Table A", "demo", "--registrants", "30", "--json"]) == 0
    return folder


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"kiosk {__version__}"


def test_events_lists_the_demo_series_as_json(capsys: pytest.CaptureFixture[str], demo_dir: Path) -> None:
    code, out, _ = run(capsys, "events", "--data-dir", str(demo_dir), "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 9
    assert rows[-1]["slug"] == "statewide-2026" and rows[-1]["kind"] == "statewide"


def test_status_gives_the_current_events_figures_and_station(
    capsys: pytest.CaptureFixture[str], demo_dir: Path
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "status", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["event"] == "statewide-2026"
    assert data["station"]["name"] == "Table A"
    assert data["figures"]["registered"] >= 30 - data["figures"]["cancelled"]
    assert 0 < data["figures"]["checked_in"] <= data["figures"]["registered"]
    assert data["clock_behind_seconds"] < 60  # the demo was written by this very clock


def test_status_writes_thousands_as_the_other_commands_do(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import datetime as dt

    from kiosk.core.services import Kiosk
    from kiosk.core.services.registrants import RegistrantDraft

    kiosk = Kiosk.open(tmp_path / "data", "Table A")
    try:
        event = kiosk.events.create(name="Statewide", slug="statewide", date=dt.date(2026, 4, 23), city="Sacramento")
        kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name=f"Ana {i}") for i in range(1_234)])
    finally:
        kiosk.close()

    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "data"), "status")

    assert code == 0
    assert "registered 1,234  checked in 0  walk-ins 0  cancelled 0" in out


def test_status_warns_when_this_clock_is_behind_the_stamps_it_holds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from kiosk.core.hlc import Timestamp, wall_ms
    from kiosk.core.settings import CLOCK_HIGH, put_setting

    folder = tmp_path / "data"
    event = ["add-event", "Fresno", "--slug", "fresno", "--date", "2025-05-14", "--city", "Fresno"]
    assert run(capsys, "--data-dir", str(folder), *event)[0] == 0
    kiosk = Kiosk.open(folder)
    try:
        with kiosk.ctx.store.write() as db:
            put_setting(db, CLOCK_HIGH, Timestamp(wall_ms() + 2 * 3600 * 1000, 0).encode())
    finally:
        kiosk.close()
    code, out, _ = run(capsys, "--data-dir", str(folder), "status")
    assert code == 0 and "warning: this laptop's clock is 120 minutes behind the stamps it holds" in out


def test_use_changes_the_current_event_and_event_overrides_it(
    capsys: pytest.CaptureFixture[str], demo_dir: Path
) -> None:
    assert run(capsys, "--data-dir", str(demo_dir), "use", "fresno-2025")[0] == 0
    try:
        assert json.loads(run(capsys, "--data-dir", str(demo_dir), "status", "--json")[1])["event"] == "fresno-2025"
        override = run(capsys, "--data-dir", str(demo_dir), "--event", "oxnard-2025", "status", "--json")[1]
        assert json.loads(override)["event"] == "oxnard-2025"
    finally:
        run(capsys, "--data-dir", str(demo_dir), "use", "statewide-2026")


def test_station_rename_is_recorded_in_the_change_log(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = str(tmp_path / "data")
    code, out, _ = run(capsys, "--data-dir", folder, "station", "--rename", "Table B", "--json")
    assert code == 0 and json.loads(out)["name"] == "Table B"
    entries = json.loads(run(capsys, "--data-dir", folder, "log", "--json")[1])
    assert (entries[0]["entity"], entries[0]["payload"]) == ("station", {"name": "Table B"})


def test_station_name_on_a_station_that_has_one_says_it_names_only_on_first_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = str(tmp_path / "data")
    code, out, err = run(capsys, "--data-dir", folder, "--station-name", "Door 1", "station", "--json")
    assert (code, err, json.loads(out)["name"]) == (0, "", "Door 1")  # first run: it names the station
    code, out, err = run(capsys, "--data-dir", folder, "--station-name", "Door 2", "station", "--json")
    assert code == 0 and json.loads(out)["name"] == "Door 1"
    assert err == (
        'kiosk: --station-name names a station only on its first run; this one is already named "Door 1" and '
        "keeps that name. To rename it: kiosk station --rename 'Door 2'\n"
    )
    assert run(capsys, "--data-dir", folder, "--station-name", "Door 1", "station")[2] == ""


def test_an_unknown_event_fails_with_a_one_line_reason(capsys: pytest.CaptureFixture[str], demo_dir: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(demo_dir), "--event", "nowhere-2030", "status")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "nowhere-2030" in err and err.startswith("kiosk: ")


def test_a_data_dir_that_is_a_file_fails_with_a_one_line_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("hello")
    code, _, err = run(capsys, "--data-dir", str(blocker / "data"), "events")
    assert code == 1 and err.count("\n") == 1 and str(blocker) in err
    assert blocker.read_text() == "hello"


def test_the_demo_refuses_a_folder_that_already_holds_events(
    capsys: pytest.CaptureFixture[str], demo_dir: Path
) -> None:
    code, _, err = run(capsys, "--data-dir", str(demo_dir), "demo")
    assert code == 1 and "already holds events" in err


def test_kiosk_data_dir_variable_chooses_the_folder(
    capsys: pytest.CaptureFixture[str], demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(demo_dir))
    code, out, _ = run(capsys, "events", "--json")
    assert code == 0 and len(json.loads(out)) == 9


def test_an_error_asked_for_as_json_is_json(capsys: pytest.CaptureFixture[str], demo_dir: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(demo_dir), "--event", "nowhere-2030", "status", "--json")
    assert code == 1 and "nowhere-2030" in json.loads(out)["error"] and err.startswith("kiosk: ")


def test_a_reader_that_goes_away_ends_the_command_without_a_traceback(demo_dir: Path) -> None:
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(demo_dir), "events"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `kiosk events | head -0` does
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1 and "Traceback" not in err and "BrokenPipe" not in err


def test_screenshot_renders_the_window_of_the_current_event_from_a_cold_start(demo_dir: Path, tmp_path: Path) -> None:
    png = tmp_path / "out.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(  # a data folder given relative to the working folder, as people type it
        [sys.executable, "-m", "kiosk", "--data-dir", demo_dir.name, "--screenshot", str(png)],
        cwd=demo_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1280, 800)
    assert len({image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}) > 10


def test_add_event_creates_an_event_that_becomes_current(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = str(tmp_path / "data")
    code, out, _ = run(
        capsys,
        "--data-dir",
        folder,
        "add-event",
        "Fresno <b>Test</b> Convening",
        "--slug",
        "fresno-test",
        "--date",
        "2099-12-03",
        "--city",
        "Fresno",
        "--json",
    )
    assert code == 0 and json.loads(out)["slug"] == "fresno-test"
    status = json.loads(run(capsys, "--data-dir", folder, "status", "--json")[1])
    assert status["event"] == "fresno-test"
    assert status["figures"]["event_name"] == "Fresno <b>Test</b> Convening"


def test_add_event_refuses_a_slug_in_use(capsys: pytest.CaptureFixture[str], demo_dir: Path) -> None:
    code, _, err = run(
        capsys,
        "--data-dir",
        str(demo_dir),
        "add-event",
        "Again",
        "--slug",
        "fresno-2025",
        "--date",
        "2025-11-18",
        "--city",
        "Fresno",
    )
    assert code == 1 and "already exists" in err


def test_station_set_pin_reads_the_pin_from_stdin_and_refuses_a_short_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from kiosk.core import staff_pin
    from kiosk.core.services import Kiosk

    folder = str(tmp_path / "data")
    monkeypatch.setattr(sys, "stdin", io.StringIO("12\n"))
    code, _, err = run(capsys, "--data-dir", folder, "station", "--set-pin")
    assert code != 0 and "4 to 12 digits" in err

    monkeypatch.setattr(sys, "stdin", io.StringIO("735194\n"))
    code, out, _ = run(capsys, "--data-dir", folder, "station", "--set-pin", "--json")
    assert code == 0 and json.loads(out)["staff_pin_set"] is True
    station = Kiosk.open(tmp_path / "data")
    try:
        assert staff_pin.pin_matches(station.ctx.store, "735194")
    finally:
        station.close()


def _cells(text: str) -> int:
    """Terminal columns: two for a Chinese or Japanese character, none for a mark or an invisible one."""
    return sum(
        0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def test_the_organizations_table_lines_up_in_every_script(
    capsys: pytest.CaptureFixture[str], kiosk: Kiosk, event, register_people, data_dir: Path
) -> None:
    names = ["南加華人生活網", "日系コミュニティ通信", "رسانه‌های فارسی زبان کالیفرنیا", "Fresno Center",
             "Hội Gia Đình Việt"]  # fmt: skip
    for name in names:
        org = kiosk.organizations.create(name, Sector.ETHNIC_MEDIA)
        register_people(kiosk, event.id, "Ana Ruiz", organization_id=org.id)

    code, out, _ = run(capsys, "organizations", "--data-dir", str(data_dir), "--event", event.slug)

    assert code == 0
    header, *rows, summary = out.splitlines()
    assert sorted(row.split("  ")[0].strip("\u200e ") for row in rows) == sorted(names)
    sector = header.index("sector")
    for row in rows:
        assert _cells(row[: row.index("Ethnic and community media")]) == sector, row
    # a right-to-left name opens its row with a left-to-right mark: a terminal that lays out Farsi keeps the
    # row's columns left to right
    (farsi,) = [row for row in rows if "فارسی" in row]
    assert farsi.startswith("\u200e") and not any(row.startswith("\u200e") for row in rows if row != farsi)
    assert summary.startswith("5 organizations for Fresno Convening;")


def test_one_of_anything_is_said_in_the_singular(
    capsys: pytest.CaptureFixture[str], kiosk: Kiosk, event, register_people, data_dir: Path, tmp_path: Path
) -> None:
    org = kiosk.organizations.create("Fresno Center")
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz", organization_id=org.id)
    kiosk.checkins.check_in(ana.id, CheckInMethod.QR)
    base = ["--data-dir", str(data_dir), "--event", event.slug]

    _, out, _ = run(capsys, "organizations", *base)
    assert out.splitlines()[-1].startswith("1 organization for Fresno Convening;")
    _, out, _ = run(capsys, "export", "attendance", *base, "--out", str(tmp_path / "a.csv"))
    assert out.startswith("1 row of attendance of Fresno Convening written to ")
    _, out, _ = run(capsys, "report", "day", *base, "--out", str(tmp_path / "day.pdf"))
    assert out.startswith("Fresno Convening: 1 participant from 1 organization; ")
    (tmp_path / "one.csv").write_text("First name,Last name\nBao,Tran\n", encoding="utf-8")
    _, _, err = run(capsys, "import", str(tmp_path / "one.csv"), *base)
    assert "importing one.csv: 1 row read" in err


def _subcommands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append((*words, name))
                found += _subcommands(child, (*words, name))
    return found


def _help(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*words, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("words", _subcommands(build_parser()), ids=" ".join)
def test_every_commands_help_says_what_it_does(capsys: pytest.CaptureFixture[str], words: tuple[str, ...]) -> None:
    out = _help(capsys, *words)
    between = out.split("\n\n")[1]  # usage, then what the command does, then its arguments
    assert not between.startswith(("options:", "positional arguments:")), f"kiosk {' '.join(words)}: {out}"


FIRST_DAY_COMMANDS = [
    ("add-event",), ("import",), ("tickets",), ("badges",), ("printer",), ("print-badge",), ("hub",),
    ("sync", "pair"), ("sync", "export"), ("sync", "import"),
]  # fmt: skip


@pytest.mark.parametrize(
    "words",
    FIRST_DAY_COMMANDS,
    ids=" ".join,
)
def test_the_first_days_commands_show_an_example(capsys: pytest.CaptureFixture[str], words: tuple[str, ...]) -> None:
    out = _help(capsys, *words)
    assert "\nexample:\n  kiosk " + " ".join(words) in out


def test_the_help_walks_a_new_convening_and_says_which_laptop_runs_which_sync_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _help(capsys)
    for command in ("kiosk add-event", "kiosk import", "kiosk tickets", "kiosk printer --set", "--set-pin"):
        assert command in out
    assert "kiosk sync export --out /media/usb/fresno.kiosk      on the laptop that has the event" in out
    assert "kiosk sync import /media/usb/fresno.kiosk            on the new laptop" in out
    assert "kiosk hub --network station --host 0.0.0.0" in out and "on every laptop, that one too" in out


def test_every_option_of_add_event_says_what_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    parser = commands.choices["add-event"]
    silent = [a.dest for a in parser._actions if not a.help]
    assert silent == []
