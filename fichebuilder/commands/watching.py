"""`fiche watch`: rebuild a fiche every time its position file is saved."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fichebuilder.errors import FicheError


@dataclass
class Rebuild:
    """One rebuild: the documents written, or the error that stopped it."""

    written: list[Path] = field(default_factory=list)
    error: FicheError | None = None


def _attempt(build: Callable[[], list[Path]]) -> Rebuild:
    try:
        return Rebuild(written=build())
    except FicheError as e:
        return Rebuild(error=e)


def watch(
    path: Path, build: Callable[[], list[Path]], *, stop: threading.Event | None = None, debounce_ms: int = 300
) -> Iterator[Rebuild]:
    """Build now, then again after every save of ``path``, until ``stop`` is set.

    The folder is watched rather than the file, because editors save by writing a
    new file and renaming it over the old one.
    """
    import watchfiles

    target = path.resolve()
    yield _attempt(build)

    def is_target(change: watchfiles.Change, changed: str) -> bool:
        return Path(changed).resolve() == target and change != watchfiles.Change.deleted

    for _ in watchfiles.watch(
        target.parent,
        watch_filter=is_target,
        debounce=debounce_ms,
        stop_event=stop,
        recursive=False,
        raise_interrupt=False,
    ):
        yield _attempt(build)
