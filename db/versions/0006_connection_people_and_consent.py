"""connection people and consent: the second person and both answers get columns of their own (they were a
JSON object in `note`), and a connection no longer needs an organization on either side

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 10:00:00

Rows written before this revision carry `{"v": 1, "with": <second registrant id>, "consent": [a, b]}` in
`note`; they move to `to_registrant_id`, `from_consents` and `to_consents`, each with the clock `note` had
(so a later change on any station still wins field by field), and `note` is emptied.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NEW_FIELDS = ("to_registrant_id", "from_consents", "to_consents")


def _legacy(note: str) -> dict[str, object] | None:
    try:
        data = json.loads(note)
    except (TypeError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("with"), str) else None


def upgrade() -> None:
    with op.batch_alter_table("connection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("to_registrant_id", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("from_consents", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("to_consents", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.alter_column("from_organization_id", existing_type=sa.String(), nullable=True)
        batch_op.alter_column("to_organization_id", existing_type=sa.String(), nullable=True)
        batch_op.create_foreign_key("fk_connection_to_registrant_id", "registrant", ["to_registrant_id"], ["id"])
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, note, field_clocks FROM connection WHERE note != ''")).all()
    for cid, note, clocks_text in rows:
        data = _legacy(note)
        if data is None:
            continue  # a note someone wrote in words: it stays a note
        consent = data.get("consent")
        answers = [bool(x) for x in consent][:2] if isinstance(consent, list) else []
        answers += [False] * (2 - len(answers))
        clocks = json.loads(clocks_text or "{}")
        stamp = clocks.get("note")
        if stamp is not None:
            clocks.update(dict.fromkeys(NEW_FIELDS, stamp))
        conn.execute(
            sa.text(
                "UPDATE connection SET to_registrant_id = :to, from_consents = :a, to_consents = :b, note = '', "
                "field_clocks = :clocks WHERE id = :id"
            ),
            {"to": data["with"], "a": answers[0], "b": answers[1], "clocks": json.dumps(clocks), "id": cid},
        )


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, to_registrant_id, from_consents, to_consents FROM connection WHERE to_registrant_id IS NOT NULL"
        )
    ).all()
    for cid, to, a, b in rows:
        note = json.dumps({"consent": [bool(a), bool(b)], "v": 1, "with": to}, sort_keys=True)
        conn.execute(sa.text("UPDATE connection SET note = :note WHERE id = :id"), {"note": note, "id": cid})
    # 0005's columns cannot hold a connection without an organization on both sides.
    conn.execute(sa.text("DELETE FROM connection WHERE from_organization_id IS NULL OR to_organization_id IS NULL"))
    with op.batch_alter_table("connection", schema=None) as batch_op:
        batch_op.drop_constraint("fk_connection_to_registrant_id", type_="foreignkey")
        batch_op.alter_column("to_organization_id", existing_type=sa.String(), nullable=False)
        batch_op.alter_column("from_organization_id", existing_type=sa.String(), nullable=False)
        batch_op.drop_column("to_consents")
        batch_op.drop_column("from_consents")
        batch_op.drop_column("to_registrant_id")
