"""Where the data files live: beside the package in a checkout, inside it in an installed wheel."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name


def resource_path(*parts: str) -> Path:
    return _locate("resources").joinpath(*parts)


def migrations_path() -> Path:
    return _locate("db")
