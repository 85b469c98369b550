"""The build plugin's edit of vite's config and the frontend's cache policy, without a build
(the built app is checked in tests/e2e/test_static_assets.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from tra_da import static_assets
from tra_da.static_assets import IMMUTABLE, REVALIDATE, add_cache_headers, cache_control

REFLEX_GROUPS = """      output: {
        codeSplitting: {
          groups: [
            {
              test: /env.json/,
              name: "reflex-env",
            },
          ],
        },"""


def test_chunk_groups_join_reflexs_own() -> None:
    config = static_assets.add_chunk_groups(REFLEX_GROUPS)
    assert config.index('name: "framework"') < config.index('name: "icons"')
    assert config.index('name: "icons"') < config.index('name: "reflex-env"')
    assert 'tags: ["$initial"]' in config  # icons chosen at run time stay out of the chunk


def test_a_changed_reflex_template_fails_the_build() -> None:
    with pytest.raises(RuntimeError, match="Reflex changed it"):
        static_assets.add_chunk_groups("export default defineConfig({});")


def test_only_reflexs_core_libraries_are_left_for_run_time_components() -> None:
    from reflex_base.registry import RegistrationContext, _default_bundled_libraries

    libraries = RegistrationContext.ensure_context().bundled_libraries
    saved = list(libraries)
    try:
        libraries.append("@radix-ui/themes")
        static_assets.drop_runtime_component_libraries()
        assert libraries == _default_bundled_libraries()
    finally:
        libraries[:] = saved


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/assets/root-DwTt677-.js", IMMUTABLE),
        ("/assets/__reflex_global_styles-BRwtdqYc.css", IMMUTABLE),
        ("/assets/manifest-7eefa5c8.js", IMMUTABLE),
        ("/", REVALIDATE),
        ("/login/", REVALIDATE),
        ("/mentors/7", REVALIDATE),
        ("/favicon.svg", REVALIDATE),
        ("/trada.css", REVALIDATE),
        ("/assets/short-abc.js", REVALIDATE),
    ],
)
def test_cache_policy_by_name(path: str, policy: bytes) -> None:
    assert cache_control(path) == policy


def _frontend(tmp_path: Path) -> Starlette:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app-DwTt677a.js").write_text("export {};")
    (tmp_path / "index.html").write_text("<!doctype html><p>hello</p>")
    app = Starlette(
        routes=[Mount("/", app=StaticFiles(directory=tmp_path, html=True), name="frontend")]
    )
    add_cache_headers(app)
    add_cache_headers(app)  # the transformer may run again on the same app: wrapped once
    return app


def test_the_frontends_files_get_their_policy_and_nothing_else_does(tmp_path: Path) -> None:
    app = _frontend(tmp_path)
    assert isinstance(app.routes[0], Mount)
    assert isinstance(app.routes[0].app, static_assets.CacheHeaders)
    assert not isinstance(app.routes[0].app.app, static_assets.CacheHeaders)
    client = TestClient(app)
    asset = client.get("/assets/app-DwTt677a.js")
    assert asset.headers["cache-control"] == IMMUTABLE.decode()
    assert client.get("/").headers["cache-control"] == REVALIDATE.decode()
    revalidated = client.get(
        "/assets/app-DwTt677a.js", headers={"If-None-Match": asset.headers["etag"]}
    )
    assert revalidated.status_code == 304
    assert revalidated.headers["cache-control"] == IMMUTABLE.decode()
    assert "cache-control" not in client.get("/assets/gone-AAAAAAAA.js").headers
