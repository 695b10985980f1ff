"""Folding for search and organization matching: Latin accents go, other scripts' vowel signs stay."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.core.text import fold, normalize_org_name, search_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [("José", "jose"), ("JOSÉ", "jose"), ("Nguyễn", "nguyen"), ("Łukasz Ødegård", "lukasz odegard"), ("Đặng", "dang")],
)
def test_fold_ignores_case_and_latin_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_collapses_runs_of_whitespace() -> None:
    assert fold("  Nguyễn \t José\n") == "nguyen jose"


NON_LATIN_NAMES = [
    "प्रिया शर्मा",  # Hindi (Devanagari): the matras ि and ा and the virama carry the vowels
    "ਗੁਰਪ੍ਰੀਤ ਕੌਰ",  # Punjabi (Gurmukhi)
    "សុខា ចាន់",  # Khmer
    "مُحَمَّد",  # Arabic with harakat
]


@pytest.mark.parametrize("name", NON_LATIN_NAMES)
def test_fold_keeps_the_vowel_signs_of_other_scripts(name: str) -> None:
    assert fold(name) == unicodedata.normalize("NFC", name)


def test_folding_a_hindi_name_keeps_its_matras() -> None:
    marks = [ch for ch in fold("प्रिया शर्मा") if unicodedata.combining(ch) or unicodedata.category(ch) == "Mc"]
    assert marks == ["्", "ि", "ा", "्", "ा"]


def test_fold_tells_apart_hindi_names_that_differ_only_by_a_matra() -> None:
    assert fold("मीना") != fold("मना")


@given(st.text())
@example("a\u2028\u0301")  # a combining accent after a non-Latin space: the space becomes ' ' and then eats it
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_organization_spellings_share_one_key() -> None:
    assert normalize_org_name("The Fresno Center, Inc.") == normalize_org_name("fresno center")


@pytest.mark.parametrize(
    "spelling", ["Fresno Center", "FRESNO CENTER LLC", "The Fresno Center", "fresno  center, incorporated"]
)
def test_organization_name_drops_the_article_suffix_and_punctuation(spelling: str) -> None:
    assert normalize_org_name(spelling) == "fresno center"


def test_organization_names_with_and_or_ampersand_match() -> None:
    assert normalize_org_name("Hmong & Lao Alliance") == normalize_org_name("Hmong and Lao Alliance")


def test_search_key_keeps_parts_apart_and_skips_empty_ones() -> None:
    assert search_key("José", "", None, "Núñez") == "jose | nunez"
