"""GET /api/health: is the service up, and can it reach its database."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from tra_da.services import system

router = APIRouter(tags=["health"])


class HealthOut(BaseModel):
    status: str  # ok | unavailable
    db: str
    version: str


@router.get(
    "/api/health",
    summary="Service and database health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "The database does not answer"}},
)
def get_health() -> JSONResponse:
    report = system.health()
    body = {
        "status": "ok" if report.ok else "unavailable",
        "db": report.database,
        "version": report.version,
    }
    return JSONResponse(body, status_code=200 if report.ok else 503)
