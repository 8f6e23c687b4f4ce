"""One workflow for every reviewable document (see docs/contributors/architecture.md).

``kind``: what a kind declares; ``services``: the steps; ``status``: where a
document stands.
"""
