"""``rx.event`` as mypy can read it.

Reflex types its decorator for pyright: ``rx.event`` is a class whose ``__new__`` returns an
EventCallback, and mypy takes ``__new__`` to return the class itself, so every handler looked
like an ``EventNamespace`` to mypy. This module gives mypy the same signature pyright sees; at
run time ``event`` *is* ``rx.event``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVarTuple, Unpack, overload

import reflex as rx

if TYPE_CHECKING:
    from reflex_base.event import EventCallback

    P = TypeVarTuple("P")

    @overload
    def event(func: Callable[[Any, Unpack[P]], Any], /) -> EventCallback[*P]: ...

    @overload
    def event(
        *, background: bool
    ) -> Callable[[Callable[[Any, Unpack[P]], Any]], EventCallback[*P]]: ...

    def event(*args: Any, **kwargs: Any) -> Any: ...

else:
    event = rx.event
