"""registrant merge: a duplicate record staff merged into another points at it

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 10:00:00

`merged_into` (the kept registrant's id), `merge_reason` and `merged_by` are set, with status "merged", by
one change-log entry (kiosk.core.services.merges); rows written before this revision were never merged.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("merge_reason", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("merged_by", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    # A merged record becomes a cancelled one: 0006 has no way to say which record it duplicated.
    op.get_bind().execute(sa.text("UPDATE registrant SET status = 'cancelled' WHERE status = 'merged'"))
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.drop_column("merged_by")
        batch_op.drop_column("merge_reason")
        batch_op.drop_column("merged_into")
