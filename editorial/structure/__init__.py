"""Changes to a guide's structure: create, move and delete its rows.

``rows_apply`` makes many changes to one kind of row at once, under the rules
of a guide's structure (editorial.structure.rows); the admin's guide and
section pages save their inline rows with it (editorial.admin.formsets), and
the one-row services below, which the editorial API and scripts call, go
through it too.
"""

from editorial.structure.changes import RowChange, RowProblem
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
from editorial.structure.rows import refusal_of, rows_apply, rows_check

__all__ = [
    "RowChange",
    "RowProblem",
    "contributor_create",
    "contributor_delete",
    "contributor_update",
    "guide_create",
    "refusal_of",
    "rows_apply",
    "rows_check",
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
