"""Add, change, move and delete a guide's contributors and sources.

The same shape and rules as the outline (editorial.structure.outline): the
guide locked, the admin's model permission, the version named, positions
unique among the guide's contributors (or sources), a person credited once
per role: written through editorial.structure.rows, as the admin's pages.
"""

from editorial.exceptions import InvalidInput
from editorial.structure.base import (
    ADD_REASON,
    DELETE_REASON,
    EDIT_REASON,
    changing,
    current,
    refuse_unknown,
)
from editorial.structure.changes import RowChange
from editorial.structure.rows import rows_apply
from guidance.models import Contributor, Person, Source

CONTRIBUTOR_FIELDS = ("person", "role", "position")
SOURCE_FIELDS = ("citation", "url", "published_on", "position")


def contributor_create(*, guide, user, data, fingerprint, reason=ADD_REASON):
    """Credit a person (``person``: their slug) on the guide in a ``role``.

    Holders of ``guidance.add_contributor``. Raises Conflict when the person
    is already credited in that role, or the position is taken.
    """
    refuse_unknown(data, CONTRIBUTOR_FIELDS)
    with changing(guide.pk, user, "add", Contributor, fingerprint, reason) as guide:
        contributor = Contributor(guide=guide, role=data.get("role", ""))
        return _write(guide, contributor, data, user, reason)


def contributor_update(*, contributor, user, data, fingerprint, reason=EDIT_REASON):
    """Change a credit's person, role or ``position``.

    Holders of ``guidance.change_contributor``.
    """
    refuse_unknown(data, CONTRIBUTOR_FIELDS)
    with changing(contributor.guide_id, user, "change", Contributor, fingerprint, reason) as guide:
        contributor = current(guide.contributors.filter(pk=contributor.pk), "contributor")
        if "role" in data:
            contributor.role = data["role"]
        return _write(guide, contributor, data, user, reason)


def contributor_delete(*, contributor, user, fingerprint, reason=DELETE_REASON):
    """Remove a credit. Holders of ``guidance.delete_contributor``. Returns the guide."""
    with changing(contributor.guide_id, user, "delete", Contributor, fingerprint, reason) as guide:
        contributor = current(guide.contributors.filter(pk=contributor.pk), "contributor")
        _delete(guide, contributor, user, reason)
    return guide


def source_create(*, guide, user, data, fingerprint, reason=ADD_REASON):
    """Add a source: ``citation`` (required), ``url``, ``published_on``, ``position``.

    Holders of ``guidance.add_source``.
    """
    refuse_unknown(data, SOURCE_FIELDS)
    with changing(guide.pk, user, "add", Source, fingerprint, reason) as guide:
        source = Source(guide=guide, citation=data.get("citation", ""))
        return _write(guide, source, data, user, reason)


def source_update(*, source, user, data, fingerprint, reason=EDIT_REASON):
    """Change a source's citation, URL, date or ``position``.

    Holders of ``guidance.change_source``.
    """
    refuse_unknown(data, SOURCE_FIELDS)
    with changing(source.guide_id, user, "change", Source, fingerprint, reason) as guide:
        source = current(guide.sources.filter(pk=source.pk), "source")
        return _write(guide, source, data, user, reason)


def source_delete(*, source, user, fingerprint, reason=DELETE_REASON):
    """Remove a source. Holders of ``guidance.delete_source``. Returns the guide."""
    with changing(source.guide_id, user, "delete", Source, fingerprint, reason) as guide:
        _delete(guide, current(guide.sources.filter(pk=source.pk), "source"), user, reason)
    return guide


def _write(guide, row, data, user, reason):
    """Set ``data`` on ``row`` and write it through rows_apply, unless nothing changed."""
    before = _values(row) if row.pk else None
    for name, value in data.items():
        if name == "person":
            row.person = _person(value)
        else:
            setattr(row, name, value)
    if row.pk is None:
        row.position = data.get("position")
    changed = frozenset(
        field.name
        for field in row._meta.concrete_fields
        if before is not None and getattr(row, field.attname) != before[field.attname]
    )
    if before is None or changed:
        rows_apply(
            guide=guide,
            model=type(row),
            changes=[RowChange(row, changed)],
            user=user,
            reason=reason,
        )
    return row


def _delete(guide, row, user, reason):
    rows_apply(
        guide=guide,
        model=type(row),
        changes=[RowChange(row, delete=True)],
        user=user,
        reason=reason,
    )


def _values(row):
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def _person(slug):
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        raise InvalidInput(f"person: No person has the slug “{slug}”.")
    return person
