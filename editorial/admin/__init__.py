"""The admin: the content pages (guides, their rows, people, topics, the safety
information's working copy) with editorial's edit rules, the guide's workflow
panel and step pages, the review queue, guides due for review, read-only
releases and reviews, and each person's work on the admin home."""

from editorial.admin import (  # noqa: F401  (registers the model admins)
    content,
    desk,
    governance,
    guides,
    notices,
    people,
    releases,
    safety,
    webhooks,
)
