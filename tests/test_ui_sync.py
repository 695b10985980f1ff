"""The app's sync: the status-bar line, Sync now and pairing with an in-process hub, and the conflicts
view (a duplicate check-in voided, a possible duplicate walk-in merged). Screenshots go to
KIOSK_SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bundle_support import run_bundle
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot
from starlette.testclient import TestClient
from sync_support import open_station

from kiosk.core.models import Event, RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.sync.client import pair, pairing_text, sync_now
from kiosk.hub.app import create_app
from kiosk.hub.store import HubStore
from kiosk.ui import conflicts_view
from kiosk.ui.main_window import MainWindow
from kiosk.ui.sync_status import SyncState, SyncStatusLabel, describe

HUB = "http://hub.test"


@dataclass
class Venue:
    a: Kiosk
    b: Kiosk
    event: Event
    hub: HubStore
    http: TestClient
    window: MainWindow


@pytest.fixture
def venue(qtbot: QtBot, tmp_path: Path) -> Iterator[Venue]:
    """Station A in its window (not paired yet), station B without one, a hub, and an event at A."""
    a = open_station(tmp_path, tmp_path / "a", "Table A")
    b = open_station(tmp_path, tmp_path / "b", "Table B")
    event = a.events.create(
        name="Fresno Regional Convening", slug="fresno-2026", date=dt.date(2026, 4, 23), city="Fresno"
    )
    a.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="Ana", last_name="Ruiz", email="ana@example.org"),
            RegistrantDraft(first_name="Bao", last_name="Tran"),
        ],
    )
    a.events.choose(event.slug)
    hub = HubStore(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    with TestClient(create_app(hub), base_url=HUB) as http:
        window = MainWindow(a, event)
        qtbot.addWidget(window)
        window.timer.stop()
        window.sync.http = window.sync.controller.http = lambda: http
        window.resize(1280, 800)
        yield Venue(a, b, event, hub, http, window)
        window.sync.close()
        window.close()
    hub.close()
    a.close()
    b.close()


def shot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KIOSK_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pair_window(qtbot: QtBot, venue: Venue) -> None:
    dialog = venue.window.sync.open_pair(discover=False)
    dialog.code.setText(pairing_text(HUB, venue.hub.network, venue.hub.new_pairing_token()))
    with qtbot.waitSignal(dialog.paired, timeout=10_000):
        dialog.submit()


def wait_for_text(qtbot: QtBot, venue: Venue, start: str) -> None:
    label = venue.window.sync.label
    venue.window.sync.controller.refresh()
    qtbot.waitUntil(lambda: label.text().startswith(start), timeout=10_000)


def test_status_line_says_how_to_pair_when_not_paired(qtbot: QtBot, venue: Venue) -> None:
    label = venue.window.sync.label
    qtbot.waitUntil(lambda: label.text() == "Not paired — Sync → Pair with a hub…", timeout=5_000)
    assert label.accessibleName() == "Sync status"
    assert "Not paired with a hub" in label.toolTip()


def test_status_line_counts_waiting_entries_and_when_the_last_sync_was() -> None:
    now = dt.datetime(2026, 4, 23, 17, 0, tzinfo=dt.UTC)
    state = SyncState(True, "http://192.168.1.10:8765", now - dt.timedelta(minutes=2), 14)
    assert describe(state, now) == "Synced 2 min ago · 14 waiting · hub: 192.168.1.10"
    assert describe(SyncState(True, "http://192.168.1.10:8765", None, 3, error="x"), now).startswith(
        "Hub not reachable, working offline · 3 waiting"
    )


def test_a_peer_named_like_markup_shows_as_typed_in_the_status_tooltip(qtbot: QtBot) -> None:
    label = SyncStatusLabel()
    qtbot.addWidget(label)
    now = dt.datetime.now(dt.UTC)
    label.show_state(SyncState(True, "http://hub", now, 0, peers=(("<b>Door</b> 1", now),)))
    shown = QTextDocument()
    shown.setHtml(label.toolTip())
    assert "<b>Door</b> 1: just now" in shown.toPlainText()


def test_pairing_then_sync_now_updates_the_status_line(qtbot: QtBot, venue: Venue, tmp_path: Path) -> None:
    pair_window(qtbot, venue)
    wait_for_text(qtbot, venue, "Synced just now · 0 waiting · hub: hub.test")
    venue.a.checkins.check_in(venue.a.search.registrants(venue.event.id, "Bao")[0].registrant_id)
    wait_for_text(qtbot, venue, "Synced just now · 1 waiting")
    venue.window.statusBar().grab().save(str(shot_dir(tmp_path) / "sync-status-waiting.png"))
    with qtbot.waitSignal(venue.window.sync.controller.synced, timeout=10_000):
        assert venue.window.sync.sync_now()
    wait_for_text(qtbot, venue, "Synced just now · 0 waiting · hub: hub.test")
    assert "hub: just now" in venue.window.sync.label.toolTip()
    venue.window.statusBar().grab().save(str(shot_dir(tmp_path) / "sync-status-synced.png"))


def test_an_unreachable_hub_is_said_calmly(qtbot: QtBot, venue: Venue) -> None:
    pair_window(qtbot, venue)
    venue.window.sync.controller.http = lambda: None  # the real network: hub.test does not exist
    with qtbot.waitSignal(venue.window.sync.controller.sync_failed, timeout=30_000):
        venue.window.sync.sync_now()
    wait_for_text(qtbot, venue, "Hub not reachable, working offline")
    assert "cannot reach the hub" in venue.window.sync.label.toolTip()


def two_stations_checked_in_ana(qtbot: QtBot, venue: Venue) -> str:
    pair_window(qtbot, venue)
    qtbot.waitUntil(lambda: not venue.window.sync.controller.is_syncing(), timeout=10_000)
    pair(venue.b.ctx, HUB, venue.hub.new_pairing_token(), http=venue.http)
    sync_now(venue.b.ctx, http=venue.http)
    ana = venue.b.search.registrants(venue.event.id, "Ana")[0].registrant_id
    venue.a.checkins.check_in(ana)
    venue.b.checkins.check_in(ana)
    sync_now(venue.b.ctx, http=venue.http)
    # A sync started by A's own check-in may still be in flight: sync_now then asks for one more round,
    # and the first `synced` would come from a pull made before B's push. Wait for the last round.
    controller = venue.window.sync.controller
    assert venue.window.sync.sync_now()
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=10_000)
    return ana


def open_conflicts(qtbot: QtBot, venue: Venue) -> conflicts_view.ConflictsView:
    with qtbot.waitSignal(venue.window.sync.controller.state_read, timeout=5_000):
        venue.window.sync.controller.refresh()
    view = venue.window.sync.open_conflicts()
    qtbot.waitSignal(view.loaded, timeout=10_000).wait()
    return view


def reloaded(qtbot: QtBot, view: conflicts_view.ConflictsView) -> None:
    qtbot.waitSignal(view.loaded, timeout=10_000).wait()


def test_conflicts_view_lists_a_duplicate_check_in_from_two_stations_and_voids_one(
    qtbot: QtBot, venue: Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = two_stations_checked_in_ana(qtbot, venue)
    view = open_conflicts(qtbot, venue)
    assert view.tabs.tabText(0) == "Duplicate check-ins (1)"
    rows = [[view.checkins.item(r, c).text() for c in range(4)] for r in range(view.checkins.rowCount())]
    assert [r[0] for r in rows] == ["Ana Ruiz", "Ana Ruiz"]
    assert sorted(r[1] for r in rows) == ["Table A", "Table B"]
    assert rows[0][3] == "Yes (earliest)" and rows[1][3] == "No: a duplicate"
    view.resize(900, 420)
    view.grab().save(str(shot_dir(tmp_path) / "conflicts-duplicate-checkins.png"))
    asked: list[str] = []
    monkeypatch.setattr(conflicts_view, "ask_void_reason", lambda who, parent: asked.append(who) or "scanned twice")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert view.void_selected()
    assert asked == ["Ana Ruiz"]
    assert view.tabs.tabText(0) == "Duplicate check-ins (0)"
    assert view.checkins.rowCount() == 0
    assert venue.a.events.figures(venue.event.id).checked_in == 1
    assert venue.a.search.registrants(venue.event.id, "Ana")[0].registrant_id == ana


def test_a_possible_duplicate_walk_in_is_merged_from_the_conflicts_view(
    qtbot: QtBot, venue: Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venue.a.desk.register_walk_in(venue.event, "Ana", "Ruiz", email="ana@example.org", operator="Mai")
    view = open_conflicts(qtbot, venue)
    view.tabs.setCurrentIndex(2)
    assert view.tabs.tabText(2) == "Possible duplicate walk-ins (1)"
    assert [view.walk_ins.item(0, c).text() for c in range(4)] == [
        "Ana Ruiz (ana@example.org, walk-in)",
        "Ana Ruiz (ana@example.org, registered)",
        "same email and same name",
        "the walk-in",
    ]
    assert view.merge_button.text() == "Merge into Ana Ruiz…"
    assert view.merge_button.accessibleName()
    view.resize(900, 420)
    view.grab().save(str(shot_dir(tmp_path) / "conflicts-walk-ins.png"))
    pair_shown = view.selected_pair()
    assert pair_shown is not None
    dialog = conflicts_view.MergeDialog(pair_shown, view)
    assert not dialog.merge_button.isEnabled()
    dialog.reason.setText("same email")
    assert dialog.merge_button.isEnabled()
    dialog.grab().save(str(shot_dir(tmp_path) / "conflicts-merge-dialog.png"))
    monkeypatch.setattr(conflicts_view, "ask_merge_reason", lambda pair, parent: "same email, registered online")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert view.merge_selected()
    assert view.tabs.tabText(2) == "Possible duplicate walk-ins (0)"
    walk_in = venue.a.registrants.get(pair_shown.walk_in.registrant_id)
    assert (walk_in.status, walk_in.merged_into) == (RegistrantStatus.MERGED, pair_shown.other.registrant_id)
    figures = venue.a.events.figures(venue.event.id)
    assert (figures.registered, figures.walk_ins, figures.checked_in) == (2, 0, 1)

    # A merge made by mistake is undone from its own tab.
    view.tabs.setCurrentIndex(3)
    assert view.tabs.tabText(3) == "Merges (1)"
    assert [view.merges.item(0, c).text() for c in range(4)] == [
        "Ana Ruiz",
        "Ana Ruiz",
        "same email, registered online",
        view.operator(),
    ]
    assert view.merges.item(0, 4).text()  # when, in the event's time
    view.grab().save(str(shot_dir(tmp_path) / "conflicts-merges.png"))
    asked: list[str] = []
    monkeypatch.setattr(
        conflicts_view, "ask_unmerge_reason", lambda record, parent: asked.append(record.kept_name) or "two Anas"
    )
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert view.unmerge_selected()
    assert asked == ["Ana Ruiz"]
    assert (view.tabs.tabText(3), view.tabs.tabText(2)) == ("Merges (0)", "Possible duplicate walk-ins (1)")
    assert not view.unmerge_button.isEnabled()
    walk_in = venue.a.registrants.get(pair_shown.walk_in.registrant_id)
    assert (walk_in.status, walk_in.merged_into) == (RegistrantStatus.REGISTERED, None)
    figures = venue.a.events.figures(venue.event.id)
    assert (figures.registered, figures.walk_ins, figures.checked_in) == (3, 1, 1)


def import_at_a(qtbot: QtBot, venue: Venue, path: Path) -> bool:
    """Import a bundle from table A's Sync menu and wait for it (it runs on a worker thread)."""
    return run_bundle(qtbot, venue.window.sync, lambda: venue.window.sync.import_bundle(path))


