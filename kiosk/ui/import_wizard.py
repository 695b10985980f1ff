"""Import registrants from an export file, in four steps a staff member can follow with doors about to open:
choose the file, check where each column goes, see what would happen, import.

Everything goes through `kiosk.imports` (preview, dry run, run, presets); the runs happen on a worker
thread so the window stays responsive and shows progress.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kiosk.core.errors import KioskError
from kiosk.core.io.headers import NAME_FIELDS, Preset
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.imports import ImportPreview, ImportSummary
from kiosk.core.text import fold, plural
from kiosk.ui.import_models import (
    GOES_TO,
    FieldDelegate,
    MappingModel,
    PreviewRowsModel,
    RejectionsModel,
    rejections_text,
)
from kiosk.ui.labels import data_label, long_date
from kiosk.ui.workers import UNKNOWN_TOTAL, ImportJob, ImportWorker

FILE_FILTER = "Registration exports (*.csv *.tsv *.txt *.xlsx);;All files (*)"
PREVIEW_ROWS = 20
MAX_COLUMN_WIDTH = 260
WRAPPED_REJECTIONS = 500
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16 (Excel Unicode text)",
    "cp1252": "Windows Western (cp1252)",
}
AUTO_DETECT = "Auto-detect from the column headers"
NOTE_LINES = 4
"""Lines of notes shown at once; longer notes (a line per organization or role the file gets wrong) scroll."""
WIZARD_SIZE = QSize(1120, 780)
TITLE_BAR = 40
"""Room left for the window's title bar and frame, which the window's own size does not include."""


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("wizardCaption")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _message(name: str) -> QLabel:
    """A box for a reason or a note from the service: plain text, wrapped, hidden while empty."""
    label = data_label(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class NoteBox(QScrollArea):
    """A note label that may run long: as tall as its text up to NOTE_LINES lines, then it scrolls, so every
    line can be read and the counts and the rows not imported around it keep their room. It shows and hides
    with its label (`_say`)."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.label = label
        self.setObjectName(f"{label.objectName()}Box")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidgetResizable(True)
        self.setWidget(label)
        self.viewport().setAutoFillBackground(False)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setVisible(not label.isHidden())
        label.installEventFilter(self)
        self.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.label and kind == QEvent.Type.ShowToParent:
            self.show()
        elif watched is self.label and kind == QEvent.Type.HideToParent:
            self.hide()
        elif kind in (QEvent.Type.LayoutRequest, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()  # new text, or a new look (large text)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Room given beyond NOTE_LINES (nothing else to show) is taken up to the whole text, never more."""
        full = max(self.label.heightForWidth(self.width()), self.heightForWidth(self.width()), 0)
        if self.maximumHeight() != full:
            self.setMaximumHeight(full)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(min(self.label.heightForWidth(width), self.label.fontMetrics().lineSpacing() * NOTE_LINES), 0)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(self.width() if self.width() > 0 else hint.width()))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _in_words(problem: str) -> str:
    """The service's problems name the command line's --map; here one picks a field in the table instead."""
    return re.sub(r"; map one with --map .*$", "; choose First name or Full name for a column below", problem)


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    return view


def _fit_columns(view: QTableView, widest: int = MAX_COLUMN_WIDTH) -> None:
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        header.resizeSection(column, min(header.sectionSize(column), widest))


def fitting_size(parent: QWidget | None) -> QSize:
    """WIZARD_SIZE, or less on a small screen (a 1366 x 768 laptop): the window, title bar included, fits
    the room the screen leaves beside its task bar."""
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return WIZARD_SIZE
    room = screen.availableGeometry().size() - QSize(0, TITLE_BAR)
    return WIZARD_SIZE.boundedTo(room)


