"""Badges: Qt-free rendering of name badges to PDF, right in every script the demo speaks.

    face = face_for(registrant, organization, event)        # what a badge says (plain text)
    run = render_badges(faces, get_template("avery-5392"), Path("badges.pdf"), start_at=3)
    pdf, problems = render_badge(face, get_template("fanfold-4x3"))
    render_calibration(get_template("avery-5392"), Path("calibrate.pdf"))

Stocks are JSON files in resources/badges/ (templates.py); fonts are the Noto families bundled in
resources/fonts/ (fonts.py); text is shaped with HarfBuzz (shaping.py) and fitted to its box (fit.py).
"""

from kiosk.core.badges.design import BadgeFace, Band, band_for, face_for, language_phrase, languages_line
from kiosk.core.badges.draw import Problem
from kiosk.core.badges.fit import Fit, fit_text
from kiosk.core.badges.fonts import FontBook, font_book
from kiosk.core.badges.qr import badge_payload, parse_badge_payload
from kiosk.core.badges.sheets import SORTS, BadgeRun, render_badge, render_badges, render_calibration, sort_faces
from kiosk.core.badges.templates import Template, TemplateError, get_template, load_template, template_names

__all__ = [
    "SORTS",
    "BadgeFace",
    "BadgeRun",
    "Band",
    "Fit",
    "FontBook",
    "Problem",
    "Template",
    "TemplateError",
    "badge_payload",
    "band_for",
    "face_for",
    "fit_text",
    "font_book",
    "get_template",
    "language_phrase",
    "languages_line",
    "load_template",
    "parse_badge_payload",
    "render_badge",
    "render_badges",
    "render_calibration",
    "sort_faces",
    "template_names",
]
