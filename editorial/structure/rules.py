"""The rules a change to many rows of a guide must keep, checked before any write.

One level of subsections, values unique in the guide (a section's anchor, a
person's credit in a role), a parent not deleted under a row that stays,
and no row changed since its editor loaded it. Positions are no rule to
break: a row placed where another is shifts it (editorial.structure.places).
The messages say which row and field, in the editor's words.
"""

from editorial.exceptions import InvalidInput, VersionMismatch, WrongState
from editorial.structure.changes import KINDS, RowProblem
from editorial.versions import row_conflict, row_values
from guidance.models import Contributor, Section


class Checking:
    """The rules, read against the rows as they are now; see editorial.structure.rows."""

    def __init__(self, guide, model, changes, lists_every_sibling):
        self.kind = KINDS[model]
        self.model, self.changes = model, changes
        self.lists_every_sibling = lists_every_sibling
        self.now = {row.pk: row for row in self.kind.rows_of(guide)} if guide.pk else {}
        self.listed = {change.row.pk for change in changes if change.row.pk}
        self.deleting = {change.row.pk for change in changes if change.delete and change.row.pk}
        self.kept = [change for change in changes if not change.delete]
        self.group_attname = (
            model._meta.get_field(self.kind.group).attname if self.kind.group else None
        )

    def conflicts(self):
        problems = []
        for change in self.changes:
            saved = self.now.get(change.row.pk)
            if change.loaded is None or saved is None or not change.writes():
                continue
            conflict = row_conflict(saved, change.loaded, row_values(saved, change.loaded))
            if conflict:
                problems.append(
                    RowProblem(
                        change, None, conflict.describe(), error=VersionMismatch, conflict=conflict
                    )
                )
        return problems

    def problems(self):
        problems = self._vanished()
        if self.kind.unique:
            problems += self._taken_values(self.kind.unique)
        if self.kind.nests:
            problems += self._too_deep()
        return problems

    def group_of(self, row):
        return getattr(row, self.group_attname) if self.group_attname else None

    def place_of(self, change):
        """Where the row will be: (group, position). A row not written stays where it is now."""
        saved = self.now.get(change.row.pk)
        if saved is not None and not change.writes():
            return self.group_of(saved), saved.position
        return self.group_of(change.row), change.row.position

    def moves_group(self, change):
        """Rows moving to another group are written before deletions (see _Writing)."""
        return bool(change.row.pk and self.kind.group and self.kind.group in change.changed)

    def _vanished(self):
        return [
            RowProblem(change, None, "This row was deleted meanwhile.", error=WrongState)
            for change in self.kept
            if change.row.pk and change.row.pk not in self.now and change.writes()
        ]

    def _added_meanwhile(self, holder):
        return self.lists_every_sibling and holder.pk and holder.pk not in self.listed

    def _taken_values(self, names):
        problems = []
        attnames = [self.model._meta.get_field(name).attname for name in names]
        holders = {
            tuple(getattr(row, attname) for attname in attnames): row for row in self.now.values()
        }
        for change in self.kept:
            if change.row.pk and not set(names) & change.changed:
                continue
            value = tuple(getattr(change.row, attname) for attname in attnames)
            holder = holders.get(value)
            if holder is None or holder.pk == change.row.pk:
                continue
            if holder.pk in self.deleting and not self.moves_group(change):
                continue  # deleted before this row is written
            shown = ", ".join(str(getattr(change.row, name)) for name in names)
            if holder.pk in self.listed:
                message = (
                    f"“{shown}” still belongs to “{holder}” while this row is saved: "
                    "change them in two saves."
                )
            elif self._added_meanwhile(holder):
                message = (
                    f"“{shown}” was taken by “{holder}” after this page was loaded. "
                    "Reload the page to see it."
                )
            else:
                message = _taken_message(change.row)
            problems.append(RowProblem(change, names[-1], message))
        return problems

    def _too_deep(self):
        problems = []
        final_parent = {pk: row.parent_id for pk, row in self.now.items()}
        final_parent.update(
            {change.row.pk: self.place_of(change)[0] for change in self.kept if change.row.pk}
        )
        for pk in self.deleting:
            final_parent.pop(pk, None)
        for change in self.kept:
            parent_id = change.row.parent_id
            if parent_id is None or not change.writes():
                continue  # unchanged subsections go with their section
            if parent_id in self.deleting:
                problems.append(
                    RowProblem(
                        change,
                        "parent",
                        f"“{change.row.parent}” is being deleted in this save, with its "
                        "subsections: choose another parent, or leave this row as it was.",
                        error=InvalidInput,
                    )
                )
            elif parent_id in self.listed and final_parent.get(parent_id) is not None:
                problems.append(
                    RowProblem(
                        change,
                        "parent",
                        f"“{change.row.parent}” becomes a subsection in this save, and "
                        "subsections go one level deep: choose a top-level section.",
                        error=InvalidInput,
                    )
                )
        # A section that becomes a subsection while rows that stay keep it as their parent.
        staying = {final_parent[pk] for pk in self.now if pk not in self.listed} | {
            self.place_of(change)[0] for change in self.kept if not change.writes()
        }
        for change in self.kept:
            pk = change.row.pk
            if pk is not None and change.writes() and pk in staying and change.row.parent_id:
                problems.append(
                    RowProblem(
                        change,
                        "parent",
                        "This section has subsections of its own, so it must stay top-level.",
                        error=InvalidInput,
                    )
                )
        return problems


def _taken_message(row):
    if isinstance(row, Section):
        return (
            f"Another section of this guide already has the anchor “{row.anchor}”; "
            "anchors are unique in a guide."
        )
    if isinstance(row, Contributor):
        return f"{row.person.name} is already credited on this guide in this role."
    return "Another row of this guide already has this value."
