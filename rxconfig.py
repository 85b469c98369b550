"""Reflex configuration; Reflex reads REFLEX_* variables. Trà Đá's own: tra_da/settings.py.

The database is owned by tra_da.db and plain Alembic, so no db_url is given to Reflex here.
"""

import reflex as rx

config = rx.Config(
    app_name="tra_da",
    show_built_with_reflex=False,
    telemetry_enabled=False,
    default_color_mode="light",
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(
                accent_color="amber", gray_color="sand", radius="large", has_background=True
            )
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
