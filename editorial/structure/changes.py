"""What a change to many rows of a guide is made of, and where each kind of row sits.

See editorial.structure.rows, which checks and makes such changes.
"""

from dataclasses import dataclass, field

from editorial.exceptions import Conflict
from guidance.models import Contributor, Section, Source, Tip


@dataclass(frozen=True)
class RowKind:
    """Where rows of one model sit in a guide."""

    rows_of: object  # guide -> the guide's rows of this kind
    group: str | None  # the field splitting them into sibling groups, if any
    unique: tuple = ()  # fields unique in the guide, besides the position
    nests: bool = False  # whether ``group`` points at a row of the same kind


KINDS = {
    Section: RowKind(
        rows_of=lambda guide: Section._base_manager.filter(guide=guide),
        group="parent",
        unique=("anchor",),
        nests=True,
    ),
    Tip: RowKind(
        rows_of=lambda guide: Tip._base_manager.filter(section__guide=guide), group="section"
    ),
    Contributor: RowKind(
        rows_of=lambda guide: Contributor._base_manager.filter(guide=guide),
        group=None,
        unique=("person", "role"),
    ),
    Source: RowKind(rows_of=lambda guide: Source._base_manager.filter(guide=guide), group=None),
}


@dataclass(eq=False)
class RowChange:
    """One row of a change: new (no primary key), edited, deleted, or listed as it is.

    ``row`` holds the values it is to have. ``changed`` names the fields
    changed on it; a row listed with none stays as it is now, even if someone
    moved it since. ``loaded``: the values its editor loaded (field name to
    ``editorial.versions.row_values``), to be refused if the row changed
    since. ``related``: many-to-many values to set, e.g. ``{"topics": [...]}``.
    ``checked``: the caller validated the row's own fields (an admin form has).
    """

    row: object
    changed: frozenset = frozenset()
    delete: bool = False
    loaded: dict | None = None
    related: dict = field(default_factory=dict)
    checked: bool = False

    def writes(self):
        return not self.delete and (self.row.pk is None or bool(self.changed))


@dataclass(frozen=True)
class RowProblem:
    """Why ``change`` cannot be made: a message for ``field`` (None: the whole row)."""

    change: RowChange
    field: str | None
    message: str
    error: type = Conflict
    conflict: object = None  # the editorial.versions.RowConflict of a stale row
