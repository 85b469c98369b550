"""GET /api/health: is the service up, and can it reach its database."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from tra_da.services import system

router = APIRouter(tags=["health"])


@router.get("/api/health", summary="Service and database health")
def get_health() -> JSONResponse:
    report = system.health()
    body = {
        "status": "ok" if report.ok else "unavailable",
        "db": report.database,
        "version": report.version,
    }
    return JSONResponse(body, status_code=200 if report.ok else 503)
