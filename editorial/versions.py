"""No write overwrites what its author did not see: the version rule of every edit.

An edit names the version it was made on. The editorial API names the
guide's fingerprint (the whole working copy); an admin page sends back each
row's values as they were when it was loaded. Both are checked here, after
the edit has locked what it writes (``lock_for_edit``), in the transaction
that writes it:

- a row whose values on the page equal those it was loaded with was not
  edited, and is not written at all, whatever the database holds now;
- a row the editor changed, which someone else changed since it was
  loaded, is a conflict: nothing of the save is written, and the conflict
  says who changed the row, when, and what it holds now.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from editorial.exceptions import VersionMismatch, VersionRequired
from editorial.snapshot import fingerprint_guide
from guidance.models import Contributor, Guide, Section, Source, Tip

VERSION_REQUIRED = (
    'Say which version you edited: send its fingerprint (If-Match: "<fingerprint>", '
    "the ETag of GET /api/v1/editorial/guides/{slug}/), so no one's work is overwritten."
)
GUIDE_CHANGED = (
    "The guide changed after you opened it, so your edit was not saved. "
    "Reload it to see the latest version, then make your edit again."
)

# Where each kind of guide content finds its guide: edits of one guide take turns.
GUIDE_OF = {
    Guide: "pk",
    Section: "guide_id",
    Contributor: "guide_id",
    Source: "guide_id",
}


def guide_id_of(row):
    if isinstance(row, Tip):
        return Section.objects.filter(pk=row.section_id).values_list("guide_id", flat=True).first()
    attname = GUIDE_OF.get(type(row))
    return getattr(row, attname) if attname else None


def lock_for_edit(row):
    """Hold the lock an edit of ``row`` takes: its guide's row, or the row itself.

    Edits of one guide (admin pages, API calls) take turns on the guide's row,
    so what they check still holds when they write. Call inside a transaction.
    """
    guide_id = guide_id_of(row)
    if guide_id is not None:
        list(Guide.objects.select_for_update().filter(pk=guide_id).values_list("pk"))
    else:
        manager = type(row)._base_manager
        list(manager.select_for_update().filter(pk=row.pk).values_list("pk"))


def check_guide_version(guide, fingerprint):
    """Refuse an edit of ``guide`` made on no version, or on one that is not current.

    Raises VersionRequired (no fingerprint) or VersionMismatch (a stale one).
    ``guide`` must be locked.
    """
    if not fingerprint:
        raise VersionRequired(VERSION_REQUIRED)
    if fingerprint != fingerprint_guide(guide):
        raise VersionMismatch(GUIDE_CHANGED)


@dataclass(frozen=True)
class RowConflict:
    """A row changed by someone else after the editor loaded it."""

    fields: list  # names of the fields whose value changed meanwhile
    changed_by: str
    changed_at: object  # datetime, or None when no history says

    def describe(self):
        who = self.changed_by or "Someone else"
        when = (
            f" at {timezone.localtime(self.changed_at):%Y-%m-%d %H:%M %Z}"
            if self.changed_at
            else ""
        )
        return f"{who} changed this{when}, after you opened this page"


def changed_fields(loaded, current):
    """Names whose value in ``current`` differs from ``loaded`` (both {name: value})."""
    return [
        name
        for name, value in loaded.items()
        if comparable(current.get(name)) != comparable(value)
    ]


def row_conflict(row, loaded, current):
    """The conflict between what the editor loaded and what ``row`` holds now, or None.

    ``loaded`` and ``current`` map the fields the editor could change to their
    values then and now. Only rows the editor changed are to be checked.
    """
    fields = changed_fields(loaded, current)
    if not fields:
        return None
    record = _last_change(row)
    user = getattr(record, "history_user", None)
    return RowConflict(
        fields=fields,
        changed_by=(user.get_full_name() or user.get_username()) if user else "",
        changed_at=getattr(record, "history_date", None),
    )


def row_values(row, names):
    """The values of ``row``'s fields ``names`` as an edit page sends them back, to compare.

    Related rows by their key as text (a select's value), many-to-many values
    as sorted keys, the rest as ``comparable``.
    """
    values = {}
    for name in names:
        field = row._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(item.pk) for item in getattr(row, name).all())
        elif field.is_relation:
            values[name] = str(getattr(row, field.attname) or "")
        else:
            values[name] = comparable(getattr(row, field.attname))
    return values


def _last_change(row):
    history = getattr(type(row), "history", None)
    if history is None or row.pk is None:
        return None
    return history.filter(id=row.pk).select_related("history_user").order_by("-history_id").first()


def comparable(value):
    """A field's value as compared: related rows by key, text as a browser sends it back."""
    if isinstance(value, str):
        # Browsers send text with CRLF line ends, and forms strip it.
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(comparable(item) for item in value)
    return value
