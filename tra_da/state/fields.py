"""State fields for lists and typed values that mypy reads as Reflex does.

``rx.Field[T]`` tells type checkers that ``State.x`` (on the class, in a page) is a Var and
``self.x`` (in a handler) is the value. Its overloads are written for pyright; mypy resolves
every list field to ``ArrayVar[Never]``. ``ListField[T]`` means exactly ``rx.Field[list[T]]``
at run time (Reflex reads the annotation) and gives mypy the class-level ArrayVar directly.
State holds no dicts: rows are typed (Public types, dataclasses). ``ObjectField[T]`` is
``rx.Field[T | None]`` for one typed value (a Public type, a row), an ObjectVar on the class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import reflex as rx

T = TypeVar("T")

if TYPE_CHECKING:
    from reflex_base.vars.object import ObjectVar
    from reflex_base.vars.sequence import ArrayVar

    class ListField(Generic[T]):
        @overload
        def __get__(self, instance: None, owner: Any) -> ArrayVar[list[T]]: ...
        @overload
        def __get__(self, instance: object, owner: Any) -> list[T]: ...
        def __get__(self, instance: object | None, owner: Any) -> Any: ...
        def __set__(self, instance: object, value: list[T]) -> None: ...

    class ObjectField(Generic[T]):
        @overload
        def __get__(self, instance: None, owner: Any) -> ObjectVar[T]: ...
        @overload
        def __get__(self, instance: object, owner: Any) -> T | None: ...
        def __get__(self, instance: object | None, owner: Any) -> Any: ...
        def __set__(self, instance: object, value: T | None) -> None: ...

    def list_field() -> Any: ...
    def object_field() -> Any: ...

else:

    class ListField:
        def __class_getitem__(cls, item: Any) -> Any:
            return rx.Field[list[item]]

    class ObjectField:
        def __class_getitem__(cls, item: Any) -> Any:
            return rx.Field[item | None]

    def list_field() -> Any:
        return rx.field(default_factory=list)

    def object_field() -> Any:
        return rx.field(None)