class ImportWizard(QWizard):
    """The wizard for one event; `finished` tells the main window to re-read its figures."""

    CHOOSE, MAPPING, CHECK, IMPORT = range(4)

    def __init__(self, kiosk: Kiosk, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.kiosk = kiosk
        self.current_event = event
        self.path: Path | None = None
        self.preset: str | None = None
        """A preset's name, or None to let the headers pick one."""
        self.overrides: dict[str, str] = {}
        """Header -> field, for the columns the person changed on the mapping page."""
        self.preview: ImportPreview | None = None
        self.job: ImportJob | None = None

        self.setWindowTitle("Import registrants")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import now")
        self.choose_page = ChooseFilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        for number, page in enumerate((self.choose_page, self.mapping_page, self.check_page, self.import_page)):
            self.setPage(number, page)
        self.resize(fitting_size(parent))
        app = QGuiApplication.instance()
        if app is not None:  # quitting with the wizard open must not leave a thread running
            app.aboutToQuit.connect(self.stop_job)

    # What the pages share ----------------------------------------------------------------------------

    def mapping(self) -> dict[str, str] | None:
        return dict(self.overrides) or None

    def load_preview(self) -> ImportPreview:
        """Ask the service how it would read the file with the chosen preset and edits; KioskError if it cannot."""
        assert self.path is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview = self.kiosk.imports.preview(self.path, self.preset, self.mapping(), rows=PREVIEW_ROWS)
        finally:
            QGuiApplication.restoreOverrideCursor()
        return self.preview

    def start_job(self, page: RunPage, dry_run: bool) -> ImportJob:
        self.stop_job()
        assert self.path is not None
        worker = ImportWorker(
            self.kiosk.imports, self.path, self.current_event.id, self.preset, self.mapping(), dry_run
        )
        worker.progress.connect(page.on_progress)
        worker.finished.connect(page.on_finished)
        worker.failed.connect(page.on_failed)
        worker.stopped.connect(page.on_stopped)
        self.job = ImportJob(worker, self)
        self.job.start()
        return self.job

    def stop_job(self) -> None:
        """Cancel a run still going and wait for its thread to end (at its next batch)."""
        if self.job is not None:
            if self.job.is_running():
                self.job.cancel()
            self.job.wait()

    def running(self) -> bool:
        return self.job is not None and self.job.is_running()

    # Closing ---------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel: a dry run just stops; a real import stops after its batch and says what was written."""
        if self.running() and self.currentId() == self.IMPORT:
            self.import_page.stopping()
            self.stop_job()
            return
        self.stop_job()
        super().reject()

    def done(self, result: int) -> None:
        self.stop_job()
        super().done(result)


class ChooseFilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setObjectName("choosePage")
        self.setTitle("Choose the export file")
        self.setSubTitle("The file you downloaded from Eventbrite, Google Forms or any sheet with a header row.")

        event = wizard.current_event
        self.event_name = data_label("wizardEvent", event.name)
        self.event_name.setWordWrap(True)
        self.event_date = data_label("wizardEventDate", long_date(event.date))

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.setPlaceholderText("A .csv, .tsv, .txt or .xlsx file")
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.textChanged.connect(self._path_changed)
        self.browse = QPushButton("Browse…")
        self.browse.setObjectName("browseButton")
        self.browse.clicked.connect(self.choose_file)

        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("presetCombo")
        self.fill_presets()
        self.error = _message("wizardError")

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse)
        card = QFrame()
        card.setObjectName("wizardEventCard")
        card_layout = QVBoxLayout(card)
        card_layout.setSpacing(2)
        card_layout.addWidget(self.event_name)
        card_layout.addWidget(self.event_date)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(_caption("Importing into"))
        layout.addWidget(card)
        layout.addSpacing(20)
        layout.addWidget(_caption("File"))
        layout.addLayout(file_row)
        layout.addSpacing(20)
        layout.addWidget(_caption("Preset (which column is which)"))
        layout.addWidget(self.preset_combo)
        hint = QLabel("Auto-detect recognises Eventbrite and Google Forms exports; you can adjust columns next.")
        hint.setObjectName("wizardHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def fill_presets(self, select: str | None = None) -> None:
        """Auto-detect, then every preset (built-in and this data folder's own) by its label."""
        current = self.preset_combo.currentData() if select is None else select
        blocker = QSignalBlocker(self.preset_combo)
        self.preset_combo.clear()
        self.preset_combo.addItem(AUTO_DETECT, None)
        try:
            presets = self.owner.kiosk.imports.presets()
        except KioskError as exc:  # a hand-edited preset that no longer reads
            presets = []
            _say(self.error, str(exc))
        for preset in sorted(presets, key=lambda p: (not p.builtin, fold(p.label or p.name))):
            label = preset.label or preset.name
            self.preset_combo.addItem(label if preset.builtin else f"{label} (saved here)", preset.name)
        found = self.preset_combo.findData(current) if current else 0
        self.preset_combo.setCurrentIndex(max(found, 0))
        del blocker

    def set_path(self, path: Path | str) -> None:
        self.path_edit.setText(str(path))

    def choose_file(self) -> None:
        start = str(Path(self.path_edit.text().strip()).parent) if self.path_edit.text().strip() else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the export file", start, FILE_FILTER)
        if chosen:
            self.set_path(chosen)

    def _path_changed(self) -> None:
        _say(self.error, "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        """Read the file's start now: a file that cannot be read at all is refused here, with the reason."""
        wizard = self.owner
        path = Path(self.path_edit.text().strip()).expanduser()
        preset = self.preset_combo.currentData()
        if (path, preset) != (wizard.path, wizard.preset):
            wizard.overrides = {}
        wizard.path, wizard.preset = path, preset
        try:
            wizard.load_preview()
        except KioskError as exc:
            _say(self.error, str(exc))
            return False
        _say(self.error, "")
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setObjectName("mappingPage")
        self.setTitle("Check the columns")
        self.setSubTitle("The first rows as they will be read, and where each column goes. Change any that are wrong.")

        self.info = data_label("previewInfo")
        self.info.setWordWrap(True)
        self.rows_model = PreviewRowsModel(self)
        self.rows_view = _table("previewRows")
        self.rows_view.setModel(self.rows_model)
        self.rows_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # no "current cell" frame on opening

        self.mapping_model = MappingModel(self)
        self.mapping_model.field_chosen.connect(self.choose_field)
        self.mapping_view = _table("mappingTable")
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_view.setItemDelegateForColumn(GOES_TO, FieldDelegate(self.mapping_view))
        self.mapping_view.verticalHeader().hide()
        self.mapping_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the boxes take the focus, one by one

        self.blocker = _message("wizardError")
        self.notes = _message("wizardNote")
        self.save_button = QPushButton("Save mapping as preset…")
        self.save_button.setObjectName("savePresetButton")
        self.save_button.clicked.connect(self.save_preset)
        self.saved = _message("wizardSaved")

        rows_box = QWidget()
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_caption = _caption("")
        rows_layout.addWidget(self.rows_caption)
        rows_layout.addWidget(self.rows_view)
        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 8, 0, 0)
        mapping_layout.addWidget(_caption("Where each column goes"))
        mapping_layout.addWidget(self.mapping_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(rows_box)
        splitter.addWidget(mapping_box)
        splitter.setSizes([220, 380])

        save_row = QHBoxLayout()
        save_row.addWidget(self.saved, 1)
        save_row.addStretch(0)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.blocker)
        layout.addWidget(NoteBox(self.notes))
        layout.addLayout(save_row)

    def initializePage(self) -> None:
        _say(self.saved, "")
        if self.owner.preview is not None:
            self.show_preview(self.owner.preview, new_file=True)

    def show_preview(self, preview: ImportPreview, new_file: bool = False) -> None:
        self.info.setText(self._describe(preview))
        if new_file:
            count = len(preview.rows)
            if count >= PREVIEW_ROWS:
                self.rows_caption.setText(f"The first {count} rows")
            else:
                self.rows_caption.setText("The only row" if count == 1 else f"All {count} rows")
            self.rows_model.show_preview(preview)
            _fit_columns(self.rows_view)
        externals = [t for p in self._presets() for t in p.columns.values()]
        if self.mapping_model.show_preview(preview, externals):
            self._open_editors()
        problems = [_in_words(p) for p in preview.problems]
        blocking = [p for p in problems if p.startswith("no column gives a name")]
        _say(self.blocker, "\n".join(blocking))
        _say(self.notes, "\n".join(p for p in problems if p not in blocking))
        self.completeChanged.emit()

    def _presets(self) -> list[Preset]:
        try:
            return self.owner.kiosk.imports.presets()
        except KioskError:
            return []

    def _describe(self, preview: ImportPreview) -> str:
        parts = [Path(preview.file).name, f"{preview.format.upper()}, {len(preview.headers)} columns"]
        if preview.encoding:
            parts.append(ENCODINGS.get(preview.encoding, preview.encoding))
        if preview.delimiter:
            parts.append(f"{preview.delimiter}-separated")
        labels = {p.name: p.label or p.name for p in self._presets()}
        preset = labels.get(preview.preset, preview.preset)
        how = "recognised from its headers" if self.owner.preset is None else "as you chose"
        if preview.preset == "generic" and self.owner.preset is None:
            parts.append("no preset recognised these headers, so common column names were matched")
        else:
            parts.append(f"{preset} ({how})")
        return " · ".join(parts)

    def _open_editors(self) -> None:
        for row in range(self.mapping_model.rowCount()):
            self.mapping_view.openPersistentEditor(self.mapping_model.index(row, GOES_TO))
        _fit_columns(self.mapping_view, widest=320)
        header = self.mapping_view.horizontalHeader()
        header.resizeSection(GOES_TO, 300)
        header.setStretchLastSection(True)
        first = self.mapping_view.indexWidget(self.mapping_model.index(0, GOES_TO))
        if first is not None:
            first.ensurePolished()
            self.mapping_view.verticalHeader().setDefaultSectionSize(first.sizeHint().height() + 4)

    def combo_for(self, header: str) -> QComboBox:
        """The "Goes to" box of a column (for tests and keyboard-free checks)."""
        for row, choice in enumerate(self.mapping_model.columns):
            if choice.header == header:
                widget = self.mapping_view.indexWidget(self.mapping_model.index(row, GOES_TO))
                assert isinstance(widget, QComboBox)
                return widget
        raise KeyError(header)

    def choose_field(self, header: str, target: str) -> None:
        """A new choice: ask the service again, so a clash or a missing name shows at once."""
        self.owner.overrides[header] = target
        _say(self.saved, "")
        try:
            preview = self.owner.load_preview()
        except KioskError as exc:
            _say(self.blocker, str(exc))
            self.completeChanged.emit()
            return
        self.show_preview(preview)

    def has_name(self) -> bool:
        preview = self.owner.preview
        return preview is not None and any(c.field in NAME_FIELDS for c in preview.columns)

    def isComplete(self) -> bool:
        return self.has_name() and not self.blocker.text()

    def save_preset(self) -> None:
        """Keep this mapping as a preset of the data folder, named in plain words."""
        preview = self.owner.preview
        if preview is None:
            return
        text, ok = QInputDialog.getText(
            self, "Save mapping as preset", "A name for this kind of export (for example “CRM export”):"
        )
        label = " ".join(text.split())
        if not ok or not label:
            return
        name = re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-") or "my-export"
        builtin = {p.name for p in self._presets() if p.builtin}
        if name in builtin:
            _say(self.saved, f"“{label}” is the name of a built-in preset; choose another name.")
            return
        mapping = {c.header: c.field for c in preview.columns if c.header.strip()}
        try:
            saved = self.owner.kiosk.imports.save_preset(name, mapping, label)
        except KioskError as exc:
            _say(self.saved, str(exc))
            return
        self.owner.choose_page.fill_presets(select=saved.name)
        self.owner.preset, self.owner.overrides = saved.name, {}
        try:
            self.show_preview(self.owner.load_preview())
        except KioskError as exc:
            _say(self.blocker, str(exc))
        _say(self.saved, f"Saved as the preset “{saved.label}”: choose it on the first page next time.")


class CountsPanel(QFrame):
    """Five figures in a row: added, updated, unchanged, cancelled, rejected."""

    KINDS = ("added", "updated", "unchanged", "cancelled", "rejected")

    def __init__(self, captions: tuple[str, ...]) -> None:
        super().__init__()
        self.setObjectName("countsPanel")
        self.values: dict[str, QLabel] = {}
        self.tiles: dict[str, QFrame] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        for column, (kind, caption) in enumerate(zip(self.KINDS, captions, strict=True)):
            tile = QFrame()
            tile.setObjectName("countTile")
            tile.setProperty("kind", kind)
            value = data_label("countValue", "–")
            tile_layout = QVBoxLayout(tile)
            tile_layout.addWidget(value)
            tile_layout.addWidget(data_label("countLabel", caption))
            grid.addWidget(tile, 0, column)
            grid.setColumnStretch(column, 1)
            self.values[kind] = value
            self.tiles[kind] = tile

    def show_summary(self, summary: ImportSummary) -> None:
        for kind, label in self.values.items():
            label.setText(f"{getattr(summary, kind):,}")
        self._alert(summary.rejected > 0)

    def clear(self) -> None:
        for label in self.values.values():
            label.setText("–")
        self._alert(False)

    def _alert(self, on: bool) -> None:
        tile = self.tiles["rejected"]
        tile.setProperty("alert", on)
        for widget in (tile, *tile.findChildren(QLabel)):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class RunPage(QWizardPage):
    """A page that runs the import on the worker thread, shows progress, then the counts and refused rows."""

    dry_run = True

    def __init__(self, wizard: ImportWizard, captions: tuple[str, ...]) -> None:
        super().__init__()
        self.owner = wizard
        self.summary: ImportSummary | None = None
        self.ended = False
        self.status = data_label("runStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("runProgress")
        self.progress.setTextVisible(False)
        self.counts = CountsPanel(captions)
        self.error = _message("wizardError")
        self.notes = _message("wizardNote")

        self.rejections_model = RejectionsModel(self)
        self.rejections_view = _table("rejectionsTable")
        self.rejections_view.setModel(self.rejections_model)
        self.rejections_view.verticalHeader().hide()
        self.rejections_view.horizontalHeader().setStretchLastSection(True)
        self.rejections_view.setWordWrap(True)
        self.rejections_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.rejections_caption = _caption("")
        self.copy_rejections = QPushButton("Copy the list")
        self.copy_rejections.setObjectName("copyRejections")
        self.copy_rejections.setAccessibleName("Copy the rows not imported, with their lines and why")
        self.copy_rejections.setToolTip('Copies every row not imported, as "Line 5: why", to paste in an email')
        self.copy_rejections.clicked.connect(lambda: self._copy_rejections(every=True))
        # Ctrl+C in the list copies the rows chosen there (every row if none is), whole, not one cell.
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.rejections_view)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(lambda: self._copy_rejections(every=False))
        rejections_row = QHBoxLayout()
        rejections_row.addWidget(self.rejections_caption, 1)
        rejections_row.addWidget(self.copy_rejections)
        self.suggestions = QListWidget()
        self.suggestions.setObjectName("suggestionsList")
        self.suggestions.setWordWrap(True)
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.suggestions_caption = _caption("Organizations whose names look alike (never merged on import)")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.counts)
        layout.addWidget(NoteBox(self.notes), 1)  # up to its whole text when the lists leave room
        layout.addLayout(rejections_row)
        layout.addWidget(self.rejections_view, 2)
        layout.addWidget(self.suggestions_caption)
        layout.addWidget(self.suggestions, 1)
        layout.addStretch(0)

    def initializePage(self) -> None:
        self.summary, self.ended = None, False
        self.counts.clear()
        self.counts.hide()  # shown with the figures; blank tiles would look like zeros to be read
        self.progress.setRange(0, 0)  # busy until the service says how many rows there are
        self.progress.show()
        _say(self.error, "")
        _say(self.notes, "")
        self.rejections_model.show_rejections(())
        self._show_lists(False)
        self.status.setText(self.running_text())
        self.owner.start_job(self, self.dry_run)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        """Back: stop the run this page started."""
        self.owner.stop_job()
        super().cleanupPage()

    def running_text(self) -> str:
        raise NotImplementedError

    def done_text(self, summary: ImportSummary) -> str:
        raise NotImplementedError

    def _current(self) -> bool:
        job = self.owner.job
        return job is not None and self.sender() is job.worker

    def on_progress(self, done: int, total: int) -> None:
        if not self._current():
            return
        if total == UNKNOWN_TOTAL:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, total))
        self.status.setText(f"{self.running_text()} {done:,} rows read…")

    def on_finished(self, summary: ImportSummary) -> None:
        if not self._current():
            return
        self.summary, self.ended = summary, True
        self.progress.hide()
        self.status.setText(self.done_text(summary))
        self._show_summary(summary)

    def _show_summary(self, summary: ImportSummary) -> None:
        """The counts, the rows not imported, the look-alike organizations and the notes of `summary`."""
        self.summary = summary
        self.counts.show_summary(summary)
        self.counts.show()
        self.rejections_model.show_rejections(summary.rejections)
        self.rejections_caption.setText(
            f"{summary.rejected:,} row{'s' if summary.rejected != 1 else ''} not imported, by line in the file"
        )
        self.rejections_view.resizeColumnToContents(0)
        if summary.rejected <= WRAPPED_REJECTIONS:  # measuring every row of a huge list would stall the page
            self.rejections_view.resizeRowsToContents()
        self.suggestions.clear()
        self.suggestions.addItems([s.message for s in summary.suggestions])
        self._show_lists(True)
        _say(self.notes, "\n".join(_in_words(p) for p in summary.problems))
        self.completeChanged.emit()

    def _copy_rejections(self, every: bool) -> str:
        """Put the rows not imported (those chosen in the list, unless `every`) on the clipboard; the text."""
        rejections = self.rejections_model.rejections
        chosen = sorted({index.row() for index in self.rejections_view.selectionModel().selectedRows()})
        if not every and chosen:
            rejections = tuple(rejections[row] for row in chosen)
        text = rejections_text(rejections)
        QGuiApplication.clipboard().setText(text)
        return text

    def _show_lists(self, done: bool) -> None:
        summary = self.summary
        rejected = done and summary is not None and summary.rejected > 0
        suggested = done and summary is not None and bool(summary.suggestions)
        self.rejections_caption.setVisible(rejected)
        self.copy_rejections.setVisible(rejected)
        self.rejections_view.setVisible(rejected)
        self.suggestions_caption.setVisible(suggested)
        self.suggestions.setVisible(suggested)

    def on_failed(self, reason: str) -> None:
        if not self._current():
            return
        self.ended = True
        self.progress.hide()
        self.status.setText("")
        _say(self.error, reason)
        self.completeChanged.emit()

    def on_stopped(self, done: int, summary: ImportSummary | None = None) -> None:
        if not self._current():
            return
        self.ended = True
        self.progress.hide()
        self.status.setText(self.stopped_text(done, summary))
        if summary is not None and not self.dry_run:  # what the rows saved before the stop came to
            self._show_summary(summary)
        self.completeChanged.emit()

    def stopped_text(self, done: int, summary: ImportSummary | None) -> str:
        return "Stopped."