def test_every_sync_menu_item_is_there(venue: Venue) -> None:
    texts = [a.text() for a in venue.window.sync.menu.actions() if not a.isSeparator()]
    assert texts == ["Sync &now", "&Pair with a hub…", "&Export bundle…", "&Import bundle…", "&Conflicts…"]


def test_a_bundle_exported_from_the_menu_imports_at_another_station_and_a_bad_one_is_refused_plainly(
    qtbot: QtBot, venue: Venue, tmp_path: Path
) -> None:
    menu = venue.window.sync
    path = tmp_path / "a.kiosk"
    assert run_bundle(qtbot, menu, lambda: menu.export_bundle(path))
    assert menu.last_message.startswith("Wrote ")
    from kiosk.core.sync.bundle import import_bundle

    assert import_bundle(venue.b.ctx, path).new > 0
    bad = tmp_path / "bad.kiosk"
    bad.write_bytes(path.read_bytes()[:100])
    assert not run_bundle(qtbot, menu, lambda: menu.import_bundle(bad))
    assert venue.window.sync.last_message.startswith("Nothing was imported: bad.kiosk is truncated")


def test_a_bundle_whose_event_has_this_events_slug_says_which_event_keeps_it(
    qtbot: QtBot, venue: Venue, tmp_path: Path
) -> None:
    from kiosk.core.sync.bundle import export_bundle

    venue.b.events.create(name="Fresno (Table B)", slug="fresno-2026", date=dt.date(2026, 4, 23), city="Fresno")
    path = export_bundle(venue.b.ctx, tmp_path / "b.kiosk").path
    assert import_at_a(qtbot, venue, path)
    assert (
        "Slug given twice: 'fresno-2026' stays with the event 'Fresno Regional Convening' (made first); the event "
        "'Fresno (Table B)' is now 'fresno-2026-"
    ) in venue.window.sync.last_message


