"""Text folding for search and organization matching, safe for every script."""

import functools
import re
import unicodedata

# Arabic-script letters typed in more than one way, folded to one: alef with or without hamza or madda
# (the marks are dropped below), alef wasla; alef maksura, Farsi yeh and Arabic yeh; keheh (Farsi kaf) and
# kaf; teh marbuta, ae and heh goal to heh; the tatweel that only stretches a word goes.
_ARABIC_SPELLINGS = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u06cc": "\u064a",  # ی -> ي
        "\u06a9": "\u0643",  # ک -> ك
        "\u0629": "\u0647",  # ة -> ه
        "\u06d5": "\u0647",  # ە -> ه (ۀ once its hamza is dropped)
        "\u06c1": "\u0647",  # ہ -> ه
        "\u0640": None,  # tatweel
    }
)
_ARABIC_SEATED_MARKS = frozenset("\u0653\u0654\u0655")
"""Madda, hamza above and hamza below, as NFKD splits them off alef, waw, yeh and heh: often left out when typing."""
_ARABIC_OPTIONAL_MARKS = _ARABIC_SEATED_MARKS | frozenset(map(chr, range(0x064B, 0x0653))) | {"\u0670"}
"""Those and the harakat (short vowels, tanwin, shadda, sukun, the dagger alef): Arabic and Farsi are written
and typed without them, so 'محمد' must find 'مُحَمَّد'. Other scripts' vowel signs are letters' own and stay."""

# Accents are dropped only on Latin, Greek and Cyrillic letters ("José" -> "jose"); in Devanagari,
# Gurmukhi, Khmer or Arabic the combining marks carry the vowel and must stay.
_FOLDABLE_BASES = ((0x0000, 0x024F), (0x0370, 0x04FF), (0x1E00, 0x1EFF))


def _foldable(ch: str) -> bool:
    cp = ord(ch)
    return ch.isalpha() and any(lo <= cp <= hi for lo, hi in _FOLDABLE_BASES)


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Nguyễn  José' -> 'nguyen jose'; Arabic-script letters typed in more
    than one way are folded to one ('أحمد' and 'احمد', 'علی' and 'علي'), and harakat go ('مُحَمَّد' -> 'محمد').
    Search folds the index and the query with it; what it gives is never stored where another station or
    version reads it (see `_stored_fold`)."""
    if text.isascii():  # most names in an export: nothing to decompose
        return " ".join(text.lower().split())
    return _fold_unicode(text, True)


def _stored_fold(text: str) -> str:
    """fold() without the Arabic spellings: the fold of keys that are stored and replicated (an organization's
    normalized_name), which must stay what every station and every version of the app computes."""
    if text.isascii():
        return " ".join(text.lower().split())
    return _fold_unicode(text, False)


@functools.lru_cache(maxsize=8192)
def _fold_unicode(text: str, spellings: bool) -> str:
    # Names repeat across registrants and re-imports, so folded forms are worth keeping.
    out: list[str] = []
    base_foldable = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if not base_foldable and not (spellings and ch in _ARABIC_OPTIONAL_MARKS):
                out.append(ch)
            continue
        base_foldable = _foldable(ch)
        out.append(ch)
    folded = unicodedata.normalize("NFC", "".join(out)).casefold()
    folded = folded.replace("đ", "d").replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    if spellings:
        folded = folded.translate(_ARABIC_SPELLINGS)
    return " ".join(folded.split())


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def index_words(folded: str) -> list[str]:
    """The words of (folded) text as the search index splits them: runs of letters, digits and combining
    marks (kiosk.core.replica.SEARCH_TOKENIZER); anything else, hyphens and apostrophes too, ends a word."""
    if folded.isascii():
        return _ASCII_WORD.findall(folded)
    out = [ch if (cat := unicodedata.category(ch))[0] in "LNM" or cat == "Co" else " " for ch in folded]
    return "".join(out).split()


_WRITTEN_TOGETHER = (
    (0x1100, 0x11FF),  # Hangul jamo
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul jamo extended-A
    (0xAC00, 0xD7FF),  # Hangul syllables, jamo extended-B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B onwards
)


def written_together(text: str) -> bool:
    """Whether every letter of a name is Chinese, Japanese or Korean: scripts in which a full name is written
    family name first with no space ('王家豪' for given name 家豪, family name 王; '김민준')."""
    found = False
    for ch in text:
        if ch.isspace() or not ch.isalnum():
            continue
        cp = ord(ch)
        if not any(lo <= cp <= hi for lo, hi in _WRITTEN_TOGETHER):
            return False
        found = True
    return found


_LEGAL_SUFFIX = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|corp|corporation|co|company|nonprofit|npo|pbc)\b\.?", re.IGNORECASE
)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalize_org_name(name: str) -> str:
    """One key for spellings of one organization: 'The Fresno Center, Inc.' -> 'fresno center'. Stored with the
    organization and replicated, so it folds with `_stored_fold`: a change to search folding must never make a
    known organization look new at the next import, or two stations disagree on one."""
    key = _stored_fold(name).replace("&", " and ")
    key = _LEGAL_SUFFIX.sub(" ", key)
    key = _PUNCT.sub(" ", key)
    words = key.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def plural(n: int, one: str, many: str) -> str:
    """'1 response', '2,048 responses'."""
    return f"{n:,} {one if n == 1 else many}"


def search_key(*parts: str | None) -> str:
    """What search-as-you-type matches against: every part folded, separated so words never run together."""
    return " | ".join(fold(part) for part in parts if part)
