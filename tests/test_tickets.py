"""Signed tickets: the payload format, its strict parser, and verification at the desk."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import string
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core import tickets
from kiosk.core.changelog import newest_entries
from kiosk.core.codes import ALPHABET, ticket_key, ticket_secret
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.services.tickets import Outcome, TicketCheck, Via


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Kiosk, Event]]:
    """A station with two events and a few people, shared by examples that only read (hypothesis)."""
    station = Kiosk.open(tmp_path_factory.mktemp("desk") / "data", "Table A")
    event, other = (
        station.events.create(name=name, slug=slug, date=dt.date(2025, 5, 14), city="Fresno")
        for name, slug in (("Fresno Convening", "fresno-2025"), ("Stockton Convening", "stockton-2025"))
    )
    station.registrants.register_many(
        event.id, [RegistrantDraft(first_name="Ana", barcode="1234567890"), RegistrantDraft(first_name="Bao")]
    )
    station.registrants.register(other.id, RegistrantDraft(first_name="Li"))
    yield station, event
    station.close()


def _flip(payload: str, index: int) -> str:
    """The payload with one base32 character changed to another base32 character."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    ch = payload[index]
    return payload[:index] + alphabet[(alphabet.index(ch) + 1) % 32] + payload[index + 1 :]


# -- the payload -------------------------------------------------------------------------------------


def test_a_payload_is_version_prefix_then_42_upper_case_base32_characters() -> None:
    payload = tickets.sign("event-1", ticket_key(), ticket_secret())
    assert payload.startswith("CK1")
    assert len(payload) == 45 == tickets.PAYLOAD_CHARS
    assert set(payload[3:]) <= set(string.ascii_uppercase + "234567")


def test_a_payload_is_tag_secret_and_truncated_hmac_sha256() -> None:
    key, secret = ticket_key(), ticket_secret()
    raw = base64.b32decode(tickets.sign("event-1", key, secret)[3:] + "======")
    tag = hashlib.sha256(b"event-1").digest()[:6]
    secret_bytes = base64.b32decode(secret)
    assert raw[:6] == tag
    assert raw[6:16] == secret_bytes
    assert raw[16:] == hmac.new(bytes.fromhex(key), b"CK1" + tag + secret_bytes, hashlib.sha256).digest()[:10]


def test_a_payload_fits_a_version_3_qr_code_at_level_q() -> None:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    code.add_data(tickets.sign("event-1", ticket_key(), ticket_secret()))
    code.make(fit=True)
    assert code.version == 3


def test_parse_reads_back_the_secret_that_was_signed() -> None:
    secret = ticket_secret()
    parsed = tickets.parse(tickets.sign("event-1", ticket_key(), secret))
    assert parsed.secret_text == secret
    assert parsed.tag == tickets.event_tag("event-1")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", tickets.MalformedTicket),
        ("hello", tickets.MalformedTicket),
        ("CK1ABC", tickets.MalformedTicket),
        ("CK2" + "A" * 42, tickets.UnsupportedVersion),
    ],
)
def test_parse_refuses_what_is_not_a_payload_with_a_reason(text: str, error: type[tickets.TicketError]) -> None:
    with pytest.raises(error) as refused:
        tickets.parse(text)
    assert refused.value.reason


def test_parse_is_strict_about_case_whitespace_length_and_spare_bits() -> None:
    payload = tickets.sign("event-1", ticket_key(), ticket_secret())
    for bad in (payload.lower(), f" {payload}", f"{payload}\n", payload[:-1], payload + "A", payload[:-1] + "7"):
        with pytest.raises(tickets.MalformedTicket):
            tickets.parse(bad)


@given(st.text(max_size=80))
def test_parse_of_any_text_gives_a_payload_or_a_ticket_error(text: str) -> None:
    try:
        tickets.parse(text)
    except tickets.TicketError as exc:
        assert exc.reason


@given(st.binary(max_size=80))
def test_parse_of_any_bytes_read_as_latin_1_gives_a_payload_or_a_ticket_error(data: bytes) -> None:
    try:
        tickets.parse("CK1" + data.decode("latin-1"))
    except tickets.TicketError as exc:
        assert exc.reason


