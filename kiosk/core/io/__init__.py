"""Reading files people bring: spreadsheets and exports from registration systems (Qt-free)."""
