"""registrant search indexed again: an Arabic name's words that begin with the article are also indexed
without it, so الحسن is found by typing حسن, as Al-Hassan is by typing Hassan

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 15:20:00

The search index is derived on each station and never replicated, so every file made before this revision
is brought up to date here (kiosk.core.replica.rebuild_search).
"""

from alembic import op

from kiosk.core.replica import rebuild_search

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rebuild_search(op.get_bind().connection.driver_connection)


def downgrade() -> None:
    # Derived data only: the rows stay as this revision made them (an older app refuses a newer file, and
    # upgrading again rebuilds them).
    pass
