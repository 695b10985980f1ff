"""Language names as people write them in a form ("Spanish", "Español", "中文") -> ISO 639 codes."""

from __future__ import annotations

import re

from kiosk.core.text import fold

_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "inglés", "ingles"),
    "es": ("spanish", "español", "espanol", "castellano"),
    "zh": ("chinese", "mandarin", "mandarin chinese", "中文", "普通话", "普通話", "国语", "國語"),
    "yue": ("cantonese", "廣東話", "广东话", "粵語", "粤语"),
    "vi": ("vietnamese", "tiếng việt", "tieng viet"),
    "tl": ("tagalog", "filipino", "pilipino", "wikang tagalog"),
    "ko": ("korean", "한국어", "조선말"),
    "hy": ("armenian", "հայերեն"),
    "fa": ("farsi", "persian", "فارسی", "dari"),
    "ru": ("russian", "русский", "русский язык"),
    "pa": ("punjabi", "panjabi", "ਪੰਜਾਬੀ"),
    "hi": ("hindi", "हिन्दी", "हिंदी"),
    "km": ("khmer", "cambodian", "ខ្មែរ", "ភាសាខ្មែរ"),
    "ar": ("arabic", "العربية", "عربي"),
    "hmn": ("hmong", "hmoob", "lus hmoob"),
    "ja": ("japanese", "日本語"),
    "am": ("amharic", "አማርኛ"),
    "pt": ("portuguese", "português", "portugues"),
    "fr": ("french", "français", "francais"),
    "de": ("german", "deutsch"),
    "it": ("italian", "italiano"),
    "lo": ("lao", "laotian", "ພາສາລາວ"),
    "th": ("thai", "ภาษาไทย"),
    "ur": ("urdu", "اردو"),
    "bn": ("bengali", "bangla", "বাংলা"),
    "gu": ("gujarati", "ગુજરાતી"),
    "ta": ("tamil", "தமிழ்"),
    "te": ("telugu", "తెలుగు"),
    "uk": ("ukrainian", "українська"),
    "ps": ("pashto", "پښتو"),
    "so": ("somali", "soomaali"),
    "ti": ("tigrinya", "ትግርኛ"),
    "mix": ("mixtec", "mixteco"),
    "zap": ("zapotec", "zapoteco"),
    "ase": ("asl", "american sign language"),
    "he": ("hebrew", "עברית"),
    "el": ("greek", "ελληνικά"),
    "pl": ("polish", "polski"),
    "ilo": ("ilocano", "ilokano"),
    "sm": ("samoan", "gagana samoa"),
    "to": ("tongan", "lea faka-tonga"),
    "haw": ("hawaiian", "ʻōlelo hawaiʻi"),
}
_BY_NAME: dict[str, str] = {fold(name): code for code, names in _NAMES.items() for name in (code, *names)}
_SEPARATORS = re.compile(r"\s*(?:[,;/、，；]|\band\b|\by\b|&)\s*", re.IGNORECASE)


def language_name(code: str) -> str | None:
    """The English name of a language code this module knows ("es" -> "Spanish"), else None."""
    names = _NAMES.get(code)
    return names[0].title() if names else None


def parse_languages(answer: str) -> tuple[list[str], list[str]]:
    """Codes for the languages recognised in a comma list, and the parts that were not recognised."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in _SEPARATORS.split(answer):
        part = part.strip(" .()")
        if not part:
            continue
        code = _BY_NAME.get(fold(part))
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown
