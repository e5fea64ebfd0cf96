"""Readers: existing fiches (.docx, PDF, text) into position files.

Each reader turns its format into blocks (``blocks.SourceDocument``); ``recognise``
places the blocks in the fiche's sections and writes the position file.

May import: ``fichebuilder.writers``, ``fichebuilder.source``, ``fichebuilder.ooxml``
and the ground floor (``model``, ``errors``, ``files``); not ``compare``, ``translate``,
the commands or the CLI.
"""
