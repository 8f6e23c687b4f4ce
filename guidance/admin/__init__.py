from guidance.admin import guides, notices, people  # noqa: F401  (registers the admins)
