"""Files that leave the station: contributions as CSV, XLSX, a poster and the haves-and-needs matrix."""
