"""Readers: existing fiches (.docx, PDF, text, HTML) into position files.

Each reader (``docx``, ``pdf``, ``text``, ``html``; chosen by ``reading.read_source``)
turns its format into blocks (``blocks.SourceDocument``); a published batch is split into
its fiches and its letter read (``publication``); ``recognise`` places the blocks in the
fiche's sections and returns the model's ``Fiche`` with notes for the drafter, a
recogniser per part of the fiche (``general``, ``assessment``, ``grounds``,
``footnotes``); ``importing`` writes the position files.

May import: ``fichebuilder.writers``, ``fichebuilder.source``, ``fichebuilder.ooxml``
and the ground floor (``model``, ``errors``, ``files``); not ``compare``, ``translate``,
the commands or the CLI.
"""
