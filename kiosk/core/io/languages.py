"""Language names as people write them in a form ("Spanish", "Español", "中文") -> ISO 639 codes."""

from __future__ import annotations

import re

from kiosk.core.text import fold

_NAMES: dict[str, tuple[str, ...]] = {
    # code: (the English name reports print, then other ways people write it, matched case- and accent-blind)
    "en": ("English", "inglés", "ingles"),
    "es": ("Spanish", "español", "espanol", "castellano"),
    "zh": ("Chinese", "mandarin", "mandarin chinese", "中文", "普通话", "普通話", "国语", "國語"),
    "yue": ("Cantonese", "廣東話", "广东话", "粵語", "粤语"),
    "vi": ("Vietnamese", "tiếng việt", "tieng viet"),
    "tl": ("Tagalog", "filipino", "pilipino", "wikang tagalog"),
    "ko": ("Korean", "한국어", "조선말"),
    "hy": ("Armenian", "հայերեն"),
    "fa": ("Farsi", "persian", "فارسی"),
    "ru": ("Russian", "русский", "русский язык"),
    "pa": ("Punjabi", "panjabi", "ਪੰਜਾਬੀ"),
    "hi": ("Hindi", "हिन्दी", "हिंदी"),
    "km": ("Khmer", "cambodian", "ខ្មែរ", "ភាសាខ្មែរ"),
    "ar": ("Arabic", "العربية", "عربي"),
    "hmn": ("Hmong", "hmoob", "lus hmoob"),
    "ja": ("Japanese", "日本語"),
    "am": ("Amharic", "አማርኛ"),
    "pt": ("Portuguese", "português", "portugues"),
    "fr": ("French", "français", "francais"),
    "de": ("German", "deutsch"),
    "it": ("Italian", "italiano"),
    "lo": ("Lao", "laotian", "ພາສາລາວ"),
    "th": ("Thai", "ภาษาไทย"),
    "ur": ("Urdu", "اردو"),
    "bn": ("Bengali", "bangla", "বাংলা"),
    "gu": ("Gujarati", "ગુજરાતી"),
    "ta": ("Tamil", "தமிழ்"),
    "te": ("Telugu", "తెలుగు"),
    "uk": ("Ukrainian", "українська"),
    "ps": ("Pashto", "پښتو"),
    "so": ("Somali", "soomaali"),
    "ti": ("Tigrinya", "ትግርኛ"),
    "mix": ("Mixtec", "mixteco"),
    "zap": ("Zapotec", "zapoteco"),
    "ase": ("American Sign Language", "asl"),
    "he": ("Hebrew", "עברית"),
    "el": ("Greek", "ελληνικά"),
    "pl": ("Polish", "polski"),
    "ilo": ("Ilocano", "ilokano"),
    "sm": ("Samoan", "gagana samoa"),
    "to": ("Tongan", "lea faka-tonga"),
    "haw": ("Hawaiian", "ʻōlelo hawaiʻi"),
    "chr": ("Cherokee", "ᏣᎳᎩ", "tsalagi"),
    "nv": ("Navajo", "diné bizaad", "dine bizaad", "navaho"),
    "hup": ("Hupa",),
    "kyh": ("Karuk",),
    "yur": ("Yurok",),
    "chl": ("Cahuilla",),
    "lui": ("Luiseño", "luiseno"),
    "dih": ("Kumeyaay",),
    "mnr": ("Mono",),
    "nsz": ("Nisenan",),
    "aii": ("Assyrian", "assyrian neo-aramaic"),
    "cld": ("Chaldean", "chaldean neo-aramaic"),
    "cab": ("Garifuna",),
    "ch": ("Chamorro",),
    "ium": ("Iu Mien", "mien"),
    "kjb": ("Q'anjob'al", "kanjobal"),
    "mam": ("Mam",),
    "quc": ("K'iche'", "kiche", "quiché", "quiche"),
    "trs": ("Triqui",),
    "tsz": ("Purépecha", "purepecha", "tarasco"),
    "ksw": ("Karen",),
    "ku": ("Kurdish",),
    "mh": ("Marshallese",),
    "mn": ("Mongolian",),
    "my": ("Burmese",),
    "ne": ("Nepali",),
    "om": ("Oromo",),
    "prs": ("Dari",),
    "sw": ("Swahili", "kiswahili"),
    "ht": ("Haitian Creole", "kreyòl", "kreyol"),
    "fj": ("Fijian",),
    "dz": ("Dzongkha",),
    "ro": ("Romanian", "română", "romana"),
    "zh-tw": ("Chinese (Traditional)", "traditional chinese", "繁體中文"),
    "zh-cn": ("Chinese (Simplified)", "simplified chinese", "简体中文"),
}
_BY_NAME: dict[str, str] = {fold(name): code for code, names in _NAMES.items() for name in (code, *names)}
_SEPARATORS = re.compile(r"\s*(?:[,;/、，；]|\band\b|\by\b|&)\s*", re.IGNORECASE)


def language_name(code: str) -> str | None:
    """The English name of a language code this module knows ("es" -> "Spanish"), else None."""
    names = _NAMES.get(code)
    return names[0] if names else None


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
