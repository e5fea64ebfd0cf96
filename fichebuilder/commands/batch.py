"""Building many fiches at once, in worker processes; a failing file never stops the others."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from fichebuilder.errors import FicheError, UsageError


@dataclass
class Outcome:
    """What became of one position file: the documents written, or the error."""

    source: Path
    written: list[Path] = field(default_factory=list)
    error: FicheError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def position_files(sources: list[Path]) -> list[Path]:
    """The position files named: files as given, folders by their ``*.yaml`` files, sorted."""
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            found.extend(sorted(p for p in source.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            found.append(source)
    if not found:
        raise UsageError(f"no position files (*.yaml) in {', '.join(map(str, sources))}")
    return list(dict.fromkeys(found))


def _build_one(
    source: Path, output_dir: Path, langs: list[str], template: Path | None, allow_missing: bool, draft: bool = False
) -> Outcome:
    from fichebuilder.writers.building import build_fiche

    try:
        built = build_fiche(
            source, output_dir=output_dir, langs=langs, template=template, allow_missing=allow_missing, draft=draft
        )
    except FicheError as e:
        return Outcome(source, error=e)
    except Exception as e:  # a bug must not take the batch down; it is reported as the file's failure
        return Outcome(source, error=FicheError(f"unexpected error: {type(e).__name__}: {e}", file=source))
    return Outcome(source, [b.path for b in built])


PARENT_CHECK = 0.5  # seconds between a worker's looks at whether its parent still lives


def _exit_with_parent() -> None:
    """Run in each worker: end it when the process that started it dies.

    A killed ``fiche build`` would otherwise leave its workers waiting for work
    forever. An orphan gets a new parent, so a changed parent id is the sign.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK)
        os._exit(1)  # no clean-up to wait for: a temporary file left is removed by the next build

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def build_many(
    sources: list[Path],
    *,
    output_dir: Path,
    langs: list[str],
    jobs: int | None = None,
    template: Path | None = None,
    allow_missing: bool = False,
    draft: bool = False,
) -> Iterator[Outcome]:
    """Build every position file; yields each outcome as it completes.

    ``jobs`` worker processes (default: one per core); with one job everything runs
    in this process, which is also the cheapest for a single file.
    """
    files = position_files(sources)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    if workers == 1:
        for source in files:
            yield _build_one(source, output_dir, langs, template, allow_missing, draft)
        return
    # imported before the workers start: forked workers inherit them instead of importing each
    from fichebuilder.writers import (
        building,  # noqa: F401
        render,  # noqa: F401
    )

    with ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent) as pool:
        futures = [
            pool.submit(_build_one, source, output_dir, langs, template, allow_missing, draft) for source in files
        ]
        for future in as_completed(futures):
            yield future.result()
