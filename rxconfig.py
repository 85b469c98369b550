"""Reflex configuration; Reflex reads REFLEX_* variables. Trà Đá's own: tra_da/settings.py.

The database is owned by tra_da.db and plain Alembic, so no db_url is given to Reflex here.
REDIS_URL switches Reflex to its Redis state manager (shared by every worker and process);
WEB_WORKERS sets the Granian worker count (Reflex reads GRANIAN_WORKERS when it starts them).
"""

import os

import reflex as rx

from tra_da.settings import get_settings
from tra_da.static_assets import ChunkPlugin

_settings = get_settings()
if _settings.web_workers:
    os.environ["GRANIAN_WORKERS"] = str(_settings.web_workers)

# Without Redis (one worker) Reflex's states stay in this process's memory. Its default, the disk
# manager, keeps every state in memory as well and also pickles them to `.states/`, which
# `reflex run` wipes at every start; and each pass of its write queue (several a second under
# load) lists and stats every state file: a third of the worker's Python time with 200
# browsers (docs/performance.md, "UI path"). REFLEX_STATE_MANAGER_MODE overrides this.
_state_manager = {} if _settings.redis_url else {"state_manager_mode": "memory"}

config = rx.Config(
    app_name="tra_da",
    show_built_with_reflex=False,
    telemetry_enabled=False,
    default_color_mode="light",
    redis_url=_settings.redis_url,
    **_state_manager,
    # The websocket's origin check and the CORS middleware (tra_da/api/cors.py): CORS_ORIGINS.
    cors_allowed_origins=_settings.cors_origin_list(),
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(
                accent_color="amber", gray_color="sand", radius="large", has_background=True
            )
        ),
        ChunkPlugin(),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # Precompressed siblings of every built file, served by Accept-Encoding (brotli preferred):
    # tra_da/static_assets.py.
    frontend_compression_formats=["brotli", "gzip"],
)
