"""The editorial workflow in the admin: the guide's workflow panel and step pages,
the review queue, guides due for review, and read-only releases and reviews."""

from editorial.admin import (  # noqa: F401  (registers the model admins)
    content,
    guides,
    releases,
    webhooks,
)
