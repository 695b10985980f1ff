"""Convening Kiosk: runs a community convening's day on a few offline laptops."""

__version__ = "0.1.0"