@given(st.binary(min_size=26, max_size=26))
def test_parse_accepts_every_26_bytes_and_check_refuses_them_unsigned(raw: bytes) -> None:
    payload = tickets.parse("CK1" + base64.b32encode(raw).decode().rstrip("="))
    with pytest.raises(tickets.ForgedTicket):
        tickets.check(payload, "event-1", ticket_key())


def test_check_refuses_a_ticket_signed_with_another_key() -> None:
    secret = ticket_secret()
    payload = tickets.parse(tickets.sign("event-1", ticket_key(), secret))
    with pytest.raises(tickets.ForgedTicket):
        tickets.check(payload, "event-1", ticket_key())


def test_an_event_without_a_key_cannot_sign() -> None:
    with pytest.raises(tickets.MissingKey):
        tickets.sign("event-1", "", ticket_secret())


def test_human_codes_are_printed_in_two_groups_of_four() -> None:
    assert tickets.spaced("KDFTWXHH") == "KDFT-WXHH"


def test_no_human_code_is_taken_for_a_qr_payload() -> None:
    assert not any(ch in ALPHABET for ch in "012")
    assert not tickets.looks_like_payload("CKDFTWXH")
    assert tickets.looks_like_payload("ck1abc")


# -- verification ------------------------------------------------------------------------------------


