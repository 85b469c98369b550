"""How every headless Chromium here starts (browser tests, screenshots, the benchmark):
Debian's binary, since `playwright install` cannot download one on this kind of machine, with
the same flags everywhere."""

from __future__ import annotations

from typing import Any

EXECUTABLE = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(chromium: Any, executable: str = EXECUTABLE) -> Any:
    """``playwright.chromium.launch`` with this project's binary and flags."""
    return chromium.launch(executable_path=executable, args=ARGS)
