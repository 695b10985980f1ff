"""`kiosk organizations`: the organizations of the current event with their sector and languages, and
setting them (the reports count ethnic media organizations, state agency staff and languages served by
them)."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kiosk.commands.common import LEFT_TO_RIGHT_MARK, cells, column, common_options, emit, right_to_left
from kiosk.core.figures.labels import language_label, sector_label
from kiosk.core.models import Sector
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk
    from kiosk.core.services.organizations import OrganizationLine


def add_to(subparsers: Any) -> None:
    sectors = ", ".join(s.value for s in Sector)
    parser = subparsers.add_parser(
        "organizations",
        help="list the event's organizations with their sector, languages and people; set a sector or languages",
        description=f"Sectors: {sectors}. A registration form's words also do ('CBO', 'Ethnic media', 'County').",
    )
    common_options(parser, top=False)
    parser.add_argument(
        "--all", action="store_true", help="every organization known, not only the event's (its people counted)"
    )
    parser.add_argument(
        "--set-sector",
        nargs=2,
        metavar=("NAME", "SECTOR"),
        help="set the sector of the organization NAME (any spelling of it, or its id)",
    )
    parser.add_argument(
        "--set-languages",
        nargs=2,
        metavar=("NAME", "LANGUAGES"),
        help="set the languages the organization NAME serves its community in ('Spanish, Hmong' or 'es, hmn'; "
        "'' clears them)",
    )
    parser.set_defaults(run=_organizations)


def _organizations(args: argparse.Namespace, kiosk: Kiosk) -> int:
    if args.set_languages:
        name, languages = args.set_languages
        rows = kiosk.organizations.set_languages(name, languages)
        served = rows[0].languages
        done = {"organization": rows[0].name, "languages": served, "rows": [row.id for row in rows]}
        emit(args, done, lambda: f"{rows[0].name}: {_languages(served) or 'no languages given'}")
        return 0
    if args.set_sector:
        name, sector = args.set_sector
        rows = kiosk.organizations.set_sector(name, sector)
        chosen = Sector(rows[0].sector)
        done = {"organization": rows[0].name, "sector": chosen.value, "rows": [row.id for row in rows]}
        emit(args, done, lambda: f"{rows[0].name}: {sector_label(chosen)}")
        return 0
    event = kiosk.events.current(args.event)
    lines = kiosk.organizations.roster(event.id, every=args.all)
    data: dict[str, Any] = {
        "event": event.slug,
        "organizations": [
            {
                "name": line.name,
                "sector": line.sector.value,
                "registered": line.registered,
                "checked_in": line.checked_in,
                "languages": list(line.languages),
            }
            for line in lines
        ],
    }
    emit(args, data, lambda: _table(lines, event.name, args.all))
    return 0


def _table(lines: list[OrganizationLine], event: str, every: bool) -> str:
    """The names padded by the terminal cells they take (a Chinese character takes two), so the columns line
    up in every script. A row whose name is right to left starts with an invisible left-to-right mark: a
    terminal that lays out Arabic and Farsi then shows the name right to left within its column and keeps the
    row's columns in their order, instead of reading the whole row as right to left."""
    if not lines:
        return f"no organizations {'known' if every else f'for {event}'} yet"
    width = min(max(cells(line.name) for line in lines), 60)
    out = [f"{column('organization', width)}  {'sector':<30}  registered  checked in  languages served"]
    for line in lines:
        mark = LEFT_TO_RIGHT_MARK if right_to_left(line.name) else ""
        out.append(
            f"{mark}{column(line.name, width)}  {sector_label(line.sector):<30}  {line.registered:>10}  "
            f"{line.checked_in:>10}  {_languages(line.languages)}"
        )
    where = f"known (people counted at {event})" if every else f"for {event}"
    out.append(
        f"{plural(len(lines), 'organization', 'organizations')} {where}; set a sector or languages with "
        "`kiosk organizations --set-sector NAME SECTOR` or `--set-languages NAME 'Spanish, Hmong'`"
    )
    return "\n".join(out)


def _languages(codes: Iterable[str]) -> str:
    return ", ".join(language_label(code) for code in codes)
