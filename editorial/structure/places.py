"""Where rows go when a change puts them on positions other rows hold: the rule of a move.

A row moved (or added) to a position another of its siblings holds goes
there, and the rows between shift by one: moved up, the rows from its new
position to its old one go one down the list; moved down, those after its
old position up to its new one go one up; added, or moved in from another
group (a tip into another section), the rows from its position on go one
down, as far as the first free position. Rows a change places itself keep
the order it gives them: two asking for one position are placed in the
order they are listed. A row moved to a free position moves no other.
So an editorial API call moves a row in one request,
and an admin page saves the order its editor sees.

Run where the guide is locked, after the change is checked
(editorial.structure.rows): the rows shifted are written with it, with its
history reason.
"""

from collections import defaultdict
from dataclasses import dataclass

from editorial.structure.changes import KINDS, RowChange


@dataclass
class _Place:
    row: object
    wanted: int
    placed: bool  # placed by the change, rather than a sibling it may shift
    order: int

    def key(self):
        # A row the change places goes before the sibling holding its position.
        return (self.wanted, not self.placed, self.order)


def make_room(*, guide, model, changes):
    """The changes that shift siblings out of the way of ``changes``' placed rows.

    Sets the positions of the rows of ``changes`` that an earlier one of the
    change pushed along, and returns one RowChange (the position) for each
    row the change did not touch that shifts. Rows given no position are
    placed before this (after their last sibling).
    """
    kind = KINDS[model]
    group_attname = model._meta.get_field(kind.group).attname if kind.group else None

    def group_of(row):
        return getattr(row, group_attname) if group_attname else None

    now = {row.pk: row for row in kind.rows_of(guide)} if guide.pk else {}
    touched = {change.row.pk for change in changes if change.row.pk and _touches(change)}
    deleting = {change.row.pk for change in changes if change.delete and change.row.pk}
    groups = defaultdict(list)
    for pk, row in now.items():
        if pk in touched or (kind.nests and group_of(row) in deleting):
            continue  # moved, deleted, or taken along with its deleted section
        groups[group_of(row)].append(_Place(row, row.position, placed=False, order=0))
    for order, change in enumerate(changes):
        row = change.row
        if not change.writes() or row.position is None:
            continue
        group = group_of(row)
        saved = now.get(row.pk)
        staying = [place for place in groups[group] if not place.placed]
        lands_on_a_row = any(place.wanted == row.position for place in staying)
        if lands_on_a_row and saved and group_of(saved) == group and saved.position < row.position:
            # Moved down its own list onto a row: the rows it passes close the gap it leaves.
            for place in staying:
                if saved.position < place.wanted <= row.position:
                    place.wanted -= 1
        groups[group].append(_Place(row, row.position, placed=True, order=order))
    shifted = []
    for places in groups.values():
        previous = 0
        for place in sorted(places, key=_Place.key):
            position = max(place.wanted, previous + 1)
            previous = position
            if position == place.row.position:
                continue
            place.row.position = position
            if not place.placed:
                # Only its place changes: its own fields are as saved.
                shifted.append(RowChange(place.row, frozenset({"position"}), checked=True))
    return shifted


def _touches(change):
    return change.delete or change.writes()
