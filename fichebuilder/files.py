"""Writing output files: all or nothing, never over an input, one writer at a time.

``atomic_write`` writes through a temporary file ``.NAME.XXXXXXXX.tmp`` beside the
target, synced to disk and renamed into place, so that a reader, a crash or a
power loss sees the old file or the new one, never a part. A build that is killed
leaves its temporary file behind; the next write into that folder removes it.
``locked`` is the exclusive lock of a file, for a read-modify-write cycle.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import math
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from fichebuilder.errors import FicheError, OutputError, UsageError

# Where documents go by default: a folder of fichebuilder's own, apart from the build/
# that setuptools makes in a checkout when the package is installed from it.
OUTPUT_DIR = Path("out")

_PROTECTED_SUFFIXES = {".yaml", ".yml"}
# tempfile's names: the prefix, eight random characters of this set, the suffix
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
# a temporary file is locked by its writer within microseconds of being made; one
# this old that nobody locks is a killed writer's
STALE_AFTER = 60.0
LOCK_WAIT = 30.0  # seconds a writer waits for another to finish with a file, unless
LOCK_WAIT_VARIABLE = "FICHE_LOCK_WAIT"  # the environment says otherwise
_MAX_LOCK_WAIT = 24 * 3600.0
_POLL = 0.02
_NOT_FILES = {
    stat.S_IFCHR: "device",
    stat.S_IFBLK: "device",
    stat.S_IFIFO: "named pipe",
    stat.S_IFSOCK: "socket",
}
_CHUNK = 1024 * 1024


def read_bytes_capped(
    path: Path,
    *,
    limit: int,
    error: type[FicheError],
    what: str,
    name: str | None = None,
    missing: str = "no such file",
    folder: str | None = None,
) -> bytes:
    """The bytes of the regular file at ``path``, if it holds at most ``limit``.

    Every input is read through here. A device, pipe or socket is ``error`` (a
    pipe would wait for a writer for ever, /dev/zero never ends), and so is a file
    with more than ``limit`` bytes: counted as read, not taken from the size the
    file claims. A missing file (``missing``), a folder (``folder``, by default
    "is a folder, not WHAT") or an unreadable file is ``error`` too.
    """
    name = name or str(path)
    try:
        return _read_capped(path, limit=limit, error=error, what=what, name=name)
    except FileNotFoundError:
        raise error(missing, file=name) from None
    except IsADirectoryError:
        raise error(folder or f"is a folder, not {what}", file=name) from None
    except OSError as e:
        raise error(f"cannot read: {e.strerror}", file=name) from None


def _read_capped(path: Path, *, limit: int, error: type[FicheError], what: str, name: str) -> bytes:
    _check_regular(os.stat(path).st_mode, error, name)
    # O_NONBLOCK: a file swapped for a pipe meanwhile opens at once instead of waiting
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        _check_regular(os.fstat(descriptor).st_mode, error, name)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(descriptor)
    raise error(f"is more than {size_name(limit)}; {what} may be at most {size_name(limit)}", file=name)


def _check_regular(mode: int, error: type[FicheError], name: str) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    if not stat.S_ISREG(mode):
        raise error(f"is a {_NOT_FILES.get(stat.S_IFMT(mode), 'special file')}, not a file", file=name)


def size_name(count: int) -> str:
    """A limit as messages give it: ``5 MiB``, ``512 KiB``."""
    return f"{count // (1024 * 1024)} MiB" if count >= 1024 * 1024 else f"{count // 1024} KiB"


def check_output_path(target: Path, *, source: Path | None = None, position_file: bool = False) -> None:
    """Refuse an output path that would overwrite a position file, a folder or the input.

    Every command that writes a file asks here first. A document, report, XLIFF
    file or schema is never written under a ``.yaml`` name; a position file
    (``position_file``) only under one (whether it may replace an existing file is
    the command's to say).
    """
    protected = target.suffix.lower() in _PROTECTED_SUFFIXES
    if position_file and not protected:
        raise UsageError("a position file's name ends in .yaml", file=target)
    if protected and not position_file:
        raise UsageError("will not write a document over a .yaml file", file=target)
    if target.is_dir():
        raise UsageError("is a folder; give a file name for the output", file=target)
    if source is not None and target.exists() and target.resolve() == source.resolve():
        raise UsageError("will not write over the input file", file=target)


def atomic_write(
    target: Path,
    write: Callable[[IO[bytes]], Any],
    *,
    mode: int = 0o644,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write ``target`` through a temporary file in its folder, synced and renamed into place.

    A reader (or a crash, or a power loss) never sees a half-written file, and a
    failure leaves the previous file as it was. The file gets ``mode`` (a file
    rewritten in place keeps its own). ``before_replace`` runs when the
    new content is safe on disk, just before the rename: an exception from it
    (say, the target changed meanwhile) leaves the target untouched.
    """
    folder = _output_folder(target)
    remove_stale_temporaries(folder)
    try:
        handle = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False)
    except OSError as e:
        raise OutputError(f"cannot write in this folder: {e.strerror}", file=folder) from None
    temporary = Path(handle.name)
    try:
        with handle:
            # held until the rename, so that no other run takes the file for a killed build's
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())  # the content is on disk before the name points at it
            os.fchmod(handle.fileno(), mode)
            if before_replace is not None:
                before_replace()
            os.replace(temporary, target)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write the file: {_reason(e)}", file=target) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _output_folder(target: Path) -> Path:
    folder = target.parent
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file, so no document can be written into it", file=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot make the folder: {e.strerror}", file=folder) from None
    return folder


