from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient


@pytest.fixture(scope="session")
def asgi_app() -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from tra_da.tra_da import app

        return app()


@pytest.fixture
def client(asgi_app: object, use_database: str) -> Iterator[TestClient]:
    with TestClient(asgi_app, raise_server_exceptions=False) as test_client:  # type: ignore[arg-type]
        yield test_client
