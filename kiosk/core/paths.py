"""The data folder: platformdirs by default, `KIOSK_DATA_DIR` or `--data-dir` to put it elsewhere."""

import os
from pathlib import Path

import platformdirs

from kiosk.core.errors import StoreError

DB_FILENAME = "kiosk.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    chosen = override or os.environ.get("KIOSK_DATA_DIR")
    if chosen:
        # Absolute: the app hands the folder to parts that need it so (file URLs, worker processes).
        return Path(chosen).expanduser().absolute()
    return Path(platformdirs.user_data_dir("convening-kiosk", appauthor=False))


def ensure_writable(folder: Path) -> None:
    """Fail early, before any file is touched, if the folder cannot hold the database."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create data folder {folder}: {exc.strerror}; choose another with --data-dir") from exc
    if not folder.is_dir():
        raise StoreError(f"data folder {folder} is not a folder; choose another with --data-dir")
    probe = folder / ".kiosk-write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StoreError(
            f"data folder {folder} is not writable ({exc.strerror}); fix its permissions or choose "
            "another with --data-dir"
        ) from exc
