"""Commands built on the stages: status, the stance overview, new position files,
template checks, batch builds, watching and the cover letter of a batch.

May import every stage below it (readers, compare, translate, writers, source, ooxml,
ground floor); only ``fichebuilder.cli`` imports them.
"""
