"""Names as organizers' exports write them: one "Name" column, family name first with a comma, or the same
person's form sent twice with the name in another order."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from kiosk.core.models import Event, Registrant
from kiosk.core.services import Kiosk
from kiosk.core.services.import_rows import comma_name


def _people(kiosk: Kiosk, event: Event) -> list[Registrant]:
    with kiosk.ctx.store.session() as s:
        return list(s.exec(select(Registrant).where(Registrant.event_id == event.id)))


def _import(kiosk: Kiosk, event: Event, tmp_path: Path, text: str, name: str = "roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return kiosk.imports.run(path, event.id)


def test_a_full_name_written_family_first_is_greeted_given_name_first(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    _import(kiosk, event, tmp_path, 'Name,Email\r\n"Haddad, Amal",amal@example.org\r\n')
    (amal,) = _people(kiosk, event)
    assert (amal.first_name, amal.last_name) == ("Amal", "Haddad")


@pytest.mark.parametrize(
    ("full", "split"),
    [
        ("Haddad, Amal", ("Amal", "Haddad")),
        ("de la Cruz,  Maria Lourdes", ("Maria Lourdes", "de la Cruz")),
        ("WANG, LI", ("LI", "WANG")),
        ("Ana Ruiz, Jr.", None),
        ("Bao Tran, MSW", None),
        ("Bao Tran, Ph.D.", None),
        ("Ruiz, Ana, Maria", None),
        ("李伟", None),
        (", Ana", None),
    ],
)
def test_only_a_single_comma_before_a_given_name_splits_a_full_name(full: str, split: tuple[str, str] | None) -> None:
    assert comma_name(full) == split


def test_the_same_email_with_the_name_in_the_other_order_is_the_same_person(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    _import(kiosk, event, tmp_path, "First name,Last name,Email\r\nMai,Xiong,mai@example.org\r\n")
    summary = _import(kiosk, event, tmp_path, "First name,Last name,Email\r\nXiong,Mai,MAI@example.org\r\n", "2.csv")
    assert (summary.added, summary.updated) == (0, 1)
    assert len(_people(kiosk, event)) == 1
