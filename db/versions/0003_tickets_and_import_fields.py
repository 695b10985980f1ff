"""tickets and import fields: event ticket keys, registrant ticket secrets, external barcodes, form answers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 01:40:00

Rows made before this revision get a key and secrets derived from their ids, the same on every station
(each station migrates its own file, so random values would differ between laptops). No release carried
such rows; new events and registrants get random ones through the service layer.
"""

import base64
import hashlib
import hmac

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ticket_key", sa.String(), nullable=False, server_default=""))
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ticket_secret", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("barcode", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("ticket_type", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("extra", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.create_index("ix_registrant_ticket_secret", ["ticket_secret"], unique=False)
        batch_op.create_index("ix_registrant_barcode", ["barcode"], unique=False)
    conn = op.get_bind()
    keys = {}
    for (event_id,) in conn.execute(sa.text("SELECT id FROM event")).all():
        keys[event_id] = hashlib.sha256(f"kiosk-event-key:{event_id}".encode()).hexdigest()
        conn.execute(sa.text("UPDATE event SET ticket_key = :k WHERE id = :id"), {"k": keys[event_id], "id": event_id})
    for registrant_id, event_id in conn.execute(sa.text("SELECT id, event_id FROM registrant")).all():
        digest = hmac.new(bytes.fromhex(keys[event_id]), registrant_id.encode(), hashlib.sha256).digest()
        secret = base64.b32encode(digest[:10]).decode()
        conn.execute(
            sa.text("UPDATE registrant SET ticket_secret = :s WHERE id = :id"), {"s": secret, "id": registrant_id}
        )


def downgrade() -> None:
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.drop_index("ix_registrant_barcode")
        batch_op.drop_index("ix_registrant_ticket_secret")
        batch_op.drop_column("extra")
        batch_op.drop_column("ticket_type")
        batch_op.drop_column("barcode")
        batch_op.drop_column("ticket_secret")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("ticket_key")
