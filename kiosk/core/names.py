"""How a person's name is written from its parts: the given (or preferred) name then the family name, except
for a name written in Chinese, Japanese or Korean, where the family name comes first with no space
(given 家豪 and family 王 are 王家豪; 상훈 and 신 are 신상훈), as the person themself writes it."""

from __future__ import annotations

from kiosk.core.text import written_together


def family_first(given: str, family: str) -> bool:
    """Whether `given` and `family` are written family name first, run together."""
    return bool(given and family) and written_together(given + family)


def full_name(first: str, last: str, preferred: str = "") -> str:
    """The name as shown and printed: 'Ana Ruiz', 'Lupe Ruiz' for a preferred name, '王家豪'."""
    given = preferred or first
    if family_first(given.strip(), last.strip()):
        return f"{last.strip()}{given.strip()}"
    return " ".join(part for part in (given, last) if part)


def called(first: str, last: str, preferred: str = "") -> str:
    """What a greeting calls someone: the given (or preferred) name; the whole name where it is written
    family name first, since a given name alone would be too familiar there; the family name if that is all."""
    given = (preferred or first).strip()
    if family_first(given, last.strip()):
        return full_name(first, last, preferred)
    return given or last.strip()
