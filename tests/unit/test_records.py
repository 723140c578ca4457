"""Record: typing.NamedTuple's class syntax, built without importing typing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from followup.records import Record


class Point(Record):
    """A point."""

    x: int
    y: int = 0

    def moved(self, by: int) -> Point:
        return self._replace(x=self.x + by)

    @property
    def total(self) -> int:
        return self.x + self.y


def test_a_record_is_a_named_tuple_with_its_methods_and_defaults() -> None:
    point = Point(1)
    assert point == (1, 0) and point._fields == ("x", "y")
    assert point.moved(2) == Point(3, 0) and type(point.moved(2)) is Point
    assert point.total == 1 and Point.__doc__ == "A point."
    assert Point._make([4, 5])._asdict() == {"x": 4, "y": 5}
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    with pytest.raises(AttributeError):
        point.z = 3  # type: ignore[attr-defined]


def test_a_field_without_a_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default follows one with"):

        class Wrong(Record):  # type: ignore[misc]
            x: int = 0
            y: int


def test_followup_check_starts_without_importing_typing() -> None:
    code = "import sys, followup.cli, followup.checker; print('typing' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.stdout.strip() == "False", found.stderr