def _taken(summary: ImportSummary) -> int:
    """Rows imported (or that would be): every row read but the rejected ones, each counted once."""
    return summary.added + summary.updated + summary.unchanged + summary.cancelled


class CheckPage(RunPage):
    dry_run = True

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, ("would be added", "would be updated", "unchanged", "cancelled", "not imported"))
        self.setObjectName("checkPage")
        self.setTitle("See what would happen")
        self.setSubTitle("Every row is read and checked against the people already registered. Nothing is saved yet.")
        self.setCommitPage(True)

    def running_text(self) -> str:
        return "Checking every row…"

    def done_text(self, summary: ImportSummary) -> str:
        blank = f" ({plural(summary.blank_lines, 'blank line', 'blank lines')} skipped)" if summary.blank_lines else ""
        ready = _taken(summary)
        if not ready and not summary.rejected:
            then = "the file holds no one to import (see below)"
        elif not summary.rejected:
            then = "press “Import now” to import them"
        elif ready:
            then = (
                f"“Import now” imports {plural(ready, 'row', 'rows')}; the {summary.rejected:,} not imported "
                f"{'is' if summary.rejected == 1 else 'are'} listed below with why (fix them in the file and import "
                "it again)"
            )
        else:
            then = "no row can be imported: the reasons are listed below"
        return f"Checked {plural(summary.rows, 'row', 'rows')}{blank}. Nothing has been saved: {then}."

    def isComplete(self) -> bool:
        """ "Import now" once the check has ended with at least one row to import: with none it would only seem
        to do something."""
        return self.summary is not None and _taken(self.summary) > 0


