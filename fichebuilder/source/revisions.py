"""Reading a position file as it was in a git revision: ``positions/x.yaml@HEAD~1``.

A spec is a file when it names an existing file (even one with an ``@`` in its
name); otherwise ``FILE@REV`` is read with git from the repository the file is
in, whatever the current folder. The file need not exist any more in the work
tree, only its folder (or a parent of it) inside the repository.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from fichebuilder.errors import RevisionError
from fichebuilder.files import size_name
from fichebuilder.source.loading import Loaded, load_position, load_position_bytes
from fichebuilder.source.yamlsource import MAX_BYTES


def parse_spec(spec: str) -> tuple[Path, str | None]:
    """Split ``FILE@REV`` into the file and the revision (None for a plain file)."""
    if "@" not in spec or Path(spec).is_file():
        return Path(spec), None
    file, _, revision = spec.rpartition("@")
    if not file:
        raise RevisionError("give a file before the @: FILE@REVISION", file=spec)
    if not revision:
        raise RevisionError("give a revision after the @: FILE@REVISION (e.g. HEAD~1)", file=spec)
    return Path(file), revision


def load_version(spec: str) -> Loaded:
    """Load a position file, or its version in a git revision when the spec is ``FILE@REV``."""
    path, revision = parse_spec(spec)
    if revision is None:
        return load_position(path)
    return load_position_bytes(read_revision(path, revision, spec=spec), name=spec)


def read_revision(path: Path, revision: str, *, spec: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path`` as committed in ``revision`` of the repository it lies in: a position
    file, at most ``limit`` bytes (counted as git gives them, not as git says the blob is)."""
    shown = spec or f"{path}@{revision}"
    folder = _existing_folder(path)
    found = _git(folder, "rev-parse", "--show-toplevel", spec=shown)
    if found.returncode != 0:
        raise RevisionError(_git_problem(found.stderr, "not in a git repository"), file=shown)
    top = Path(found.stdout.decode("utf-8", "surrogateescape").strip())
    # git names the top folder with symbolic links resolved: resolve the file's path alike
    try:
        relative = Path(os.path.realpath(path)).relative_to(os.path.realpath(top)).as_posix()
    except ValueError:
        raise RevisionError(f"is not inside the repository {top}", file=shown) from None
    # a revision starting with "-" would be read by git as an option
    if (
        revision.startswith("-")
        or _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", spec=shown).returncode != 0
    ):
        raise RevisionError(f"unknown revision '{revision}'", file=shown)
    blob = _git_blob(top, f"{revision}:{relative}", spec=shown, limit=limit)
    if blob is None:
        raise RevisionError(f"no such file in {revision}", file=shown)
    return blob


def _existing_folder(path: Path) -> Path:
    folder = path.absolute().parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def _git(folder: Path, *args: str, spec: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed (needed to read a FILE@REVISION)", file=spec) from None


def _git_blob(top: Path, name: str, *, spec: str, limit: int) -> bytes | None:
    """The bytes of the blob ``name`` as git prints them, up to ``limit``; git is stopped and the
    blob refused when it goes on (a huge file committed by mistake is never held whole).
    None when git has no such blob."""
    try:
        process = subprocess.Popen(
            ["git", "-C", str(top), "cat-file", "blob", name], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed (needed to read a FILE@REVISION)", file=spec) from None
    with process:
        assert process.stdout is not None
        data = process.stdout.read(limit + 1)
        if len(data) > limit:
            process.kill()
            raise RevisionError(
                f"is more than {size_name(limit)}; a position file may be at most {size_name(limit)}", file=spec
            )
        code = process.wait()
    return data if code == 0 else None


def _git_problem(stderr: bytes, usual: str) -> str:
    """``usual`` for git's usual complaint; git's own words for anything else (e.g. dubious ownership)."""
    text = stderr.decode("utf-8", "replace").strip()
    if not text or "not a git repository" in text:
        return usual
    first = text.splitlines()[0].removeprefix("fatal: ")
    return f"{usual}: git says: {first}"


def commit_of(path: Path | str) -> tuple[str, str] | None:
    """The commit checked out in the repository ``path`` lies in, and the file's path inside it;
    None outside a repository (or without git): a build records it, as the base of a later review."""
    folder = _existing_folder(Path(path))
    try:
        found = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        return None
    lines = found.stdout.decode("utf-8", "surrogateescape").splitlines()
    if found.returncode != 0 or len(lines) != 2:
        return None
    top, commit = lines
    try:
        relative = Path(os.path.realpath(path)).relative_to(os.path.realpath(top)).as_posix()
    except ValueError:
        return None
    return commit, relative


def version_with_hash(path: Path, commit: str, sha256: str) -> bytes:
    """The bytes of ``path`` as a build at ``commit`` read them, known by their SHA-256: the file in
    that commit, or, when it was built with changes not yet committed, in the first later commit
    that has them. A RevisionError when git has neither (or not the commit)."""
    shown = f"{path}@{commit}"
    data = read_revision(path, commit, spec=shown)
    if hashlib.sha256(data).hexdigest() == sha256:
        return data
    folder = _existing_folder(path)
    later = _git(folder, "log", "--format=%H", "--reverse", f"{commit}..HEAD", "--", str(path.absolute()), spec=shown)
    for revision in later.stdout.decode("ascii", "replace").split():
        data = read_revision(path, revision, spec=shown)
        if hashlib.sha256(data).hexdigest() == sha256:
            return data
    raise RevisionError(
        f"the version built from was changed after commit {commit} and not committed as it was", file=str(path)
    )
