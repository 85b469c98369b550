"""/api/import-samples/{kind}.csv: the sample files the import page offers for download."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from tra_da.services import csv_import
from tra_da.services.errors import NotFound

router = APIRouter(tags=["admin"])


@router.get("/api/import-samples/{kind}.csv", summary="Sample CSV for the bulk import")
def sample(kind: str) -> Response:
    if kind not in csv_import.SAMPLES:
        raise NotFound("No such sample; use mentors.csv or mentees.csv.")
    # A byte-order mark makes spreadsheet programs open the file as UTF-8 (Vietnamese names).
    body = "\ufeff" + csv_import.SAMPLES[kind]
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="tra-da-{kind}.csv"'},
    )
