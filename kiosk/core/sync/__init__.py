"""Sync: stations exchange change-log entries (never rows) through a hub, a LAN peer or a USB bundle.

Each side states what it holds as a version vector ({station_id: highest contiguous seq}); the other
sends what lies beyond it (`protocol.entries_missing`); the receiver applies them in one transaction
(`protocol.apply_batch`). Entries are keyed by (station_id, station_seq), so applying one twice is
harmless and every path (hub, peer, bundle, in any mix and order) converges to the same rows.
"""
