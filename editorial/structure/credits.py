"""Add, change, move and delete a guide's contributors and sources.

The same shape and rules as the outline (editorial.structure.outline): the
guide locked, the admin's model permission, the version named, positions
unique among the guide's contributors (or sources).
"""

from editorial.exceptions import Conflict, InvalidInput
from editorial.structure.base import (
    ADD_REASON,
    DELETE_REASON,
    EDIT_REASON,
    changing,
    current,
    delete,
    place,
    refuse_unknown,
    save,
)
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
        return _write(contributor, guide.contributors.all(), data, user, reason)


def contributor_update(*, contributor, user, data, fingerprint, reason=EDIT_REASON):
    """Change a credit's person, role or ``position``.

    Holders of ``guidance.change_contributor``.
    """
    refuse_unknown(data, CONTRIBUTOR_FIELDS)
    with changing(contributor.guide_id, user, "change", Contributor, fingerprint, reason) as guide:
        contributor = current(guide.contributors.filter(pk=contributor.pk), "contributor")
        if "role" in data:
            contributor.role = data["role"]
        return _write(contributor, guide.contributors.all(), data, user, reason)


def contributor_delete(*, contributor, user, fingerprint, reason=DELETE_REASON):
    """Remove a credit. Holders of ``guidance.delete_contributor``. Returns the guide."""
    with changing(contributor.guide_id, user, "delete", Contributor, fingerprint, reason) as guide:
        delete(current(guide.contributors.filter(pk=contributor.pk), "contributor"), user, reason)
    return guide


def source_create(*, guide, user, data, fingerprint, reason=ADD_REASON):
    """Add a source: ``citation`` (required), ``url``, ``published_on``, ``position``.

    Holders of ``guidance.add_source``.
    """
    refuse_unknown(data, SOURCE_FIELDS)
    with changing(guide.pk, user, "add", Source, fingerprint, reason) as guide:
        source = Source(guide=guide, citation=data.get("citation", ""))
        return _write(source, guide.sources.all(), data, user, reason)


def source_update(*, source, user, data, fingerprint, reason=EDIT_REASON):
    """Change a source's citation, URL, date or ``position``.

    Holders of ``guidance.change_source``.
    """
    refuse_unknown(data, SOURCE_FIELDS)
    with changing(source.guide_id, user, "change", Source, fingerprint, reason) as guide:
        source = current(guide.sources.filter(pk=source.pk), "source")
        return _write(source, guide.sources.all(), data, user, reason)


def source_delete(*, source, user, fingerprint, reason=DELETE_REASON):
    """Remove a source. Holders of ``guidance.delete_source``. Returns the guide."""
    with changing(source.guide_id, user, "delete", Source, fingerprint, reason) as guide:
        delete(current(guide.sources.filter(pk=source.pk), "source"), user, reason)
    return guide


def _write(row, siblings, data, user, reason):
    """Set ``data`` on ``row``, place it, validate it and save it, unless nothing changed."""
    before = _values(row) if row.pk else None
    for name, value in data.items():
        if name == "person":
            row.person = _person(value)
        elif name != "position":
            setattr(row, name, value)
    if row.pk is None or "position" in data:
        place(row, siblings, data.get("position", row.position if row.pk else None))
    if isinstance(row, Contributor):
        _refuse_credited_twice(row)
    if before is None or _values(row) != before:
        save(row, user, reason)
    return row


def _values(row):
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def _person(slug):
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        raise InvalidInput(f"person: No person has the slug “{slug}”.")
    return person


def _refuse_credited_twice(contributor):
    if contributor.person_id is None:
        return
    same = Contributor.objects.filter(
        guide=contributor.guide, person=contributor.person, role=contributor.role
    ).exclude(pk=contributor.pk)
    if same.exists():
        raise Conflict(
            f"role: {contributor.person.name} is already credited on this guide in this role."
        )
