"""Printing badges: printers (the OS spooler here, Qt's printing in the app), the media a stock needs, and
a print queue that survives a restart. The service that ties them to people is
kiosk.core.services.badge_prints.BadgePrints."""

from kiosk.core.printing.media import media_for, media_for_size
from kiosk.core.printing.printers import (
    BACKENDS,
    QT,
    SPOOLER,
    Backend,
    Page,
    PrinterInfo,
    PrintError,
    SpoolerBackend,
    default_backend,
)
from kiosk.core.printing.queue import JobKind, JobState, PrintJob, PrintQueue, Superseded

__all__ = [
    "BACKENDS",
    "QT",
    "SPOOLER",
    "Backend",
    "JobKind",
    "JobState",
    "Page",
    "PrintError",
    "PrintJob",
    "PrintQueue",
    "PrinterInfo",
    "SpoolerBackend",
    "Superseded",
    "default_backend",
    "media_for",
    "media_for_size",
]
