"""The service layer: one service per capability, one verb per method, plain results for the views."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.context import Context
from kiosk.core.services.checkins import CheckIns
from kiosk.core.services.events import Events
from kiosk.core.services.organizations import Organizations
from kiosk.core.services.registrants import Registrants
from kiosk.core.services.search import Search
from kiosk.core.services.stations import Stations

if TYPE_CHECKING:
    from kiosk.core.services.connections import Connections
    from kiosk.core.services.contributions import Contributions
    from kiosk.core.services.desk import Desk
    from kiosk.core.services.imports import Imports
    from kiosk.core.services.merges import Merges
    from kiosk.core.services.tickets import Tickets


class Kiosk:
    """Everything a station can do, for the CLI, the views, the hub and the tests alike."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.events = Events(ctx)
        self.organizations = Organizations(ctx)
        self.registrants = Registrants(ctx)
        self.search = Search(ctx)
        self.checkins = CheckIns(ctx)
        self.stations = Stations(ctx)

    # Import and tickets bring rapidfuzz, charset-normalizer and friends: loaded when first used, not at
    # every start-up (the app must paint within two seconds on a large store).
    @functools.cached_property
    def imports(self) -> Imports:
        from kiosk.core.services.imports import Imports

        return Imports(self.ctx)

    @functools.cached_property
    def tickets(self) -> Tickets:
        from kiosk.core.services.tickets import Tickets

        return Tickets(self.ctx)

    @functools.cached_property
    def desk(self) -> Desk:
        """Check-in at the desk: a scan, a pick from search, a walk-in, an undo."""
        from kiosk.core.services.desk import Desk

        return Desk(self.ctx)

    @functools.cached_property
    def contributions(self) -> Contributions:
        """Journey Map and Stronger Together notes: the kiosk, moderation, the wall, the exports."""
        from kiosk.core.services.contributions import Contributions

        return Contributions(self.ctx)

    @functools.cached_property
    def connections(self) -> Connections:
        """Partner connections made by two badge scans at the kiosk."""
        from kiosk.core.services.connections import Connections

        return Connections(self.ctx)

    @functools.cached_property
    def merges(self) -> Merges:
        """Staff merges of two records of one person (a walk-in who had registered after all)."""
        from kiosk.core.services.merges import Merges

        return Merges(self.ctx)

    @classmethod
    def open(cls, folder: Path, station_name: str | None = None, verify: bool = True) -> Kiosk:
        """Open (creating or upgrading) the station in `folder`; `verify=False` defers reading every page
        to `ctx.store.verify()`, which the app runs on a worker thread after its first paint."""
        return cls(Context.open(folder, station_name, verify))

    def close(self) -> None:
        self.ctx.close()
