"""The hub's HTTP API (ASGI, Starlette). Every route but /health and /pair needs `Authorization: Bearer
<station token>`; a revoked token is refused at once, on every hub process.

  GET  /health   -> {"ok", "network", "hub", "entries"}
  POST /pair     {"pairing_token", "station_id", "station_name", "public_key", "network"}
                 -> {"token", "network", "hub", "adopted"}; 409 {"error", "network"} for another network's station
  GET  /vector   -> {"vector"}                     what the hub holds (push what lies beyond it)
  POST /push     {"entries": [...]} -> {"stored", "refused", "vector"}      idempotent by entry id
  POST /pull     {"vector", "limit"} -> {"entries", "more", "vector"}       what the caller lacks, a page
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kiosk.core.errors import KioskError
from kiosk.core.hlc import wall_ms
from kiosk.core.sync.protocol import PAGE, Carrier, check_vector, entry_from_wire, entry_to_wire, guard_clock
from kiosk.hub.store import HubStore, OtherNetwork

MAX_BODY = 64 * 1024 * 1024


class Refusal(Exception):
    def __init__(self, status: int, reason: str, **extra: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.extra = extra


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise Refusal(413, f"request too large (over {MAX_BODY} bytes): send pages of at most {PAGE} entries")
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        raise Refusal(400, "the request is not JSON") from None
    if not isinstance(value, dict):
        raise Refusal(400, "the request must be a JSON object")
    return value


def create_app(store: HubStore, wall: Callable[[], int] = wall_ms) -> Starlette:
    """The hub app over `store`; `wall` is the hub's clock for the clock guard (tests move it)."""

    def authenticated(request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Refusal(401, "no station token: pair this station with the hub first (kiosk sync pair URL TOKEN)")
        station = store.station_for(token.strip())
        if station is None:
            raise Refusal(401, "this station's token is unknown or was revoked: pair it with the hub again")
        return station

    def route(
        handler: Callable[[Request], Awaitable[dict[str, Any]]],
    ) -> Callable[[Request], Awaitable[JSONResponse]]:
        async def endpoint(request: Request) -> JSONResponse:
            try:
                return JSONResponse(await handler(request))
            except Refusal as exc:
                return JSONResponse({"error": exc.reason, **exc.extra}, status_code=exc.status)
            except KioskError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)

        return endpoint

    async def health(request: Request) -> dict[str, Any]:
        entries = await run_in_threadpool(store.count)
        network = await run_in_threadpool(lambda: store.network)
        return {"ok": True, "network": network, "hub": store.hub_id, "entries": entries}

    async def pair(request: Request) -> dict[str, Any]:
        body = await _body(request)
        try:
            pairing, station_id = str(body["pairing_token"]), str(body["station_id"])
        except KeyError as exc:
            raise Refusal(400, f"pairing needs {exc.args[0]}") from None
        network = body.get("network") or ""
        if not isinstance(network, str) or len(network) > 64:
            raise Refusal(400, "network must be the station's sync network id")
        name, public_key = str(body.get("station_name", "")), str(body.get("public_key", ""))
        try:
            paired = await run_in_threadpool(store.pair, pairing, station_id, name, public_key, network)
        except OtherNetwork as exc:
            raise Refusal(409, str(exc), network=exc.hub_network) from None
        if paired is None:
            raise Refusal(403, "this pairing code is unknown, used or expired: show a new pairing code on the hub")
        return {"token": paired.token, "network": paired.network, "hub": store.hub_id, "adopted": paired.adopted}

    async def vector(request: Request) -> dict[str, Any]:
        await run_in_threadpool(authenticated, request)
        return {"vector": await run_in_threadpool(store.vector)}

    async def push(request: Request) -> dict[str, Any]:
        await run_in_threadpool(authenticated, request)
        body = await _body(request)
        raw = body.get("entries")
        if not isinstance(raw, list):
            raise Refusal(400, "push needs a list of entries")
        if len(raw) > PAGE:
            raise Refusal(413, f"push at most {PAGE} entries at a time")
        entries = [entry_from_wire(item) for item in raw]
        guarded = guard_clock(entries, wall(), carrier=Carrier.HUB)
        stored = await run_in_threadpool(store.store_entries, guarded.accepted)
        return {
            "stored": stored,
            "refused": [r.__dict__ for r in guarded.refused],
            "vector": await run_in_threadpool(store.vector),
        }

    async def pull(request: Request) -> dict[str, Any]:
        await run_in_threadpool(authenticated, request)
        body = await _body(request)
        their = check_vector(body.get("vector", {}))
        limit = body.get("limit", PAGE)
        if not isinstance(limit, int) or not 1 <= limit <= PAGE:
            raise Refusal(400, f"limit must be a whole number from 1 to {PAGE}")
        hub_vector = await run_in_threadpool(store.vector)
        entries = await run_in_threadpool(store.entries_missing, their, limit)
        return {"entries": [entry_to_wire(e) for e in entries], "more": len(entries) == limit, "vector": hub_vector}

    async def failed(request: Request, exc: Exception) -> JSONResponse:
        """A fault of the hub itself, said as the hub says every refusal (stations tell it from another
        server's error page by the JSON `error`); the error is still logged."""
        return JSONResponse(
            {"error": f"the hub failed ({type(exc).__name__}); the station keeps its entries and syncs later"},
            status_code=500,
        )

    routes = [
        Route("/health", route(health), methods=["GET"]),
        Route("/pair", route(pair), methods=["POST"]),
        Route("/vector", route(vector), methods=["GET"]),
        Route("/push", route(push), methods=["POST"]),
        Route("/pull", route(pull), methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={Exception: failed})
