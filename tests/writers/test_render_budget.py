"""A template that keeps making longer texts is stopped at the limit, not when the memory runs out.

Each template below would make gigabytes in a few steps (doubling a text forty times);
each runs in a process of its own, whose peak memory and time are measured.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, run_measured, write_tree

DOUBLING = "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = STEP %}{% endfor %}"
BLOCK = "{% set s = 'x' * 5000000 %}{% set b %}{% for i in range(1000) %}{{ s }}{% endfor %}{% endset %}"

TEMPLATES = {
    "concat": (DOUBLING.replace("STEP", "ns.s ~ ns.s"), "would make a text of more than 10,000,000 characters"),
    "plus": (DOUBLING.replace("STEP", "ns.s + ns.s"), "would make a text of more than 10,000,000 characters"),
    "join-filter": (DOUBLING.replace("STEP", "[ns.s, ns.s]|join"), "would make a text of more than"),
    "join-method": (DOUBLING.replace("STEP", "''.join([ns.s, ns.s])"), "would make a text of more than"),
    "replace": (DOUBLING.replace("STEP", "ns.s|replace('x', 'xx')"), "would make a text of more than"),
    "percent": (DOUBLING.replace("STEP", "'%s%s' % (ns.s, ns.s)"), "would make a text of more than"),
    "format": (DOUBLING.replace("STEP", "'{0}{0}'.format(ns.s)"), "would make a text of more than"),
    "times": (DOUBLING.replace("STEP", "ns.s * 2"), "would make a text or list of more than"),
    "macro": (
        "{% macro twice(s) %}{{ s }}{{ s }}{% endmacro %}" + DOUBLING.replace("STEP", "twice(ns.s)"),
        "made more than 104,857,600 characters",
    ),
    "recursion": (
        "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s }}{% endif %}{% endmacro %}{{ d('x', 40) }}",
        "would make a text of more than 10,000,000 characters",
    ),
    # a list that holds itself twice, sixty levels deep, is small until it is written out
    "nested-list": (
        "{% set ns = namespace(l=['x']) %}{% for i in range(60) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}"
        "{{ ns.l|string }}",
        "would make a text of more than 10,000,000 characters",
    ),
    "replace-once": ("{% set s = 'x' * 100000 %}{{ s|replace('x', s) }}", "would make a text of more than"),
    "indent": ("{{ ('x\\n' * 1000000)|indent(1000) }}", "would make a text of more than"),
    "join-wide": ("{{ range(100000)|join('x' * 9000000) }}", "would make a text of more than"),
    "many-texts": ("{{ range(100)|map('center', 9000000)|list|length }}", "made more than 104,857,600 characters"),
    "set-block": (BLOCK + "{{ b|length }}", "made more than 104,857,600 characters"),
    "filter-block": (BLOCK.replace("set b", "filter upper").replace("endset", "endfilter"), "made more than"),
    "lipsum": ("{{ lipsum(1000000) }}", "would make a text of more than"),
}


@pytest.mark.parametrize(("body", "message"), TEMPLATES.values(), ids=TEMPLATES.keys())
def test_a_template_that_makes_ever_longer_texts_stops_in_seconds_and_little_memory(tmp_path, body, message):
    write_tree(tmp_path, {"t/communication.xml.j2": f"<fiche>{body}</fiche>"})
    template = tmp_path / "t" / "communication.xml.j2"
    run = run_measured(
        "build",
        DATA / "minimal.yaml",
        "--template",
        tmp_path / "t",
        "-o",
        tmp_path / "f.docx",
        figures=tmp_path / "figures",
    )
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr.startswith(f"Error: {template}:1: template error: {message}"), run.stderr
    assert run.stderr.count("\n") == 1
    assert run.seconds < 15
    assert run.peak_mb < 300, f"{run.peak_mb:.0f} MB"
    assert not (tmp_path / "f.docx").exists()


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes next to nothing on disk (a hole the system reads as zeros)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(b"<fiche>")
        handle.truncate(size)
    return path


@pytest.mark.parametrize("where", ["structure", "include", "single-file"])
def test_a_huge_template_is_refused_by_the_bytes_read(tmp_path, where):
    if where == "include":
        write_tree(tmp_path, {"t/communication.xml.j2": "<fiche>{% include 'big.xml.j2' %}</fiche>"})
        huge = sparse(tmp_path / "t" / "big.xml.j2", 2 << 30)
    else:
        huge = sparse(tmp_path / "t" / "communication.xml.j2", 2 << 30)
    template = huge if where == "single-file" else huge.parent
    run = run_measured(
        "build", DATA / "minimal.yaml", "--template", template, "-o", tmp_path / "f.docx", figures=tmp_path / "figures"
    )
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr == f"Error: {huge}: is more than 1 MiB; a template may be at most 1 MiB\n"
    assert run.seconds < 15
    assert run.peak_mb < 150, f"{run.peak_mb:.0f} MB"
    assert not (tmp_path / "f.docx").exists()


def test_template_check_names_a_huge_template(tmp_path, run_cli):
    huge = sparse(tmp_path / "t" / "communication.xml.j2", 2 << 30)
    result = run_cli("template", "check", tmp_path / "t")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {huge}: is more than 1 MiB; a template may be at most 1 MiB\n"
