"""What a guide is made of, declared once.

The snapshot (editorial.snapshot) writes these keys, the reviewer's diff
(editorial.diff) itemizes them, the policy reads the history of these models
to tell who edited a guide, publishing (editorial.publishing) prepares them
for readers, and the editorial and public serializers describe them.
``tests/editorial/test_guide_shape.py`` fails when a content model or field
is added to ``guidance`` and this declaration, or one of those places, does
not know it.
"""

# The keys of each kind of object in a snapshot.
SNAPSHOT_KEYS = {
    "guide": {
        "format",
        "slug",
        "title",
        "summary",
        "topics",
        "sections",
        "contributors",
        "sources",
        "people",
        "topic_details",
    },
    "topic": {"slug", "name"},
    # The public profile of each person credited, and each topic's name and
    # description (editorial.snapshot_people).
    "profile": {"slug", "name", "credentials", "job_title", "bio", "photo_url", "specialties"},
    "topic_detail": {"slug", "name", "description"},
    "section": {"anchor", "heading", "body", "list_style", "tips", "subsections"},
    "tip": {"id", "lead", "body", "topics"},
    "contributor": {"person", "role"},
    "person": {"slug", "name", "credentials"},
    "source": {"citation", "url", "published_on"},
}

# Every field of every guidance model: the snapshot key it becomes, or why it is not one.
NOT_SHOWN = "not part of what readers get"
ORDER = "order: the snapshot's arrays follow it"
STRUCTURE = "structure: where the object sits in the snapshot"
FIELDS = {
    "Guide": {
        "id": NOT_SHOWN,
        "slug": "slug",
        "title": "title",
        "summary": "summary",
        "topics": "topics",
        "created_at": NOT_SHOWN,
        "updated_at": NOT_SHOWN,
    },
    "Section": {
        "id": NOT_SHOWN,
        "guide": STRUCTURE,
        "parent": "subsections",
        "position": ORDER,
        "heading": "heading",
        "anchor": "anchor",
        "body": "body",
        "list_style": "list_style",
    },
    "Tip": {
        "id": NOT_SHOWN,
        "public_id": "id",
        "section": "tips",
        "position": ORDER,
        "lead": "lead",
        "body": "body",
        "topics": "topics",
    },
    "Contributor": {
        "id": NOT_SHOWN,
        "guide": STRUCTURE,
        "person": "person",
        "role": "role",
        "position": ORDER,
    },
    "Source": {
        "id": NOT_SHOWN,
        "guide": STRUCTURE,
        "position": ORDER,
        "citation": "citation",
        "url": "url",
        "published_on": "published_on",
    },
    "Person": {
        "id": NOT_SHOWN,
        "slug": "slug",
        "name": "name",
        "credentials": "credentials",
        "clinical_credential": NOT_SHOWN,  # a release shows its sign-off's, as signed
        "job_title": "job_title",
        "bio": "bio",
        "photo_url": "photo_url",
        "specialties": "specialties",
        "user": NOT_SHOWN,
        "is_clinical_reviewer": NOT_SHOWN,
    },
    "Topic": {"id": NOT_SHOWN, "slug": "slug", "name": "name", "description": "description"},
}

# guidance models that are not part of any guide's release: safety information
# is served beside it, current, to every guide.
NOT_IN_A_GUIDE = {"SiteNotice", "CrisisResource"}
