"""Registrants → Organizations…: staff see the shown convening's organizations with their people, and set
each one's sector (the day report counts ethnic media organizations and state agency staff by it), in the
table or for many at once. Screenshots go to KIOSK_SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter, QShortcut, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.core.demo import build_demo
from kiosk.core.models import Event, Sector
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui import theme
from kiosk.ui.main_window import MainWindow
from kiosk.ui.organizations_view import LANGUAGES, NAME, SECTOR, OrganizationsWindow, SectorEditor

LAPTOP = (1366, 768)
TASKBAR_AND_TITLE = 40 + 30


def people(kiosk: Kiosk, event: Event, organization: str, count: int, checked_in: int = 0) -> None:
    """`count` people of `organization` (made if new) registered for `event`, the first `checked_in` of them
    checked in at the desk."""
    org = kiosk.organizations.find_or_create(organization)
    drafts = [
        RegistrantDraft(first_name=f"P{n}", last_name=organization[:8], organization_id=org.id) for n in range(count)
    ]
    for person in kiosk.registrants.register_many(event.id, drafts)[:checked_in]:
        kiosk.desk.check_in_registrant(person.id, event)


def sector(kiosk: Kiosk, name: str) -> Sector:
    org = kiosk.organizations.find(name)
    assert org is not None, name
    return Sector(org.sector)


def shown(orgs: OrganizationsWindow) -> list[list[str]]:
    """The table as staff read it, row by row, in its current order and filter."""
    model = orgs.table.model()
    return [[str(model.index(row, column).data()) for column in range(4)] for row in range(model.rowCount())]


def row_of(orgs: OrganizationsWindow, name: str) -> int:
    return next(row for row, cells in enumerate(shown(orgs)) if cells[NAME] == name)


def select_rows(orgs: OrganizationsWindow, *rows: int) -> None:
    selection = orgs.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(orgs.table.model().index(row, 0), flags)


def organization_entries(kiosk: Kiosk) -> list[dict[str, object]]:
    with kiosk.ctx.store.session() as s:
        db = s.connection().connection.driver_connection
        assert isinstance(db, sqlite3.Connection)
        rows = db.execute("SELECT payload FROM change_log WHERE entity = 'organization' ORDER BY hlc").fetchall()
    return [json.loads(payload) for (payload,) in rows]


@pytest.fixture
def window(main_window: MainWindow) -> Iterator[MainWindow]:
    yield main_window
    if main_window.organizations_window is not None:
        main_window.organizations_window.close()


@pytest.fixture
def fresno(kiosk: Kiosk, event: Event) -> Event:
    """Fresno's people: three organizations, all community-based as the import and the desk make them."""
    people(kiosk, event, "Radio Bilingüe", 3, checked_in=2)
    people(kiosk, event, "Hmong TV Network", 1, checked_in=1)
    people(kiosk, event, "Fresno Center", 2)
    return event


def test_the_registrants_menu_opens_organizations_with_ctrl_shift_o_clashing_with_no_other_shortcut(
    window: MainWindow,
) -> None:
    assert window.organizations_action in window.registrants_menu.actions()
    assert window.organizations_action.shortcut() == QKeySequence("Ctrl+Shift+O")
    actions = [a.shortcut() for a in window.findChildren(QAction)]
    desk = {s.key().toString() for s in window.desk.findChildren(QShortcut)}  # Ctrl+N, Ctrl+E, Ctrl+Z, Ctrl+F
    keys = [k.toString() for k in actions if not k.isEmpty()]
    assert keys.count("Ctrl+Shift+O") == 1 and "Ctrl+Shift+O" not in desk


def test_the_list_shows_the_convenings_organizations_with_their_people(
    window: MainWindow, kiosk: Kiosk, fresno: Event, create_event
) -> None:
    elsewhere = create_event(kiosk, "statewide-2027")
    people(kiosk, elsewhere, "Sacramento State Agency", 4)
    window.organizations_action.trigger()
    orgs = window.organizations_window
    assert orgs is not None and orgs.isVisible()
    assert fresno.name in orgs.windowTitle()
    assert shown(orgs) == [
        ["Fresno Center", "Community-based organizations", "2", "0"],
        ["Hmong TV Network", "Community-based organizations", "1", "1"],
        ["Radio Bilingüe", "Community-based organizations", "3", "2"],
    ]
    assert "3 organizations at this convening; 3 still counted as Community-based" in orgs.remaining.text()
    assert "ethnic media organizations and state agency staff" in orgs.why.text()


def test_the_table_sorts_by_people_checked_in(window: MainWindow, fresno: Event) -> None:
    orgs = window.open_organizations()
    orgs.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [cells[NAME] for cells in shown(orgs)] == ["Radio Bilingüe", "Hmong TV Network", "Fresno Center"]


