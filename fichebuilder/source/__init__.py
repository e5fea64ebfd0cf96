"""The position file: YAML with positions, validation into the model, the Markdown of its
texts, its languages, its JSON Schema, earlier versions from git, and writing it back.

May import: ``fichebuilder.model``, ``fichebuilder.errors``, ``fichebuilder.files``.
"""
