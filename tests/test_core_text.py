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
]


@pytest.mark.parametrize("name", NON_LATIN_NAMES)
def test_fold_keeps_the_vowel_signs_of_other_scripts(name: str) -> None:
    assert fold(name) == unicodedata.normalize("NFC", name)


def test_arabic_harakat_fold_away_as_they_are_rarely_typed() -> None:
    assert fold("مُحَمَّد") == fold("محمد") == "محمد"
    assert fold("عَلِيّ") == fold("علي")


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


# Arabic-script letters typed in more than one way (QA D4) -----------------------------------------------

SPELLINGS = [
    ("أحمد", "احمد"),  # alef with hamza above, or without: the common way to type it
    ("إبراهيم", "ابراهيم"),  # hamza below
    ("آمنة", "امنه"),  # alef with madda; teh marbuta typed as heh
    ("ٱلله", "الله"),  # alef wasla
    ("علی", "علي"),  # Farsi yeh, Arabic yeh on an Arabic keyboard
    ("مصطفى", "مصطفي"),  # alef maksura
    ("کریم", "كريم"),  # keheh, Arabic kaf
    ("فاطمة", "فاطمه"),
    ("زادۀ", "زاده"),  # heh with yeh above
    ("محـــمد", "محمد"),  # tatweel only stretches the word
    ("مسؤول", "مسوول"),  # hamza on waw
]


@pytest.mark.parametrize(("written", "typed"), SPELLINGS)
def test_arabic_letters_typed_another_way_fold_alike(written: str, typed: str) -> None:
    assert fold(written) == fold(typed)


def test_arabic_and_farsi_names_that_differ_by_a_letter_stay_apart() -> None:
    assert fold("حسن") != fold("حسين")
    assert fold("فاطمة") != fold("فاطم")


# Letters of one class fold to one: any spelling of a word, letter by letter, folds as any other.
ARABIC_CLASSES = [
    ("ا", "أ", "إ", "آ", "ٱ"),
    ("ي", "ی", "ى"),
    ("ك", "ک"),
    ("ه", "ة", "ە", "ہ", "ۀ"),
    ("و", "ؤ"),
    ("م",),
    ("ح",),
    ("د",),
    ("ع",),
    ("ل",),
    ("ر",),
    ("س",),
    ("ن",),
    ("پ",),
    ("\u064e", ""),  # fatha: harakat are typed or not, and fold away
]
ARABIC_WORD = st.lists(st.sampled_from(ARABIC_CLASSES), min_size=1, max_size=8)


@given(
    word=ARABIC_WORD,
    choices=st.lists(st.integers(min_value=0, max_value=4), min_size=16, max_size=16),
    tatweel_at=st.integers(min_value=0, max_value=8),
)
def test_any_spelling_of_an_arabic_word_folds_as_any_other(
    word: list[tuple[str, ...]], choices: list[int], tatweel_at: int
) -> None:
    written = "".join(letters[0] for letters in word)
    typed = "".join(letters[pick % len(letters)] for letters, pick in zip(word, choices, strict=False))
    typed = typed[:tatweel_at] + "ـ" + typed[tatweel_at:]
    assert fold(typed) == fold(written)


ARABIC_LETTERS = [ch for letters in ARABIC_CLASSES for ch in letters if ch]


@given(st.text(alphabet=[*ARABIC_LETTERS, "\u0654", "\u0655", "\u0653", " "]))
def test_fold_of_arabic_text_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_organization_keys_keep_the_fold_they_were_stored_with() -> None:
    # normalized_name is stored and replicated: a change to search folding must not make a known
    # organization look new at the next import (or two stations of two versions disagree on one).
    assert normalize_org_name("جمعية أصدقاء الجالية") == "جمعية أصدقاء الجالية"
    assert normalize_org_name("کانون فرهنگی ایرانیان") == "کانون فرهنگی ایرانیان"
    assert normalize_org_name("The Fresno Center, Inc.") == "fresno center"
