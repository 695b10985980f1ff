"""The check-in desk: a scan, a pick or a walk-in becomes one Decision; undo within a short window."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.core import tickets
from kiosk.core.codes import ticket_key
from kiosk.core.errors import InvalidInput
from kiosk.core.models import CheckInMethod, Event, Registrant, Role
from kiosk.core.services import Kiosk, desk
from kiosk.core.services.desk import UNDO_SECONDS, Decision, Kind
from kiosk.core.services.registrants import RegistrantDraft


def count(station: Kiosk, table: str) -> int:
    with station.ctx.store.write() as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def written(station: Kiosk) -> tuple[int, int, int, int, int]:
    """Rows of every table a check-in, an undo or a walk-in could write, and the change log."""
    tables = ("checkin", "checkin_void", "registrant", "organization", "change_log")
    return tuple(count(station, t) for t in tables)  # type: ignore[return-value]


@pytest.fixture
def ana(kiosk: Kiosk, event: Event) -> Registrant:
    org = kiosk.organizations.create("Fresno Center")
    draft = RegistrantDraft(
        first_name="Anabel",
        last_name="Ruiz",
        preferred_name="Ana",
        pronouns="she/her",
        organization_id=org.id,
        role=Role.SPEAKER,
        ticket_type="Speaker pass",
        accessibility_needs="Wheelchair seating",
        barcode="1234567890123456789001",
    )
    return kiosk.registrants.register(event.id, draft)


def test_a_real_qr_payload_checks_in_and_greets_by_preferred_name(kiosk: Kiosk, event: Event, ana: Registrant) -> None:
    decision = kiosk.desk.scan(kiosk.tickets.payload_for(ana), event, operator="Mai")
    assert decision.kind is Kind.WELCOME
    assert decision.headline == "Welcome, Ana!"
    assert decision.person is not None
    assert decision.person.name == "Ana Ruiz"
    assert (decision.person.pronouns, decision.person.organization) == ("she/her", "Fresno Center")
    assert (decision.person.role, decision.person.ticket_type) == ("Speaker", "Speaker pass")
    assert decision.person.accessibility_needs == "Wheelchair seating"
    assert decision.checkin_id is not None and decision.can_undo
    assert (decision.station, decision.operator) == ("Table A", "Mai")
    assert count(kiosk, "checkin") == 1


def test_a_name_written_family_name_first_is_welcomed_and_shown_whole(kiosk: Kiosk, event: Event) -> None:
    wang = kiosk.registrants.register(event.id, RegistrantDraft(first_name="家豪", last_name="王"))
    decision = kiosk.desk.scan(kiosk.tickets.payload_for(wang), event)
    assert decision.headline == "Welcome, 王家豪!"  # not "家豪" alone, nor "家豪 王"
    assert decision.person is not None and decision.person.name == "王家豪"


def test_second_scan_shows_already_checked_in_with_time_station_and_operator(
    kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    payload = kiosk.tickets.payload_for(ana)
    first = kiosk.desk.scan(payload, event, operator="Mai")
    before = written(kiosk)
    second = kiosk.desk.scan(payload, event, operator="Jo")
    assert written(kiosk) == before
    assert count(kiosk, "checkin") == 1
    assert second.kind is Kind.ALREADY_CHECKED_IN
    assert second.headline == "Already checked in"
    assert second.checkin_id == first.checkin_id and not second.can_undo
    assert second.at == first.at
    assert first.at is not None and second.time == desk.local_time(first.at)
    assert (second.station, second.operator) == ("Table A", "Mai")
    assert second.reason == f"Checked in at {second.time}, station Table A, by Mai."
    assert second.person is not None and second.person.name == "Ana Ruiz"


def test_times_are_shown_in_the_venues_time_zone_as_people_say_them() -> None:
    at = dt.datetime(2025, 5, 14, 16, 2, tzinfo=dt.UTC)  # 9:02 in Pacific daylight time
    assert desk.local_time(at, today=dt.date(2025, 5, 14)) == "9:02 AM"
    assert desk.local_time(at.replace(hour=20, minute=30), today=dt.date(2025, 5, 14)) == "1:30 PM"
    assert desk.local_time(at, today=dt.date(2025, 5, 15)) == "Wed, May 14, 9:02 AM"


def test_a_typed_human_code_with_dashes_and_lower_case_checks_in_as_code(
    kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    code = ana.ticket_code.lower()
    decision = kiosk.desk.scan(f"{code[:4]}-{code[4:]}", event)
    assert decision.kind is Kind.WELCOME
    with kiosk.ctx.store.write() as db:
        assert db.execute("SELECT method FROM checkin").fetchone()[0] == CheckInMethod.CODE


def test_an_eventbrite_barcode_checks_in(kiosk: Kiosk, event: Event, ana: Registrant) -> None:
    decision = kiosk.desk.scan("1234567890123456789001", event)
    assert decision.kind is Kind.WELCOME
    assert decision.person is not None and decision.person.registrant_id == ana.id


def _assert_refused(
    kiosk: Kiosk, decision: Decision, cause: str, reason: str, advice: str, headline: str = "Not a valid ticket"
) -> None:
    assert decision.kind is Kind.NOT_VALID
    assert decision.headline == headline
    assert decision.cause == cause
    assert reason in decision.reason
    assert decision.advice == advice
    assert decision.checkin_id is None and not decision.can_undo


def test_a_forged_code_is_not_valid_and_writes_nothing(kiosk: Kiosk, event: Event, ana: Registrant) -> None:
    before = written(kiosk)
    forged = tickets.sign(event.id, ticket_key(), ana.ticket_secret)
    decision = kiosk.desk.scan(forged, event)
    _assert_refused(
        kiosk, decision, "forged", "This code is not a real ticket for this event.", "Ask for ID and search by name."
    )
    assert decision.person is None
    assert written(kiosk) == before


def test_a_ticket_for_another_event_names_it_with_its_date_and_writes_nothing(
    kiosk: Kiosk, event: Event, create_event
) -> None:
    other = create_event(kiosk, "stockton-2025")
    li = kiosk.registrants.register(other.id, RegistrantDraft(first_name="Li"))
    before = written(kiosk)
    for code in (kiosk.tickets.payload_for(li), li.ticket_code):
        decision = kiosk.desk.scan(code, event)
        _assert_refused(
            kiosk,
            decision,
            "other_event",
            f"This ticket is for {other.name} on Wednesday, May 14, 2025.",
            "Check the date with them; if they registered for today, search by name.",
        )
    assert written(kiosk) == before


def test_a_cancelled_registration_is_not_valid_names_the_person_and_writes_nothing(
    kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    kiosk.registrants.cancel(ana.id)
    before = written(kiosk)
    decision = kiosk.desk.scan(kiosk.tickets.payload_for(ana), event)
    _assert_refused(
        kiosk,
        decision,
        "cancelled",
        "This registration was cancelled.",
        "Check with the registration lead before admitting.",
        headline="Registration cancelled",
    )
    assert decision.person is not None and decision.person.name == "Ana Ruiz"
    assert written(kiosk) == before


def test_a_cancelled_registration_picked_from_search_says_it_was_cancelled_not_that_a_ticket_is_bad(
    kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    kiosk.registrants.cancel(ana.id)
    before = written(kiosk)
    decision = kiosk.desk.check_in_registrant(ana.id, event)
    _assert_refused(
        kiosk,
        decision,
        "cancelled",
        "This registration was cancelled.",
        "Check with the registration lead before admitting.",
        headline="Registration cancelled",
    )
    assert "ticket" not in f"{decision.headline} {decision.reason} {decision.advice}".lower()
    assert written(kiosk) == before


@pytest.mark.parametrize(
    ("typed", "has"),
    [("YCRMW9W0", "0"), ("0crm-w9wq", "0"), ("KDF5 WX1H", "1, 5"), ("OCRMW9WQ", "O")],
)
def test_a_typed_code_with_characters_no_code_has_gets_a_hint_naming_them(typed: str, has: str) -> None:
    hint = desk.code_hint(typed)
    assert hint.startswith("Ticket codes never contain 0, 1, 2, 5, 8, B, I, L, O, S or Z")
    assert f"(this has {has})" in hint
    assert ("D or Q" in hint) is ("O" in has or "0" in has)


@pytest.mark.parametrize("typed", ["KDFTWXHH", "kdft-wxhh", "Santiago", "Li Wei Tan", "12345678", "Ana", ""])
def test_codes_that_could_be_real_names_and_barcodes_get_no_code_hint(typed: str) -> None:
    assert desk.code_hint(typed) == ""


def test_an_unknown_code_is_not_valid_and_writes_nothing(kiosk: Kiosk, event: Event, ana: Registrant) -> None:
    before = written(kiosk)
    decision = kiosk.desk.scan("KDFT-WXHH", event)
    _assert_refused(
        kiosk,
        decision,
        "unknown",
        "No registration on this station has the code KDFT-WXHH.",
        "Check the code for typos, sync this station, or search by name.",
    )
    assert written(kiosk) == before


def test_an_unreadable_scan_is_not_valid_and_says_to_type_the_code(kiosk: Kiosk, event: Event) -> None:
    decision = kiosk.desk.scan("<script>", event)
    assert decision.kind is Kind.NOT_VALID and decision.cause == "malformed"
    assert "type the 8-letter code" in decision.advice


def test_undo_within_the_window_voids_and_a_new_scan_welcomes_again(
    kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    payload = kiosk.tickets.payload_for(ana)
    first = kiosk.desk.scan(payload, event)
    assert first.checkin_id is not None
    kiosk.desk.undo(first.checkin_id, operator="Mai")
    with kiosk.ctx.store.write() as db:
        reason, operator = db.execute("SELECT reason, operator FROM checkin_void").fetchone()
    assert (reason, operator) == ("undone at the desk", "Mai")
    assert kiosk.events.figures(event.id).checked_in == 0
    again = kiosk.desk.scan(payload, event)
    assert again.kind is Kind.WELCOME and again.checkin_id != first.checkin_id


def test_undo_after_the_window_is_refused_and_writes_nothing(
    kiosk: Kiosk, event: Event, ana: Registrant, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = kiosk.desk.scan(kiosk.tickets.payload_for(ana), event)
    assert made.checkin_id is not None and made.at is not None
    later = made.at + dt.timedelta(seconds=UNDO_SECONDS + 1)
    monkeypatch.setattr(desk, "now", lambda: later)
    before = written(kiosk)
    with pytest.raises(InvalidInput, match="can no longer be undone at the desk; void it with a reason"):
        kiosk.desk.undo(made.checkin_id)
    assert written(kiosk) == before
    kiosk.checkins.void(made.checkin_id, "scanned the wrong ticket")  # a typed reason still works
    assert kiosk.events.figures(event.id).checked_in == 0


def test_undo_is_refused_for_a_check_in_already_undone(kiosk: Kiosk, event: Event, ana: Registrant) -> None:
    made = kiosk.desk.scan(kiosk.tickets.payload_for(ana), event)
    assert made.checkin_id is not None
    kiosk.desk.undo(made.checkin_id)
    with pytest.raises(InvalidInput, match="already undone"):
        kiosk.desk.undo(made.checkin_id)


def test_a_person_picked_from_search_is_checked_in_by_search(kiosk: Kiosk, event: Event, ana: Registrant) -> None:
    decision = kiosk.desk.check_in_registrant(ana.id, event, operator="Mai")
    assert decision.kind is Kind.WELCOME and decision.headline == "Welcome, Ana!"
    with kiosk.ctx.store.write() as db:
        assert db.execute("SELECT method FROM checkin").fetchone()[0] == CheckInMethod.SEARCH
    assert kiosk.desk.check_in_registrant(ana.id, event).kind is Kind.ALREADY_CHECKED_IN


def test_a_person_of_another_event_picked_from_search_is_refused(kiosk: Kiosk, event: Event, create_event) -> None:
    other = create_event(kiosk, "stockton-2025")
    li = kiosk.registrants.register(other.id, RegistrantDraft(first_name="Li"))
    before = written(kiosk)
    decision = kiosk.desk.check_in_registrant(li.id, event)
    assert decision.kind is Kind.NOT_VALID and decision.cause == "other_event"
    assert decision.reason.startswith(f"Li is registered for {other.name} on Wednesday, May 14, 2025")
    assert written(kiosk) == before


def test_a_walk_in_with_only_a_first_name_is_registered_checked_in_and_counted(kiosk: Kiosk, event: Event) -> None:
    decision = kiosk.desk.register_walk_in(event, "  Bao ", operator="Mai")
    assert decision.kind is Kind.WELCOME and decision.headline == "Welcome, Bao!"
    assert decision.person is not None and decision.person.walk_in and decision.person.name == "Bao"
    figures = kiosk.events.figures(event.id)
    assert (figures.registered, figures.walk_ins, figures.checked_in) == (1, 1, 1)
    with kiosk.ctx.store.write() as db:
        assert db.execute("SELECT method, operator FROM checkin").fetchone() == (CheckInMethod.WALK_IN, "Mai")


def test_a_walk_ins_organization_is_found_by_its_normalized_name(kiosk: Kiosk, event: Event) -> None:
    known = kiosk.organizations.create("The Fresno Center, Inc.")
    decision = kiosk.desk.register_walk_in(event, "Bao", "Tran", organization="fresno center", role=Role.MEDIA)
    assert decision.person is not None and decision.person.organization == "The Fresno Center, Inc."
    with kiosk.ctx.store.write() as db:
        assert db.execute("SELECT organization_id, role FROM registrant").fetchone() == (known.id, "media")
    assert count(kiosk, "organization") == 1
    kiosk.desk.register_walk_in(event, "Mai", organization="Hmong Youth Network")
    assert count(kiosk, "organization") == 2


def test_a_walk_in_without_any_name_is_refused_and_writes_nothing(kiosk: Kiosk, event: Event) -> None:
    before = written(kiosk)
    with pytest.raises(InvalidInput, match="a walk-in needs a name"):
        kiosk.desk.register_walk_in(event, "  ", "", organization="New Org")
    assert written(kiosk) == before


def test_names_stay_literal_text(kiosk: Kiosk, event: Event) -> None:
    decision = kiosk.desk.register_walk_in(event, "<b>Ana</b>", organization="<i>Org</i> & Co")
    assert decision.headline == "Welcome, <b>Ana</b>!"
    assert decision.person is not None
    assert (decision.person.name, decision.person.organization) == ("<b>Ana</b>", "<i>Org</i> & Co")


# -- the command ------------------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(folder), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_checkin_exits_0_on_welcome_then_1_when_already_in(
    capsys: pytest.CaptureFixture[str], kiosk: Kiosk, event: Event, ana: Registrant, data_dir: Path
) -> None:
    payload = kiosk.tickets.payload_for(ana)
    code, out, err = _cli(capsys, data_dir, "checkin", payload, "--event", event.slug, "--operator", "Mai")
    assert code == 0 and err == ""
    assert out.splitlines()[:2] == ["Welcome, Ana!", "Ana Ruiz · she/her · Fresno Center"]
    code, out, err = _cli(capsys, data_dir, "checkin", payload, "--event", event.slug)
    assert code == 1
    assert out.startswith("Already checked in\n")
    assert err.count("\n") == 1 and "by Mai" in err and err.startswith("kiosk: already checked in: ")
    with kiosk.ctx.store.write() as db:
        assert db.execute("SELECT method FROM checkin").fetchall() == [(CheckInMethod.CLI,)]


def test_cli_checkin_json_gives_the_decision(
    capsys: pytest.CaptureFixture[str], kiosk: Kiosk, event: Event, ana: Registrant, data_dir: Path
) -> None:
    code, out, _ = _cli(capsys, data_dir, "checkin", ana.ticket_code, "--event", event.slug, "--json")
    data = json.loads(out)
    assert code == 0
    assert data["kind"] == "welcome" and data["headline"] == "Welcome, Ana!"
    assert data["person"]["accessibility_needs"] == "Wheelchair seating"
    assert data["checkin_id"] and dt.datetime.fromisoformat(data["at"]).tzinfo is not None


def test_cli_checkin_of_a_bad_code_exits_1_with_the_reason_on_one_line(
    capsys: pytest.CaptureFixture[str], kiosk: Kiosk, event: Event, data_dir: Path
) -> None:
    code, out, err = _cli(capsys, data_dir, "checkin", "KDFT-WXHH", "--event", event.slug, "--json")
    assert code == 1
    assert json.loads(out)["kind"] == "not_valid"
    assert err == "kiosk: not a valid ticket: No registration on this station has the code KDFT-WXHH.\n"


def test_cli_checkin_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["checkin", "--help"])
    out = capsys.readouterr().out
    assert "0  welcome" in out and "1  already checked in, or not a valid ticket" in out


def test_a_qr_scan_and_a_typed_code_decide_alike(kiosk: Kiosk, event: Event, ana: Registrant) -> None:
    # A QR ticket takes the one-transaction path, a typed code goes through Tickets.verify: same person shown.
    by_qr = kiosk.desk.scan(kiosk.tickets.payload_for(ana), event, operator="Mai")
    kiosk.desk.undo(by_qr.checkin_id or "", operator="Mai")
    by_code = kiosk.desk.scan(ana.ticket_code.lower(), event, operator="Mai")
    assert by_code.kind is by_qr.kind is Kind.WELCOME
    assert by_code.headline == by_qr.headline
    assert by_code.person == by_qr.person
    again = kiosk.desk.scan(kiosk.tickets.payload_for(ana), event)
    assert again.kind is Kind.ALREADY_CHECKED_IN and again.checkin_id == by_code.checkin_id
    assert again.person == by_qr.person


@given(st.binary(min_size=tickets.PAYLOAD_BYTES, max_size=tickets.PAYLOAD_BYTES), st.text("A2Z7=-x ", max_size=3))
def test_the_desks_quick_payload_reader_reads_what_tickets_parse_reads(raw: bytes, noise: str) -> None:
    import base64

    payload = tickets.VERSION + base64.b32encode(raw).decode().rstrip("=")
    for text in (payload, payload + noise, payload[: len(payload) - len(noise)], noise + payload[len(noise) :]):
        try:
            expected: tickets.TicketPayload | None = tickets.parse(text)
        except tickets.TicketError:
            expected = None
        assert desk.read_payload(text) == expected


def test_a_payload_with_spare_bits_set_goes_the_general_way_and_is_refused(
    kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    payload = kiosk.tickets.payload_for(ana, event)
    last = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    bent = payload[:-1] + last[last.index(payload[-1]) + 1]  # the last character's spare bits no longer zero
    assert desk.read_payload(bent) is None
    decision = kiosk.desk.scan(bent, event)
    assert decision.kind is Kind.NOT_VALID and count(kiosk, "checkin") == 0


def test_the_check_in_that_counts_is_the_earliest_by_stamp_then_by_id() -> None:
    from kiosk.core.services.checkins import earliest_standing

    def row(checkin_id: str | None, stamp: str | None) -> tuple[object, ...]:
        return ("event", "registered", checkin_id, "at", "", "station", "Org", stamp)

    assert earliest_standing([]) is None
    assert earliest_standing([row(None, None)]) == row(None, None)[:-1]  # not checked in: the person alone
    later, earlier = row("c1", "000000000000200.000000@b"), row("c2", "000000000000100.000000@a")
    assert earliest_standing([later, earlier]) == earlier[:-1]
    assert earliest_standing([row("c9", ""), row("c3", "")]) == row("c3", "")[:-1]  # older than stamps: by id
