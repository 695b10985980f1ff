"""Prompt sets as data, and what a note may hold: NFC, no control characters, a length limit."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.journey import (
    LANGUAGES,
    ContributionTooLong,
    EmptyContribution,
    check_body,
    clean_text,
    load_prompt_set,
)
from kiosk.core.models import AssetCategory, ContributionKind


def test_the_california_connects_set_has_the_reports_five_prompts_and_seven_categories() -> None:
    prompts = load_prompt_set()
    assert [p.text() for p in prompts.prompts] == [
        "What the network built",
        "What I am proud of",
        "What could exist next",
        "Wisdom I gained",
        "How I was transformed",
    ]
    assert [p.id for p in prompts.prompts] == [k.value for k in list(ContributionKind)[:5]]
    assert [c.id for c in prompts.categories] == [c.value for c in AssetCategory]
    assert prompts.categories[-1].label() == "Data and proof points"


def test_every_prompt_and_category_is_written_in_every_kiosk_language() -> None:
    prompts = load_prompt_set()
    texts = [prompts.journey_titles, prompts.together_titles, *prompts.sides.values()]
    texts += [p.texts for p in prompts.prompts] + [c.labels for c in prompts.categories]
    for text in texts:
        assert set(text) == set(LANGUAGES), text
    assert prompts.prompt("proud") is not None and prompts.prompt("proud").text("fa") == "آنچه به آن افتخار می‌کنم"


def test_a_station_brings_its_own_prompt_set(tmp_path: Path) -> None:
    data = json.loads(Path("resources/journey/california-connects.json").read_text(encoding="utf-8"))
    data["id"] = "youth-summit"
    data["journey"]["prompts"] = [{"id": "dream", "text": {"en": "A dream for my town"}}]
    (tmp_path / "journey").mkdir()
    (tmp_path / "journey" / "youth-summit.json").write_text(json.dumps(data), encoding="utf-8")
    own = load_prompt_set("youth-summit", tmp_path)
    assert [p.text("es") for p in own.prompts] == ["A dream for my town"]  # English when a language is missing
    with pytest.raises(NotFound):
        load_prompt_set("nothing-here", tmp_path)


def test_a_malformed_prompt_set_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "journey").mkdir()
    (tmp_path / "journey" / "broken.json").write_text('{"id": "broken"}', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"broken\.json"):
        load_prompt_set("broken", tmp_path)


def test_text_is_normalized_and_stripped_of_control_characters() -> None:
    assert clean_text("Cafe\u0301\x00 \x1b[31mred\u202e!\t ok\r\nnext  line\u2028") == "Café [31mred! ok\nnext line"
    assert clean_text("خانواده\u200cها") == "خانواده\u200cها"  # Farsi keeps its zero-width non-joiner
    assert clean_text("a\n\n\n\nb") == "a\n\nb"


def test_an_empty_or_too_long_note_says_which_field_and_by_how_much() -> None:
    with pytest.raises(EmptyContribution, match="the note is empty"):
        check_body(" \x07\n\t ")
    with pytest.raises(ContributionTooLong) as too_long:
        check_body("x" * 281, 280)
    assert too_long.value.length == 281 and too_long.value.limit == 280
    assert "shorten it by 1" in str(too_long.value)
    assert check_body("x" * 280, 280) == "x" * 280


@given(st.text())
def test_cleaning_gives_nfc_without_control_characters_and_is_stable(text: str) -> None:
    cleaned = clean_text(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in cleaned)
    assert clean_text(cleaned) == cleaned
