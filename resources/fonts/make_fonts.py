"""Rebuild the bundled badge fonts in this folder (not run by the app or the tests).

    apt-get install fonts-noto-core          # static, TrueType-outline Noto of every script but CJK
    npm pack @expo-google-fonts/noto-sans-{tc,sc,jp,kr}@0.4.3   # Google Fonts' static glyf Noto Sans CJK 2.004
    python resources/fonts/make_fonts.py --debian /usr/share/fonts/truetype/noto --npm DIR_WITH_THE_TGZ_FILES

Debian's files are copied as they are. The CJK fonts (10 MB a weight) are cut down to the characters of
the common national standards (see README.md for the exact coverage) with fontTools' subsetter: hinting
dropped, every OpenType feature kept. ReportLab needs TrueType (glyf) outlines; Debian's Noto Sans CJK
is CFF, which is why the CJK faces come from Google Fonts' TrueType builds.
"""

from __future__ import annotations

import argparse
import shutil
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
DEBIAN = (
    "NotoSans",
    "NotoSansArabic",
    "NotoSansArmenian",
    "NotoSansDevanagari",
    "NotoSansGurmukhi",
    "NotoSansKhmer",
    "NotoSansEthiopic",
    "NotoSansBengali",
    "NotoSansMyanmar",
    "NotoSansHebrew",
    "NotoSansThai",
    "NotoSansLao",
    "NotoSansCherokee",
)
WEIGHTS = {"Regular": "400Regular", "Bold": "700Bold"}


def _double_byte(codec: str, first: range, second: range) -> set[str]:
    found: set[str] = set()
    for b1 in first:
        for b2 in second:
            try:
                found.add(bytes([b1, b2]).decode(codec))
            except UnicodeDecodeError:
                continue
    return found


def _han(chars: set[str]) -> set[str]:
    return {c for c in chars if 0x3400 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF}


def _span(lo: int, hi: int) -> set[str]:
    return {chr(c) for c in range(lo, hi + 1)}


# Punctuation, kana and full-width forms every CJK face keeps.
COMMON = _span(0x3000, 0x30FF) | _span(0xFF01, 0xFF65) | _span(0x2010, 0x2027) | {"·", "・"}
BIG5_LEVEL1 = _han(_double_byte("big5", range(0xA4, 0xC7), range(0x40, 0xFF)))
GB2312 = _han(_double_byte("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF)))
JIS_LEVEL1 = _han(_double_byte("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF)))
KS_X_1001_HANGUL = {c for c in _double_byte("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF)) if "가" <= c <= "힣"}
ALL_HANGUL = _span(0xAC00, 0xD7A3)
HANGUL_JAMO = _span(0x3131, 0x318E)

# file stem -> (npm package region, characters per weight)
CJK: dict[str, tuple[str, dict[str, set[str]]]] = {
    "NotoSansTC": ("tc", dict.fromkeys(WEIGHTS, BIG5_LEVEL1 | COMMON | _span(0x3100, 0x312F))),
    # Simplified-only characters: what GB 2312 has that the TC face above lacks.
    "NotoSansSC": ("sc", dict.fromkeys(WEIGHTS, (GB2312 - BIG5_LEVEL1) | COMMON)),
    "NotoSansJP": ("jp", dict.fromkeys(WEIGHTS, JIS_LEVEL1 | COMMON)),
    # Names are bold: every Hangul syllable there; KS X 1001's 2,350 in Regular (the rest fall back to Bold).
    "NotoSansKR": (
        "kr",
        {"Bold": ALL_HANGUL | HANGUL_JAMO | COMMON, "Regular": KS_X_1001_HANGUL | HANGUL_JAMO | COMMON},
    ),
}


def copy_debian(source: Path) -> None:
    for stem in DEBIAN:
        for weight in WEIGHTS:
            path = source / f"{stem}-{weight}.ttf"
            font = TTFont(path, lazy=True)
            if "glyf" not in font or "fvar" in font:
                raise SystemExit(f"{path} is not a static TrueType-outline font")
            shutil.copyfile(path, HERE / path.name)


def subset_cjk(npm: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for stem, (region, per_weight) in CJK.items():
            with tarfile.open(npm / f"expo-google-fonts-noto-sans-{region}-0.4.3.tgz") as tar:
                tar.extractall(tmp, filter="data")
            for weight, chars in per_weight.items():
                source = Path(tmp) / "package" / WEIGHTS[weight] / f"{stem}_{WEIGHTS[weight]}.ttf"
                options = subset.Options()
                options.hinting = False
                options.layout_features = ["*"]
                options.name_IDs = ["*"]
                options.notdef_outline = True
                font = subset.load_font(str(source), options)
                subsetter = subset.Subsetter(options)
                subsetter.populate(unicodes=sorted(ord(c) for c in chars | _span(0x20, 0x7E)))
                subsetter.subset(font)
                subset.save_font(font, str(HERE / f"{stem}-{weight}.ttf"), options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debian", type=Path, default=Path("/usr/share/fonts/truetype/noto"))
    parser.add_argument("--npm", type=Path, required=True, help="folder holding the four npm .tgz files")
    args = parser.parse_args()
    copy_debian(args.debian)
    subset_cjk(args.npm)


if __name__ == "__main__":
    main()