def test_a_competing_edit_of_an_organization_names_it_and_the_stations(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.core.replica import UPSERT
    from kiosk.core.sync.protocol import exchange

    a = open_station(tmp_path, tmp_path / "a", "Table A")
    b = open_station(tmp_path, tmp_path / "b", "Table B")
    try:
        event = a.events.create(name="Fresno", slug="fresno-2025", date=dt.date(2025, 5, 14), city="Fresno")
        org = a.organizations.create("Fresno Center")
        exchange(a.ctx, b.ctx)
        for station, region in ((a, "Central Valley"), (b, "San Joaquin Valley")):
            with station.ctx.transaction() as w:
                w.record("organization", org.id, UPSERT, {"region": region})
        exchange(a.ctx, b.ctx)
        view = conflicts_view.ConflictsView(a, event, lambda: "")
        qtbot.addWidget(view)
        qtbot.waitSignal(view.loaded, timeout=10_000).wait()
        cells = [view.edits.item(0, c).text() for c in range(5)]
        assert cells[0] == "Organization Fresno Center" and cells[1] == "Region"
        assert cells[3].startswith("Table B, ") and cells[4].startswith("Central Valley (Table A, ")
    finally:
        a.close()
        b.close()


def test_a_clock_set_behind_the_other_stations_is_said_first_in_the_status_line(tmp_path: Path) -> None:
    from kiosk.core.hlc import Timestamp, wall_ms
    from kiosk.core.settings import CLOCK_HIGH, put_setting
    from kiosk.ui.sync_status import read_state

    a = open_station(tmp_path, tmp_path / "a", "Table A")
    try:
        assert describe(read_state(a)).startswith("Not paired")  # nothing seen ahead: nothing to say
        with a.ctx.store.write() as db:  # another station's entries, stamped three hours after this clock
            put_setting(db, CLOCK_HIGH, Timestamp(wall_ms() + 3 * 3600 * 1000, 0).encode())
        line = describe(read_state(a))
        assert line.startswith("This laptop's clock is 3 hours behind the other stations: set its date and time")
        assert "unless it is right and another station's runs ahead" in line  # a fast peer moves the stamps too
    finally:
        a.close()


def merged_both_ways(qtbot: QtBot, venue: Venue) -> tuple[str, str]:
    """Ana registered online (at A) and walked in at B; A merges the walk-in into her record, then B, not
    having heard of it, merges her record into the walk-in; both sync. Returns (walk-in id, registered id)."""
    from kiosk.core.sync.conflicts import possible_duplicate_walk_ins

    pair_window(qtbot, venue)
    qtbot.waitUntil(lambda: not venue.window.sync.controller.is_syncing(), timeout=10_000)
    pair(venue.b.ctx, HUB, venue.hub.new_pairing_token(), http=venue.http)
    sync_now(venue.b.ctx, http=venue.http)
    venue.b.desk.register_walk_in(venue.event, "<b>Ana</b>", "Ruiz", email="ana@example.org", operator="Mai")
    sync_now(venue.b.ctx, http=venue.http)
    controller = venue.window.sync.controller
    assert venue.window.sync.sync_now()
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=10_000)
    (found,) = possible_duplicate_walk_ins(venue.a.ctx, venue.event.id)
    walk_in, registered = found.walk_in.registrant_id, found.other.registrant_id
    venue.a.merges.merge(registered, walk_in, "Mai", "same email")
    venue.b.merges.merge(walk_in, registered, "Lee", "keep the walk-in")
    sync_now(venue.b.ctx, http=venue.http)
    assert venue.window.sync.sync_now()
    qtbot.waitUntil(lambda: not controller.is_syncing(), timeout=10_000)
    return walk_in, registered


