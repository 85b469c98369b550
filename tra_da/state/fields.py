"""State fields for lists and dicts that mypy reads as Reflex does.

``rx.Field[T]`` tells type checkers that ``State.x`` (on the class, in a page) is a Var and
``self.x`` (in a handler) is the value. Its overloads are written for pyright; mypy resolves
every list or dict field to ``ArrayVar[Never]``. ``ListField[T]`` and ``DictField[K, V]`` mean
exactly ``rx.Field[list[T]]`` and ``rx.Field[dict[K, V]]`` at run time (Reflex reads the
annotation) and give mypy the class-level ArrayVar / ObjectVar directly. ``ObjectField[T]`` is
``rx.Field[T | None]`` for one typed value (a Public type, a row), an ObjectVar on the class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import reflex as rx

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

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

    class DictField(Generic[K, V]):
        @overload
        def __get__(self, instance: None, owner: Any) -> ObjectVar[dict[K, V]]: ...
        @overload
        def __get__(self, instance: object, owner: Any) -> dict[K, V]: ...
        def __get__(self, instance: object | None, owner: Any) -> Any: ...
        def __set__(self, instance: object, value: dict[K, V]) -> None: ...

    class ObjectField(Generic[T]):
        @overload
        def __get__(self, instance: None, owner: Any) -> ObjectVar[T]: ...
        @overload
        def __get__(self, instance: object, owner: Any) -> T | None: ...
        def __get__(self, instance: object | None, owner: Any) -> Any: ...
        def __set__(self, instance: object, value: T | None) -> None: ...

    def list_field() -> Any: ...
    def dict_field() -> Any: ...
    def object_field() -> Any: ...

else:

    class ListField:
        def __class_getitem__(cls, item: Any) -> Any:
            return rx.Field[list[item]]

    class DictField:
        def __class_getitem__(cls, items: Any) -> Any:
            key, value = items
            return rx.Field[dict[key, value]]

    class ObjectField:
        def __class_getitem__(cls, item: Any) -> Any:
            return rx.Field[item | None]

    def list_field() -> Any:
        return rx.field(default_factory=list)

    def object_field() -> Any:
        return rx.field(None)

    def dict_field() -> Any:
        return rx.field(default_factory=dict)
