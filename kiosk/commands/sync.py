"""`kiosk sync ...` (bundles, status, pairing, sync with the hub) and `kiosk hub ...` (run the hub)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import errno
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.commands.common import column, common_options, emit
from kiosk.core.errors import KioskError
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk
    from kiosk.core.sync.conflicts import CompetingEdit, Review, WalkInPerson
    from kiosk.core.sync.protocol import ApplyResult, Refused
    from kiosk.hub.store import HubStore, StationRecord

DEFAULT_PORT = 8765
TAIL = 6
"""Characters of a station id's end that tell two stations of one name apart, at least. Station ids are
UUIDv7: those made the same day share their first eight characters, so only the end differs."""


def add_to(subparsers: Any) -> None:
    sync = subparsers.add_parser("sync", help="sync with other stations: a hub, or a bundle file on a USB stick")
    common_options(sync, top=False)
    verbs = sync.add_subparsers(dest="sync_command", metavar="VERB", required=True)

    export = verbs.add_parser("export", help="write the entries another station lacks to a signed bundle file")
    common_options(export, top=False)
    export.add_argument("--out", required=True, metavar="FILE", help="the bundle to write, e.g. /media/usb/a.kiosk")
    export.add_argument(
        "--for",
        dest="for_vector",
        metavar="VECTOR_FILE",
        help="only what the station that saved this vector lacks (kiosk sync status --json > FILE on it)",
    )
    export.set_defaults(run=_export)

    imp = verbs.add_parser("import", help="apply a bundle another station exported (checked whole first)")
    common_options(imp, top=False)
    imp.add_argument(
        "file", metavar="FILE", help="the bundle, e.g. /media/usb/table-a.kiosk (`kiosk sync export` wrote it)"
    )
    imp.set_defaults(run=_import)

    status = verbs.add_parser("status", help="this station's vector, entries waiting, and the peers it synced with")
    common_options(status, top=False)
    status.set_defaults(run=_status)

    pair = verbs.add_parser("pair", help="join a hub with the one-time pairing code it shows")
    common_options(pair, top=False)
    pair.add_argument("url", help="the hub's URL, or the whole kiosk-pair: code from its QR code")
    pair.add_argument("token", nargs="?", default="", help="the one-time pairing token")
    pair.add_argument("--fingerprint", default="", help="SHA-256 of the hub's certificate (https hubs)")
    pair.set_defaults(run=_pair)

    now = verbs.add_parser("now", help="pull from and push to the paired hub now")
    common_options(now, top=False)
    now.set_defaults(run=_now)

    conflicts = verbs.add_parser("conflicts", help="duplicate check-ins and competing edits, for staff to review")
    common_options(conflicts, top=False)
    conflicts.set_defaults(run=_conflicts)

    merge = verbs.add_parser("merge", help="merge a duplicate record into the person it duplicates (staff only)")
    common_options(merge, top=False)
    merge.add_argument("kept", help="id of the record to keep")
    merge.add_argument("merged", help="id of the duplicate record (its check-ins count for the kept one)")
    merge.add_argument("--reason", required=True, help="why they are one person, e.g. 'same email'")
    merge.add_argument("--operator", default="", help="who merges them")
    merge.set_defaults(run=_merge)

    unmerge = verbs.add_parser("unmerge", help="undo a merge made by mistake: the record and its check-in come back")
    common_options(unmerge, top=False)
    unmerge.add_argument("merged", help="id of the merged record to give back its own life")
    unmerge.add_argument("--reason", required=True, help="why they are two people, e.g. 'same name, other city'")
    unmerge.add_argument("--operator", default="", help="who undoes the merge")
    unmerge.set_defaults(run=_unmerge)

    discover = verbs.add_parser("discover", help="list the hubs that advertise themselves on this network")
    common_options(discover, top=False)
    discover.add_argument("--timeout", type=float, default=3.0, metavar="S", help="seconds to listen (default 3)")
    discover.set_defaults(run=_discover)

    forget = verbs.add_parser("forget", help="forget a station's pinned key (after that laptop was reinstalled)")
    common_options(forget, top=False)
    forget.add_argument("station", help="the station id")
    forget.set_defaults(run=_forget)

    hub = subparsers.add_parser("hub", help="run the sync hub (HTTP), or manage its pairing codes and tokens")
    common_options(hub, top=False)
    hub.add_argument(
        "--db",
        default="",
        metavar="URL",
        help="sqlite:///FILE (default: hub.sqlite3 in the data folder) or postgresql+psycopg://user@host/db",
    )
    hub.add_argument(
        "--host",
        default="0.0.0.0",
        help="the address to listen on (default 0.0.0.0: every network this laptop is on, so the other laptops "
        "reach it; 127.0.0.1: this laptop only)",
    )
    hub.add_argument(
        "--port",
        type=int,
        help=f"the port to listen on (default {DEFAULT_PORT}); with --pairing-only, the port the running hub "
        "listens on (default: the address it last started with)",
    )
    hub.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS with this certificate (PEM)")
    hub.add_argument("--tls-key", metavar="FILE", help="and this private key (PEM)")
    hub.add_argument("--url", default="", help="the URL stations reach the hub at (for the pairing code)")
    hub.add_argument("--qr", metavar="PNG", help="also write the pairing code as a QR image")
    hub.add_argument(
        "--network",
        metavar="ID",
        help="serve only this sync network (its id as `kiosk sync status` shows it, or 'station' for the network "
        "of the station in --data-dir); by default the network of the station in --data-dir if it holds an "
        "event (the laptop that set up the convening), else the first station to pair decides",
    )
    hub.add_argument("--pairing-only", action="store_true", help="print a new pairing code and exit")
    hub.add_argument("--revoke", metavar="STATION", help="revoke a station's token (its id, id prefix or name)")
    hub.add_argument("--stations", action="store_true", help="list the paired stations and exit")
    hub.add_argument(
        "--advertise",
        action="store_true",
        help="announce this hub on the LAN (zeroconf) so stations find it (kiosk sync discover, the app)",
    )
    hub.set_defaults(run=_hub)


def _station_labels(names: Mapping[str, str]) -> dict[str, str]:
    """Station id to what to call it: its name, and where two share a name, the end of its id too
    ("Table B (id ending 6291bf)")."""
    same_name: dict[str, list[str]] = defaultdict(list)
    for station_id, name in names.items():
        same_name[" ".join(name.split()).casefold()].append(station_id)
    labels: dict[str, str] = {}
    for ids in same_name.values():
        if len(ids) == 1:
            labels[ids[0]] = names[ids[0]]
            continue
        size = TAIL
        while len({i[-size:] for i in ids}) < len(ids) and size < max(len(i) for i in ids):
            size += 1
        labels.update({i: f"{names[i]} (id ending {i[-size:]})" for i in ids})
    return labels


def _labeller(names: Mapping[str, str]) -> Callable[[str], str]:
    """What to call each station; one not in the station table yet by its whole id."""
    labels = _station_labels(names)
    return lambda station_id: labels.get(station_id) or f"station {station_id}"


def _station_names(kiosk: Kiosk) -> dict[str, str]:
    return {s.id: s.name for s in kiosk.stations.all()}


def _refused(refused: Sequence[Refused], label: Callable[[str], str]) -> list[str]:
    """One line per station whose entries were refused. A station's stamps grow with its seq, so its last
    refused entry is the one furthest ahead: its reason holds for the others."""
    by_station: dict[str, list[Refused]] = defaultdict(list)
    for r in refused:
        by_station[r.station_id].append(r)
    lines = []
    for station_id, found in by_station.items():
        last = max(found, key=lambda r: r.station_seq)
        if len(found) == 1:
            lines.append(f"refused entry {last.station_seq} of {label(station_id)}: {last.reason}")
            continue
        first = min(r.station_seq for r in found)
        lines.append(
            f"refused {len(found)} entries of {label(station_id)} ({first} to {last.station_seq}): {last.reason}"
        )
    return lines


def _describe(result: ApplyResult, label: Callable[[str], str], name: Callable[[str, str], str]) -> str:
    """What a bundle import did, one line per fact."""
    from kiosk.core.sync.outcome import on_the_way, settled_lines

    if result.received == 0:
        lines = ["the bundle holds no entries: nothing to do"]
    elif result.new == 0 and not result.refused:
        held = plural(result.received, "entry", "entries")
        lines = [f"already imported: this station holds all {held} of this bundle; nothing to do"]
    else:
        lines = [f"{plural(result.new, 'new entry', 'new entries')} of {result.received}; {result.applied} applied"]
    waiting = on_the_way(result)
    if waiting:
        lines.append(f"{waiting} waiting for rows still on the way")
    if result.parked:
        lines.append(f"{result.parked} from a newer version of the app, kept until this station is updated")
    lines += settled_lines(result, label, name)
    lines += _refused(result.refused, label)
    return "\n".join(lines)


def _import_again(result: ApplyResult) -> str:
    """The warning line of a bundle the clock guard took only in part: what was left out, and when to
    import the same bundle again (nothing brings those entries by itself, unlike a hub sync)."""
    refused, received = len(result.refused), result.received
    if refused == received:
        left_out = f"none of this bundle's {plural(received, 'entry', 'entries')} was imported"
    else:
        left_out = f"{refused} of this bundle's {received} entries {'was' if refused == 1 else 'were'} not imported"
    when = _local(result.take_again_at) if result.take_again_at else "a while"
    return (
        f"warning: {left_out}, stamped too far ahead of this laptop's clock: import the same bundle again after "
        f"{when}, or once the clocks agree: now, if this laptop's clock is behind and you set it right"
    )


def _local(at: str | dt.datetime | None) -> str:
    """A stored UTC time as the desk shows it, in the venue's zone ("9:02 AM", another day with its date)."""
    from kiosk.core.services.desk import local_time

    try:
        when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
    except (TypeError, ValueError):
        return "time unknown"
    return local_time(when if when.tzinfo else when.replace(tzinfo=dt.UTC))


