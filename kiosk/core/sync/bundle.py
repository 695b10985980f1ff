"""Bundles: the entries another side lacks, in one signed file carried on a USB stick.

A bundle is a zip of three members: `manifest.json` (format version, network id, the signing station's
id, name and public key, the vector it was made for, each station's seq range, the entry count and the
SHA-256 of the entries), `entries.jsonl` (one entry a line, in clock order) and `signature` (Ed25519 over
the manifest's bytes, hex). It is written to a temporary file beside the target, flushed to disk and
renamed, so a stick pulled out mid-write never holds half a bundle under the real name. A target whose
folder is not there (an unmounted or mistyped USB stick) is refused, never made on the laptop's own disk.

Importing checks everything before applying anything, and refuses the whole file with its reason: not a
bundle or truncated, altered (a member's CRC, the checksum or the count disagrees), a bad signature, a
station key that differs from the pinned one, another network. Applying is idempotent, so the same
bundle twice, or bundles in any order, is harmless.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.changelog import Entry
from kiosk.core.context import Context
from kiosk.core.sync import keys
from kiosk.core.sync.protocol import (
    ApplyResult,
    Carrier,
    SyncError,
    apply_batch,
    check_vector,
    entries_missing,
    entry_from_wire,
    entry_to_wire,
    local_vector,
)

FORMAT = "convening-kiosk-bundle"
FORMAT_VERSION = 1
MANIFEST, ENTRIES, SIGNATURE = "manifest.json", "entries.jsonl", "signature"
BUNDLE_SUFFIX = ".kiosk"


@dataclass(frozen=True)
class Written:
    path: Path
    entries: int
    manifest: dict[str, Any]


def export_bundle(ctx: Context, out: Path, for_vector: Mapping[str, int] | None = None) -> Written:
    """Write the entries a side holding `for_vector` lacks (all entries without one) to `out`."""
    check_target(out)
    key = keys.station_key(ctx.store.folder)
    with ctx.store.write() as db:
        network = keys.network_id(db, create=True)
        keys.check_pin(db, ctx.station_id, keys.public_hex(key), "this station's own key")
        entries = entries_missing(db, for_vector or {})
        vector = local_vector(db)
    body = "".join(json.dumps(entry_to_wire(e), ensure_ascii=False, separators=(",", ":")) + "\n" for e in entries)
    data = body.encode("utf-8")
    ranges: dict[str, list[int]] = {}
    for entry in entries:
        low, high = ranges.setdefault(entry.station_id, [entry.station_seq, entry.station_seq])
        ranges[entry.station_id] = [min(low, entry.station_seq), max(high, entry.station_seq)]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "network": network,
        "station_id": ctx.station_id,
        "station_name": ctx.station_name,
        "public_key": keys.public_hex(key),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "for_vector": dict(for_vector) if for_vector is not None else None,
        "vector": vector,
        "ranges": ranges,
        "entries": len(entries),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True, indent=1).encode("utf-8")
    signature = key.sign(manifest_bytes).hex().encode("ascii")
    _write_atomically(out, {MANIFEST: manifest_bytes, ENTRIES: data, SIGNATURE: signature})
    return Written(out, len(entries), manifest)


def check_target(out: Path) -> None:
    """Refuse to write a bundle where its folder is missing (the stick is not mounted, or the path is
    mistyped): making the folder would put the bundle on the laptop's own disk and send someone off with
    an empty stick. SyncError with the reason; nothing is written."""
    folder = out.parent
    if folder.exists() and not folder.is_dir():
        raise SyncError(f"{folder} is a file, not a folder: check the path")
    if not folder.is_dir():
        raise SyncError(f"folder {folder} does not exist: is the USB stick plugged in?")
    if out.is_dir():
        raise SyncError(f"{out} is a folder: give the bundle a file name, such as {out / 'bundle.kiosk'}")


def _write_atomically(out: Path, members: dict[str, bytes]) -> None:
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for name, content in members.items():
                    zf.writestr(name, content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:  # a full or read-only stick, or one pulled out mid-write
        raise SyncError(f"could not write {out}: {exc.strerror or exc}; nothing was written") from None
    finally:
        with contextlib.suppress(OSError):  # a stick already gone keeps no part file to remove
            tmp.unlink(missing_ok=True)
    try:  # the rename itself is durable once the folder is synced (not possible on every file system)
        fd = os.open(out.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Bundle:
    manifest: dict[str, Any]
    entries: list[Entry]


def read_bundle(path: Path) -> Bundle:
    """Read and check a bundle; SyncError with the reason if any check fails. Nothing is written."""
    name = path.name
    if path.is_dir():
        raise SyncError(_a_folder(path))
    try:
        with zipfile.ZipFile(path) as zf:
            members = set(zf.namelist())
            missing = {MANIFEST, ENTRIES, SIGNATURE} - members
            if missing:
                raise SyncError(f"{name} is not a sync bundle (it has no {min(missing)}); nothing was imported")
            manifest_bytes = zf.read(MANIFEST)
            data = zf.read(ENTRIES)
            signature_hex = zf.read(SIGNATURE).decode("ascii", "replace").strip()
    except FileNotFoundError:
        raise SyncError(
            f"{path} does not exist: is the USB stick plugged in, and is the file name right? Nothing was imported"
        ) from None
    except zlib.error as exc:
        raise SyncError(f"{name} was altered or damaged ({exc}); nothing was imported") from None
    except (zipfile.BadZipFile, EOFError) as exc:
        detail = str(exc)
        if "CRC" in detail or "Bad magic" in detail or "decompress" in detail.lower():
            raise SyncError(f"{name} was altered or damaged ({detail}); nothing was imported") from None
        raise SyncError(
            f"{name} is truncated or not a sync bundle ({detail}): copy it again from the station that made "
            "it; nothing was imported"
        ) from None
    except (OSError, ValueError) as exc:
        raise SyncError(f"{name} could not be read ({exc}); nothing was imported") from None
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise SyncError(f"{name} has an unreadable manifest; nothing was imported") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SyncError(f"{name} is not a sync bundle; nothing was imported")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise SyncError(
            f"{name} is a bundle of format {manifest.get('format_version')}, this version reads "
            f"{FORMAT_VERSION}: update this station; nothing was imported"
        )
    try:
        signature = bytes.fromhex(signature_hex)
    except ValueError:
        signature = b""
    if not keys.verify(str(manifest.get("public_key", "")), signature, manifest_bytes):
        raise SyncError(
            f"{name} has a signature that does not match its contents: it was altered; nothing was imported"
        )
    if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
        raise SyncError(f"{name} was altered: its entries do not match the signed checksum; nothing was imported")
    try:
        lines = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
    except ValueError:
        raise SyncError(f"{name} has unreadable entries; nothing was imported") from None
    if len(lines) != manifest.get("entries"):
        raise SyncError(
            f"{name} holds {len(lines)} entries, its manifest says {manifest.get('entries')}; nothing was imported"
        )
    entries = [entry_from_wire(line) for line in lines]
    return Bundle(manifest, entries)


def import_bundle(ctx: Context, path: Path) -> ApplyResult:
    """Check a bundle whole, then apply its entries in one transaction."""
    bundle = read_bundle(path)
    manifest = bundle.manifest
    signer = str(manifest.get("station_id", ""))
    with ctx.store.write() as db:
        keys.join_network(db, str(manifest.get("network", "")), path.name)
        keys.check_pin(db, signer, str(manifest["public_key"]), path.name)
    vector = manifest.get("vector")
    return apply_batch(
        ctx,
        bundle.entries,
        peer=signer,
        peer_vector=check_vector(vector) if vector else None,
        carrier=Carrier.BUNDLE,
    )


def _a_folder(path: Path) -> str:
    """What to say when a folder is given for a bundle: the bundles in it, if there are any."""
    found = sorted(p.name for p in path.glob("*" + BUNDLE_SUFFIX) if p.is_file())
    if not found:
        return (
            f"{path} is a folder with no bundle ({BUNDLE_SUFFIX} file) in it: give the bundle file itself; "
            "nothing was imported"
        )
    shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
    return (
        f"{path} is a folder: give the bundle file in it, such as {path / found[0]} (it holds {shown}); "
        "nothing was imported"
    )


def _is_bundle(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            return MANIFEST in zf.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return False


VECTOR_FILE = (
    "a vector file says what the receiving laptop already holds: make it there with "
    "`kiosk sync status --json > FILE` and bring it over, or leave out --for to export everything"
)


def read_vector_file(path: Path) -> dict[str, int]:
    """A version vector saved by `kiosk sync status --json` (its `vector` key), or a bare one."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SyncError(f"the vector file {path} does not exist: {VECTOR_FILE}") from None
    except IsADirectoryError:
        raise SyncError(f"{path} is a folder, not a vector file: {VECTOR_FILE}") from None
    except OSError as exc:
        raise SyncError(f"cannot read the vector file {path} ({exc.strerror or exc}): {VECTOR_FILE}") from None
    if _is_bundle(raw):
        raise SyncError(f"{path.name} is a sync bundle, not a vector file: {VECTOR_FILE}")
    try:
        value = json.loads(raw.decode("utf-8"))
    except ValueError:
        raise SyncError(f"{path.name} is not a vector file (it is not JSON): {VECTOR_FILE}") from None
    if isinstance(value, dict) and "vector" in value:
        value = value["vector"]
    try:
        return check_vector(value)
    except SyncError:
        raise SyncError(f"{path.name} is not a vector file (it holds no version vector): {VECTOR_FILE}") from None
