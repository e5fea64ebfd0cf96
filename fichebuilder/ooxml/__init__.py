"""The one home of raw OOXML (WordprocessingML): the parts, elements and namespaces that
python-docx has no API for — footnotes, tracked changes, fields, styles' internals —
and reading a document's text back.

May import: the ground floor (``model``, ``errors``, ``files``) and python-docx / lxml;
nothing else of fichebuilder.
"""
