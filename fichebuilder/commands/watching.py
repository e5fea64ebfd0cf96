"""`fiche watch`: rebuild a fiche every time its position file or a template it is built from is saved."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fichebuilder.errors import FicheError
from fichebuilder.writers.templating import TemplateSet, default_template_dir

# the files of a template set, by suffix: structures (and what they import), catalogues, house style
_TEMPLATE_SUFFIXES = (".j2", ".yaml", ".docx")


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


def template_files(templates: TemplateSet) -> tuple[set[Path], Callable[[Path], bool]]:
    """The folders a template set's files are in, and which changed file is one of them.

    A structure may import any .j2 of its own folder or, failing that, of the shipped one;
    a catalogue is any .yaml of the catalogue folder; the house style is its one .docx
    (not every .docx of its folder: the document being built may be written there).
    """
    structures = {templates.structure_dir.resolve(), default_template_dir().resolve()}
    catalogues = templates.catalogue_dir.resolve()
    reference = templates.reference_docx.resolve()

    def is_template(path: Path) -> bool:
        if path.name.startswith((".", "~")) or not path.name.endswith(_TEMPLATE_SUFFIXES):
            return False  # an editor's swap file or backup, Word's lock file
        if path.suffix == ".j2":
            return path.parent in structures
        if path.suffix == ".yaml":
            return path.parent == catalogues
        return path == reference

    return {*structures, catalogues, reference.parent}, is_template


def watch(
    path: Path,
    build: Callable[[], list[Path]],
    *,
    templates: TemplateSet | None = None,
    stop: threading.Event | None = None,
    debounce_ms: int = 300,
) -> Iterator[Rebuild]:
    """Build now, then again after every save of ``path`` or of a file of ``templates``, until ``stop`` is set.

    Folders are watched rather than files, because editors save by writing a new file
    and renaming it over the old one. Saves that come together (a template and its
    catalogue) are one rebuild.
    """
    import watchfiles

    target = path.resolve()
    folders, is_template = template_files(templates) if templates else (set(), lambda _: False)
    yield _attempt(build)

    def wanted(change: watchfiles.Change, changed: str) -> bool:
        if change == watchfiles.Change.deleted:
            return False
        resolved = Path(changed).resolve()
        return resolved == target or is_template(resolved)

    for _ in watchfiles.watch(
        target.parent,
        *sorted(folder for folder in folders if folder.is_dir() and folder != target.parent),
        watch_filter=wanted,
        debounce=debounce_ms,
        stop_event=stop,
        recursive=False,
        raise_interrupt=False,
    ):
        yield _attempt(build)
