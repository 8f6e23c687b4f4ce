"""A reviewable kind that exists only in the tests: a leaflet (a title and a body).

It declares its tables (models.py) and what the workflow needs of its
working copy (kind.py), and nothing else: every step, rule and record is
the shared workflow's. Installed by config.settings.test only.
"""
