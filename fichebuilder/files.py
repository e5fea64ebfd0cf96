"""Writing output files: all or nothing, and never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from fichebuilder.errors import OutputError, UsageError

_PROTECTED_SUFFIXES = {".yaml", ".yml"}


def check_output_path(target: Path, *, source: Path | None = None) -> None:
    """Refuse an output path that would overwrite an input or a position file."""
    if target.suffix.lower() in _PROTECTED_SUFFIXES:
        raise UsageError("will not write a document over a .yaml file", file=target)
    if target.is_dir():
        raise UsageError("is a folder; give a file name for the output", file=target)
    if source is not None and target.exists() and target.resolve() == source.resolve():
        raise UsageError("will not write over the input file", file=target)


def atomic_write(target: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Write ``target`` through a temporary file in its folder, renamed into place.

    A reader (or a crash) never sees a half-written file, and a failure leaves
    the previous file as it was.
    """
    folder = target.parent
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file, so no document can be written into it", file=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot make the folder: {e.strerror}", file=folder) from None
    try:
        handle = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False)
    except OSError as e:
        raise OutputError(f"cannot write in this folder: {e.strerror}", file=folder) from None
    temporary = Path(handle.name)
    try:
        with handle:
            write(handle)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        reason = e.strerror or str(e)
        raise OutputError(f"cannot write the file: {reason} (is it open in another program?)", file=target) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str) -> None:
    """Write a text file atomically, in UTF-8."""
    atomic_write(target, lambda handle: handle.write(text.encode("utf-8")))
