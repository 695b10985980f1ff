"""registrant search folded again: Arabic-script letters typed in more than one way fold alike (أحمد and
احمد, علی and علي, مُحَمَّد and محمد), and names are also indexed as they are typed run together (Mei-Ling
as meiling, عبد الله as عبدالله, 家豪 王 as 王家豪)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 12:00:00

search_text and the search index are derived on each station from fold() and never replicated, so every
file made before this revision is brought up to date here (kiosk.core.replica.rebuild_search). Organizations'
normalized names are stored and replicated; they fold as before (kiosk.core.text.normalize_org_name) and are
left alone.
"""

from alembic import op

from kiosk.core.replica import rebuild_search

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rebuild_search(op.get_bind().connection.driver_connection)


def downgrade() -> None:
    # Derived data only: the rows stay as this revision made them (an older app refuses a newer file, and
    # upgrading again rebuilds them).
    pass
