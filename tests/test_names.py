"""Names as shown, printed and greeted: given name first, or family name first run together for names
written in Chinese, Japanese or Korean."""

from __future__ import annotations

import pytest

from kiosk.core.names import called, full_name


@pytest.mark.parametrize(
    ("first", "last", "preferred", "shown", "greeted"),
    [
        ("Ana", "Ruiz", "", "Ana Ruiz", "Ana"),
        ("Guadalupe", "Ruiz", "Lupe", "Lupe Ruiz", "Lupe"),
        ("家豪", "王", "", "王家豪", "王家豪"),
        ("愛", "小林", "", "小林愛", "小林愛"),
        ("상훈", "신", "", "신상훈", "신상훈"),
        ("Kevin", "王", "", "Kevin 王", "Kevin"),  # mixed scripts: as typed
        ("أحمد", "يوسف", "", "أحمد يوسف", "أحمد"),
        ("", "Ruiz", "", "Ruiz", "Ruiz"),
        ("家豪", "", "", "家豪", "家豪"),
    ],
)
def test_names_are_shown_and_greeted_as_their_script_writes_them(
    first: str, last: str, preferred: str, shown: str, greeted: str
) -> None:
    assert full_name(first, last, preferred) == shown
    assert called(first, last, preferred) == greeted


def test_a_badge_prints_a_family_name_first_name_whole_on_its_large_line() -> None:
    import datetime as dt

    from kiosk.core.badges import face_for
    from kiosk.core.models import Event, Registrant

    event = Event(id="e", name="Fresno Convening", slug="fresno", date=dt.date(2026, 4, 23), city="Fresno")

    def person(first: str, last: str) -> Registrant:
        return Registrant(id=first, event_id="e", first_name=first, last_name=last, ticket_code="ABCD2345")

    wang = face_for(person("家豪", "王"), None, event)
    assert (wang.greeting, wang.last_name) == ("王家豪", "")
    ana = face_for(person("Ana", "Ruiz"), None, event)
    assert (ana.greeting, ana.last_name) == ("Ana", "Ruiz")