def test_choosing_a_sector_in_the_table_saves_it_through_the_change_log(
    window: MainWindow, kiosk: Kiosk, fresno: Event, qtbot: QtBot
) -> None:
    orgs = window.open_organizations()
    entries_before = len(organization_entries(kiosk))
    row = row_of(orgs, "Radio Bilingüe")
    orgs.table.setCurrentIndex(orgs.table.model().index(row, NAME))
    orgs.table.setFocus()
    qtbot.keyClick(orgs.table, Qt.Key.Key_Return)  # Enter on any cell of the row opens its sector's list
    editor = orgs.table.findChild(SectorEditor)
    assert editor is not None and editor.currentData() == Sector.COMMUNITY_BASED.value
    qtbot.waitUntil(lambda: editor.view().isVisible())  # the list is open: ↑/↓ move in it, Enter chooses
    qtbot.keyClick(editor.view(), Qt.Key.Key_Down)
    qtbot.keyClick(editor.view(), Qt.Key.Key_Return)

    assert sector(kiosk, "Radio Bilingüe") == Sector.ETHNIC_MEDIA
    assert organization_entries(kiosk)[entries_before:] == [{"sector": "ethnic_media"}]
    assert shown(orgs)[row_of(orgs, "Radio Bilingüe")][SECTOR] == "Ethnic and community media"
    assert orgs.message.text() == "Radio Bilingüe now counted as Ethnic and community media."
    assert "2 still counted as Community-based" in orgs.remaining.text()
    assert sector(kiosk, "Hmong TV Network") == Sector.COMMUNITY_BASED


def test_the_sector_list_never_saves_the_sectors_it_passes_on_the_way(
    window: MainWindow, kiosk: Kiosk, fresno: Event, qtbot: QtBot
) -> None:
    orgs = window.open_organizations()
    entries_before = len(organization_entries(kiosk))
    index = orgs.table.model().index(row_of(orgs, "Fresno Center"), SECTOR)
    orgs.table.edit(index)
    editor = orgs.table.findChild(SectorEditor)
    assert editor is not None
    editor.hidePopup()
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # opens the list again rather than choose the next sector
    assert editor.view().isVisible() and editor.currentData() == Sector.COMMUNITY_BASED.value
    qtbot.keyClick(editor.view(), Qt.Key.Key_Escape)
    assert len(organization_entries(kiosk)) == entries_before


def test_setting_several_selected_organizations_at_once(
    window: MainWindow, kiosk: Kiosk, fresno: Event, qtbot: QtBot
) -> None:
    people(kiosk, fresno, "Vietnamese Radio of Fresno", 2)
    orgs = window.open_organizations()
    qtbot.keyClicks(orgs.filter_box, "radio")
    orgs.table.setFocus()
    qtbot.keySequence(orgs.table, QKeySequence.StandardKey.SelectAll)
    assert len(orgs.selected_lines()) == 2
    orgs.choice.setCurrentIndex(orgs.choice.findData(Sector.ETHNIC_MEDIA.value))
    qtbot.mouseClick(orgs.set_button, Qt.MouseButton.LeftButton)

    assert sector(kiosk, "Radio Bilingüe") == sector(kiosk, "Vietnamese Radio of Fresno") == Sector.ETHNIC_MEDIA
    assert sector(kiosk, "Fresno Center") == Sector.COMMUNITY_BASED
    assert orgs.message.text() == "2 organizations now counted as Ethnic and community media."
    assert "2 still counted as Community-based" in orgs.remaining.text()


def test_set_sector_with_nothing_selected_says_what_to_do(window: MainWindow, kiosk: Kiosk, fresno: Event) -> None:
    orgs = window.open_organizations()
    orgs.table.clearSelection()
    assert not orgs.set_selected()
    assert orgs.message.text().startswith("Select one or more organizations first")


def test_every_spelling_of_an_organization_is_one_line_and_changes_together(
    window: MainWindow, kiosk: Kiosk, fresno: Event
) -> None:
    # Two stations each made it offline: two rows, one organization.
    twin = kiosk.organizations.create("The Fresno Center, Inc.")
    kiosk.registrants.register_many(fresno.id, [RegistrantDraft("Mai", "Vang", organization_id=twin.id)])
    orgs = window.open_organizations()
    assert [cells[NAME] for cells in shown(orgs)].count("Fresno Center") == 1
    assert shown(orgs)[row_of(orgs, "Fresno Center")][2] == "3"
    select_rows(orgs, row_of(orgs, "Fresno Center"))
    orgs.choice.setCurrentIndex(orgs.choice.findData(Sector.LOCAL_GOVERNMENT.value))
    orgs.set_selected()
    assert {o.sector for o in kiosk.organizations.all() if o.normalized_name == "fresno center"} == {"local_government"}


