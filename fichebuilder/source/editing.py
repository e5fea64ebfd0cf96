"""Changing a position file in place: one writer at a time, and nobody's work lost.

Every command that rewrites a position file (``fiche xliff import``, and whatever
else edits one) goes through ``edit_position``. It takes the file's lock (see
``files.locked``) for the whole cycle, reads the file under it, lets the command's
change work on what it read, and writes the result atomically. A second command
changing the same file waits for the first, then makes its change on top of the
first one's: a change is planned on the file as it is under the lock, never on a
copy read before.

A program that does not take the lock (an editor saving the file) can still write
it meanwhile. So just before the new file is renamed into place, the file is read
once more; if it changed, the change is made again on the new content, and after
a few such tries the edit is refused with one line. It never writes over a change
it has not seen.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable
from pathlib import Path

from fichebuilder.errors import OutputError
from fichebuilder.files import atomic_write, locked
from fichebuilder.source.loading import Loaded, load_position_bytes
from fichebuilder.source.yamlsource import decode_text, read_bytes

ATTEMPTS = 3


class Current:
    """A position file as it is on disk now, read under its lock, for a change to work on."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path = path  # as the user named it, for messages
        self.raw = raw

    @functools.cached_property
    def loaded(self) -> Loaded:
        """The file validated (a PositionError where it does not load)."""
        loaded = load_position_bytes(self.raw, name=str(self.path))
        loaded.path = self.path
        return loaded

    @functools.cached_property
    def text(self) -> str:
        """The file's text, with Unix line ends and without a byte-order mark.

        The text a change returns is written back with the file's own line ends and mark.
        """
        return decode_text(self.raw, file=str(self.path))

    def encode(self, text: str) -> bytes:
        """``text`` in this file's own way: its line ends, its byte-order mark."""
        if b"\r\n" in self.raw:
            text = text.replace("\n", "\r\n")
        bom = codecs.BOM_UTF8 if self.raw.startswith(codecs.BOM_UTF8) else b""
        return bom + text.encode("utf-8")


Change = Callable[[Current], str | None]


class _ChangedMeanwhile(Exception):
    """The file on disk is no longer the one the change was made on."""


def edit_position(path: Path | str, change: Change, *, wait: float | None = None) -> bool:
    """Apply ``change`` to the position file at ``path``; returns whether the file was rewritten.

    ``change`` gets the file as it is now (``Current``) and returns its new text,
    or None to leave it alone; it may be called again on newer content (so it
    plans from what it is given, never from what it saw before). An error it
    raises leaves the file untouched. Another writer is waited for up to ``wait``
    seconds (default ``files.LOCK_WAIT``). A link is followed: the file it points at
    is changed, and the link stays.
    """
    named = Path(path)
    real = named.resolve()
    read_bytes(real, name=str(named))  # a missing or unreadable file is said as such, before any lock
    with locked(real, wait=wait):
        for _ in range(ATTEMPTS):
            current = Current(named, read_bytes(real, name=str(named)))
            new = change(current)
            if new is None or new == current.text:
                return False
            if _write_if_unchanged(real, current, current.encode(new)):
                return True
    raise OutputError(
        f"another program changed this file each time it was about to be written ({ATTEMPTS} times); "
        "nothing was written, run again",
        file=named,
    )


def _write_if_unchanged(real: Path, current: Current, data: bytes) -> bool:
    """Write ``data`` over the file unless it is no longer what ``current`` read."""
    try:
        mode = real.stat().st_mode & 0o7777
        atomic_write(
            real,
            lambda handle: handle.write(data),
            mode=mode,
            before_replace=functools.partial(_check_unchanged, real, current.raw),
        )
    except (_ChangedMeanwhile, FileNotFoundError):  # read again: a file removed meanwhile is said as such
        return False
    return True


def _check_unchanged(path: Path, read: bytes) -> None:
    try:
        now = path.read_bytes()
    except OSError:
        raise _ChangedMeanwhile from None
    if now != read:
        raise _ChangedMeanwhile