def test_a_merge_undone_by_sync_is_listed_under_merges_with_why(qtbot: QtBot, venue: Venue, tmp_path: Path) -> None:
    walk_in, registered = merged_both_ways(qtbot, venue)
    assert venue.a.registrants.get(walk_in).status == RegistrantStatus.MERGED  # A's earlier merge stands
    assert venue.a.registrants.get(registered).status == RegistrantStatus.REGISTERED  # B's later merge undone
    view = open_conflicts(qtbot, venue)
    view.resize(1266, 600)
    view.tabs.setCurrentIndex(3)
    view.grab().save(str(shot_dir(tmp_path) / "conflicts-merge-undone-by-sync.png"))
    assert view.tabs.tabText(3) == "Merges (1)"
    rows = [[view.merges.item(r, c).text() for c in range(6)] for r in range(view.merges.rowCount())]
    assert rows[0][:4] == ["<b>Ana</b> Ruiz", "Ana Ruiz", "same email", "Mai"] and rows[0][5] == ""
    assert rows[1][:4] == ["Ana Ruiz", "<b>Ana</b> Ruiz", "keep the walk-in", "Lee"]
    assert rows[1][5].startswith("Undone by sync at ") and "also merged the other way at another station" in rows[1][5]
    tip = QTextDocument()
    tip.setHtml(view.merges.item(1, 1).toolTip())
    assert tip.toPlainText() == "<b>Ana</b> Ruiz"
    assert "1 merge was undone by sync" in view.summary.text()
    # The undo's bookkeeping is not a competing edit of internal fields (merged_into, merge_reason...).
    assert view.tabs.tabText(1) == "Competing edits (0)"
    view.merges.selectRow(1)
    assert not view.unmerge_button.isEnabled() and not view.unmerge_selected()
    view.merges.selectRow(0)
    assert view.unmerge_button.isEnabled()