def test_the_filter_ignores_case_and_accents(window: MainWindow, kiosk: Kiosk, fresno: Event, qtbot: QtBot) -> None:
    people(kiosk, fresno, "San José Center", 1)
    orgs = window.open_organizations()
    qtbot.keySequence(orgs, QKeySequence.StandardKey.Find)
    qtbot.keyClicks(orgs.filter_box, "SAN JOSE")
    assert [cells[NAME] for cells in shown(orgs)] == ["San José Center"]
    assert "1 shown" in orgs.remaining.text()
    orgs.filter_box.setText("bilingue")
    assert [cells[NAME] for cells in shown(orgs)] == ["Radio Bilingüe"]
    orgs.filter_box.clear()
    assert len(shown(orgs)) == 4


def test_a_name_with_markup_shows_as_typed(window: MainWindow, kiosk: Kiosk, event: Event) -> None:
    people(kiosk, event, "<b>Fresno</b>", 1)
    orgs = window.open_organizations()
    index = orgs.table.model().index(0, NAME)
    assert index.data() == "<b>Fresno</b>"
    tooltip = QTextDocument()
    tooltip.setHtml(index.data(Qt.ItemDataRole.ToolTipRole))  # Qt renders a tooltip with tags as markup
    assert tooltip.toPlainText() == "<b>Fresno</b>"
    select_rows(orgs, 0)
    orgs.set_selected()
    assert orgs.message.textFormat() == Qt.TextFormat.PlainText
    assert orgs.message.text().startswith("<b>Fresno</b> now counted as")


def test_every_organization_known_keeps_this_convenings_counts(window: MainWindow, kiosk: Kiosk, fresno: Event) -> None:
    kiosk.organizations.create("Central Valley Equity Fund")
    orgs = window.open_organizations()
    assert "Central Valley Equity Fund" not in [cells[NAME] for cells in shown(orgs)]
    orgs.every.setChecked(True)
    rows = {cells[NAME]: cells for cells in shown(orgs)}
    assert rows["Central Valley Equity Fund"][2:] == ["0", "0"]
    assert rows["Radio Bilingüe"][2:] == ["3", "2"]
    assert orgs.remaining.text().startswith("4 organizations known")


def test_the_window_follows_the_station_to_another_convening(
    window: MainWindow, kiosk: Kiosk, fresno: Event, create_event
) -> None:
    orgs = window.open_organizations()
    second = create_event(kiosk, "statewide-2027")
    people(kiosk, second, "Capitol Public Radio", 2, checked_in=1)
    window.choose_event(second.slug)
    assert orgs.current_event.id == window.current_event.id == second.id
    assert second.name in orgs.windowTitle()
    assert [cells[NAME] for cells in shown(orgs)] == ["Capitol Public Radio"]
    select_rows(orgs, 0)
    orgs.set_selected()
    assert sector(kiosk, "Capitol Public Radio") == Sector.ETHNIC_MEDIA


def test_a_closed_window_reads_the_list_again_when_opened(window: MainWindow, kiosk: Kiosk, fresno: Event) -> None:
    orgs = window.open_organizations()
    orgs.close()
    kiosk.organizations.set_sector("Hmong TV Network", Sector.ETHNIC_MEDIA)  # as the CLI or a sync would
    people(kiosk, fresno, "Asian Business Daily", 1)
    assert window.open_organizations() is orgs
    rows = {cells[NAME]: cells for cells in shown(orgs)}
    assert rows["Hmong TV Network"][SECTOR] == "Ethnic and community media"
    assert "Asian Business Daily" in rows


def test_an_organization_removed_meanwhile_is_a_one_line_message(
    window: MainWindow, kiosk: Kiosk, fresno: Event, qtbot: QtBot
) -> None:
    gone = kiosk.organizations.create("Gone Gazette")
    orgs = window.open_organizations()
    orgs.every.setChecked(True)
    with kiosk.ctx.store.write() as db:  # removed under the window (no service removes one yet)
        db.execute("DELETE FROM organization WHERE id = ?", (gone.id,))
    select_rows(orgs, row_of(orgs, "Gone Gazette"), row_of(orgs, "Hmong TV Network"))
    assert orgs.set_selected()  # the one still there is set
    text = orgs.message.text()
    assert "\n" not in text and "Traceback" not in text
    assert text == (
        "1 organization now counted as Ethnic and community media. "
        "Not changed: Gone Gazette is no longer known here (removed or renamed)."
    )
    assert sector(kiosk, "Hmong TV Network") == Sector.ETHNIC_MEDIA
    qtbot.waitUntil(lambda: "Gone Gazette" not in [cells[NAME] for cells in shown(orgs)])  # read again


