"""Prompt sets: the Journey Map prompts and the Stronger Together categories, with their texts in every
language the kiosk offers, read from JSON files so another convening can bring its own.

Built-in sets live in `resources/journey/`; a station's own in `<data folder>/journey/` (same format, same
name wins). A journey prompt's id is the `kind` of the contributions written to it; Stronger Together
contributions have the kind "have" or "need" and the category's id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.journey.rules import DEFAULT_MAX_LENGTH
from kiosk.core.models import ContributionKind
from kiosk.resources import resource_path

DEFAULT_PROMPT_SET = "california-connects"
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "zh_CN": "简体中文",
    "zh_TW": "繁體中文",
    "vi": "Tiếng Việt",
    "tl": "Tagalog",
    "ko": "한국어",
    "fa": "فارسی",
}
"""The languages the kiosk screen offers, by code (Qt's locale names), each written in itself."""
RTL_LANGUAGES = frozenset({"fa"})
FALLBACK = "en"
SIDES = (ContributionKind.HAVE.value, ContributionKind.NEED.value)


Texts = dict[str, str]


def pick(texts: Texts, language: str) -> str:
    """The text in `language`, else English, else any."""
    return texts.get(language) or texts.get(FALLBACK) or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Prompt:
    id: str
    texts: Texts

    def text(self, language: str = FALLBACK) -> str:
        return pick(self.texts, language)


@dataclass(frozen=True)
class Category:
    id: str
    labels: Texts

    def label(self, language: str = FALLBACK) -> str:
        return pick(self.labels, language)


@dataclass(frozen=True)
class PromptSet:
    id: str
    names: Texts
    max_length: int
    journey_titles: Texts
    prompts: tuple[Prompt, ...]
    together_titles: Texts
    sides: dict[str, Texts]
    categories: tuple[Category, ...]

    def journey_title(self, language: str = FALLBACK) -> str:
        return pick(self.journey_titles, language)

    def together_title(self, language: str = FALLBACK) -> str:
        return pick(self.together_titles, language)

    def side(self, kind: str, language: str = FALLBACK) -> str:
        return pick(self.sides.get(kind, {}), language) or kind

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def category(self, category_id: str | None) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def heading(self, kind: str, category: str | None, language: str = FALLBACK) -> str:
        """What a note answers, in words: the prompt, or "We need · Spaces and places"."""
        if kind in SIDES:
            found = self.category(category)
            return f"{self.side(kind, language)} · {found.label(language) if found else category or '?'}"
        prompt = self.prompt(kind)
        return prompt.text(language) if prompt else kind

    def check(self, kind: str, category: str | None) -> None:
        """InvalidInput unless `kind` is a journey prompt (with no category) or have/need with a category."""
        if kind in SIDES:
            if self.category(category) is None:
                known = ", ".join(c.id for c in self.categories)
                raise InvalidInput(f"a {kind} needs one of the categories {known}; got {category!r}")
            return
        if self.prompt(kind) is None:
            known = ", ".join(p.id for p in self.prompts)
            raise InvalidInput(f"{kind!r} is not a prompt of {self.id} ({known}, have or need)")
        if category:
            raise InvalidInput(f"a Journey Map note ({kind}) has no category; got {category!r}")


def _texts(data: Any, where: str) -> Texts:
    if not isinstance(data, dict) or not data or not all(isinstance(v, str) for v in data.values()):
        raise InvalidInput(f"{where} must be an object of language code to text")
    return {str(k): v for k, v in data.items()}


def parse_prompt_set(data: dict[str, Any], source: str = "prompt set") -> PromptSet:
    """A prompt set from its JSON object; InvalidInput naming the file and the field if it is malformed."""
    try:
        journey = data["journey"]
        together = data["stronger_together"]
        prompts = tuple(
            Prompt(str(p["id"]), _texts(p["text"], f"{source}: journey prompt {p['id']}")) for p in journey["prompts"]
        )
        categories = tuple(
            Category(str(c["id"]), _texts(c["label"], f"{source}: category {c['id']}"))
            for c in together["categories"]
        )
        sides = {side: _texts(together["sides"][side], f"{source}: side {side}") for side in SIDES}
        made = PromptSet(
            id=str(data["id"]),
            names=_texts(data.get("name") or {"en": data["id"]}, f"{source}: name"),
            max_length=int(data.get("max_length", DEFAULT_MAX_LENGTH)),
            journey_titles=_texts(journey["title"], f"{source}: journey title"),
            prompts=prompts,
            together_titles=_texts(together["title"], f"{source}: stronger_together title"),
            sides=sides,
            categories=categories,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"{source} is not a prompt set: missing or wrong {exc}") from None
    ids = [p.id for p in prompts]
    if not prompts or len(set(ids)) != len(ids) or set(ids) & set(SIDES):
        raise InvalidInput(f"{source}: journey prompt ids must be unique, at least one, and not 'have' or 'need'")
    if not 1 <= made.max_length <= 5000:
        raise InvalidInput(f"{source}: max_length must be between 1 and 5000")
    return made


def _folders(data_folder: Path | None) -> list[Path]:
    own = [data_folder / "journey"] if data_folder is not None else []
    return [*own, resource_path("journey")]


def prompt_set_names(data_folder: Path | None = None) -> list[str]:
    names = {path.stem for folder in _folders(data_folder) if folder.is_dir() for path in folder.glob("*.json")}
    return sorted(names)


def load_prompt_set(name: str = DEFAULT_PROMPT_SET, data_folder: Path | None = None) -> PromptSet:
    """The prompt set called `name` (the station's own first, then the built-in one)."""
    for folder in _folders(data_folder):
        path = folder / f"{name}.json"
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InvalidInput(f"cannot read {path}: {exc}") from None
            return parse_prompt_set(data, str(path))
    known = ", ".join(prompt_set_names(data_folder)) or "none"
    raise NotFound(f"no prompt set {name!r} (known: {known})")
