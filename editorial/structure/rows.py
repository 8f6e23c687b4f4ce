"""Many rows of one kind of a guide changed in one go: added, moved, edited and deleted.

The rules of a guide's structure, whichever door a change comes through (an
admin page saving a whole list of rows, an API call moving one):

- positions are unique among siblings: a row moved or added to a position
  another row holds goes there, and the rows between shift by one
  (editorial.structure.places); rows may trade places in one change, since
  the rows that move are parked first (guidance.positions);
- subsections go one level deep, also when several rows move at once;
- an anchor (a credit's person and role) is unique in the guide, and one
  freed by a deletion in the same change may be reused;
- a deleted section takes its subsections with it, so those moving out are
  written before deletions, and rows it takes along are not deleted twice;
- a row changed by someone else since it was loaded is a conflict
  (editorial.versions), and then nothing else is checked.

Everything is checked against the rows as they are now (editorial.structure.rules),
before anything is written; the writes are then ordered so that no database
constraint breaks on the way.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from editorial.exceptions import InvalidInput
from editorial.structure.base import messages_of, recorded, refuse_without_right
from editorial.structure.changes import KINDS
from editorial.structure.places import make_room
from editorial.structure.rules import Checking
from guidance import positions
from guidance.models import Guide


def rows_check(*, guide, model, changes, lists_every_sibling=False):
    """The problems of making ``changes`` to ``guide``'s rows of ``model`` now; [] if none.

    ``lists_every_sibling``: the changes list every row the editor saw (an
    admin page does), so a row they do not list was added meanwhile and is
    named so. Writes nothing. Run it where the guide is locked.
    """
    checking = Checking(guide, model, changes, lists_every_sibling)
    return checking.conflicts() or checking.problems()


def rows_apply(*, guide, model, changes, user, reason, lists_every_sibling=False):
    """Make ``changes`` to ``guide``'s rows of ``model``, all or nothing, with history.

    Locks the guide, checks ``user``'s right to each kind of change
    (editorial.policy), then the rules (``rows_check``) and each new or
    edited row as the admin's form would (``full_clean``), then writes.
    Siblings in the way of a row placed are shifted
    (editorial.structure.places) and written with it. Raises NotAllowed,
    VersionMismatch (a row changed since it was loaded), Conflict (an anchor
    or credit taken), InvalidInput (the field named first in the message) or
    WrongState, with the problems in ``.problems``. Returns the rows written
    (shifted siblings included).
    """
    with transaction.atomic():
        if guide.pk is not None:
            list(Guide.objects.select_for_update().filter(pk=guide.pk).values_list("pk"))
        for action in _actions(changes):
            refuse_without_right(user, action, model)
        problems = rows_check(
            guide=guide, model=model, changes=changes, lists_every_sibling=lists_every_sibling
        )
        if problems:
            raise refusal_of(problems)
        _Writing(guide, model, changes, user, reason).place_unplaced()
        changes = [*changes, *make_room(guide=guide, model=model, changes=changes)]
        _validate(changes)
        writing = _Writing(guide, model, changes, user, reason)
        with recorded(user, reason):
            return writing.run()


def refusal_of(problems):
    """The error that refuses a change for ``problems``: that of the first one, all messages."""
    error = problems[0].error(
        " ".join(
            f"{problem.field}: {problem.message}" if problem.field else problem.message
            for problem in problems
        )
    )
    error.problems = problems
    return error


def _actions(changes):
    actions = set()
    for change in changes:
        if change.delete:
            actions.add("delete")
        elif change.row.pk is None:
            actions.add("add")
        elif change.changed:
            actions.add("change")
    return sorted(actions)


def _validate(changes):
    for change in changes:
        if change.checked or not change.writes():
            continue
        try:
            # Unique constraints are the positions and anchors checked above,
            # against the rows as they will be, not as they are mid-change.
            change.row.full_clean(validate_constraints=False)
        except ValidationError as error:
            raise InvalidInput(messages_of(error)) from error


class _Writing:
    """The writes, in an order that never breaks a constraint on the way."""

    def __init__(self, guide, model, changes, user, reason):
        self.kind = KINDS[model]
        self.guide, self.changes, self.user, self.reason = guide, changes, user, reason
        self.group_attname = (
            model._meta.get_field(self.kind.group).attname if self.kind.group else None
        )

    def moves(self, change):
        return bool(change.changed & {"position", self.kind.group})

    def run(self):
        existing = [change for change in self.changes if change.row.pk]
        positions.park(
            self.kind.rows_of(self.guide),
            [change.row.pk for change in existing if change.delete or self.moves(change)],
        )
        changed = [change for change in existing if change.writes()]
        # Rows moving to another parent first (deleting a section deletes its
        # subsections, so those moving out must have left); then deletions,
        # which free positions and anchors; then the other changes, then new rows.
        first = [change for change in changed if self.kind.group in change.changed]
        last = [change for change in changed if self.kind.group not in change.changed]
        written = [self._save(change) for change in first]
        deleting = {change.row.pk for change in existing if change.delete}
        for change in existing:
            if change.delete and not self._taken_along(change.row, deleting):
                change.row._change_reason = self.reason
                change.row.delete()
        written += [self._save(change) for change in last]
        written += [self._save(change) for change in self.changes if change.row.pk is None]
        return [row for row in written if row is not None]

    def _taken_along(self, row, deleting):
        """Whether deleting another row takes ``row`` with it (a section its subsections)."""
        return self.kind.nests and getattr(row, self.group_attname) in deleting

    def place_unplaced(self):
        """Rows given no position go after the last of their siblings, as they will be."""
        for change in self.changes:
            row = change.row
            if not change.writes() or row.position is not None:
                continue
            group = getattr(row, self.group_attname) if self.group_attname else None
            siblings = self.kind.rows_of(self.guide).exclude(pk=row.pk)
            if self.kind.group:
                siblings = siblings.filter(**{self.group_attname: group})
            others = [
                other.row.position
                for other in self.changes
                if other is not change
                and other.writes()
                and other.row.position is not None
                and (getattr(other.row, self.group_attname) if self.group_attname else None)
                == group
            ]
            row.position = max([positions.next_position(siblings), *(p + 1 for p in others)])

    def _save(self, change):
        if change.delete:
            return None
        row = change.row
        # Set explicitly: the history middleware does not see an API token's user.
        row._history_user = self.user
        row._change_reason = self.reason
        row.save()
        for name, values in change.related.items():
            getattr(row, name).set(values)
        return row
