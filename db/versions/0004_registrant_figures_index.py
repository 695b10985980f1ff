"""registrant figures index: event, status and walk-in in one index, so the figures are counted from it

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 02:20:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.drop_index("ix_registrant_event_status")
        batch_op.create_index("ix_registrant_event_status", ["event_id", "status", "walk_in"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.drop_index("ix_registrant_event_status")
        batch_op.create_index("ix_registrant_event_status", ["event_id", "status"], unique=False)
