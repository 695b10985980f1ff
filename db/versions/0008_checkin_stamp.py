"""checkin stamp: each check-in keeps its change-log entry's stamp, so the earliest by clock is found

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 06:30:00

`stamp` is derived on apply, like checkin_void.stamp, and never replicated. Rows written before this
revision take it from their entry in the change log (one read of the log's check-in entries).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stamp", sa.String(), nullable=False, server_default=""))
    bind = op.get_bind()
    stamps = bind.execute(
        sa.text(
            "SELECT hlc || '@' || station_id AS stamp, json_extract(payload, '$.registrant_id') AS registrant_id, "
            "entity_id AS id FROM change_log WHERE entity = 'checkin' AND applied"
        )
    ).mappings()
    rows = [dict(row) for row in stamps]
    if rows:
        update = "UPDATE checkin SET stamp = :stamp WHERE registrant_id = :registrant_id AND id = :id"
        bind.execute(sa.text(update), rows)


def downgrade() -> None:
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_column("stamp")
