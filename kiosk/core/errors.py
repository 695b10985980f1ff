"""Errors the core raises with a message a volunteer or staff member can act on."""


class KioskError(Exception):
    """A failure with a one-line reason that names what is wrong and what to do."""


class StoreError(KioskError):
    """The data folder or its database cannot be used; nothing was written."""


class NotFound(KioskError):
    """A named event, registrant or record does not exist."""


class InvalidInput(KioskError):
    """Input that the core refuses before writing anything."""
