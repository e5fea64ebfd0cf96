"""The one home of raw XML, above all Word's (WordprocessingML): what python-docx has no
API for, and every element the rest of the package would otherwise touch.

- ``ns``: the namespaces and qualified names (``qn("w:p")``); every namespace URI is written there.
- ``runs``: the one reader of a paragraph's content (runs, nested fields, footnote and
  endnote references, hyperlinks, tracked changes) as items.
- ``reading``: a .docx package read from bytes (its main part found through the package
  relationships, Strict Open XML read as transitional; body paragraphs, footnotes,
  endnotes, styles, numbering) and its text (``read_docx``, the check of what a build wrote).
- ``writing``: paragraphs, runs, hyperlinks and fields written into a body; the draft mark.
- ``aside``: what a document holds beside its flow of text (equations as linear text,
  images' alt text, page headers and footers, comments), for the import to set aside.
- ``footnotes``: the footnotes part, notes and their references, renumbering.
- ``numbering``: Word lists: the house style's definitions, numbering a list, reading labels back.
- ``styles``: styles' internals; paragraphs and runs styled by id.
- ``settings``: the document's language and footnote settings.
- ``tracking``: tracked changes, read and written for the redline.
- ``parts``: the package's parts python-docx adds but a fiche never uses.
- ``xmlfiles``: XML that is not Word's (the fiche markup, XLIFF), with the same parser.

May import: the ground floor (``model``, ``errors``, ``files``), python-docx and lxml;
nothing else of fichebuilder. Nothing outside this package imports lxml or
``docx.oxml`` (an import-linter contract) or touches python-docx's elements.
"""
