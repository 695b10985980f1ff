"""The `kiosk` command: the app itself, and subcommands that call the same services as the views.

Conventions every subcommand follows: `--data-dir`, `--event SLUG`, `--json` for machine-readable output,
exit code 0 on success and 1 with a one-line reason on stderr otherwise (2 for a malformed command line).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.commands.common import common_options, emit
from kiosk.core.errors import KioskError
from kiosk.core.paths import data_dir

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk

DEMO_FOLDER = "demo"
EXTENSIONS: tuple[str, ...] = (
    "kiosk.commands.tickets", "kiosk.commands.imports", "kiosk.commands.checkin", "kiosk.commands.badges",
    "kiosk.commands.contributions",
    "kiosk.commands.export", "kiosk.commands.report",
    "kiosk.commands.print_badge", "kiosk.commands.sync", "kiosk.commands.organizations",
)
"""Modules under kiosk/commands that add subcommands: each has `add_to(subparsers)` and sets `run=`."""

FIRST_DAY = """\
a new convening, on the first laptop:
  kiosk add-event 'California Connects: Fresno Regional Convening' --slug fresno-2025 \\
      --date 2025-11-18 --city Fresno
  kiosk import registrations.csv --dry-run     then again without --dry-run
  kiosk tickets --out tickets/                 a PNG per person, a mail-merge CSV and a PDF
  kiosk printer --list                         then: kiosk printer --set NAME --stock fanfold-4x3
  kiosk station --rename 'Table A' && kiosk station --set-pin
  kiosk                                        opens the check-in desk

another laptop joins it, by USB stick:
  kiosk sync export --out /media/usb/fresno.kiosk      on the laptop that has the event
  kiosk sync import /media/usb/fresno.kiosk            on the new laptop
or through a hub on the venue's network:
  kiosk hub --network station --host 0.0.0.0  on the laptop that has the event; it prints a code
                                              (without --host, only that laptop can reach the hub)
  kiosk sync pair 'kiosk-pair:...'            on every laptop, that one too (new code: kiosk hub --pairing-only)
  kiosk sync now                              on every laptop, the one that has the event first

