"""The sync hub: an HTTP service that stores every station's change-log entries and serves them to the
others. Its store is a SQLite file by default or PostgreSQL in production; several hub processes can serve
one PostgreSQL database, since every write is keyed and idempotent (ON CONFLICT DO NOTHING)."""
