"""GET /api/health: is the service up, and can it reach its database.

It never waits behind other work: admission control lets it through, it runs on its own thread
and its own one-connection pool, and it answers within two seconds whatever the load
("db": "busy" with 200 when the database is slow to answer but the process is fine).
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from tra_da import __version__
from tra_da.services import system

router = APIRouter(tags=["health"])
_probe = ThreadPoolExecutor(max_workers=1, thread_name_prefix="health")
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
    loop = asyncio.get_running_loop()
    try:
        report = await asyncio.wait_for(loop.run_in_executor(_probe, system.health), PROBE_SECONDS)
    except TimeoutError:
        report = system.Health(ok=True, database="busy", version=__version__)
    body = {
        "status": "ok" if report.ok else "unavailable",
        "db": report.database,
        "version": report.version,
    }
    return JSONResponse(body, status_code=200 if report.ok else 503)
