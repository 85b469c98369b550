"""Whole numbers as a JSON body carries them: a JSON integer (``5``, or ``5.0``, which JSON
Schema counts as an integer), never ``true`` or ``"5"``. Pydantic's lax mode would read true as 1
and "5" as 5 where the REST contract says integer; its strict mode would refuse 5.0, which the
contract allows. Path and query parameters arrive as text and use plain ``int``."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator


def a_number(value: object) -> object:
    if isinstance(value, bool | str):
        raise ValueError("give a number, not true/false or text in quotes")
    return value


JsonInt = Annotated[int, BeforeValidator(a_number)]
# (Within ``X | None``, give the bounds before the check: Annotated[int, Field(gt=0),
# BeforeValidator(a_number)]; after it, Pydantic leaves them out of the JSON schema.)
