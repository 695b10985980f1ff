"""The Journey Map and Stronger Together as data: prompt sets (prompts.py) and what a note may hold (rules.py)."""

from kiosk.core.journey.prompts import (
    DEFAULT_PROMPT_SET,
    LANGUAGES,
    RTL_LANGUAGES,
    Category,
    Prompt,
    PromptSet,
    load_prompt_set,
    prompt_set_names,
)
from kiosk.core.journey.rules import (
    DEFAULT_MAX_LENGTH,
    ContributionTooLong,
    EmptyContribution,
    check_body,
    clean_text,
)

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "DEFAULT_PROMPT_SET",
    "LANGUAGES",
    "RTL_LANGUAGES",
    "Category",
    "ContributionTooLong",
    "EmptyContribution",
    "Prompt",
    "PromptSet",
    "check_body",
    "clean_text",
    "load_prompt_set",
    "prompt_set_names",
]
