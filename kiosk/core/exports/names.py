"""The tables and formats `kiosk export` offers, apart from the code that writes them: the CLI builds its
parser at every start and must not load the writers (and the figures they read) to list the choices."""

TABLES = ("attendance", "registrants", "contributions", "connections")
FORMATS = ("csv", "xlsx")
ALL = "all"
"""With XLSX: the four tables in one workbook, a sheet each."""
