"""Comparing two fiches: ``diff`` aligns and compares two models, ``report`` writes the
result as text, Markdown, HTML or JSON, ``redline`` as a Word document with tracked changes.

May import: ``fichebuilder.writers``, ``fichebuilder.source``, ``fichebuilder.ooxml`` and
the ground floor; not ``readers``, ``translate``, the commands or the CLI.
"""
