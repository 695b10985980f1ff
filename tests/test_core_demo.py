"""The demo series: the nine convenings of the report, every sector, names in many scripts, fixed by its seed."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.core.demo import CONVENINGS, build_demo
from kiosk.core.errors import InvalidInput
from kiosk.core.models import EventKind, Sector
from kiosk.core.services import Kiosk

CONTENT = text(
    "SELECT e.slug, r.first_name, r.last_name, r.preferred_name, r.pronouns, r.email, r.phone, o.name, r.title, "
    "r.role, r.languages, r.accessibility_needs, r.photo_consent, r.external_ids, r.status, r.walk_in, "
    "(SELECT count(*) FROM checkin c WHERE c.registrant_id = r.id), "
    "(SELECT min(c.at) FROM checkin c WHERE c.registrant_id = r.id) "
    "FROM registrant r JOIN event e ON e.id = r.event_id LEFT JOIN organization o ON o.id = r.organization_id"
)


def built(folder: Path, seed: int, registrants: int = 40) -> Kiosk:
    kiosk = Kiosk.open(folder, "Demo")
    build_demo(kiosk, seed=seed, registrants=registrants)
    return kiosk


def content(kiosk: Kiosk) -> list[tuple[object, ...]]:
    with kiosk.ctx.store.session() as s:
        return sorted(tuple(row) for row in s.connection().execute(CONTENT))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    kiosk = built(tmp_path_factory.mktemp("demo"), seed=11)
    yield kiosk
    kiosk.close()


def test_the_demo_holds_the_nine_convenings_of_the_report(demo: Kiosk) -> None:
    events = demo.events.all()
    assert [e.slug for e in events] == [c.slug for c in CONVENINGS]
    assert [e.kind for e in events].count(EventKind.REGIONAL) == 8
    assert [e.kind for e in events].count(EventKind.STATEWIDE) == 1
    assert demo.events.current().slug == "statewide-2026"


def test_the_demo_has_organizations_of_every_sector(demo: Kiosk) -> None:
    assert {o.sector for o in demo.organizations.all()} == set(Sector)


def test_demo_names_span_many_languages_and_scripts(demo: Kiosk) -> None:
    rows = content(demo)
    languages = {code for row in rows for code in row[10]}  # type: ignore[attr-defined]
    scripts = {unicodedata.name(row[2][0]).split()[0] for row in rows if row[2]}  # type: ignore[index]
    assert len(languages) >= 12
    assert {"LATIN", "CJK", "HANGUL", "ARMENIAN", "ARABIC", "CYRILLIC", "GURMUKHI", "DEVANAGARI", "KHMER"} <= scripts


def test_demo_has_short_names_and_long_ones(demo: Kiosk) -> None:
    rows = content(demo)
    last_names = {row[2] for row in rows}
    assert {"Li", "Ng"} & last_names
    assert max(len(f"{row[1]} {row[2]}") for row in rows) >= 30


def test_the_demo_checks_people_in_and_sizes_the_current_convening(demo: Kiosk) -> None:
    figures = demo.events.figures(demo.events.current().id)
    assert figures.registered + figures.cancelled - figures.walk_ins == 40
    assert 0 < figures.checked_in < figures.registered


def test_the_same_seed_gives_the_same_demo(tmp_path: Path, demo: Kiosk) -> None:
    again = built(tmp_path / "again", seed=11)
    try:
        assert content(again) == content(demo)
    finally:
        again.close()


def test_another_seed_gives_other_people(tmp_path: Path, demo: Kiosk) -> None:
    other = built(tmp_path / "other", seed=12)
    try:
        assert content(other) != content(demo)
    finally:
        other.close()


def test_the_demo_refuses_a_folder_that_already_holds_events(demo: Kiosk) -> None:
    with pytest.raises(InvalidInput, match="already holds events"):
        build_demo(demo)


def test_every_demo_convening_has_a_wall_and_partner_connections_among_those_who_came(demo: Kiosk) -> None:
    for event in demo.events.all():
        with demo.ctx.store.session() as s:
            came = {
                row[0]
                for row in s.connection().execute(
                    text("SELECT registrant_id FROM checkin WHERE event_id = :e AND voided_by IS NULL"), {"e": event.id}
                )
            }
        notes = demo.contributions.visible(event.id)
        kinds = {note.kind for note in notes}
        assert {"have", "need"} <= kinds and kinds - {"have", "need"}, event.slug  # Journey Map notes too
        signers = {note.registrant_id for note in notes if note.registrant_id is not None}
        assert signers and signers <= came, event.slug
        assert any(note.registrant_id is None for note in notes), event.slug  # some left their note unsigned
        connected = {p.registrant_id for c in demo.connections.list(event.id) for p in (c.first, c.second)}
        assert connected and connected <= came, event.slug
