"""The convening's figures, defined once (`definitions.FIGURES`, written out in docs/figures.md) and
computed here for the dashboard, the exports and the day-of and series reports alike. Qt-free."""

from kiosk.core.figures.day import (
    Arrival,
    DayFigures,
    OtherDayArrivals,
    StationActivity,
    day_figures,
    station_activity,
)
from kiosk.core.figures.definitions import FIGURES, Figure, figures_markdown
from kiosk.core.figures.series import SeriesFigures, series_figures, series_names

__all__ = [
    "FIGURES",
    "Arrival",
    "DayFigures",
    "Figure",
    "OtherDayArrivals",
    "SeriesFigures",
    "StationActivity",
    "day_figures",
    "figures_markdown",
    "series_figures",
    "series_names",
    "station_activity",
]
