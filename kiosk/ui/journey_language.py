"""The attendee screens' language: Qt Linguist translations of the kiosk's own words, the buttons that
choose the language, the layout direction, and the on-screen keyboard.

Translations are `resources/translations/kiosk_<code>.qm`, compiled from the `.ts` files next to them
(`pyside6-lupdate` collects the strings of the kiosk modules and of self-service check-in,
`pyside6-lrelease` compiles them; see resources/translations/README.md). The prompts' own texts are data,
in resources/journey/*.json.

The on-screen keyboard is Qt Virtual Keyboard. Qt loads it only when `QT_IM_MODULE=qtvirtualkeyboard` is
set before the application starts, so a touch kiosk is started as `kiosk --touch`, which sets it
(`use_on_screen_keyboard`); without it, or without the plugin, people type on the laptop's keyboard and
nothing else changes.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, Qt, QTranslator, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from kiosk.core.journey import LANGUAGES, RTL_LANGUAGES
from kiosk.resources import resource_path

DEFAULT_LANGUAGE = "en"
VIRTUAL_KEYBOARD = "qtvirtualkeyboard"
FSI, PDI = "\u2068", "\u2069"
"""Unicode's first-strong isolate and its closing pop: what they enclose takes its own direction."""
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def translation_file(language: str) -> Path:
    return resource_path("translations", f"kiosk_{language}.qm")


def direction(language: str) -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if language in RTL_LANGUAGES else Qt.LayoutDirection.LeftToRight


def isolate(text: str) -> str:
    """`text` (a name, an organization: anything a person typed) as one unit that reads in its own
    direction wherever it is put: "<b>Ana</b>" in a Farsi sentence stays "<b>Ana</b>", not "b>Ana</b><".
    Bidi controls inside it are dropped first, so none can reach past the isolate into the sentence."""
    return f"{FSI}{text.translate(_BIDI_CONTROLS)}{PDI}"


def virtual_keyboard_plugin_present() -> bool:
    """Whether this Qt has the Qt Virtual Keyboard input-context plugin."""
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforminputcontexts"
    return any(p.name.startswith(("libqtvirtualkeyboardplugin", "qtvirtualkeyboardplugin")) for p in plugins.glob("*"))


def use_on_screen_keyboard(environ: MutableMapping[str, str]) -> bool:
    """For `kiosk --touch`, before the QApplication exists: have Qt load its on-screen keyboard. False (and
    `environ` untouched) when this Qt has no Qt Virtual Keyboard plugin."""
    if not virtual_keyboard_plugin_present():
        return False
    environ["QT_IM_MODULE"] = VIRTUAL_KEYBOARD
    return True


def virtual_keyboard_active() -> bool:
    """Whether the on-screen keyboard will come up when a text box gets the focus."""
    return os.environ.get("QT_IM_MODULE") == VIRTUAL_KEYBOARD and virtual_keyboard_plugin_present()


class KioskLanguage:
    """Installs the translator of the chosen language on the application (removing the previous one)."""

    def __init__(self) -> None:
        self.language = DEFAULT_LANGUAGE
        self._translator: QTranslator | None = None

    def choose(self, language: str) -> bool:
        """Switch to `language` (a key of LANGUAGES); False if its translation could not be loaded (the
        screen then stays in English words, with the prompts still in the chosen language)."""
        if language not in LANGUAGES:
            raise ValueError(f"the kiosk offers {', '.join(LANGUAGES)}, not {language!r}")
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        self.language = language
        if language == DEFAULT_LANGUAGE:
            return True
        translator = QTranslator()
        if not translator.load(str(translation_file(language))):
            return False
        QCoreApplication.installTranslator(translator)
        self._translator = translator
        return True

    def release(self) -> None:
        """Back to English for everyone (the kiosk is closing)."""
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        self.language = DEFAULT_LANGUAGE


class LanguageBar(QWidget):
    """One touch button per language of LANGUAGES, each named in its own language, the chosen one checked
    (self-service check-in's row; the stylesheet styles them as `QPushButton#languageButton`). A touch
    emits `chosen`; the screen then switches (KioskLanguage) and calls show_language."""

    chosen = Signal(str)

    def __init__(self, height: int = 56) -> None:
        super().__init__()
        self.setObjectName("languageBar")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        group = QButtonGroup(self)
        for code, name in LANGUAGES.items():
            button = QPushButton(name)
            button.setObjectName("languageButton")
            button.setMinimumHeight(height)
            button.setCheckable(True)
            button.setAccessibleName(name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a touch screen: no focus rings hopping around
            button.clicked.connect(lambda _=False, c=code: self.chosen.emit(c))
            group.addButton(button)
            self.buttons[code] = button
            row.addWidget(button)
        self.show_language(DEFAULT_LANGUAGE)

    def show_language(self, language: str) -> None:
        self.buttons[language].setChecked(True)

    def checked(self) -> str:
        """The language whose button is checked."""
        return next(code for code, button in self.buttons.items() if button.isChecked())
