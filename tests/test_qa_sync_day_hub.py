"""A convening day across laptops as staff run it from the command line, with a real `kiosk hub` process on
SQLite and on a real PostgreSQL: the hub killed and started again on another port, a hub that cannot open
its database or listen on its port, and what each says, in one line, with nothing lost."""

from __future__ import annotations

import base64
import datetime as dt
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_hub_api
from sync_support import open_station, station_snapshot

from kiosk.cli import main
from kiosk.core.models import CheckInMethod
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft

postgresql_proc = test_hub_api.postgresql_proc
hub_url = test_hub_api.hub_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    """The reason a failed command gave: one line, `kiosk: ...`, no traceback."""
    assert err.startswith("kiosk: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HubProcess:
    """`kiosk hub` on loopback, as a laptop runs it: its first stderr line is the pairing code's."""

    def __init__(self, folder: Path, db: str, port: int) -> None:
        self.port = port
        command = [sys.executable, "-m", "kiosk", "hub", "--data-dir", str(folder), "--db", db]
        command += ["--host", "127.0.0.1", "--port", str(port)]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert self.process.stderr is not None
        self.pairing_line = self.process.stderr.readline().strip()
        assert "kiosk-pair:" in self.pairing_line, self.pairing_line + self.process.stderr.read()
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, self.process.stderr.read()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "the hub did not start within 60 s"
                time.sleep(0.05)

    def kill(self) -> None:
        """Pulled power: no shutdown at all."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        if self.process.stderr is not None:
            self.process.stderr.close()


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Kiosk, Kiosk]]:
    opened = [open_station(tmp_path, tmp_path / n, f"Table {n.upper()}") for n in "ab"]
    try:
        yield opened[0], opened[1]
    finally:
        for s in opened:
            s.close()


@pytest.fixture
def hubs() -> Iterator[list[HubProcess]]:
    started: list[HubProcess] = []
    yield started
    for hub in started:
        hub.kill()


def folder(station: Kiosk) -> str:
    return str(station.ctx.store.folder)


def test_a_hub_killed_and_started_again_on_another_port_is_named_and_a_new_code_finishes_the_day(
    capsys: pytest.CaptureFixture[str],
    stations: tuple[Kiosk, Kiosk],
    hubs: list[HubProcess],
    hub_url: str,
    tmp_path: Path,
) -> None:
    a, b = stations
    hub_folder = tmp_path / "hub-laptop"
    first = HubProcess(hub_folder, hub_url, free_port())
    hubs.append(first)
    event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
    people = [p.id for p in a.registrants.register_many(event.id, [RegistrantDraft(first_name=n) for n in "ABC"])]

    # The whole line `kiosk hub` printed, pasted as it is.
    assert run(capsys, "--data-dir", folder(a), "sync", "pair", first.pairing_line)[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(hub_folder), "hub", "--db", hub_url, "--pairing-only")
    assert code == 0
    assert run(capsys, "--data-dir", folder(b), "sync", "pair", out.strip())[0] == 0
    for station in (a, b):
        assert run(capsys, "--data-dir", folder(station), "sync", "now")[0] == 0

    first.kill()
    at = dt.datetime.now(dt.UTC)
    a.checkins.check_in_all([(people[0], at)], CheckInMethod.QR)
    b.checkins.check_in_all([(people[1], at)], CheckInMethod.QR)

    code, _, err = run(capsys, "--data-dir", folder(a), "sync", "now")
    assert code == 1
    one_line(err)
    assert f"http://127.0.0.1:{first.port} " in err and "/pull" not in err
    assert "pair again" in err and "kiosk hub --pairing-only" in err

    second = HubProcess(hub_folder, hub_url, free_port())
    hubs.append(second)
    for station in (a, b):
        code, out, err = run(capsys, "--data-dir", str(hub_folder), "hub", "--db", hub_url, "--pairing-only")
        assert code == 0 and f"127.0.0.1:{second.port}" in err
        assert run(capsys, "--data-dir", folder(station), "sync", "pair", out)[0] == 0
    for station in (a, b, a):
        assert run(capsys, "--data-dir", folder(station), "sync", "now")[0] == 0, capsys.readouterr()
    assert station_snapshot(a) == station_snapshot(b)
    assert a.events.figures(event.id).checked_in == b.events.figures(event.id).checked_in == 2


def test_a_hub_on_a_port_in_use_is_refused_before_it_makes_a_pairing_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    def never(app: object, **options: object) -> None:
        raise AssertionError("the hub must not start serving on a port it cannot have")

    monkeypatch.setattr(uvicorn, "run", never)
    database = tmp_path / "hub.sqlite3"
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code, out, err = run(
            capsys,
            "--data-dir", str(tmp_path / "hub-laptop"),
            "hub", "--db", f"sqlite:///{database}", "--host", "127.0.0.1", "--port", str(port),
        )  # fmt: skip
    assert code == 1
    one_line(err)
    assert f"port {port}" in err and "in use" in err and "--port" in err
    assert "kiosk-pair:" not in out + err
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM hub_pairing").fetchone()[0] == 0


@pytest.fixture(params=["not-a-database", "not-a-url", "postgresql-missing"])
def unusable_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "not-a-database":
        path = tmp_path / "notes.txt"
        path.write_text("the seating plan\n" * 200)
        return f"sqlite:///{path}"
    if request.param == "not-a-url":
        return str(tmp_path / "hub.sqlite3")
    if not test_hub_api.PG_CTL:
        pytest.skip("PostgreSQL's server binaries are not installed (Debian: apt-get install postgresql)")
    proc = request.getfixturevalue("postgresql_proc")
    return f"postgresql+psycopg://{proc.user}:s3cret@{proc.host}:{proc.port}/no_such_hub_database"


def test_a_hub_database_that_cannot_be_opened_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, unusable_database: str
) -> None:
    before = Path(unusable_database.removeprefix("sqlite:///")).read_bytes() if "notes" in unusable_database else b""
    hub_laptop = str(tmp_path / "hub-laptop")
    code, _, err = run(capsys, "--data-dir", hub_laptop, "hub", "--db", unusable_database, "--stations")
    assert code == 1
    one_line(err)
    assert "s3cret" not in err and ("sqlite:///" in err or "no_such_hub_database" in err)
    if before:
        assert Path(unusable_database.removeprefix("sqlite:///")).read_bytes() == before


def test_a_pairing_code_that_holds_no_object_is_called_damaged(
    capsys: pytest.CaptureFixture[str], stations: tuple[Kiosk, Kiosk]
) -> None:
    code_text = "kiosk-pair:" + base64.urlsafe_b64encode(b"[1, 2]").decode()
    code, _, err = run(capsys, "--data-dir", folder(stations[0]), "sync", "pair", code_text)
    assert code == 1
    assert "damaged" in one_line(err)


def test_importing_a_bundle_that_is_not_there_asks_after_the_usb_stick(
    capsys: pytest.CaptureFixture[str], stations: tuple[Kiosk, Kiosk], tmp_path: Path
) -> None:
    missing = tmp_path / "usb" / "table-c.kiosk"
    code, _, err = run(capsys, "--data-dir", folder(stations[0]), "sync", "import", str(missing))
    assert code == 1
    one_line(err)
    assert str(missing) in err and "USB stick" in err and "nothing was imported" in err.lower()
