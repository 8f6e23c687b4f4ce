"""Guides in and out as one JSON document: ``export_guides`` and ``import_guides``.

The document (format ``guidance.guides``, version 1) holds working copies,
never releases: an imported guide goes through review like any other.
"""
