"""Changes to a guide's structure: create, move and delete its rows.

The admin's inline formsets do the same on the guide and section pages
with the same rules (guidance.positions, the models' constraints and
``clean``); the editorial API, the import and scripts call these services.
"""

from editorial.structure.credits import (
    contributor_create,
    contributor_delete,
    contributor_update,
    source_create,
    source_delete,
    source_update,
)
from editorial.structure.outline import (
    guide_create,
    section_change,
    section_create,
    section_delete,
    tip_change,
    tip_create,
    tip_delete,
)

__all__ = [
    "contributor_create",
    "contributor_delete",
    "contributor_update",
    "guide_create",
    "section_change",
    "section_create",
    "section_delete",
    "source_create",
    "source_delete",
    "source_update",
    "tip_change",
    "tip_create",
    "tip_delete",
]
