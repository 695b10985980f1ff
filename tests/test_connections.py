"""Partner connections: two badge holders, each one's consent, and the counts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.connections import AlreadyConnected, SameBadgeTwice
from kiosk.core.services.contributions import reading
from kiosk.core.services.registrants import RegistrantDraft


def _person(kiosk: Kiosk, event: Event, first: str, org: str | None) -> str:
    org_id = kiosk.organizations.find_or_create(org).id if org else None
    (p,) = kiosk.registrants.register_many(
        event.id, [RegistrantDraft(first_name=first, organization_id=org_id, email=f"{first.lower()}@example.org")]
    )
    return p.id


def test_a_connection_with_both_consents_shares_both_contacts(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", "Saigon Media")
    made = kiosk.connections.connect(event.id, ana, bao, True, True)
    assert made.cross_organization
    assert made.details_for_second() is not None and made.details_for_second().email == "ana@example.org"
    assert made.details_for_first() is not None and made.details_for_first().email == "bao@example.org"
    (listed,) = kiosk.connections.list(event.id)
    assert (listed.first.name, listed.second.name, listed.first_consents, listed.second_consents) == (
        "Ana", "Bao", True, True,
    )  # fmt: skip


def test_without_consent_a_connection_is_recorded_but_shares_nothing(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", "Saigon Media")
    made = kiosk.connections.connect(event.id, ana, bao, False, True)
    assert made.details_for_second() is None
    assert made.details_for_first() is not None
    counts = kiosk.connections.counts(event.id)
    assert (counts.connections, counts.contacts_shared) == (1, 0)


def test_one_badge_twice_and_the_same_pair_twice_are_refused(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", "Saigon Media")
    with pytest.raises(SameBadgeTwice):
        kiosk.connections.connect(event.id, ana, ana, True, True)
    kiosk.connections.connect(event.id, ana, bao, True, True)
    with pytest.raises(AlreadyConnected):
        kiosk.connections.connect(event.id, bao, ana, True, True)
    assert kiosk.connections.already_connected(event.id, bao, ana)


def test_someone_without_an_organization_connects_but_not_across_organizations(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", None)
    made = kiosk.connections.connect(event.id, ana, bao, True, False)
    assert not made.cross_organization and made.second.organization_id is None
    counts = kiosk.connections.counts(event.id)
    assert (counts.connections, counts.cross_organization, counts.organization_pairs) == (1, 0, 0)
    (listed,) = kiosk.connections.list(event.id)
    assert (listed.first.name, listed.second.name) == ("Ana", "Bao")


def test_the_second_person_and_both_answers_are_columns_not_a_note(kiosk: Kiosk, event: Event) -> None:
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", "Saigon Media")
    kiosk.connections.connect(event.id, ana, bao, False, True)
    with reading(kiosk.ctx.store) as db:
        row = db.execute("SELECT registrant_id, to_registrant_id, from_consents, to_consents, note FROM connection")
        assert row.fetchall() == [(ana, bao, 0, 1, "")]


def test_a_connection_in_the_old_note_form_still_reads_and_still_counts_as_made(kiosk: Kiosk, event: Event) -> None:
    """What a station still on schema 0005 sends by sync: the second person and answers in the note."""
    ana, bao = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Bao", "Saigon Media")
    made = kiosk.connections.connect(event.id, ana, bao, True, True)
    with kiosk.ctx.store.write() as db:
        db.execute(
            "UPDATE connection SET to_registrant_id = NULL, from_consents = 0, to_consents = 0, "
            """note = '{"consent": [true, false], "v": 1, "with": "' || ? || '"}' WHERE id = ?""",
            (bao, made.id),
        )
    (listed,) = kiosk.connections.list(event.id)
    assert (listed.second.name, listed.first_consents, listed.second_consents) == ("Bao", True, False)
    assert kiosk.connections.already_connected(event.id, bao, ana)


def test_counts_of_new_cross_organization_connections(kiosk: Kiosk, event: Event) -> None:
    ana, ana2 = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Amy", "Fresno Center")
    bao, bo = _person(kiosk, event, "Bao", "Saigon Media"), _person(kiosk, event, "Bo", "Saigon Media")
    kiosk.connections.connect(event.id, ana, ana2, True, True)  # same organization
    kiosk.connections.connect(event.id, ana, bao, True, True)
    kiosk.connections.connect(event.id, ana2, bo, False, False)  # the same two organizations again
    counts = kiosk.connections.counts(event.id)
    assert (counts.connections, counts.cross_organization, counts.organization_pairs) == (3, 2, 1)


def test_upgrading_a_0005_file_moves_the_note_into_columns(data_dir: Path) -> None:
    from alembic import command

    from kiosk.core.paths import DB_FILENAME
    from kiosk.core.store import alembic_config, make_engine

    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / DB_FILENAME
    engine = make_engine(path)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005")
    engine.dispose()
    db = sqlite3.connect(path)
    with db:
        db.execute("INSERT INTO event (id, name, slug, date, city, venue, region, kind, series, field_clocks, "
                   "ticket_key) VALUES ('e', 'Fresno', 'fresno', '2025-05-14', 'Fresno', '', '', 'regional', '', "
                   "'{}', '00')")  # fmt: skip
        db.execute("INSERT INTO organization (id, name, normalized_name, sector, languages, region, field_clocks) "
                   "VALUES ('o1', 'A', 'a', 'community_based', '[]', '', '{}'), "
                   "('o2', 'B', 'b', 'community_based', '[]', '', '{}')")  # fmt: skip
        for rid, org in (("r1", "o1"), ("r2", "o2")):
            db.execute(
                "INSERT INTO registrant (id, event_id, first_name, last_name, preferred_name, pronouns, email, phone, "
                "organization_id, title, role, languages, accessibility_needs, photo_consent, external_ids, "
                "ticket_code, status, walk_in, created_at, field_clocks) VALUES (?, 'e', ?, '', '', '', '', '', ?, "
                "'', 'attendee', '[]', '', NULL, '{}', ?, 'registered', 0, '2025-05-14T09:00:00.000000+00:00', '{}')",
                (rid, rid.upper(), org, f"K{rid}"),
            )
        db.execute(
            "INSERT INTO connection (id, event_id, from_organization_id, to_organization_id, registrant_id, "
            "station_id, note, created_at, field_clocks) VALUES ('c', 'e', 'o1', 'o2', 'r1', 's', ?, "
            "'2025-05-14T10:00:00.000000+00:00', ?)",
            (json.dumps({"v": 1, "with": "r2", "consent": [True, False]}), json.dumps({"note": "0001-stamp"})),
        )
    db.close()
    station = Kiosk.open(data_dir, "Table A")
    try:
        with reading(station.ctx.store) as conn:
            row = conn.execute(
                "SELECT to_registrant_id, from_consents, to_consents, note, field_clocks FROM connection"
            ).fetchone()
        assert row[:4] == ("r2", 1, 0, "")
        assert json.loads(row[4])["to_consents"] == "0001-stamp"
        (listed,) = station.connections.list("e")
        assert (listed.second.name, listed.first_consents, listed.cross_organization) == ("R2", True, True)
    finally:
        station.close()


def _merge(kiosk: Kiosk, kept: str, duplicate: str) -> None:
    kiosk.merges.merge(kept, duplicate, "Mai", "same person: the walk-in had registered online")


def test_after_a_merge_a_connection_shows_and_counts_the_kept_person(kiosk: Kiosk, event: Event) -> None:
    ana = _person(kiosk, event, "Ana", "Saigon Media")
    typo = _person(kiosk, event, "Anna", "Saigon Meda")  # her walk-in duplicate, the organization mistyped
    bao = _person(kiosk, event, "Bao", "Saigon Media")
    kiosk.connections.connect(event.id, typo, bao, True, True)
    assert kiosk.connections.counts(event.id).cross_organization == 1  # as the duplicate had it

    _merge(kiosk, ana, typo)

    (listed,) = kiosk.connections.list(event.id)
    assert (listed.first.registrant_id, listed.first.name, listed.first.organization) == (ana, "Ana", "Saigon Media")
    assert not listed.cross_organization
    counts = kiosk.connections.counts(event.id)
    assert (counts.connections, counts.cross_organization, counts.organization_pairs) == (1, 0, 0)
    with reading(kiosk.ctx.store) as db:  # derived when read: the stored row syncs as it is
        assert db.execute("SELECT registrant_id FROM connection").fetchall() == [(typo,)]


def test_after_a_merge_the_kept_person_is_already_connected_and_counted_once(kiosk: Kiosk, event: Event) -> None:
    ana, typo = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Anna", "Fresno Centre")
    bao = _person(kiosk, event, "Bao", "Saigon Media")
    kiosk.connections.connect(event.id, typo, bao, True, False)
    _merge(kiosk, ana, typo)

    assert kiosk.connections.already_connected(event.id, ana, bao)
    assert kiosk.connections.already_connected(event.id, bao, typo)
    with pytest.raises(AlreadyConnected, match="Bao and Ana are already connected"):
        kiosk.connections.connect(event.id, bao, ana, True, True)
    counts = kiosk.connections.counts(event.id)
    assert (counts.connections, counts.cross_organization, counts.contacts_shared) == (1, 1, 0)


def test_the_same_two_people_count_once_when_two_stations_each_recorded_them(
    kiosk: Kiosk, event: Event, tmp_path: Path
) -> None:
    """Two stations apart each let the pair connect (one by the duplicate's badge); once synced and merged,
    the pair is one connection, the earliest, at both."""
    from kiosk.core.sync.protocol import exchange

    ana, typo = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Anna", "Fresno Centre")
    bao, mai = _person(kiosk, event, "Bao", "Saigon Media"), _person(kiosk, event, "Mai", "Hmong Daily")
    other = Kiosk.open(tmp_path / "table-b", "Table B")
    try:
        exchange(kiosk.ctx, other.ctx)
        first = kiosk.connections.connect(event.id, typo, bao, True, True)
        other.connections.connect(event.id, bao, ana, False, False)  # apart: the same two people
        kiosk.connections.connect(event.id, mai, bao, True, True)
        other.connections.connect(event.id, mai, bao, True, True)  # the same pair, no merge needed
        _merge(kiosk, ana, typo)
        exchange(kiosk.ctx, other.ctx)

        for station in (kiosk, other):
            listed = station.connections.list(event.id)
            assert [(c.first.name, c.second.name) for c in listed] == [("Ana", "Bao"), ("Mai", "Bao")]
            assert listed[0].id == first.id
            counts = station.connections.counts(event.id)
            assert (counts.connections, counts.cross_organization, counts.organization_pairs) == (2, 2, 2)
            assert counts.contacts_shared == 2
    finally:
        other.close()


def test_a_person_never_connects_with_themself(kiosk: Kiosk, event: Event) -> None:
    ana, typo = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Anna", "Saigon Media")
    kiosk.connections.connect(event.id, ana, typo, True, True)  # before anyone saw they were one person
    _merge(kiosk, ana, typo)

    assert kiosk.connections.list(event.id) == []
    counts = kiosk.connections.counts(event.id)
    assert (counts.connections, counts.cross_organization, counts.organization_pairs) == (0, 0, 0)
    with pytest.raises(SameBadgeTwice, match="both badges are Ana's"):
        kiosk.connections.connect(event.id, typo, ana, True, True)
    assert not kiosk.connections.already_connected(event.id, ana, typo)


def test_undoing_a_merge_gives_each_record_its_own_connections_back(kiosk: Kiosk, event: Event) -> None:
    ana, typo = _person(kiosk, event, "Ana", "Fresno Center"), _person(kiosk, event, "Anna", "Fresno Centre")
    bao = _person(kiosk, event, "Bao", "Saigon Media")
    kiosk.connections.connect(event.id, typo, bao, True, True)
    _merge(kiosk, ana, typo)
    assert [c.first.name for c in kiosk.connections.list(event.id)] == ["Ana"]

    kiosk.merges.undo(typo, "Mai", "two people after all")

    assert [(c.first.name, c.first.organization) for c in kiosk.connections.list(event.id)] == [
        ("Anna", "Fresno Centre")
    ]
    assert not kiosk.connections.already_connected(event.id, ana, bao)
    kiosk.connections.connect(event.id, ana, bao, True, True)
    assert kiosk.connections.counts(event.id).connections == 2