def test_verify_accepts_a_real_qr_payload(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    check = kiosk.tickets.verify(kiosk.tickets.payload_for(ana), event)
    assert check.outcome is Outcome.VALID and check.valid
    assert check.registrant is not None and check.registrant.id == ana.id
    assert check.via is Via.QR
    assert "Ana Ruiz" in check.reason


def test_verify_accepts_a_scan_with_a_trailing_enter_and_caps_lock_on(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    assert kiosk.tickets.verify(kiosk.tickets.payload_for(ana).lower() + "\r\n", event).outcome is Outcome.VALID


def test_verify_accepts_a_typed_code_with_dashes_spaces_and_lower_case(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    code = ana.ticket_code
    typed = f"{code[:3].lower()}-{code[3:6].lower()} {code[6:]}"
    check = kiosk.tickets.verify(typed, event)
    assert check.outcome is Outcome.VALID
    assert check.registrant is not None and check.registrant.id == ana.id
    assert check.via is Via.CODE


def test_verify_accepts_an_eventbrite_barcode(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz", barcode="1234567890123456789001")
    check = kiosk.tickets.verify("1234567890123456789001", event)
    assert check.outcome is Outcome.VALID
    assert check.registrant is not None and check.registrant.id == ana.id
    assert check.via is Via.BARCODE


def test_verify_rejects_a_qr_payload_with_one_character_changed(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    payload = kiosk.tickets.payload_for(ana)
    for index in (15, 22, 32, 43):  # two in the secret, two in the MAC (3-12 carry the event tag)
        check = kiosk.tickets.verify(_flip(payload, index), event)
        assert check.outcome is Outcome.FORGED
        assert check.registrant is None
        assert check.reason == "This code is not a real ticket for this event."
        assert check.advice == "Ask for ID and search by name."


def test_verify_rejects_a_ticket_whose_mac_was_made_with_another_key(
    kiosk: Kiosk, event: Event, register_people
) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    forged = tickets.sign(event.id, ticket_key(), ana.ticket_secret)
    assert kiosk.tickets.verify(forged, event).outcome is Outcome.FORGED


def test_verify_rejects_a_truncated_payload_as_malformed(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    check = kiosk.tickets.verify(kiosk.tickets.payload_for(ana)[:30], event)
    assert check.outcome is Outcome.MALFORMED
    assert "cut short" in check.reason


def test_verify_names_the_other_event_a_ticket_is_for(
    kiosk: Kiosk, event: Event, register_people, create_event
) -> None:
    other = create_event(kiosk, "stockton-2025")
    (ana,) = register_people(kiosk, other.id, "Ana Ruiz")
    for code in (kiosk.tickets.payload_for(ana), ana.ticket_code):
        check = kiosk.tickets.verify(code, event)
        assert check.outcome is Outcome.OTHER_EVENT
        assert check.other_event == other.name
        assert other.name in check.reason and "May 14, 2025" in check.reason
        assert check.registrant is None


def test_verify_says_when_a_ticket_is_for_an_event_this_station_does_not_know(kiosk: Kiosk, event: Event) -> None:
    check = kiosk.tickets.verify(tickets.sign("elsewhere", ticket_key(), ticket_secret()), event)
    assert check.outcome is Outcome.OTHER_EVENT
    assert "an event this station does not know" in check.reason


def test_verify_says_a_cancelled_registration_was_cancelled(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.registrants.cancel(ana.id)
    check = kiosk.tickets.verify(kiosk.tickets.payload_for(ana), event)
    assert check.outcome is Outcome.CANCELLED
    assert check.reason == "This registration was cancelled."
    assert check.advice == "Check with the registration lead before admitting."
    assert check.registrant is not None and check.registrant.id == ana.id


def test_verify_calls_a_signed_ticket_nobody_here_holds_unknown(kiosk: Kiosk, event: Event) -> None:
    check = kiosk.tickets.verify(tickets.sign(event.id, event.ticket_key, ticket_secret()), event)
    assert check.outcome is Outcome.UNKNOWN
    assert "not on this station yet" in check.reason
    assert "sync" in check.advice.lower() and "search by name" in check.advice


def test_verify_calls_a_well_formed_code_nobody_has_unknown(kiosk: Kiosk, event: Event) -> None:
    assert kiosk.tickets.verify("KDFT-WXHH", event).outcome is Outcome.UNKNOWN
    assert kiosk.tickets.verify("9876543210", event).outcome is Outcome.UNKNOWN


def test_verify_calls_empty_or_junk_input_malformed(kiosk: Kiosk, event: Event) -> None:
    for junk in ("", "   ", "<script>", "名前", "\x00\x01"):
        check = kiosk.tickets.verify(junk, event)
        assert check.outcome is Outcome.MALFORMED
        assert check.reason and check.advice


@given(text=st.one_of(st.text(max_size=60), st.binary(max_size=60).map(lambda b: b.decode("latin-1"))))
def test_verify_of_any_text_or_bytes_gives_a_clean_outcome(desk: tuple[Kiosk, Event], text: str) -> None:
    kiosk, event = desk
    check = kiosk.tickets.verify(text, event)
    assert isinstance(check, TicketCheck)
    assert check.outcome in set(Outcome) - {Outcome.VALID, Outcome.CANCELLED}
    assert check.reason.endswith(".") and check.advice.endswith(".")


@given(prefix=st.sampled_from(["CK1", "ck1", "CK9"]), rest=st.text(alphabet="ABCXYZ234567=abc -", max_size=60))
def test_verify_of_payload_lookalikes_gives_a_clean_outcome(desk: tuple[Kiosk, Event], prefix: str, rest: str) -> None:
    kiosk, event = desk
    check = kiosk.tickets.verify(prefix + rest, event)
    assert check.outcome in {Outcome.MALFORMED, Outcome.FORGED, Outcome.OTHER_EVENT}


def test_payload_for_then_verify_round_trips_for_everyone(kiosk: Kiosk, event: Event, register_people) -> None:
    people = register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran", "지현 김", "فاطمه رضایی")
    for person in people:
        check = kiosk.tickets.verify(kiosk.tickets.payload_for(person), event)
        assert check.outcome is Outcome.VALID
        assert check.registrant is not None and check.registrant.id == person.id


# -- reissue -----------------------------------------------------------------------------------------


def test_reissue_invalidates_the_old_qr_and_the_new_one_works(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    old = kiosk.tickets.payload_for(ana)
    reissued = kiosk.tickets.reissue(ana.id)
    assert reissued.ticket_secret != ana.ticket_secret
    assert reissued.ticket_code == ana.ticket_code
    assert kiosk.tickets.verify(old, event).outcome is Outcome.UNKNOWN
    assert kiosk.tickets.verify(kiosk.tickets.payload_for(reissued), event).outcome is Outcome.VALID


def test_reissue_writes_one_change_log_entry_of_the_secret_alone(kiosk: Kiosk, event: Event, register_people) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    with kiosk.ctx.store.write() as db:
        before = newest_entries(db, 1000)
    reissued = kiosk.tickets.reissue(ana.id)
    with kiosk.ctx.store.write() as db:
        after = newest_entries(db, 1000)
    assert len(after) == len(before) + 1
    entry = after[0]
    assert (entry.entity, entry.entity_id, entry.kind) == ("registrant", ana.id, "upsert")
    assert entry.payload == {"ticket_secret": reissued.ticket_secret}