class ImportPage(RunPage):
    dry_run = False

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, ("added", "updated", "unchanged", "cancelled", "not imported"))
        self.setObjectName("importPage")
        self.setTitle("Import")
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self.setSubTitle("The rows are being saved. Press Finish when it is done.")
        super().initializePage()

    def on_finished(self, summary: ImportSummary) -> None:
        super().on_finished(summary)
        if self.ended:
            self.setSubTitle("Saved. Press Finish to close.")

    def on_failed(self, reason: str) -> None:
        super().on_failed(reason)
        if self.ended:
            self.setSubTitle("Nothing was saved. Press Back to choose another file or mapping.")

    def on_stopped(self, done: int, summary: ImportSummary | None = None) -> None:
        super().on_stopped(done, summary)
        if self.ended:
            self.setSubTitle("Stopped. Press Finish to close.")

    def running_text(self) -> str:
        return "Importing…"

    def done_text(self, summary: ImportSummary) -> str:
        into = self.owner.current_event.name
        if not summary.rejected:
            return f"Done: {plural(summary.rows, 'row', 'rows')} read and imported into {into}."
        return (
            f"Done: {_taken(summary):,} of {plural(_taken(summary) + summary.rejected, 'row', 'rows')} imported into "
            f"{into}; {summary.rejected:,} not imported, listed below with why."
        )

    def stopping(self) -> None:
        self.status.setText("Stopping after the rows being saved now…")

    def stopped_text(self, done: int, summary: ImportSummary | None) -> str:
        again = "Importing the same file again adds the rest and changes nothing already saved."
        if summary is None or not summary.rejected:
            return f"Stopped. The first {done:,} rows are saved; the rest are not. {again}"
        return (
            f"Stopped. Of the first {done:,} rows, {_taken(summary):,} are saved and {summary.rejected:,} "
            f"{'is' if summary.rejected == 1 else 'are'} not imported (listed below with why); the rest of the "
            f"file is not read. {again}"
        )

    def isComplete(self) -> bool:
        return self.ended
