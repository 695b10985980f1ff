"""Every kiosk message is translated (and keeps its placeholders) in every language, and every .qm loads."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QTranslator

from kiosk.core.journey import LANGUAGES
from kiosk.resources import resource_path

TRANSLATED = [code for code in LANGUAGES if code != "en"]


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
        assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", translation.text)), source


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_compiled_translation_loads_and_answers(language: str) -> None:
    translator = QTranslator()
    assert translator.load(str(resource_path("translations", f"kiosk_{language}.qm")))
    assert translator.translate("JourneyKioskWindow", "Thank you!") not in ("", "Thank you!")