def test_a_merge_undone_by_staff_says_who_and_why(qtbot: QtBot, venue: Venue, monkeypatch: pytest.MonkeyPatch) -> None:
    venue.a.desk.register_walk_in(venue.event, "Ana", "Ruiz", email="ana@example.org", operator="Mai")
    view = open_conflicts(qtbot, venue)
    monkeypatch.setattr(conflicts_view, "ask_merge_reason", lambda pair, parent: "same email")
    monkeypatch.setattr(conflicts_view, "ask_unmerge_reason", lambda record, parent: "two Anas")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert view.merge_selected()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert view.unmerge_selected()
    assert view.merges.rowCount() == 1 and view.tabs.tabText(3) == "Merges (0)"
    assert view.merges.item(0, 5).text().endswith(f"{view.operator()} at {view.merges.item(0, 4).text()}: two Anas")


def test_a_slug_given_twice_by_a_bundle_is_listed_in_the_conflicts_window(
    qtbot: QtBot, venue: Venue, tmp_path: Path
) -> None:
    from kiosk.core.sync.bundle import export_bundle

    venue.b.events.create(name="<b>Fresno</b> (B)", slug="fresno-2026", date=dt.date(2026, 4, 23), city="Fresno")
    assert import_at_a(qtbot, venue, export_bundle(venue.b.ctx, tmp_path / "b.kiosk").path)
    assert venue.window.sync.last_message.startswith("2 new entries of 2; 2 applied.")
    view = open_conflicts(qtbot, venue)
    view.resize(1266, 600)
    view.tabs.setCurrentIndex(4)
    view.grab().save(str(shot_dir(tmp_path) / "conflicts-given-twice.png"))
    assert view.tabs.tabText(4) == "Given twice (1)"
    cells = [view.given.item(0, c).text() for c in range(5)]
    assert cells[:4] == [
        "Event slug",
        "fresno-2026",
        "Fresno Regional Convening (Table A)",
        "<b>Fresno</b> (B) (Table B)",
    ]
    assert cells[4].startswith("fresno-2026-")
    assert "1 slug or ticket code given twice" in view.summary.text()


def test_a_bundle_of_one_new_entry_says_entry(qtbot: QtBot, venue: Venue, tmp_path: Path) -> None:
    from kiosk.core.sync.bundle import export_bundle, import_bundle

    import_bundle(venue.b.ctx, export_bundle(venue.a.ctx, tmp_path / "a.kiosk").path)
    assert import_at_a(qtbot, venue, export_bundle(venue.b.ctx, tmp_path / "b0.kiosk").path)  # B's station
    venue.b.checkins.check_in(venue.b.search.registrants(venue.event.id, "Bao")[0].registrant_id)
    assert import_at_a(qtbot, venue, export_bundle(venue.b.ctx, tmp_path / "b.kiosk").path)
    assert venue.window.sync.last_message.startswith("1 new entry of ")
