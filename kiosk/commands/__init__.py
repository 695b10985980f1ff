"""Subcommands of `kiosk` that live in modules of their own; each registers itself with `add_to`."""
