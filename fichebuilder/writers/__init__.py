"""Writers: a position file, a template and a language into the Word fiche (and its PDF).

``building`` ties a build together: ``templating`` (Jinja) writes the fiche's small XML
vocabulary, ``render`` turns it into a Word document through ``fichebuilder.ooxml``,
``housestyle`` makes the reference document, ``pdf`` converts through LibreOffice
(``pdffonts`` names the fonts it replaced, ``pdfjoin`` joins tagged PDFs with their structure);
``letter`` writes the cover letter of a batch through the same machinery.

May import: ``fichebuilder.source``, ``fichebuilder.ooxml`` and the ground floor.
"""
