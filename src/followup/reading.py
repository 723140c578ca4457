"""Reading text a person wrote: bounded in size, UTF-8 only, never binary.

Drafts, examples, snippets and data files all come through :func:`read_text` (a file)
or :func:`read_stream` (standard input). Each reads in chunks and stops as soon as the
input is over its limit or holds a NUL byte, so ``/dev/zero`` or ``yes |`` cannot fill
the memory; whatever is wrong becomes one :class:`~followup.problems.Problem`.
"""

from __future__ import annotations

import os
import unicodedata

from .problems import Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:  # pathlib too: `followup check` names its files by the strings given
    from pathlib import Path
    from typing import BinaryIO

    from .problems import Where

#: The most a draft may hold unless ``followup check --max-size`` says otherwise. A
#: letter is a few kilobytes; a megabyte is a short book.
DRAFT_LIMIT = 1_000_000
#: The most an example, a snippet or a data file may hold: a letter or a list of names.
SOURCE_LIMIT = 64_000
_CHUNK = 65_536


def size_text(limit: int) -> str:
    """``1 MB``, ``64 KB`` or ``500 bytes``: a limit as a person would say it."""
    if limit >= 1_000_000 and limit % 100_000 == 0:
        return f"{limit / 1_000_000:g} MB"
    if limit >= 1_000 and limit % 100 == 0:
        return f"{limit / 1_000:g} KB"
    return f"{limit:,} bytes"


def read_text(
    path: Where, what: str = "file", limit: int = SOURCE_LIMIT, *, hidden_allowed: bool = False
) -> str:
    """Read a UTF-8 text file of at most ``limit`` bytes, or raise a :class:`Problem`.

    Unless ``hidden_allowed`` (a reader's draft), the text may not hold an invisible or
    control character (:func:`hidden_character`): every example, snippet and data file
    is read here, so none of them can hold text that is not what it looks like.
    """
    try:
        with open(path, "rb") as file:
            data = _read_bounded(file, path, what, limit)
    except FileNotFoundError:
        raise Problem(path, None, f"no such {what}; check the name and the folder") from None
    except IsADirectoryError:
        raise Problem(path, None, f"is a folder, not {article(what)}") from None
    except OSError as error:
        raise Problem(path, None, f"cannot be read ({error.strerror or error})") from None
    text = decode_text(data, path, what)
    if not hidden_allowed:
        problem = hidden_character(text, path)
        if problem is not None:
            raise problem
    return text


#: Names for the control characters that Unicode leaves unnamed.
_CONTROL_NAMES = {
    "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
#: Categories of characters a contributor's file may not hold: controls (but a tab or a
#: line break), formatting characters (bidirectional overrides, zero-width spaces, soft
#: hyphens, a byte order mark after the start) and the invisible line separators.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})


def hidden_character(text: str, path: Where | None, first_line: int = 1) -> Problem | None:
    """A problem naming the first invisible or control character in ``text``, if any.

    Such a character makes a file say something other than what it shows: a
    right-to-left override reverses what follows, a zero-width space splits a word. A
    tab and a line break are allowed; so is a byte order mark at the very start, which
    decoding has already removed.
    """
    if text.replace("\n", "").replace("\t", "").isprintable():  # the fast, usual case
        return None
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.replace("\t", "").isprintable():
            continue
        for character in line:
            if character != "\t" and unicodedata.category(character) in _HIDDEN:
                name = unicodedata.name(character, "") or _CONTROL_NAMES.get(character, "")
                named = f" ({name})" if name else ""
                return Problem(
                    path,
                    number,
                    f"holds U+{ord(character):04X}{named}, an invisible control character; "
                    "delete it",
                )
    return None


def visible(text: str, *, json_text: bool = False) -> str:
    """``text`` with every control or invisible character but a tab and a line break
    written out as an escape (``\\x1b``, ``\\u202e``), for printing to a terminal, where
    such a character could move the cursor, recolour the screen or reverse what follows.

    With ``json_text``, each is a JSON escape (``\\u001b``), which leaves JSON output valid
    and meaning the same: such characters can only stand inside its strings.
    """
    if text.replace("\n", "").replace("\t", "").isprintable():  # the fast, usual case
        return text
    return "".join(
        _escaped(character, json_text)
        if character not in "\n\t" and unicodedata.category(character) in _HIDDEN
        else character
        for character in text
    )


def _escaped(character: str, json_text: bool) -> str:
    code = ord(character)
    if json_text:
        if code > 0xFFFF:  # a surrogate pair, as JSON writes it
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def read_stream(stream: BinaryIO, path: Where, what: str, limit: int) -> str:
    """Read text from an open binary stream (standard input), bounded like a file."""
    try:
        data = _read_bounded(stream, path, what, limit)
    except OSError as error:
        raise Problem(path, None, f"cannot be read ({error.strerror or error})") from None
    return decode_text(data, path, what)


def _read_bounded(stream: BinaryIO, path: Where, what: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    newlines = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        nul = chunk.find(b"\x00")
        if nul >= 0:
            line = newlines + chunk[:nul].count(b"\n") + 1
            raise Problem(
                path, line, f"is binary, not text; {article(what)} must be plain UTF-8 text"
            )
        size += len(chunk)
        if size > limit:
            raise Problem(path, None, too_big(what, limit))
        newlines += chunk.count(b"\n")
        chunks.append(chunk)


def article(word: str) -> str:
    """``a draft``, ``an example``."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def too_big(what: str, limit: int) -> str:
    message = f"is over {size_text(limit)}, the most {article(what)} may hold"
    if what == "draft":
        return message + "; check one letter at a time, or raise the limit with --max-size"
    return message + "; a letter is a few hundred words"


def decode_text(data: bytes, path: Where | None, what: str = "file") -> str:
    """Decode UTF-8 text (a BOM is allowed), refusing binary data with a clear problem."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise Problem(path, line, f"is binary, not text; {article(what)} must be plain UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Problem(
            path, line, f"is not UTF-8 text; save the {what} as UTF-8 in your editor"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def inside(folder: Path, path: Path) -> Problem | None:
    """Why ``path`` is not a real file or folder inside ``folder``, or ``None`` if it is.

    Every part of the path below ``folder`` must be a real file or folder, not a
    symbolic link (the problem names the link), and the resolved path must stay inside
    the resolved folder. A file that does not exist yet passes (reading it reports that).
    """
    try:
        relative = path.relative_to(folder)
    except ValueError:
        return Problem(path, None, f"is outside {folder.name}/", kind="input")
    current = folder
    for part in relative.parts:
        current = current / part
        if os.path.islink(current):
            return Problem(
                current,
                None,
                f"is a symbolic link; {folder.name}/ may hold only real files",
                kind="input",
            )
    if not path.resolve().is_relative_to(folder.resolve()):
        return Problem(path, None, f"is outside {folder.name}/", kind="input")
    return None
