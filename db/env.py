"""Alembic environment: migrations run on the connection the store hands over, never on a URL of their own."""

from alembic import context
from sqlmodel import SQLModel

import kiosk.core.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through kiosk.core.store, which passes its connection")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
