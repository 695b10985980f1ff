"""registrant search index: an FTS5 table of folded names, organization, email and ticket code, derived
on apply like search_text and never replicated, so search as you type stays fast on 100,000 people

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:00:00
"""

from alembic import op

from kiosk.core.replica import SEARCH_TABLE, SEARCH_TABLE_SQL, index_registrants

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    # Search moves to FTS5; the B-tree on search_text (no query used it) would only slow every write.
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.drop_index("ix_registrant_search_text")
    op.execute(SEARCH_TABLE_SQL)
    db = op.get_bind().connection.driver_connection
    people = db.execute(
        "SELECT r.id, r.event_id, r.first_name, r.last_name, r.preferred_name, o.name, r.email, r.ticket_code "
        "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id"
    ).fetchall()
    for start in range(0, len(people), BATCH):
        index_registrants(db, people[start : start + BATCH])


def downgrade() -> None:
    op.execute(f"DROP TABLE {SEARCH_TABLE}")
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.create_index("ix_registrant_search_text", ["search_text"], unique=False)
