"""Output files are written whole, readable, and never over someone else's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from followup.files import write_atomically


def test_a_written_file_is_whole_and_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    old = os.umask(0o022)
    try:
        write_atomically(target, "Dear Ana,\n")
    finally:
        os.umask(old)
    assert target.read_text(encoding="utf-8") == "Dear Ana,\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["letter.txt"]  # no temporary left


def test_an_unchanged_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    write_atomically(target, "Same\n")
    os.utime(target, (1, 1))
    write_atomically(target, "Same\n")
    assert target.stat().st_mtime == 1
    write_atomically(target, "Changed\n")
    assert target.read_text(encoding="utf-8") == "Changed\n"


def test_exclusive_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "mine.j2"
    target.write_text("theirs", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_atomically(target, "mine", exclusive=True)
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.j2"]
