"""Where rows sit among their siblings: one set of rules for every way of moving them.

Sections, tips, contributors and sources keep a unique position among their
siblings (a database constraint). The editorial services move many rows in
one change (editorial.structure.rows, which the admin's pages and the
editorial API both save through) and the import a whole outline at a time.
They all use these functions, so a row is parked and placed the same way
whichever door it came through; where a row placed on a taken position puts
its siblings is editorial.structure.places.
"""

from django.db.models import F, Max

from guidance.models.fields import MAX_POSITION


def park(rows, pks):
    """Move the rows ``pks`` of ``rows`` above every position in use or asked for.

    So that rows can trade places in one transaction without breaking the
    unique constraint on the way. No history for this step: every parked row
    is saved at its final position (or deleted) next, in the same transaction.
    """
    pks = list(pks)
    if not pks:
        return
    top = rows.aggregate(top=Max("position"))["top"] or 0
    rows.filter(pk__in=pks).update(position=F("position") + max(top, MAX_POSITION))


def next_position(rows):
    """The position after the last of ``rows`` (1 for none)."""
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1
