"""Every kiosk message (the Journey Map kiosk's and self-service check-in's) is translated (and keeps its
placeholders) in every language, and every .qm loads."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from kiosk.core.journey import LANGUAGES
from kiosk.resources import resource_path

TRANSLATED = [code for code in LANGUAGES if code != "en"]
SOURCES = ("kiosk/ui/journey_kiosk.py", "kiosk/ui/connection_flow.py", "kiosk/ui/self_service.py")
"""The modules whose words the .ts files translate (resources/translations/README.md)."""
PLACEHOLDER = re.compile(r"\{\w+\}|%\d+|%n")
"""A Python `{name}` or a Qt `%1`/`%n`: a translation that drops or renames one shows the wrong words or crashes."""


def _messages(ts: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation of every message in a .ts file."""
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message.findtext("translation") or ""
        for context in root.iter("context")
        for message in context.iter("message")
    }


def _lupdate() -> str | None:
    beside = Path(sys.executable).parent / "pyside6-lupdate"
    return str(beside) if beside.exists() else shutil.which("pyside6-lupdate")


def _collected(tmp_path: Path, *sources: str) -> dict[tuple[str, str], str]:
    """The messages lupdate finds in `sources` (skips the test where pyside6-lupdate is missing)."""
    lupdate = _lupdate()
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    root = Path(__file__).resolve().parents[1]
    fresh = tmp_path / "kiosk.ts"
    subprocess.run([lupdate, *(str(root / s) for s in sources), "-ts", str(fresh)], check=True, capture_output=True)
    return _messages(fresh)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_keeps_its_placeholders(language: str) -> None:
    root = ET.parse(resource_path("translations", f"kiosk_{language}.ts")).getroot()
    assert root.get("language") == language
    messages = list(root.iter("message"))
    assert len(messages) > 40
    for message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None and translation.text, source
        assert translation.get("type") is None, f"{language}: unfinished: {source}"
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation.text)), source


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_compiled_translation_loads_and_answers(language: str) -> None:
    translator = QTranslator()
    assert translator.load(str(resource_path("translations", f"kiosk_{language}.qm")))
    assert translator.translate("JourneyKioskWindow", "Thank you!") not in ("", "Thank you!")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_compiled_translation_gives_the_words_of_its_ts_file(language: str) -> None:
    """A .ts edited without running lrelease leaves the kiosk showing the old words."""
    translator = QTranslator()
    assert translator.load(str(resource_path("translations", f"kiosk_{language}.qm")))
    messages = _messages(resource_path("translations", f"kiosk_{language}.ts"))
    stale = {
        source: translator.translate(context, source)
        for (context, source), translation in messages.items()
        if translator.translate(context, source) != translation
    }
    assert stale == {}


def test_the_translation_files_hold_exactly_the_words_the_kiosk_shows(tmp_path: Path) -> None:
    """Every tr() string of the kiosk modules is in every .ts (else it shows in English), and no .ts keeps a
    message the kiosk no longer shows (run lupdate with -no-obsolete, as the README says)."""
    shown = set(_collected(tmp_path, *SOURCES))
    assert len(shown) > 40
    for language in TRANSLATED:
        held = set(_messages(resource_path("translations", f"kiosk_{language}.ts")))
        assert {"missing": shown - held, "obsolete": held - shown} == {"missing": set(), "obsolete": set()}, language


SAME_IN_BOTH = {("tl", "Staff"), ("tl", "Camera"), ("tl", "Exhibitor"), ("tl", "Media"), ("vi", "Camera")}
"""Self-service words a language rightly writes as English does (Tagalog says "Staff", as the kiosk does)."""


def test_every_self_service_word_is_translated_in_every_language(tmp_path: Path) -> None:
    """The attendee-facing check-in screen speaks every kiosk language: each of its words (its prompt, the
    welcome, the refusals) is in every .ts, finished, in other words than English, with its placeholders."""
    shown = _collected(tmp_path, "kiosk/ui/self_service.py")
    assert {context for context, _ in shown} == {"SelfServiceWindow", "SelfServiceDecision"}
    assert len(shown) >= 15
    for language in TRANSLATED:
        held = _messages(resource_path("translations", f"kiosk_{language}.ts"))
        for key in shown:
            source, translation = key[1], held.get(key, "")
            assert translation, f"{language}: not translated: {source}"
            assert translation != source or (language, source) in SAME_IN_BOTH, f"{language}: still English: {source}"
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (language, source)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_compiled_translation_answers_for_self_service(language: str) -> None:
    translator = QTranslator()
    assert translator.load(str(resource_path("translations", f"kiosk_{language}.qm")))
    for context, source in (
        ("SelfServiceWindow", "Scan your QR code to get your badge"),
        ("SelfServiceDecision", "Welcome, {name}!"),
        ("SelfServiceDecision", "We could not check you in"),
    ):
        assert translator.translate(context, source) not in ("", source), (context, source)
