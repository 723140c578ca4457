"""Writing output files so that nothing is ever half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_generated(path: Path, text: str, sources: str) -> None:
    """Write a module that `make` generates, or, if it already says ``text``, only mark
    it newer than its sources so that `make` leaves it be."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        path.touch()
        return
    write_atomically(path, text)
    print(f"wrote {path.name} from {sources}")


def write_atomically(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write a text file so that a reader sees the old file or the new one, never half.

    The file gets the permissions an editor would give it (not the private ones of a
    temporary file). With ``exclusive``, an existing file is never replaced: raises
    :class:`FileExistsError` instead. An unchanged file is left alone.
    """
    if not exclusive and path.exists() and path.read_text(encoding="utf-8") == text:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise _about(error, path) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        if exclusive and path.exists():
            raise FileExistsError(path)
        os.replace(temporary, path)
    except BaseException as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(error, OSError) and not isinstance(error, FileExistsError):
            raise _about(error, path) from None
        raise


def _about(error: OSError, path: Path) -> OSError:
    """The same error about the file that was to be written, not its temporary file,
    whose name means nothing to the person who asked for the file."""
    return type(error)(error.errno, error.strerror or str(error), os.fspath(path))
