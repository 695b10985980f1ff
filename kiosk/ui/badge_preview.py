"""Badges → Preview badge: the person's badge as it will print (the same PDF, rendered by QtPdf), on any
stock, with what did not fit listed underneath and a button to print it."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.services.badge_prints import BadgePrints
from kiosk.ui.labels import data_label
from kiosk.ui.print_qt import render_page
from kiosk.ui.print_settings_dialog import stock_combo

PREVIEW_SIZE = (520, 420)
"""The most room the page takes in the dialog, in pixels: a 4 x 3 in badge shows at about its real size."""


def pdf_image(pdf: bytes, width: int = PREVIEW_SIZE[0], height: int = PREVIEW_SIZE[1]) -> QPixmap:
    """The PDF's first page as a pixmap that fits `width` x `height` (rendered with QtPdf, as the Qt backend
    prints)."""
    document = QPdfDocument()
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.pageCount() == 0:
        return QPixmap()
    points = document.pagePointSize(0)
    dpi = max(1, round(min(width / points.width(), height / points.height()) * 72))
    image = render_page(document, 0, dpi)
    document.close()
    return QPixmap.fromImage(image)


class BadgePreviewDialog(QDialog):
    print_requested = Signal(str)
    """The registrant id, when the volunteer asks to print the badge shown."""

    def __init__(self, prints: BadgePrints, registrant_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prints = prints
        self.registrant_id = registrant_id
        face = prints.face(registrant_id)
        self.person = face.name
        self.setWindowTitle(f"Badge preview: {self.person}")
        self.setObjectName("badgePreview")

        self.stock, self.stock_about = stock_combo("previewStock", prints.settings().stock)
        self.stock.currentIndexChanged.connect(lambda _: self.show_badge())
        self.picture = QLabel()
        self.picture.setObjectName("badgePicture")
        self.picture.setAccessibleName(f"Badge of {self.person}")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setFixedSize(PREVIEW_SIZE[0] + 24, PREVIEW_SIZE[1] + 24)
        self.picture.setStyleSheet("background: #8a9199; padding: 12px;")  # the page stands out as paper
        self.status = data_label("previewStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Badge status")
        self.problems = data_label("previewProblems")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("What does not fit")

        self.print_button = QPushButton("Print this badge")
        self.print_button.setObjectName("previewPrint")
        self.print_button.setAccessibleName("Print this badge")
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.registrant_id))
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("previewClose")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(data_label("previewStockLabel", "Stock"))
        top.addWidget(self.stock)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stock_about)
        layout.addWidget(self.picture, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self.show_badge()

    def show_badge(self) -> None:
        try:
            pdf, problems = self.prints.preview(self.registrant_id, self.stock.currentData())
        except KioskError as exc:
            self.picture.clear()
            self.problems.setText(str(exc))
            return
        self.picture.setPixmap(pdf_image(pdf))  # a sheet stock shows its whole page, the badge in position 1
        lines = [f"{p.field}: {p.kind.replace('_', ' ')} ({p.detail})" for p in problems]
        self.problems.setText("\n".join(lines) if lines else "Everything fits.")
        printed = self.prints.printed(self.registrant_id)
        self.status.setText(
            "Not printed yet." if not printed else f"Printed {'once' if printed == 1 else f'{printed} times'}."
        )
        self.print_button.setText("Print this badge" if not printed else "Reprint this badge…")
        self.print_button.setAccessibleName(self.print_button.text().rstrip("…"))
