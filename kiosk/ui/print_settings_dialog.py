"""Badges → Printer settings: this station's printer, stock, way of printing, auto-print after check-in, and
the printer offset measured on the calibration page (kept for this station; the stock's file is left alone)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.badges import get_template, template_names
from kiosk.core.errors import KioskError
from kiosk.core.printing import QT, SPOOLER
from kiosk.core.services.badge_prints import BadgePrints
from kiosk.ui.labels import data_label

BACKEND_NAMES = {SPOOLER: "The system's print spooler (CUPS)", QT: "Qt printing (Windows, or any system)"}
DEFAULT_PRINTER = "(the computer's default printer)"


def _combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    return combo


def stock_combo(name: str, chosen: str = "") -> tuple[QComboBox, QLabel]:
    """The badge stocks by name, and a label under it that says what the chosen one is in full."""
    combo = _combo(name, "Badge stock")
    # One line, not wrapped: a wrapped label in a grid or form row gets too little height from Qt.
    about = data_label(f"{name}About")
    for stock in template_names():
        title = get_template(stock).title
        combo.addItem(stock, stock)
        combo.setItemData(combo.count() - 1, title, Qt.ItemDataRole.ToolTipRole)

    def describe() -> None:
        about.setText(get_template(combo.currentData()).title if combo.currentData() else "")

    combo.currentIndexChanged.connect(lambda _: describe())
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    describe()
    return combo, about


def _offset_box(name: str, accessible: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(-20.0, 20.0)
    box.setSingleStep(0.5)
    box.setDecimals(1)
    box.setSuffix(" mm")
    return box


class PrinterSettingsDialog(QDialog):
    def __init__(self, prints: BadgePrints, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prints = prints
        self.setWindowTitle("Printer settings")
        self.setObjectName("printerSettings")
        settings = prints.settings()

        self.backend = _combo("printBackend", "How to print")
        for key, text in BACKEND_NAMES.items():
            self.backend.addItem(text, key)
        self.backend.setCurrentIndex(max(0, self.backend.findData(settings.backend)))
        self.printer = _combo("printerName", "Printer")
        self.printer.setEditable(True)  # a network printer may be added after this list was read
        if (edit := self.printer.lineEdit()) is not None:
            edit.setAccessibleName("Printer name")
        self.printer_note = data_label("printerNote")
        self.stock, self.stock_about = stock_combo("badgeStock", settings.stock)
        self.auto_print = QCheckBox("Print a badge after each check-in")
        self.auto_print.setObjectName("autoPrint")
        self.auto_print.setAccessibleName("Print a badge after each check-in")
        self.auto_print.setChecked(settings.auto_print)
        self.auto_note = data_label("autoPrintNote", "Once per person: a repeat scan never prints a second badge.")

        self.offset_x = _offset_box("offsetX", "Printer offset across, in millimetres")
        self.offset_y = _offset_box("offsetY", "Printer offset down, in millimetres")
        self.calibrate = QPushButton("Print the calibration page")
        self.calibrate.setObjectName("printCalibration")
        self.calibrate.setAccessibleName("Print the calibration page")
        self.calibrate.setAutoDefault(False)
        self.calibrate.clicked.connect(self.print_calibration)
        self.offset_help = data_label(
            "offsetHelp",
            "Print the calibration page on the stock. Each crosshair should sit 10 mm right of and 10 mm below "
            "its badge's corner. Measured 11.5 mm across? Type -1.5 across. Measured 8 mm down? Type 2 down.",
        )
        self.offset_help.setWordWrap(True)
        self.message = data_label("printSettingsMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Printer settings message")

        # A grid, not a form layout: QFormLayout gives word-wrapped notes too little height.
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        rows: list[tuple[str, QWidget]] = [
            ("How to print", self.backend),
            ("Printer", self.printer),
            ("", self.printer_note),
            ("Badge stock", self.stock),
            ("", self.stock_about),
            ("", self.auto_print),
            ("", self.auto_note),
        ]
        for row, (caption, widget) in enumerate(rows):
            if caption:
                label = QLabel(caption)
                label.setBuddy(widget)
                form.addWidget(label, row, 0)
            form.addWidget(widget, row, 1)
        offsets = QGroupBox("Printer offset for this stock")
        offsets.setAccessibleName("Printer offset for this stock")
        group = QVBoxLayout(offsets)
        group.addWidget(self.offset_help)
        offset_form = QFormLayout()
        group.addLayout(offset_form)
        offset_form.addRow("Across (+ moves right)", self.offset_x)
        offset_form.addRow("Down (+ moves down)", self.offset_y)
        calibrate_row = QHBoxLayout()
        calibrate_row.addWidget(self.calibrate)
        calibrate_row.addStretch(1)
        offset_form.addRow(calibrate_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(offsets)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.backend.currentIndexChanged.connect(lambda _: self.fill_printers(self.printer.currentText()))
        self.stock.currentIndexChanged.connect(lambda _: self._show_offset())
        self.fill_printers(settings.printer)
        self._show_offset()
        # Not a minimum width: that would override the layout's, cut the stock's description off in large
        # text and squeeze every row; the layout still widens the dialog to show it whole.
        self.resize(840, self.heightForWidth(840) if self.hasHeightForWidth() else self.sizeHint().height())

    def fill_printers(self, chosen: str) -> None:
        """The chosen backend's printers, the chosen one selected (kept even when not listed now)."""
        backend = self.prints.backends.get(self.backend.currentData())
        self.printer.clear()
        self.printer.addItem(DEFAULT_PRINTER, "")
        if backend is None:
            self.printer_note.setText("This way of printing works only in the app.")
            return
        for info in backend.printers():
            label = f"{info.name} (default)" if info.is_default else info.name
            self.printer.addItem(label, info.name)
        problem = backend.problem()
        names = [self.printer.itemData(i) for i in range(self.printer.count())]
        if chosen and chosen not in names:
            self.printer.addItem(chosen, chosen)
            problem = problem or f"The printer {chosen!r} is not on this computer now."
        self.printer.setCurrentIndex(max(0, self.printer.findData(chosen)))
        self.printer_note.setText(problem or f"{self.printer.count() - 1} printers found.")

    def chosen_printer(self) -> str:
        text = self.printer.currentText().strip()
        index = self.printer.findText(text)
        if index >= 0:
            return str(self.printer.itemData(index) or "")
        return "" if text == DEFAULT_PRINTER else text

    def _show_offset(self) -> None:
        template = self.prints.template(self.stock.currentData())
        self.offset_x.setValue(template.offset_x)
        self.offset_y.setValue(template.offset_y)

    def _store(self) -> bool:
        try:
            self.prints.save_settings(
                printer=self.chosen_printer(),
                stock=self.stock.currentData(),
                backend=self.backend.currentData(),
                auto_print=self.auto_print.isChecked(),
            )
            self.prints.set_offset(self.stock.currentData(), self.offset_x.value(), self.offset_y.value())
        except KioskError as exc:
            self.message.setText(str(exc))
            return False
        return True

    def print_calibration(self) -> None:
        """Save what is shown (the calibration page goes to that printer), then queue the page."""
        if not self._store():
            return
        try:
            self.prints.print_calibration(self.stock.currentData())
        except KioskError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("The calibration page is on its way to the printer. Measure it, then type the offset.")

    def save(self) -> None:
        if self._store():
            self.accept()
