"""What an import's organization type column ("Organization type", "What best describes your
organization?") does to the sectors of the file's organizations: each gets the sector its last row gives,
decided once after the last row and written only where it differs; a type that names no sector is listed
with its lines, never worth losing the person over."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kiosk.core.errors import InvalidInput
from kiosk.core.models import Sector
from kiosk.core.services.organizations import parse_sector
from kiosk.core.text import fold

SECTOR_EXAMPLES = ("CBO", "Ethnic media", "State agency", "County", "Tribal", "Foundation")
"""Words for a sector offered where a row's organization type names none (any of SECTOR_WORDS do)."""
SHOWN_LINES = 5


def lines_text(lines: list[int]) -> str:
    """'line 4', 'lines 2, 3, 9', 'lines 2, 3, 4, 5, 6 and 12 more': where in the file, for a summary."""
    shown = ", ".join(str(line) for line in lines[:SHOWN_LINES])
    more = f" and {len(lines) - SHOWN_LINES:,} more" if len(lines) > SHOWN_LINES else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


class SectorColumn:
    """The sectors a file's rows give their organizations, against those the store holds."""

    def __init__(self, blank: frozenset[str]) -> None:
        self.blank = blank
        """Folded cells that give nothing ("n/a", "-")."""
        self.words: dict[str, Sector | str] = {}
        """Cell -> its sector, or the cell's words when they name none: the same few words repeat."""
        self.unknown: dict[str, list[int]] = {}
        """Cells that name no sector -> the lines of the people imported with them."""
        self.rows: dict[str, dict[str, str]] = {}
        """normalized name -> {id: sector} of every row spelling it, as stored or as this import makes it."""
        self.given: dict[str, dict[Sector, list[int]]] = {}
        """normalized name -> the sectors rows of this file give it, each with their lines, in file order."""
        self.last: dict[str, Sector] = {}
        """normalized name -> the sector its last row gives: the one it gets."""
        self.made: set[str] = set()
        """Normalized names of the organizations this import makes."""

    def read(self, text: str) -> Sector | str | None:
        """The sector a cell names; None for a placeholder; the cell itself when it names none ("Church")."""
        found = self.words.get(text)
        if found is None:
            if fold(text) in self.blank:
                return None
            try:
                found = parse_sector(text)
            except InvalidInput:
                found = " ".join(text.split())
            self.words[text] = found
        return found

    def not_a_sector(self, text: str, line: int) -> None:
        self.unknown.setdefault(text, []).append(line)

    def stored(self, key: str, org_id: str, sector: str, made: bool = False) -> None:
        """A row of the organization `key`, as the store holds it or as this import makes it."""
        self.rows.setdefault(key, {})[org_id] = sector
        if made:
            self.made.add(key)

    def give(self, key: str, sector: Sector, line: int) -> None:
        """Note the sector a row gives its organization; `decide` sets the last one given."""
        self.given.setdefault(key, {}).setdefault(sector, []).append(line)
        self.last[key] = sector

    def decide(self) -> Iterator[tuple[str, list[str], Sector]]:
        """(normalized name, ids of its rows to change, sector) for each organization a row gave a sector
        that it made or that differs from one of its rows; the rows are taken as changed."""
        for key, sector in self.last.items():
            rows = self.rows[key]
            changed = [org_id for org_id, current in rows.items() if current != sector]
            for org_id in changed:
                rows[org_id] = sector.value
            if changed or key in self.made:
                yield key, changed, sector

    def problems(self, name: Callable[[str], str]) -> list[str]:
        """Organizations whose rows disagree (with the one each got), then the types that name no sector:
        one line each, so staff are not surprised by the report. `name` gives a normalized name's spelling."""
        from kiosk.core.figures.labels import sector_label

        out = []
        for key, given in self.given.items():
            if len(given) > 1:
                parts = "; ".join(f"{sector_label(sector)} ({lines_text(lines)})" for sector, lines in given.items())
                out.append(
                    f"rows give {name(key)!r} different sectors: {parts}; it gets the last one, "
                    f"{sector_label(self.last[key])}"
                )
        for text, lines in self.unknown.items():
            out.append(
                f"organization type {text!r} ({lines_text(lines)}) is none of the sectors the reports count "
                f"({', '.join(s.value for s in Sector)}; words such as {', '.join(SECTOR_EXAMPLES)} do too): "
                "those people are imported, their organizations keep the sector they had; set it in "
                "Registrants → Organizations… or with `kiosk organizations --set-sector`"
            )
        return out