def _reason(error: OSError) -> str:
    reason = error.strerror or str(error)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY):
        return f"{reason} (is it open in another program?)"
    return reason


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable. The new file is in place by now, so a folder
    that cannot be synced (some file systems refuse) is no reason to report failure."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_text(target: Path, text: str) -> None:
    """Write a text file atomically, in UTF-8."""
    write_bytes(target, text.encode("utf-8"))


def write_bytes(target: Path, data: bytes) -> None:
    """Write a file atomically."""
    atomic_write(target, lambda handle: handle.write(data))


def remove_stale_temporaries(folder: Path, *, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files that killed writers left in ``folder``; returns them.

    Only files of ``atomic_write``'s own pattern, older than ``older_than`` seconds
    and locked by no living writer. Whatever cannot be removed is left for the
    next run: the write that follows reports a folder it cannot write in.
    """
    try:
        names = [entry.name for entry in os.scandir(folder) if _TEMPORARY.match(entry.name)]
    except OSError:
        return []
    removed = []
    for name in names:
        path = folder / name
        with contextlib.suppress(OSError):
            if time.time() - path.lstat().st_mtime >= older_than and _remove_unowned(path):
                removed.append(path)
    return removed


def _remove_unowned(path: Path) -> bool:
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a running writer's
        if os.stat(path, follow_symlinks=False).st_ino != os.fstat(descriptor).st_ino:
            return False  # no longer a temporary file: its writer renamed it into place meanwhile
        path.unlink()
        return True
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def locked(target: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of ``target`` for a read-modify-write of it.

    The lock is an ``flock`` on ``.NAME.lock`` beside the file, so it holds between
    processes and between threads, and it dies with its holder: a killed run never
    leaves a file locked. A second writer waits up to ``wait`` seconds (default
    ``lock_wait()``). The lock file is removed on release; a writer that locked a
    file already removed sees that it has another inode than the name and tries again.
    """
    wait = lock_wait() if wait is None else wait
    lock = target.with_name(f".{target.name}.lock")
    deadline = time.monotonic() + wait
    while True:
        descriptor = _open_lock(lock)
        if _take(descriptor, lock):
            break
        os.close(descriptor)
        if time.monotonic() >= deadline:
            raise OutputError(
                f"another fiche command has been changing this file for {wait:g} s; try again when it is done",
                file=target,
            )
        time.sleep(_POLL)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()  # while still locked, so nobody can hold the removed inode's lock unknowingly
        os.close(descriptor)


def lock_wait() -> float:
    """How long a writer waits for another: FICHE_LOCK_WAIT seconds (0 to a day), else LOCK_WAIT.

    Read when a lock is wanted, so that a long batch of edits on a busy share can wait
    longer, and a script that would rather fail at once need not wait at all."""
    given = os.environ.get(LOCK_WAIT_VARIABLE, "").strip()
    if not given:
        return LOCK_WAIT
    try:
        seconds = float(given)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= _MAX_LOCK_WAIT:  # also refuses nan
        raise UsageError(
            f"{LOCK_WAIT_VARIABLE}={given!r}: give the seconds to wait for another fiche command, "
            f"a number from 0 to {_MAX_LOCK_WAIT:g}"
        )
    return seconds


def _open_lock(lock: Path) -> int:
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as e:
        raise OutputError(f"cannot write in this folder: {e.strerror}", file=lock.parent) from None


def _take(descriptor: int, lock: Path) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    try:
        named, held = os.stat(lock, follow_symlinks=False), os.fstat(descriptor)
    except FileNotFoundError:
        return False
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
