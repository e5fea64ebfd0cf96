"""Translation: a fiche's texts out to XLIFF 2.1 for a translator, and back into the file.

May import: ``fichebuilder.writers``, ``fichebuilder.source``, ``fichebuilder.ooxml`` and
the ground floor; not ``readers``, ``compare``, the commands or the CLI.
"""
