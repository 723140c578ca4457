"""``Record``: :class:`typing.NamedTuple`'s class syntax, without importing :mod:`typing`.

``followup check`` runs in pre-commit hooks, so it should start in a few times a bare
Python's time; importing :mod:`typing` for the named tuples of the checker and the
engine was a sixth of what it adds. Type checkers see ``typing.NamedTuple`` itself; at
run time a class written the same way::

    class Finding(Record):
        rule: str
        line: int | None = None

        def where(self) -> str: ...

is built by :func:`collections.namedtuple` from its annotations (in order) and defaults,
with its methods, properties and docstring kept, and no ``__dict__``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    from collections import namedtuple

    class _Builder(type):
        """Builds each subclass of ``Record`` as a named tuple."""

        def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]):
            if not bases:  # Record itself
                return super().__new__(cls, name, bases, namespace)
            fields = list(namespace.get("__annotations__", {}))
            defaulted = [field in namespace for field in fields]
            if defaulted != sorted(defaulted):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            base = namedtuple(
                name,
                fields,
                defaults=[namespace[field] for field in fields if field in namespace],
                module=str(namespace.get("__module__")),
            )
            body = {
                key: value
                for key, value in namespace.items()
                if key not in fields and key not in ("__dict__", "__weakref__")
            }
            body["__slots__"] = ()
            return type(name, (base,), body)

    class Record(metaclass=_Builder):
        """The base of a named tuple written as a class (see the module's docstring)."""


__all__ = ["Record"]