`kiosk COMMAND --help` says more about each command."""

EXAMPLES: dict[tuple[str, ...], str] = {
    ("add-event",): "kiosk add-event 'California Connects: Fresno Regional Convening' --slug fresno-2025 "
    "--date 2025-11-18 --city Fresno --venue 'Fresno Convention Center'",
    ("use",): "kiosk events                 the slugs\nkiosk use fresno-2025",
    ("import",): "kiosk import registrations.csv --dry-run      what would happen; writes nothing\n"
    "kiosk import registrations.csv --map 'Agency=organization'",
    ("tickets",): "kiosk tickets --out tickets/ --paper letter",
    ("verify",): "kiosk verify KDFT-WXHH",
    ("badges",): "kiosk badges --stock avery-5392 --sort organization --out badges.pdf\n"
    "kiosk badges --print --stock avery-5392 --start-at 4     a sheet already half used",
    ("print-badge",): "kiosk print-badge KDFT-WXHH\nkiosk print-badge KDFT-WXHH --reason 'name misspelt'",
    ("printer",): "kiosk printer --list\nkiosk printer --set NAME --stock fanfold-4x3 --auto on\n"
    "kiosk printer --calibrate                 then --offset X Y, as measured on the page",
    ("station",): "kiosk station --rename 'Table B'\nkiosk station --set-pin",
    ("hub",): "kiosk hub --network station --host 0.0.0.0      on the laptop that has the event: it prints a code "
    "for `kiosk sync pair` on each laptop (this one too)\n"
    "kiosk hub --pairing-only                        a new code for the running hub",
    ("sync", "pair"): "kiosk sync pair 'kiosk-pair:...'      the code `kiosk hub` printed; then: kiosk sync now",
    ("sync", "export"): "kiosk sync export --out /media/usb/a.kiosk      on the laptop that has the data",
    ("sync", "import"): "kiosk sync import /media/usb/a.kiosk            on the laptop that joins",
}
"""An example for the --help of the commands a newcomer needs first, keyed by the command's words."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Convening Kiosk: run a convening's day offline.",
        epilog=FIRST_DAY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    common_options(parser, top=True)
    parser.add_argument("--station-name", help="name this laptop on first run, e.g. 'Table A'")
    parser.add_argument("--screenshot", metavar="PATH", help="render the main window to a PNG and exit")
    parser.add_argument(
        "--touch", action="store_true", help="a touch-screen kiosk: bring up Qt's on-screen keyboard in text boxes"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on the demo series (in the data folder's demo/ folder, built if missing)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="build the demo series of nine convenings into the data folder")
    common_options(demo, top=False)
    demo.add_argument("--seed", type=int, default=2025, help="same seed, same people (default 2025)")
    demo.add_argument(
        "--registrants",
        type=int,
        default=300,
        metavar="N",
        help="registrants of the current (statewide) convening (default 300)",
    )

    events = sub.add_parser("events", help="list the events in the data folder")
    common_options(events, top=False)

    add = sub.add_parser("add-event", help="create an event (a convening) in the data folder")
    common_options(add, top=False)
    add.add_argument("name", help="e.g. 'California Connects: Fresno Regional Convening'")
    add.add_argument("--slug", required=True, help="short id for --event, e.g. fresno-2025")
    add.add_argument("--date", required=True, type=_date, help="the day of the convening, YYYY-MM-DD")
    add.add_argument("--city", required=True, help="where it is held, e.g. Fresno")
    add.add_argument("--venue", default="", help="e.g. 'Fresno Convention Center'")
    add.add_argument("--region", default="", help="the region it serves, e.g. 'Central Valley'")
    add.add_argument(
        "--kind", choices=("regional", "statewide"), default="regional", help="regional (default) or statewide"
    )
    add.add_argument(
        "--series", default="", help="the series it belongs to, for `kiosk report series`, e.g. 'California Connects'"
    )

    status = sub.add_parser("status", help="the current event's figures and this station")
    common_options(status, top=False)

    use = sub.add_parser("use", help="make an event this station's current one")
    common_options(use, top=False)
    use.add_argument("slug", help="the event's slug, as `kiosk events` lists them")

    station = sub.add_parser("station", help="show this station, or rename it")
    common_options(station, top=False)
    station.add_argument("--rename", metavar="NAME", help="new name, e.g. 'Table B'")
    station.add_argument(
        "--set-pin",
        action="store_true",
        help="set the staff PIN that leaves attendee screens (read from stdin, or asked for on a terminal)",
    )

    log = sub.add_parser("log", help="the newest change-log entries of this station's file")
    common_options(log, top=False)
    log.add_argument("--limit", type=int, default=20, help="how many entries (default 20)")

    for name in EXTENSIONS:
        importlib.import_module(name).add_to(sub)
    _describe(parser, ())
    return parser


def _describe(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
    """Give each subcommand's --help what it does (its line in the list above it, unless it says more) and,
    for the commands a newcomer needs first, an example."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, child in action.choices.items():
            if child.description is None and helps.get(name):
                child.description = str(helps[name])[:1].upper() + str(helps[name])[1:] + "."
            example = EXAMPLES.get((*words, name))
            if example:
                lines = "\n".join(f"  {line}" for line in example.splitlines())
                child.epilog = f"{child.epilog}\n\n" if child.epilog else ""
                child.epilog += f"example:\n{lines}"
                child.formatter_class = argparse.RawDescriptionHelpFormatter
            _describe(child, (*words, name))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-11-18") from None


def _open(args: argparse.Namespace, folder: Path | None = None, verify: bool = True) -> Kiosk:
    from kiosk.core.services import Kiosk

    kiosk = Kiosk.open(folder or data_dir(args.data_dir), args.station_name, verify)
    _say_station_name_unused(args, kiosk)
    return kiosk


def _say_station_name_unused(args: argparse.Namespace, kiosk: Kiosk) -> None:
    """--station-name names a station only as its data folder is made: on a station that has a name, say so
    rather than let it pass as if it had renamed it."""
    wanted = args.station_name
    renaming = getattr(args, "command", None) == "station" and getattr(args, "rename", None)
    if not (wanted or "").strip() or wanted == kiosk.ctx.station_name or renaming:
        return
    import shlex

    print(
        "kiosk: --station-name names a station only on its first run; this one is already named "
        f'"{kiosk.ctx.station_name}" and keeps that name. To rename it: kiosk station --rename '
        + shlex.quote(wanted.strip()),
        file=sys.stderr,
    )


def _demo(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.demo import build_demo

    if args.registrants < 1:
        raise KioskError("--registrants must be at least 1")
    show = (lambda line: print(f"\r{line[:100]:<100}", end="", file=sys.stderr)) if not args.json else None
    build_demo(kiosk, seed=args.seed, registrants=args.registrants, progress=show or (lambda _: None))
    if show:
        print(file=sys.stderr)
    events = kiosk.events.all()
    current = kiosk.events.current()
    figures = kiosk.events.figures(current.id)
    emit(
        args,
        {"folder": str(kiosk.ctx.store.folder), "events": len(events), "current": current.slug, "figures": figures},
        lambda: (
            f"demo series of {len(events)} convenings in {kiosk.ctx.store.folder}; current: "
            f"{current.name} ({figures.registered} registered, {figures.checked_in} checked in)"
        ),
    )
    return 0


def _events(args: argparse.Namespace, kiosk: Kiosk) -> int:
    events = kiosk.events.all()
    rows = [{"slug": e.slug, "name": e.name, "date": e.date, "city": e.city, "kind": e.kind} for e in events]
    emit(args, rows, lambda: "\n".join(f"{e.date}  {e.slug:<22} {e.name}" for e in events) or "no events")
    return 0


def _add_event(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.models import EventKind

    event = kiosk.events.create(
        name=args.name,
        slug=args.slug,
        date=args.date,
        city=args.city,
        venue=args.venue,
        region=args.region,
        kind=EventKind(args.kind),
        series=args.series,
    )
    current = kiosk.events.current()
    if current.id == event.id:
        which = "this station's current event is now this one"
    else:
        which = f"this station's current event is still {current.name} ({current.slug}): `kiosk use {event.slug}`"
    emit(
        args,
        {"id": event.id, "slug": event.slug, "current": current.slug},
        lambda: f"created {event.name} ({event.slug}); {which}",
    )
    return 0


def _status(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.protocol import CLOCK_BEHIND_WARNING, clock_behind

    event = kiosk.events.current(args.event)
    figures = kiosk.events.figures(event.id)
    with kiosk.ctx.store.write() as db:
        behind = clock_behind(db, kiosk.ctx.station_id)
    data = {
        "event": event.slug,
        "station": {"id": kiosk.ctx.station_id, "name": kiosk.ctx.station_name},
        "figures": figures,
        "clock_behind_seconds": round(behind.total_seconds()),
    }
    warning = ""
    if behind >= CLOCK_BEHIND_WARNING:
        warning = (
            f"\nwarning: this laptop's clock is {round(behind.total_seconds() / 60)} minutes behind the stamps it "
            "holds: set its date and time, or its arrivals will be written in the past (if it is right, another "
            "station's clock runs ahead: set that one)"
        )
    emit(
        args,
        data,
        lambda: (
            f"{event.name} — {event.date:%A, %B %-d, %Y}, {event.city}\n"
            f"station {kiosk.ctx.station_name}\n"
            f"registered {figures.registered:,}  checked in {figures.checked_in:,}  walk-ins {figures.walk_ins:,}  "
            f"cancelled {figures.cancelled:,}" + warning
        ),
    )
    return 0


def _use(args: argparse.Namespace, kiosk: Kiosk) -> int:
    event = kiosk.events.choose(args.slug)
    emit(args, {"current": event.slug}, lambda: f"current event: {event.name}")
    return 0


def _station(args: argparse.Namespace, kiosk: Kiosk) -> int:
    if args.rename:
        kiosk.stations.rename(args.rename)
    if args.set_pin:
        import getpass

        from kiosk.core import staff_pin

        pin = getpass.getpass("Staff PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
        staff_pin.set_pin(kiosk.ctx.store, pin)
    data = {
        "id": kiosk.ctx.station_id,
        "name": kiosk.ctx.station_name,
        "data_file": str(kiosk.ctx.store.path),
        "staff_pin_set": staff_pin_set(kiosk),
    }
    pin = "set" if data["staff_pin_set"] else "not set (`kiosk station --set-pin`)"
    emit(
        args,
        data,
        lambda: f"{kiosk.ctx.station_name} ({kiosk.ctx.station_id})\n{kiosk.ctx.store.path}\nstaff PIN: {pin}",
    )
    return 0


def staff_pin_set(kiosk: Kiosk) -> bool:
    from kiosk.core import staff_pin

    return staff_pin.has_pin(kiosk.ctx.store)


def _log(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.changelog import newest_entries

    with kiosk.ctx.store.write() as db:
        entries = newest_entries(db, args.limit)
    emit(
        args,
        [e._asdict() for e in entries],
        lambda: "\n".join(
            f"{e.hlc}  {e.station_id[:8]}/{e.station_seq:<6} {e.kind:<6} {e.entity:<13} {e.entity_id}" for e in entries
        ),
    )
    return 0


def _app(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    if args.demo:
        folder = folder / DEMO_FOLDER
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.touch:
        from kiosk.ui.journey_language import use_on_screen_keyboard

        if not use_on_screen_keyboard(os.environ):
            print(
                "kiosk: --touch: this Qt has no Qt Virtual Keyboard plugin, so there is no on-screen keyboard; "
                "people type on the physical keyboard",
                file=sys.stderr,
            )
    try:
        kiosk = _open(args, folder, verify=False)
    except KioskError as exc:
        _say_on_screen(args, exc)
        raise
    try:
        if args.demo and not kiosk.events.all():
            from kiosk.core.demo import build_demo

            print(f"building the demo series in {folder} ...", file=sys.stderr)
            build_demo(kiosk)
        try:
            # A named event that is not there: said before any window. A laptop with no event at all opens on
            # the New convening form instead (kiosk.ui.app.run_app).
            if args.event or kiosk.events.all():
                kiosk.events.current(args.event)
        except KioskError as exc:
            _say_on_screen(args, exc)
            raise
        from kiosk.ui.app import run_app

        return run_app(kiosk, args.event, Path(args.screenshot) if args.screenshot else None)
    finally:
        kiosk.close()


def _say_on_screen(args: argparse.Namespace, exc: KioskError) -> None:
    """Why the app cannot start, in a window too: started from a launcher, nobody reads stderr."""
    if not args.screenshot:
        from kiosk.ui.app import show_fatal

        show_fatal(str(exc))


COMMANDS: dict[str, Callable[[argparse.Namespace, Kiosk], int]] = {
    "demo": _demo,
    "events": _events,
    "add-event": _add_event,
    "status": _status,
    "use": _use,
    "station": _station,
    "log": _log,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return _app(args)
        kiosk = _open(args)
        try:
            run = COMMANDS.get(args.command) or args.run
            return run(args, kiosk)
        finally:
            kiosk.close()
    except KioskError as exc:
        if getattr(args, "json", False):  # a script reading JSON gets the reason as JSON too
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`kiosk ... | head`): nothing more to say, and nothing to say it to.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
