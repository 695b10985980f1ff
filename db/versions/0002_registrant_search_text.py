"""registrant search text: a folded copy of name, organization and email for search as you type

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 01:00:00
"""

import sqlalchemy as sa
from alembic import op

from kiosk.core.text import search_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.String(), nullable=False, server_default=""))
        batch_op.create_index("ix_registrant_search_text", ["search_text"], unique=False)
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT r.id, r.first_name, r.last_name, r.preferred_name, r.email, r.ticket_code, o.name "
            "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id"
        )
    ).all()
    for rid, first, last, preferred, email, code, org in rows:
        conn.execute(
            sa.text("UPDATE registrant SET search_text = :t WHERE id = :id"),
            {"t": search_key(first, last, preferred, org, email, code), "id": rid},
        )


def downgrade() -> None:
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.drop_index("ix_registrant_search_text")
        batch_op.drop_column("search_text")
