"""Printing through Qt, with no dialog: each page of the badge PDF is rendered by QtPdf to an image at the
printer's resolution and painted onto a QPrinter set to the stock's page. For Windows, which has no `lp`,
and for any station that chooses it in the printer settings.

QPainter may paint on a QPrinter off the UI thread (Qt documents QImage, QPrinter and QPicture as safe), so
the print queue's worker calls `QtBackend.send` directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.core.printing import QT, Page, PrinterInfo, PrintError

MAX_RENDER_DPI = 600
"""Badges are type and a QR code: 600 dpi is as sharp as any badge printer prints, and a Letter page at
600 dpi is a 67 MB image already (a PDF "printer" says 1200)."""


def page_size(page: Page) -> QPageSize:
    name = page.media.removeprefix("Custom.")
    size = QSizeF(page.width_mm, page.height_mm)
    return QPageSize(size, QPageSize.Unit.Millimeter, name, QPageSize.SizeMatchPolicy.ExactMatch)


def render_page(document: QPdfDocument, index: int, dpi: int) -> QImage:
    """One page of `document` as an opaque image at `dpi`, on white (paper is white; PDF pages are clear)."""
    points = document.pagePointSize(index)
    pixels = QSize(max(1, round(points.width() / 72 * dpi)), max(1, round(points.height() / 72 * dpi)))
    drawn = document.render(index, pixels)
    image = QImage(pixels, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, drawn)
    painter.end()
    return image


def print_pdf(pdf: Path | bytes, printer: QPrinter, page: Page, title: str = "Badges") -> int:
    """Paint every page of `pdf` onto `printer` at the stock's size, edge to edge; returns the pages
    printed. Raises PrintError when the PDF cannot be read or the printer cannot be opened."""
    document = QPdfDocument()
    if isinstance(pdf, bytes):
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        buffer = QBuffer(document)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
    else:
        document.load(str(pdf))
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise PrintError(f"the badge file could not be read ({document.error().name})")
    printer.setDocName(title)
    printer.setFullPage(True)
    layout = QPageLayout(page_size(page), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    if not printer.setPageLayout(layout):
        printer.setPageSize(page_size(page))
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"the printer {printer.printerName() or '(default)'} could not be opened")
    try:
        for index in range(document.pageCount()):
            if index and not printer.newPage():
                raise PrintError("the printer refused a new page")
            image = render_page(document, index, dpi)
            # The page in the printer's device pixels: the image is scaled when it prints finer than 600 dpi.
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            painter.drawImage(target, image)
    finally:
        painter.end()
    document.close()
    return document.pageCount() or 1


class QtBackend:
    """Qt's printing (the system's printers by name; `to_file` writes a PDF instead, for tests or a
    station that keeps a file of what it printed)."""

    name = QT

    def __init__(self, to_file: Path | None = None) -> None:
        self.to_file = to_file
        self.sent = 0

    def problem(self) -> str | None:
        if self.to_file is None and not QPrinterInfo.availablePrinterNames():
            return "this computer has no printer installed; add one in the system's settings"
        return None

    def printers(self) -> list[PrinterInfo]:
        default = QPrinterInfo.defaultPrinterName()
        return [PrinterInfo(name, name == default) for name in QPrinterInfo.availablePrinterNames()]

    def make_printer(self, name: str) -> QPrinter:
        if self.to_file is not None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setResolution(300)
            printer.setOutputFileName(str(self.to_file))
            return printer
        info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
        if info.isNull():
            there = ", ".join(QPrinterInfo.availablePrinterNames()) or "none"
            if not name:
                raise PrintError("no printer is chosen and this computer has no default one; choose one in settings")
            raise PrintError(f"there is no printer called {name!r} here (printers: {there}); choose one in settings")
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        return printer

    def send(self, pdf: Path, printer: str, page: Page, title: str) -> str:
        target = self.make_printer(printer)
        pages = print_pdf(pdf, target, page, title)
        self.sent += 1
        return f"{target.printerName() or self.to_file or 'printer'}: {pages} page{'s' if pages != 1 else ''}"