def test_a_refused_sector_change_in_the_table_is_a_message_and_the_cell_keeps_its_sector(
    window: MainWindow, kiosk: Kiosk, fresno: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.errors import StoreError

    def refuse(names: list[str], sector: Sector | str) -> list[str]:
        raise StoreError("the data folder is read-only; nothing was written")

    orgs = window.open_organizations()
    monkeypatch.setattr(kiosk.organizations, "set_sector_of", refuse)
    index = orgs.table.model().index(row_of(orgs, "Fresno Center"), SECTOR)
    assert not orgs.table.model().setData(index, Sector.STATE_AGENCY.value)
    assert orgs.message.text() == "Not changed: Fresno Center: the data folder is read-only; nothing was written."
    assert index.data() == "Community-based organizations"


def test_a_sector_change_is_counted_on_the_dashboards_next_refresh(
    window: MainWindow, kiosk: Kiosk, fresno: Event, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.dashboard.feed.ready, timeout=20_000):
        window.dashboard_action.trigger()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None)
    assert window.dashboard.tiles["ethnic_media_organizations"].value.text() == "0"
    orgs = window.open_organizations()
    select_rows(orgs, row_of(orgs, "Radio Bilingüe"), row_of(orgs, "Hmong TV Network"))
    with qtbot.waitSignal(window.dashboard.feed.ready, timeout=20_000):
        orgs.set_selected()
    qtbot.waitUntil(lambda: window.dashboard.tiles["ethnic_media_organizations"].value.text() == "2")


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
def test_the_window_fits_a_1366_by_768_laptop(
    window: MainWindow, fresno: Event, qapp: QApplication, high_contrast: bool
) -> None:
    theme.apply_theme(qapp, high_contrast)
    try:
        orgs = window.open_organizations()
        width, height = LAPTOP
        assert orgs.width() <= width and orgs.height() <= height - TASKBAR_AND_TITLE
        hint = orgs.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height - TASKBAR_AND_TITLE
        assert orgs.table.editTriggers() & QAbstractItemView.EditTrigger.EditKeyPressed
    finally:
        qapp.setStyleSheet("")


def test_screenshot_of_the_demo_convenings_organizations(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, shots: Path
) -> None:
    kiosk = Kiosk.open(tmp_path / "demo", "Table A")
    theme.apply_theme(qapp, False)
    try:
        build_demo(kiosk, registrants=300)
        window = MainWindow(kiosk, kiosk.events.current())
        qtbot.addWidget(window)
        window.timer.stop()
        window.resize(*LAPTOP)
        window.show()
        orgs = window.open_organizations()
        qtbot.waitExposed(orgs)
        select_rows(orgs, 2, 4, 5)
        orgs.set_selected()
        assert orgs.message.text() == "3 organizations now counted as Ethnic and community media."
        assert orgs.grab().save(str(shots / "organizations.png"))
        # The laptop's screen: the main window filling it, the organizations window centred over it.
        screen = window.grab()
        painter = QPainter(screen)
        painter.drawPixmap((LAPTOP[0] - orgs.width()) // 2, (LAPTOP[1] - orgs.height()) // 2, orgs.grab())
        painter.end()
        assert screen.save(str(shots / "organizations-1366x768.png"))
        name_column = orgs.table.horizontalHeader().sectionSize(NAME)
        assert name_column >= 380, name_column  # most names whole
        orgs.close()
        window.dashboard.close_watch()
    finally:
        qapp.setStyleSheet("")
        kiosk.close()


def test_languages_typed_in_the_table_are_saved_and_counted_as_served(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, fresno: Event
) -> None:
    orgs = window.open_organizations()
    model = orgs.table.model()
    cell = model.index(row_of(orgs, "Hmong TV Network"), LANGUAGES)

    orgs.table.setCurrentIndex(cell)
    orgs.table.edit(cell)
    editor = orgs.table.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit) and editor.text() == ""
    editor.setText("Hmong, English")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next turn of the event loop

    qtbot.waitUntil(lambda: model.index(row_of(orgs, "Hmong TV Network"), LANGUAGES).data() == "Hmong, English")
    assert kiosk.organizations.roster(fresno.id)[1].languages == ("hmn", "en")
    assert organization_entries(kiosk)[-1] == {"languages": ["hmn", "en"]}
    assert orgs.message.text() == "Hmong TV Network now serves Hmong, English."


def test_a_language_no_one_knows_is_refused_in_the_window_and_nothing_changes(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, fresno: Event
) -> None:
    orgs = window.open_organizations()
    cell = orgs.table.model().index(row_of(orgs, "Fresno Center"), LANGUAGES)

    assert not orgs.table.model().setData(cell, "Hmong, Elvish")

    assert orgs.message.text().startswith("Not changed: Fresno Center: not a language: 'Elvish'")
    assert kiosk.organizations.roster(fresno.id)[0].languages == ()
