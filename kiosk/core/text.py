"""Text folding for search and organization matching, safe for every script."""

import functools
import re
import unicodedata

# Accents are dropped only on Latin, Greek and Cyrillic letters ("José" -> "jose"); in Devanagari,
# Gurmukhi, Khmer or Arabic the combining marks carry the vowel and must stay.
_FOLDABLE_BASES = ((0x0000, 0x024F), (0x0370, 0x04FF), (0x1E00, 0x1EFF))


def _foldable(ch: str) -> bool:
    cp = ord(ch)
    return ch.isalpha() and any(lo <= cp <= hi for lo, hi in _FOLDABLE_BASES)


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Nguyễn  José' -> 'nguyen jose'."""
    if text.isascii():  # most names in an export: nothing to decompose
        return " ".join(text.lower().split())
    return _fold_unicode(text)


@functools.lru_cache(maxsize=8192)
def _fold_unicode(text: str) -> str:
    # Names repeat across registrants and re-imports, so folded forms are worth keeping.
    out: list[str] = []
    base_foldable = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if not base_foldable:
                out.append(ch)
            continue
        base_foldable = _foldable(ch)
        out.append(ch)
    folded = unicodedata.normalize("NFC", "".join(out)).casefold()
    folded = folded.replace("đ", "d").replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    return " ".join(folded.split())


_LEGAL_SUFFIX = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|corp|corporation|co|company|nonprofit|npo|pbc)\b\.?", re.IGNORECASE
)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalize_org_name(name: str) -> str:
    """One key for spellings of one organization: 'The Fresno Center, Inc.' -> 'fresno center'."""
    key = fold(name).replace("&", " and ")
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