def _time_of_stamp(stamp: str) -> str:
    """When a change-log stamp was made, as the desk shows times."""
    from kiosk.core.sync.conflicts import stamp_time

    return _local(stamp_time(stamp))


def _export(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.bundle import export_bundle, read_vector_file

    vector = read_vector_file(Path(args.for_vector)) if args.for_vector else None
    written = export_bundle(kiosk.ctx, Path(args.out), vector)
    emit(
        args,
        {"path": str(written.path), "entries": written.entries, "manifest": written.manifest},
        lambda: f"wrote {plural(written.entries, 'entry', 'entries')} to {written.path}",
    )
    return 0


def _import(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.bundle import import_bundle
    from kiosk.core.sync.outcome import record_names

    result = import_bundle(kiosk.ctx, Path(args.file))
    emit(args, result, lambda: _describe(result, _labeller(_station_names(kiosk)), record_names(kiosk.ctx)))
    if result.refused:
        print(f"kiosk: {_import_again(result)}", file=sys.stderr)
        return 1
    return 0


def _status(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.client import HUB_PEER, hub_config
    from kiosk.core.sync.keys import network_id
    from kiosk.core.sync.protocol import status

    found = status(kiosk.ctx)
    hub = hub_config(kiosk.ctx)
    names = _station_names(kiosk)
    label = _labeller(names)

    def peer_name(peer: str) -> str:
        if peer == HUB_PEER:
            return "hub"
        return f"{label(peer)} (this station)" if peer == found.station_id else label(peer)

    peers = {p: {**info, "name": "hub" if p == HUB_PEER else names.get(p)} for p, info in found.peers.items()}
    with kiosk.ctx.store.write() as db:
        network = network_id(db)
    data = {
        **found.__dict__,
        "station_name": kiosk.ctx.station_name,
        "network": network,
        "peers": peers,
        "hub": hub.url if hub else None,
    }

    def text() -> str:
        lines = [
            f"station {kiosk.ctx.station_name} ({found.station_id}): "
            f"{plural(found.entries, 'entry', 'entries')} held, "
            f"{found.own_entries:,} its own"
        ]
        lines.append(f"hub: {hub.url}" if hub else "hub: not paired")
        lines.append(f"sync network: {network}" if network else "sync network: none yet (joins one on first sync)")
        if found.pending or found.parked:
            lines.append(f"waiting to apply: {found.pending} (of which {found.parked} need a newer version)")
        for peer, info in sorted(found.peers.items(), key=lambda p: (peer_name(p[0]).casefold(), p[0])):
            last = _local(info["last_sync"]) if info.get("last_sync") else "never"
            lines.append(
                f"peer {peer_name(peer)}: last sync {last}, "
                f"{plural(found.waiting.get(peer, 0), 'entry', 'entries')} it may lack"
            )
        return "\n".join(lines)

    emit(args, data, text)
    return 0


def _pair(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.client import pair, read_pairing_text

    url, token, fingerprint = args.url.strip(), args.token.strip(), args.fingerprint
    if "kiosk-pair:" in url:  # the code alone, or the whole line `kiosk hub` printed it on
        code = read_pairing_text(url[url.index("kiosk-pair:") :].split()[0])
        url, token, fingerprint = code["url"], code["token"], code["fingerprint"] or fingerprint
    if not token:
        raise KioskError("give the one-time pairing token the hub shows, or its whole kiosk-pair: code")
    config = pair(kiosk.ctx, url, token, fingerprint)
    emit(args, {"url": config.url, "network": config.network}, lambda: f"paired with the hub at {config.url}")
    return 0


def _now(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.client import sync_now

    report = sync_now(kiosk.ctx)
    emit(
        args,
        report,
        lambda: (
            f"pulled {plural(report.pulled, 'entry', 'entries')}, pushed {report.pushed:,}"
            + "".join(f"\n{line}" for line in _refused(report.refused, _labeller(_station_names(kiosk))))
        ),
    )
    return 0


def _conflicts(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.conflicts import review

    found = review(kiosk.ctx, kiosk.events.current(args.event).id)
    emit(args, _review_data(found), lambda: _review_text(found))
    return 0


def _record_name(found: Review, edit: CompetingEdit) -> str | None:
    """The edited record's name: a person's display name, an organization's or event's name."""
    if edit.entity == "registrant":
        return found.people.get(edit.entity_id)
    return found.records.get(edit.entity_id)


def _review_data(found: Review) -> dict[str, Any]:
    """The review as JSON: every id kept, with the names the text shows beside them."""

    def value(v: Any) -> dict[str, Any]:
        return {**dataclasses.asdict(v), "station_name": found.stations.get(v.station_id)}

    return {
        "duplicate_checkins": [
            {
                "registrant_id": d.registrant_id,
                "name": found.people.get(d.registrant_id),
                "checkins": [
                    {**dataclasses.asdict(c), "station_name": found.stations.get(c.station_id), "counts": index == 0}
                    for index, c in enumerate(d.checkins)
                ],
            }
            for d in found.duplicate_checkins
        ],
        "competing_edits": [
            {
                "entity": e.entity,
                "entity_id": e.entity_id,
                "name": _record_name(found, e),
                "field": e.field,
                "winner": value(e.winner),
                "losers": [value(v) for v in e.losers],
            }
            for e in found.competing_edits
        ],
        "possible_duplicate_walk_ins": found.walk_ins,
        "given_twice": [
            {
                **dataclasses.asdict(g),
                "kept_name": _given_name(found, g.entity, g.kept_id),
                "renamed_name": _given_name(found, g.entity, g.renamed_id),
                "kept_station_name": found.stations.get(g.kept_station),
                "renamed_station_name": found.stations.get(g.renamed_station),
            }
            for g in found.given_twice
        ],
    }


def _given_name(found: Review, entity: str, record_id: str) -> str:
    return (found.people if entity == "registrant" else found.records).get(record_id) or f"{entity} {record_id}"


def _who(person: WalkInPerson) -> str:
    """A name with what tells two records of one name apart, as the Conflicts window shows it."""
    extra = [part for part in (person.organization, person.email) if part]
    extra.append("walk-in" if person.walk_in else "registered")
    extra.append("checked in" if person.checked_in else "not checked in")
    return f"{person.display_name} ({', '.join(extra)})"


def _review_text(found: Review) -> str:
    station = _labeller(found.stations)
    lines = [
        f"{plural(len(found.duplicate_checkins), 'person', 'people')} checked in at more than one station, "
        f"{plural(len(found.competing_edits), 'competing edit', 'competing edits')}, "
        f"{plural(len(found.walk_ins), 'possible duplicate walk-in', 'possible duplicate walk-ins')}"
    ]
    for d in found.duplicate_checkins:
        lines.append(f"duplicate check-in: {found.people.get(d.registrant_id) or f'registrant {d.registrant_id}'}")
        for index, c in enumerate(d.checkins):
            counts = "counts (the earliest)" if index == 0 else "does not count (a duplicate to void)"
            lines.append(f"  {station(c.station_id)}, {_local(c.at)}: {counts}")
    for e in found.competing_edits:
        name = _record_name(found, e)
        record = (name if e.entity == "registrant" else f"{e.entity} {name}") if name else f"{e.entity} {e.entity_id}"
        lines.append(
            f"competing edit: {record}, {e.field.replace('_', ' ')}: {e.winner.value!r} "
            f"({station(e.winner.station_id)}, {_time_of_stamp(e.winner.stamp)}) shown over "
            + ", ".join(f"{v.value!r} ({station(v.station_id)}, {_time_of_stamp(v.stamp)})" for v in e.losers)
        )
    for w in found.walk_ins:
        lines.append(f"possible duplicate walk-in ({w.reason}): {_who(w.walk_in)} may be {_who(w.other)}")
        lines.append(
            f"  to merge: kiosk sync merge {w.other.registrant_id} {w.walk_in.registrant_id} --reason '...'"
        )
    for g in found.given_twice:
        kept, renamed = _given_name(found, g.entity, g.kept_id), _given_name(found, g.entity, g.renamed_id)
        what = "slug" if g.field == "slug" else "ticket code"
        line = (
            f"{what} given twice: {g.value!r} stays with {kept} (made first, at {station(g.kept_station)}); "
            f"{renamed} from {station(g.renamed_station)} is now {g.given!r} on every station"
        )
        lines.append(line + ("" if g.field == "slug" else ": reprint their badge (their QR code still works)"))
    return "\n".join(lines)


def _merge(args: argparse.Namespace, kiosk: Kiosk) -> int:
    result = kiosk.merges.merge(args.kept, args.merged, args.operator, args.reason)
    emit(
        args,
        result,
        lambda: (
            f"merged {result.merged_id} into {result.kept_id}"
            + (f"; {len(result.voided)} check-ins moved over" if result.voided else "")
            if result.recorded
            else "already merged: nothing to do"
        ),
    )
    return 0


def _unmerge(args: argparse.Namespace, kiosk: Kiosk) -> int:
    result = kiosk.merges.undo(args.merged, args.operator, args.reason)

    def text() -> str:
        moved = " and their check-in moved back" if result.carried_back else ""
        return f"{result.restored_id} is a record of its own again ({result.status}){moved}"

    emit(args, result, text)
    return 0


def _discover(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.discovery import discover

    found = discover(args.timeout)
    emit(
        args,
        found,
        lambda: (
            "\n".join(f"{h.name}: {h.url} (network {h.network[:8]})" for h in found)
            or f"no hub answered within {args.timeout:g} s: is one running with --advertise on this network?"
        ),
    )
    return 0


def _forget(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.keys import PIN_PREFIX

    with kiosk.ctx.store.write() as db:
        gone = db.execute("DELETE FROM setting WHERE key = ?", (PIN_PREFIX + args.station,)).rowcount
    emit(args, {"forgotten": bool(gone)}, lambda: "forgotten" if gone else "no key was pinned for that station")
    return 0


def _hub_network(chosen: str | None, kiosk: Kiosk) -> str | None:
    """The network the hub serves: the one asked for; or, by default, this station's when it holds an event
    (made now if it has never synced), so a fresh laptop that pairs first cannot take the hub into a network
    of its own and leave the convening's laptop refused; else None (the first station to pair decides)."""
    from kiosk.core.sync.keys import network_id

    if chosen not in (None, "station"):
        return chosen.strip()
    with kiosk.ctx.store.write() as db:
        if chosen is None:
            holds_event = db.execute("SELECT 1 FROM event LIMIT 1").fetchone() is not None
            return network_id(db, create=True) if holds_event else None
        found = network_id(db)
    if not found:
        raise KioskError("this station has not synced yet, so it is in no network: leave out --network")
    return found


def _hub(args: argparse.Namespace, kiosk: Kiosk) -> int:
    from kiosk.core.sync.client import pairing_text
    from kiosk.hub.store import HubStore

    url = args.db or f"sqlite:///{kiosk.ctx.store.folder / 'hub.sqlite3'}"
    database = Path(url.removeprefix("sqlite:///").split("?", 1)[0]) if url.startswith("sqlite:///") else None
    if database is not None and database.name and not database.parent.is_dir():
        raise KioskError(f"folder {database.parent} does not exist: nowhere to keep the hub's database")
    if args.qr and not Path(args.qr).parent.is_dir():
        raise KioskError(f"folder {Path(args.qr).parent} does not exist: nowhere to write the QR image")
    store = HubStore(url, network=_hub_network(args.network, kiosk))
    try:
        if args.revoke:
            return _revoke(args, store)
        if args.stations:
            rows = store.stations()
            emit(args, rows, lambda: "\n".join(_station_line(s) for s in rows) or "no stations paired")
            return 0
        if not args.pairing_only:
            _check_port(args.host, args.port or DEFAULT_PORT)  # before a code that would send stations nowhere
        public, fingerprint = _public_address(args, store)
        code = pairing_text(public, store.network, store.new_pairing_token(), fingerprint)
        if args.qr:
            import qrcode

            qrcode.make(code).save(args.qr)
        print(f"pairing code (one use): {code}", file=sys.stderr if not args.pairing_only else sys.stdout)
        if args.pairing_only:
            return 0
        print(
            "on every laptop, this one too: kiosk sync pair 'CODE' (each needs a code of its own: kiosk hub "
            "--pairing-only), then kiosk sync now, the laptop that has the event first",
            file=sys.stderr,
        )
        import uvicorn

        from kiosk.hub.app import create_app

        advertised = None
        if args.advertise:
            from kiosk.core.sync.discovery import advertise

            advertised = advertise(public, store.network, fingerprint, f"{kiosk.ctx.station_name} hub")
            print(f"advertised on the LAN as {advertised.name!r}", file=sys.stderr)
        try:
            store.record_address(public, fingerprint)
            uvicorn.run(
                create_app(store),
                host=args.host,
                port=args.port or DEFAULT_PORT,
                ssl_certfile=args.tls_cert,
                ssl_keyfile=args.tls_key,
                log_level="warning",
            )
        finally:
            if advertised is not None:
                advertised.close()
        return 0
    finally:
        store.close()


def _check_port(host: str, port: int) -> None:
    """Refuse, in one line, a host and port the hub cannot listen on (another hub, or another program, holds
    the port; the address is not this laptop's), before a pairing code is made for it."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        socket.create_server((host, port), family=family).close()  # SO_REUSEADDR, as uvicorn binds
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)  # create_server adds the address to strerror
        if exc.errno == errno.EADDRINUSE:
            raise KioskError(
                f"port {port} on {host} is in use ({reason}): a hub may be running already (kiosk hub "
                "--pairing-only gives a code for it), or another program holds the port: give another --port"
            ) from None
        raise KioskError(f"the hub cannot listen on {host} port {port} ({reason}): check --host and --port") from None


def _station_line(record: StationRecord) -> str:
    """A paired station as `kiosk hub --stations` lists it: id, name now, state, and former names."""
    line = f"{record.station_id}  {column(record.name, 20)} {'revoked' if record.revoked_at else 'active'}"
    return line + (f"  (formerly {', '.join(record.former)})" if record.former else "")


def _revoke(args: argparse.Namespace, store: HubStore) -> int:
    revoked = store.revoke(args.revoke)
    if not revoked:
        raise KioskError(
            f"no paired station matches {args.revoke!r}: give its name, id or the start of its id, as "
            "kiosk hub --stations lists them"
        )
    from kiosk.hub.store import fold_name

    records = {r.station_id: r for r in store.stations()}
    typed = fold_name(args.revoke)

    def named(station_id: str) -> str:
        record = records[station_id]
        formerly = typed != fold_name(record.name) and any(typed == fold_name(n) for n in record.former)
        return f"{record.name}{f', formerly {args.revoke.strip()}' if formerly else ''} ({station_id})"

    emit(
        args,
        {"revoked": revoked, "names": {i: records[i].name for i in revoked}},
        lambda: "revoked: " + ", ".join(named(i) for i in revoked),
    )
    return 0


def _public_address(args: argparse.Namespace, store: HubStore) -> tuple[str, str]:
    """The URL and certificate fingerprint the pairing code gives stations. A running hub says where it
    listens (`--url`, or `--host`/`--port`); `--pairing-only` without either takes the address the hub
    last started with on this database, since a code for another port sends stations nowhere."""
    from kiosk.core.sync.client import cert_fingerprint
    from kiosk.core.sync.discovery import reachable_url

    fingerprint = cert_fingerprint(Path(args.tls_cert).read_bytes()) if args.tls_cert else ""
    if args.url:
        return args.url, fingerprint
    scheme = "https" if args.tls_cert else "http"
    if not args.pairing_only or args.port:
        return reachable_url(scheme, args.host, args.port or DEFAULT_PORT), fingerprint
    last = store.address()
    if last is not None:
        print(
            f"kiosk: the pairing code gives {last.url}, where this hub last started ({_local(last.started_at)}): "
            "if it listens elsewhere now, give --port or --url",
            file=sys.stderr,
        )
        return last.url, fingerprint or last.fingerprint
    public = reachable_url(scheme, args.host, DEFAULT_PORT)
    print(
        f"kiosk: warning: no hub has run on this database yet, so the pairing code gives {public}, the default: "
        "if the hub listens on another port or address, give --port or --url",
        file=sys.stderr,
    )
    return public, fingerprint
