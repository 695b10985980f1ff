"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-27 01:15:56.693702
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("station_id", sa.String(), nullable=False),
        sa.Column("station_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "station_seq"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index("ix_change_log_pending", ["hlc"], unique=False, sqlite_where=sa.text("NOT applied"))

    op.create_table(
        "event",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("city", sa.String(), nullable=False),
        sa.Column("venue", sa.String(), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("series", sa.String(), nullable=False),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_slug"), ["slug"], unique=True)

    op.create_table(
        "organization",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("normalized_name", sa.String(), nullable=False),
        sa.Column("sector", sa.String(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_normalized_name"), ["normalized_name"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "station",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "registrant",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("first_name", sa.String(), nullable=False),
        sa.Column("last_name", sa.String(), nullable=False),
        sa.Column("preferred_name", sa.String(), nullable=False),
        sa.Column("pronouns", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("organization_id", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("accessibility_needs", sa.String(), nullable=False),
        sa.Column("photo_consent", sa.Boolean(), nullable=True),
        sa.Column("external_ids", sa.JSON(), nullable=False),
        sa.Column("ticket_code", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("walk_in", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registrant_email"), ["email"], unique=False)
        batch_op.create_index("ix_registrant_event_status", ["event_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_registrant_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registrant_ticket_code"), ["ticket_code"], unique=True)

    op.create_table(
        "badge_print",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("registrant_id", sa.String(), nullable=False),
        sa.Column("station_id", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("template", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registrant_id"],
            ["registrant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("badge_print", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_badge_print_registrant_id"), ["registrant_id"], unique=False)

    op.create_table(
        "checkin",
        sa.Column("registrant_id", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("station_id", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("voided_by", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["registrant_id"],
            ["registrant.id"],
        ),
        sa.PrimaryKeyConstraint("registrant_id", "id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "connection",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("from_organization_id", sa.String(), nullable=False),
        sa.Column("to_organization_id", sa.String(), nullable=False),
        sa.Column("registrant_id", sa.String(), nullable=True),
        sa.Column("station_id", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["from_organization_id"],
            ["organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["registrant_id"],
            ["registrant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_organization_id"],
            ["organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("connection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_connection_event_id"), ["event_id"], unique=False)

    op.create_table(
        "contribution",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("registrant_id", sa.String(), nullable=True),
        sa.Column("organization_id", sa.String(), nullable=True),
        sa.Column("station_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["registrant_id"],
            ["registrant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contribution_event_id"), ["event_id"], unique=False)

    op.create_table(
        "checkin_void",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("registrant_id", sa.String(), nullable=False),
        sa.Column("checkin_id", sa.String(), nullable=False),
        sa.Column("station_id", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("stamp", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registrant_id", "checkin_id"],
            ["checkin.registrant_id", "checkin.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checkin_void", schema=None) as batch_op:
        batch_op.create_index("ix_checkin_void_checkin", ["registrant_id", "checkin_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("checkin_void", schema=None) as batch_op:
        batch_op.drop_index("ix_checkin_void_checkin")

    op.drop_table("checkin_void")
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_event_id"))

    op.drop_table("contribution")
    with op.batch_alter_table("connection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_connection_event_id"))

    op.drop_table("connection")
    op.drop_table("checkin")
    with op.batch_alter_table("badge_print", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_badge_print_registrant_id"))

    op.drop_table("badge_print")
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registrant_ticket_code"))
        batch_op.drop_index(batch_op.f("ix_registrant_organization_id"))
        batch_op.drop_index("ix_registrant_event_status")
        batch_op.drop_index(batch_op.f("ix_registrant_email"))

    op.drop_table("registrant")
    op.drop_table("station")
    op.drop_table("setting")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_normalized_name"))

    op.drop_table("organization")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_slug"))

    op.drop_table("event")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_pending", sqlite_where=sa.text("NOT applied"))

    op.drop_table("change_log")
