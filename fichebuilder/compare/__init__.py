"""Comparing two fiches: ``diff`` aligns and compares two models into a ``changes.FicheDiff``;
``rows`` derives a report's sections and rows from it once, and ``report`` writes them as text,
Markdown, HTML or JSON (``report_text``, ``report_md``, ``report_html``, ``report_json``; the
Markdown and HTML helpers in ``report_markup`` serve the review's report too);
``redline`` writes a Word document with tracked changes.

May import: ``fichebuilder.writers``, ``fichebuilder.source``, ``fichebuilder.ooxml`` and
the ground floor; not ``readers``, ``translate``, the commands or the CLI.
"""
