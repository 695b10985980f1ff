"""Which column of a file fills which registrant field: presets as JSON files, matched by header name.

Header names match case- and accent-insensitively with surrounding spaces (and a trailing ':' or '*')
ignored, so Eventbrite's "Buyer Email " is "Buyer Email". A mapping given by the person importing wins over
the preset, the preset over the generic aliases; a column none of them names is kept as a form answer
(Registrant.extra) or ignored, as the preset says. Every field is the registrant's except `sector`, the
organization type a form asks for, which sets the sector of the row's organization; its answer is kept as a
form answer too (Eventbrite's custom questions, such as "Organization type", are all kept as answers).
`role` ("Role", "I am attending as") is read by its words (kiosk.core.services.import_roles): words that
name no role are kept as the title or a form answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.errors import InvalidInput
from kiosk.core.text import fold
from kiosk.resources import resource_path

PRESETS_FOLDER = "import_presets"
EXTRA = "extra"
IGNORE = "ignore"
EXTERNAL = "external:"
FULL_NAME = "full_name"
FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        FULL_NAME,
        "preferred_name",
        "pronouns",
        "email",
        "phone",
        "organization",
        "sector",
        "title",
        "role",
        "ticket_type",
        "barcode",
        "status",
        "languages",
        "accessibility_needs",
    }
)
NAME_FIELDS = frozenset({"first_name", "last_name", "preferred_name", FULL_NAME})
_PRESET_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EXTERNAL_KEY = re.compile(r"^[a-z0-9_]+$")


_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
"""Quotes a word processor or a form builder curls: "Organization’s name" is "Organization's name"."""


def header_key(header: str) -> str:
    """'  Buyer Email ', 'buyer email:' and '"Buyer Email"' are one key."""
    return fold(header.translate(_TYPOGRAPHIC)).rstrip(":*").strip().strip('"').strip()


def check_field(target: str, where: str) -> str:
    """The target itself if it is a field a column can fill; InvalidInput naming the choices otherwise."""
    if target in FIELDS or target in (EXTRA, IGNORE):
        return target
    if target.startswith(EXTERNAL) and _EXTERNAL_KEY.match(target[len(EXTERNAL) :]):
        return target
    choices = ", ".join(sorted(FIELDS))
    raise InvalidInput(
        f"{where}: {target!r} is not a field; use one of {choices}, extra, ignore, or external:KEY (e.g. external:crm)"
    )


@dataclass(frozen=True)
class Preset:
    """A readable JSON file: which headers mean which field, and how to recognise the export it is for."""

    name: str
    label: str = ""
    detect: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    unmapped: str = EXTRA
    use_aliases: bool = True
    shared_ids: tuple[str, ...] = ()
    """External id kinds that several people share (Eventbrite's Order #), so never tell people apart."""
    path: str = ""
    builtin: bool = False

    @classmethod
    def load(cls, path: Path, builtin: bool) -> Preset:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            columns = {str(k): str(v) for k, v in dict(data.get("columns", {})).items()}
            preset = cls(
                name=str(data.get("name") or path.stem),
                label=str(data.get("label", "")),
                detect=tuple(str(h) for h in data.get("detect", ())),
                columns=columns,
                unmapped=str(data.get("unmapped", EXTRA)),
                use_aliases=bool(data.get("use_aliases", True)),
                shared_ids=tuple(str(k) for k in data.get("shared_ids", ())),
                path=str(path),
                builtin=builtin,
            )
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise InvalidInput(f"import preset {path} cannot be read ({exc}); fix or delete the file") from None
        for header, target in columns.items():
            check_field(target, f"import preset {path}, column {header!r}")
        if preset.unmapped not in (EXTRA, IGNORE):
            raise InvalidInput(f"import preset {path}: 'unmapped' must be 'extra' or 'ignore'")
        return preset

    def to_json(self) -> str:
        data = {
            "name": self.name,
            "label": self.label,
            "detect": list(self.detect),
            "columns": self.columns,
            "unmapped": self.unmapped,
            "use_aliases": self.use_aliases,
            "shared_ids": list(self.shared_ids),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def matches(self, headers: set[str]) -> bool:
        return bool(self.detect) and all(header_key(h) in headers for h in self.detect)


def builtin_folder() -> Path:
    return resource_path(PRESETS_FOLDER)


def load_presets(user_folder: Path | None) -> dict[str, Preset]:
    """Built-in presets, then the user's (a user preset of the same name replaces the built-in)."""
    presets: dict[str, Preset] = {}
    for folder, builtin in ((builtin_folder(), True), (user_folder, False)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            preset = Preset.load(path, builtin)
            presets[preset.name] = preset
    return presets


def check_preset_name(name: str) -> str:
    if not _PRESET_NAME.match(name):
        raise InvalidInput(f"preset name {name!r} must be lower-case letters, digits and dashes, like 'crm-export'")
    return name


@dataclass(frozen=True)
class Column:
    """One column of the file and what it fills. `source`: you (--map), preset, alias, or unmapped."""

    index: int
    header: str
    field: str
    source: str
    key: str
    """Where an extra answer is kept: the header as written, made unique if two columns share it."""


@dataclass(frozen=True)
class Resolution:
    columns: tuple[Column, ...]
    problems: tuple[str, ...]

    def fields(self) -> set[str]:
        return {c.field for c in self.columns}

    def has_name(self) -> bool:
        return bool(self.fields() & NAME_FIELDS)


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at `index` (0 -> A, 26 -> AA), as Excel shows a CSV too."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column(index: int, headers: tuple[str, ...]) -> str:
    return f"column {column_letter(index)} ({headers[index]!r})"


def resolve(
    headers: tuple[str, ...], preset: Preset, aliases: Preset | None, mapping: dict[str, str] | None
) -> Resolution:
    """Decide each column's field. Two columns for one field: the first (by priority) wins, the other is
    kept as an extra answer, and a problem says so."""
    problems: list[str] = []
    user = {header_key(h): check_field(f, f"mapping for column {h!r}") for h, f in (mapping or {}).items()}
    keys = [header_key(h) for h in headers]
    unknown = [h for h in (mapping or {}) if header_key(h) not in keys]
    if unknown:  # a typo would import every row without that field: refuse before anything is read
        raise InvalidInput(
            f"--map names no column of the file: {', '.join(repr(h) for h in unknown)}; its columns are "
            f"{', '.join(repr(h) for h in headers if h)}"
        )
    tables = [("you", user), ("preset", {header_key(h): f for h, f in preset.columns.items()})]
    if aliases is not None and preset.use_aliases:
        tables.append(("alias", {header_key(h): f for h, f in aliases.columns.items()}))
    choice: dict[int, tuple[str, str]] = {}
    taken: dict[str, int] = {}
    for source, table in tables:
        for index, key in enumerate(keys):
            if index in choice or key not in table or not key:
                continue
            target = table[key]
            if target in (EXTRA, IGNORE):
                choice[index] = (target, source)
                continue
            if target in taken:
                if source in ("you", "preset"):
                    first, second = _column(taken[target], headers), _column(index, headers)
                    problems.append(
                        f"{first} and {second} both give {target}; {first} is used and {second} kept as an extra "
                        "answer"
                    )
                    choice[index] = (EXTRA, "unmapped")
                continue
            taken[target] = index
            choice[index] = (target, source)
    columns: list[Column] = []
    seen_keys: dict[str, int] = {}
    for index, header in enumerate(headers):
        target, source = choice.get(index, (preset.unmapped, "unmapped"))
        name = header or f"Column {index + 1}"
        count = seen_keys.get(name, 0) + 1
        seen_keys[name] = count
        key = name if count == 1 else f"{name} ({count})"
        columns.append(Column(index, header, target, source, key))
    if not taken.keys() & NAME_FIELDS:
        problems.append(
            "no column gives a name (first name, last name, preferred name or full name); "
            "map one with --map 'COLUMN=first_name'"
        )
    if "email" not in taken and not any(t.startswith(EXTERNAL) for t in taken):
        problems.append("no email or id column: re-imports will match people by name and organization only")
    return Resolution(tuple(columns), tuple(problems))
