"""A local stand-in for the parts of Stripe's API Trà Đá calls, plus signed webhook events.

The real `stripe` client talks to it (StripeClient base_addresses={"api": url}). It records every
request (path, form fields, Idempotency-Key), replays the first answer for a repeated
idempotency key as Stripe does, can fail on purpose, and serves the "payment page" URLs it hands
out so a browser can land there.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import stripe

from tests.conftest import free_port

WEBHOOK_SECRET = "whsec_test_0123456789abcdef"
SECRET_KEY = "sk_test_stub_never_sent_anywhere"


@dataclass
class Call:
    path: str
    form: dict[str, str]
    idempotency_key: str | None


@dataclass
class StripeStub:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    # Status codes to answer with before succeeding (e.g. [500] fails once), per path prefix.
    failures: dict[str, list[int]] = field(default_factory=dict)
    refund_status: str = "succeeded"
    _replies: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def calls_to(self, path: str) -> list[Call]:
        return [c for c in self.calls if c.path == path]

    def answer(self, path: str, form: dict[str, str], key: str | None) -> tuple[int, dict]:
        with self._lock:
            self.calls.append(Call(path, form, key))
            if key and key in self._replies:
                return self._replies[key]
            pending = self.failures.get(path, [])
            if pending:
                status = pending.pop(0)
                return status, {"error": {"type": "api_error", "message": f"stub {status}"}}
            if path == "/v1/checkout/sessions":
                session_id = f"cs_test_{uuid.uuid4().hex[:16]}"
                reply = (
                    200,
                    {
                        "id": session_id,
                        "object": "checkout.session",
                        "url": f"{self.url}/pay/{session_id}",
                        "expires_at": int(form.get("expires_at", time.time() + 1800)),
                        "client_reference_id": form.get("client_reference_id"),
                        "amount_total": int(form["line_items[0][price_data][unit_amount]"]),
                        "currency": form["line_items[0][price_data][currency]"],
                        "status": "open",
                        "payment_status": "unpaid",
                    },
                )
            elif path == "/v1/refunds":
                reply = (
                    200,
                    {
                        "id": f"re_test_{uuid.uuid4().hex[:16]}",
                        "object": "refund",
                        "amount": int(form["amount"]),
                        "payment_intent": form["payment_intent"],
                        "status": self.refund_status,
                    },
                )
            else:
                return 404, {"error": {"type": "invalid_request_error", "message": "no route"}}
            if key:
                self._replies[key] = reply
            return reply


@contextmanager
def running_stub() -> Iterator[StripeStub]:
    stub = StripeStub()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
            status, body = stub.answer(self.path, form, self.headers.get("Idempotency-Key"))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            data = b"<!doctype html><title>Stripe Checkout (stub)</title><h1>Pay</h1>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


def event(kind: str, obj: dict[str, Any], event_id: str | None = None) -> bytes:
    """A webhook body as Stripe sends it (API object 'event')."""
    body = {
        "id": event_id or f"evt_{uuid.uuid4().hex[:20]}",
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "data": {"object": obj},
    }
    return json.dumps(body).encode()


def signature(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send, computed offline."""
    return stripe.WebhookSignature.generate_signature_header(
        payload.decode(), secret, timestamp=timestamp
    )


def session_object(
    session_id: str,
    booking_id: int,
    amount: int,
    payment_status: str = "paid",
    payment_intent: str = "pi_test_1",
) -> dict[str, Any]:
    return {
        "id": session_id,
        "object": "checkout.session",
        "client_reference_id": str(booking_id),
        "metadata": {"booking_id": str(booking_id)},
        "amount_total": amount,
        "payment_status": payment_status,
        "payment_intent": payment_intent,
    }
