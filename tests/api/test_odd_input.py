"""Issue #14: every odd input gets a 4xx with the error object, never a 500.

Ids beyond 64 bits, naive or far-away datetimes, control characters, over-long text, undeclared
methods, and callers without the role whatever body they send.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from tests.api.helpers import sign_in

HUGE = "9223372036854775808"  # 2**63: one past the largest id any database column holds


def _error(response: object, *statuses: int) -> dict[str, str]:
    assert response.status_code in statuses, (response.status_code, response.text)  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}, body
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"/api/mentors/{HUGE}", None),
        ("GET", f"/api/mentors/{HUGE}/slots", None),
        ("GET", "/api/mentors/-1", None),
        ("GET", "/api/mentors/0", None),
        ("GET", f"/api/bookings/{HUGE}/payment", None),
        ("POST", f"/api/slots/{HUGE}/book", None),
        ("POST", f"/api/bookings/{HUGE}/cancel", {}),
        ("POST", "/api/bookings/1/reschedule", {"slot_id": int(HUGE)}),
        ("GET", f"/api/session-logs?mentee_id={HUGE}", None),
        ("GET", f"/api/mentors?offset={HUGE}", None),
        ("GET", "/api/mentors?limit=100000", None),
        ("GET", "/api/mentors?offset=-1", None),
    ],
)
def test_ids_beyond_64_bits_are_refused_not_crashed(
    client: TestClient, method: str, path: str, body: object
) -> None:
    admin = sign_in(client, "admin@example.com", "admin")
    mentee = sign_in(client, "mentee@example.com", "mentee")
    who = mentee if "book" in path or "reschedule" in path else admin
    response = client.request(method, path, json=body, headers=who.headers)
    _error(response, 404, 422)


def test_huge_ids_in_admin_bodies_are_refused(client: TestClient) -> None:
    admin = sign_in(client, "admin@example.com", "admin")
    mentor = sign_in(client, "mentor@example.com", "mentor")
    refund = client.post(
        f"/api/payments/{HUGE}/refund", json={"amount": 10**30}, headers=admin.headers
    )
    _error(refund, 404, 422)
    log = client.post(
        "/api/session-logs",
        json={
            "mentee_id": int(HUGE),
            "booking_id": int(HUGE),
            "session_date": "2026-11-01",
            "topic": "x",
            "mentor_score": 3,
        },
        headers=mentor.headers,
    )
    _error(log, 404, 422)


def test_naive_datetimes_are_refused_with_a_hint_to_add_an_offset(client: TestClient) -> None:
    mentee = sign_in(client, "mentee@example.com", "mentee")
    for query in (
        "/api/mentors?available_from=2026-12-01T00:00:00",
        "/api/mentors?available_to=2026-12-01T00:00:00",
        "/api/mentors/1/slots?from=2026-12-01T00:00:00",
    ):
        error = _error(client.get(query, headers=mentee.headers), 422)
        assert "offset" in error["message"], error


@pytest.mark.parametrize(
    "query",
    [
        "available_from=9999-12-31T23:59:59Z",
        "available_to=9999-12-31T23:59:59-05:00",
        "available_from=0001-01-01T00:00:00Z",
        "available_from=1999-12-31T23:00:00Z",
    ],
)
def test_far_away_dates_are_refused_with_the_bounds(client: TestClient, query: str) -> None:
    mentee = sign_in(client, "mentee@example.com", "mentee")
    error = _error(client.get(f"/api/mentors?{query}", headers=mentee.headers), 422)
    assert "2000" in error["message"] and "2100" in error["message"], error


def test_far_away_slot_times_are_refused(client: TestClient) -> None:
    mentee = sign_in(client, "mentee@example.com", "mentee")
    response = client.get(
        "/api/mentors/1/slots?to=9999-12-31T23:59:59-05:00", headers=mentee.headers
    )
    _error(response, 422)
    admin = sign_in(client, "admin@example.com", "admin")
    made = client.post(
        "/api/mentors",
        json={"email": "lan@example.com", "name": "Lan"},
        headers=admin.headers,
    )
    assert made.status_code == 201, made.text
    response = client.post(
        f"/api/mentors/{made.json()['id']}/slots",
        json={"start_at": "9999-12-31T22:00:00Z", "end_at": "9999-12-31T23:00:00Z"},
        headers=admin.headers,
    )
    _error(response, 422)


@pytest.mark.parametrize(
    "body",
    [
        {"email": "x@example.com", "name": "Lan\x00", "bio": ""},
        {"email": "x@example.com", "name": "Lan", "bio": "nul \x00 inside"},
        {"email": "x@example.com", "name": "Lan", "track": "a\nb"},
        {"email": "x@example.com", "name": "L" * 121},
        {"email": "x@example.com", "name": "Lan", "bio": "b" * 4001},
        {"email": "x@example.com", "name": "Lan", "expertise": ["t" * 41]},
    ],
)
def test_text_with_control_characters_or_over_its_limit_is_refused(
    client: TestClient, body: dict[str, object]
) -> None:
    admin = sign_in(client, "admin@example.com", "admin")
    _error(client.post("/api/mentors", json=body, headers=admin.headers), 422)


def test_line_breaks_are_fine_in_multi_line_fields(client: TestClient) -> None:
    admin = sign_in(client, "admin@example.com", "admin")
    response = client.post(
        "/api/mentors",
        json={"email": "x@example.com", "name": "Lan", "bio": "line one\n\tline two"},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["bio"] == "line one\n\tline two"


def test_undeclared_methods_get_405_with_allow(client: TestClient) -> None:
    response = client.delete("/api/mentors")
    error = _error(response, 405)
    assert error["code"] == "method_not_allowed"
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    response = client.put("/api/session-logs")
    _error(response, 405)
    assert "POST" in response.headers["allow"]
    patch = client.patch("/api/mentors/12/slots")
    _error(patch, 405)
    _error(client.get("/api/no-such-thing"), 404)


def test_role_is_checked_before_the_body(client: TestClient) -> None:
    mentee = sign_in(client, "mentee@example.com", "mentee")
    mentor = sign_in(client, "mentor@example.com", "mentor")
    for body in ({}, {"topic": 5}, None):
        _error(client.post("/api/session-logs", json=body, headers=mentee.headers), 403)
        _error(client.post("/api/session-logs", json=body), 401)
    garbled = {"Content-Type": "application/json"}
    raw = b'{"mentee_id": '
    _error(
        client.post("/api/session-logs", content=raw, headers={**garbled, **mentee.headers}), 403
    )
    _error(client.post("/api/session-logs", content=raw, headers=garbled), 401)
    _error(client.post("/api/mentors", content=raw, headers={**garbled, **mentor.headers}), 403)
    _error(client.post("/api/slots/1/book", headers=mentor.headers), 403)
    # With the role, the same malformed body is a 422 that names the problem.
    _error(
        client.post("/api/session-logs", content=raw, headers={**garbled, **mentor.headers}), 422
    )


def test_session_log_dates_are_bounded(client: TestClient) -> None:
    mentor = sign_in(client, "mentor@example.com", "mentor")
    for day in ("1999-12-31", "0001-01-01", "9999-12-31"):
        body = {"mentee_id": 1, "session_date": day, "topic": "x", "mentor_score": 3}
        _error(client.post("/api/session-logs", json=body, headers=mentor.headers), 422)
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    body = {"mentee_id": 1, "session_date": tomorrow, "topic": "x", "mentor_score": 3}
    _error(client.post("/api/session-logs", json=body, headers=mentor.headers), 404, 422)


@pytest.mark.parametrize("value", [False, True, "3", 2.5])
def test_numbers_in_bodies_are_json_numbers_not_flags_or_text(
    client: TestClient, value: object
) -> None:
    """Lax parsing would read false as 0 and "3" as 3 where the contract says integer."""
    admin = sign_in(client, "admin@example.com", "admin")
    mentor = sign_in(client, "mentor@example.com", "mentor")
    mentee = sign_in(client, "mentee@example.com", "mentee")
    sent = [
        (admin, "/api/mentors", {"email": "new@example.com", "name": "N", "max_mentees": value}),
        (admin, "/api/payments/1/refund", {"amount": value}),
        (mentor, "/api/mentors/1/price", {"amount": value, "currency": "VND"}),
        (mentee, "/api/bookings/1/reschedule", {"slot_id": value}),
        (mentee, "/api/bookings/1/review", {"rating": value}),
        (
            mentor,
            "/api/session-logs",
            {"mentee_id": value, "session_date": "2026-11-01", "topic": "x", "mentor_score": 3},
        ),
        (
            mentor,
            "/api/session-logs",
            {"mentee_id": 1, "session_date": "2026-11-01", "topic": "x", "mentor_score": value},
        ),
    ]
    for who, path, body in sent:
        method = "PUT" if path.endswith("/price") else "POST"
        response = client.request(method, path, json=body, headers=who.headers)
        assert response.status_code == 422, (path, body, response.text)
        message = _error(response, 422)["message"]
        assert "Value error" not in message, message
        assert "number" in message or value == 2.5


def _body_models() -> list[type]:
    from fastapi.routing import APIRoute
    from pydantic import BaseModel

    from tra_da.api.app import API_ROUTERS

    models = set()
    for route in (route for router in API_ROUTERS for route in router.routes):
        if isinstance(route, APIRoute) and route.body_field is not None:
            annotation = route.body_field.field_info.annotation
            for candidate in getattr(annotation, "__args__", (annotation,)):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    models.add(candidate)
    return sorted(models, key=lambda m: m.__name__)


def _kinds(schema: dict) -> set[str]:
    return {schema.get("type", "")} | {k for s in schema.get("anyOf", ()) for k in _kinds(s)}


@pytest.mark.parametrize("model", _body_models(), ids=lambda m: m.__name__)
def test_every_number_and_flag_of_every_rest_body_is_typed_strictly(model: type) -> None:
    """A guard for fields still to come: every integer of a REST body refuses true and "5",
    every boolean refuses 1 (the rule above, field by field in the models)."""
    from pydantic import ValidationError

    properties = model.model_json_schema()["properties"]  # type: ignore[attr-defined]
    for name, schema in properties.items():
        kinds = _kinds(schema)
        odd: list[object] = [True, "5"] if "integer" in kinds else [1] if "boolean" in kinds else []
        for value in odd:
            with pytest.raises(ValidationError) as caught:
                model.model_validate({name: value})  # type: ignore[attr-defined]
            assert any(e["loc"][:1] == (name,) for e in caught.value.errors()), (
                f"{model.__name__}.{name} took {value!r}"
            )


def test_a_whole_number_written_as_5_0_is_a_number(client: TestClient) -> None:
    """JSON Schema counts 5.0 as an integer, so the contract lets a client send it."""
    admin = sign_in(client, "admin@example.com", "admin")
    body = {"email": "five@example.com", "name": "Five", "max_mentees": 5.0}
    created = client.post("/api/mentors", json=body, headers=admin.headers)
    assert created.status_code == 201, created.text
    assert created.json()["max_mentees"] == 5


def test_a_flag_in_a_body_is_true_or_false(client: TestClient) -> None:
    mentor = sign_in(client, "mentor@example.com", "mentor")
    body = {
        "mentee_id": 1,
        "session_date": "2026-11-01",
        "topic": "x",
        "mentor_score": 3,
        "needs_support": 1,
    }
    response = client.post("/api/session-logs", json=body, headers=mentor.headers)
    _error(response, 422)


def test_openapi_declares_each_operations_errors(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "ErrorOut" in spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if path == "/api/health":
                assert "503" in codes
                continue
            assert "422" in codes, (method, path)
            schema = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}
    logs = spec["paths"]["/api/session-logs"]["post"]["responses"]
    assert {"401", "403", "404", "409", "413", "422", "429", "503"} <= set(logs)


def test_the_sample_files_download_as_csv_of_the_demo_people(client: TestClient) -> None:
    import csv
    import io

    from tra_da.services import demo_data

    mentors = client.get("/api/import-samples/mentors.csv")
    assert mentors.status_code == 200
    assert mentors.headers["content-type"].startswith("text/csv")
    assert "attachment" in mentors.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(mentors.content.decode("utf-8-sig"))))
    assert [r["email"] for r in rows] == [m.email for m in demo_data.MENTORS]
    assert [r["name"] for r in rows] == [m.name for m in demo_data.MENTORS]
    mentees = client.get("/api/import-samples/mentees.csv")
    rows = list(csv.DictReader(io.StringIO(mentees.content.decode("utf-8-sig"))))
    assert [r["email"] for r in rows] == [m.email for m in demo_data.MENTEES]
    _error(client.get("/api/import-samples/other.csv"), 404)


def test_the_sample_link_leaves_the_client_router() -> None:
    """The link used to go through React Router, which showed the app's 404 page."""
    from tra_da.pages import admin

    rendered = str(admin.import_page())
    assert "reloadDocument" in rendered and "download" in rendered
