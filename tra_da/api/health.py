"""GET /api/health: is the service up, and can it reach its database.

It never waits behind other work: admission control lets it through, it runs on its own thread
and its own one-connection pool, and it answers within two seconds whatever the load
("db": "busy" with 200 when the database is slow to answer but the process is fine).

A database that answered within the last second is not asked again: load balancers and
monitors poll this often, and each probe is a hop to the probe thread and a query. Only "ok" is
remembered, so a database that is down or slow is asked again on every call, and its recovery
shows at once.
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from tra_da import __version__
from tra_da.services import system
from tra_da.settings import get_settings

router = APIRouter(tags=["health"])
_probe = ThreadPoolExecutor(max_workers=1, thread_name_prefix="health")
FRESH_SECONDS = 1.0  # how long an "ok" answer of the database stands
_answered_ok: dict[str, float] = {}  # database URL -> when it last answered "ok" (monotonic)
PROBE_SECONDS = 1.0  # then "busy": the answer stays well within two seconds


class HealthOut(BaseModel):
    status: str  # ok | unavailable
    db: str  # ok | busy | down
    version: str


@router.get(
    "/api/health",
    summary="Service and database health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "The database does not answer"}},
)
async def get_health() -> JSONResponse:
    report = await _database_report(get_settings().database_url)
    body = {
        "status": "ok" if report.ok else "unavailable",
        "db": report.database,
        "version": report.version,
    }
    return JSONResponse(body, status_code=200 if report.ok else 503)


async def _database_report(url: str) -> system.Health:
    if time.monotonic() - _answered_ok.get(url, float("-inf")) < FRESH_SECONDS:
        return system.Health(ok=True, database="ok", version=__version__)
    loop = asyncio.get_running_loop()
    try:
        report = await asyncio.wait_for(loop.run_in_executor(_probe, system.health), PROBE_SECONDS)
    except TimeoutError:
        return system.Health(ok=True, database="busy", version=__version__)
    if report.database == "ok":
        _answered_ok[url] = time.monotonic()
    else:
        _answered_ok.pop(url, None)
    return report
