"""Tooltips that show data as typed. Qt renders any tooltip that looks like HTML as rich text, so a name like
"<b>Ana</b>" would show bold and lose its tags; every tooltip that holds a person's or a user's text goes
through plain_tooltip."""

from __future__ import annotations

import html

TOOLTIP_CHARS = 2000
"""A longer text is cut here: a tooltip taller than the screen helps no one."""


def plain_tooltip(text: str) -> str:
    """A tooltip showing `text` literally, its line breaks kept and long lines wrapped; none for no text."""
    if not text.strip():
        return ""
    if len(text) > TOOLTIP_CHARS:
        text = text[:TOOLTIP_CHARS] + "…"
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
