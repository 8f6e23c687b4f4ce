"""Create, move and delete a guide, its sections and their tips.

Sections keep one level of subsections; positions are unique among
siblings and anchors unique in a guide, as in the admin (the same rules:
guidance.positions, the models' ``clean``). A change names the version it
was made on (the guide's fingerprint), except a new guide, which has none.
"""

from django.db import transaction
from django.utils.text import slugify

from editorial import editing
from editorial.exceptions import Conflict, InvalidInput
from editorial.snapshot import fingerprint_guide
from editorial.structure.base import (
    ADD_REASON,
    DELETE_REASON,
    EDIT_REASON,
    changing,
    current,
    delete,
    place,
    refuse_unknown,
    refuse_without_right,
    save,
)
from guidance.models import Guide, Section, Tip

GUIDE_FIELDS = ("slug", "title", "summary", "topics")
SECTION_FIELDS = ("heading", "anchor", "body", "list_style", "parent", "position")
TIP_FIELDS = ("lead", "body", "topics", "position")
SECTION_PLACE = ("parent", "position")
TIP_PLACE = ("section", "position")


def guide_create(*, user, data, reason=ADD_REASON):
    """Create a guide (slug, title, optional summary and topic slugs) with an empty outline.

    Holders of ``guidance.add_guide``. No version to name: the guide is new.
    Raises NotAllowed, Conflict (the slug is taken) or InvalidInput.
    """
    refuse_unknown(data, GUIDE_FIELDS)
    with transaction.atomic():
        refuse_without_right(user, "add", Guide)
        slug = data.get("slug", "")
        if slug and Guide.objects.filter(slug=slug).exists():
            raise Conflict(f"slug: A guide with the slug “{slug}” already exists.")
        guide = Guide(
            **{name: data[name] for name in ("slug", "title", "summary") if name in data}
        )
        save(guide, user, reason, topics=data.get("topics"))
    return guide


def section_create(*, guide, user, data, fingerprint, reason=ADD_REASON):
    """Add a section, or with ``parent`` (a section id) a subsection, to the guide.

    ``heading`` is required; ``anchor`` defaults to the heading as a slug;
    ``position`` defaults to after the last sibling. Holders of
    ``guidance.add_section``. Raises Conflict (position or anchor taken) or
    InvalidInput (a parent that is a subsection or not in the guide).
    """
    refuse_unknown(data, SECTION_FIELDS)
    with changing(guide.pk, user, "add", Section, fingerprint, reason) as guide:
        fields = {k: v for k, v in data.items() if k not in SECTION_PLACE}
        section = Section(guide=guide, **fields)
        if not section.anchor:
            section.anchor = slugify(section.heading)[:100]
        _refuse_taken_anchor(section)
        section.parent = _parent(guide, data.get("parent"))
        place(section, _siblings(guide, section.parent), data.get("position"))
        save(section, user, reason)
    return section


def section_change(*, section, user, data, fingerprint, reason=EDIT_REASON):
    """Edit a section's fields (editorial.editing) and move it: ``position``, ``parent``.

    A subsection may move to another top-level section of its guide, or with
    ``parent: null`` to the top level; a section with subsections stays
    top-level. Moving without a position puts it after its new siblings.
    Holders of ``guidance.change_section``. Raises Conflict, InvalidInput.
    """
    refuse_unknown(data, SECTION_FIELDS)
    with changing(section.guide_id, user, "change", Section, fingerprint, reason) as guide:
        section = current(Section.objects.filter(pk=section.pk, guide=guide), "section")
        if "anchor" in data:
            _refuse_taken_anchor(Section(pk=section.pk, guide=guide, anchor=data["anchor"]))
        if any(name in data for name in SECTION_PLACE):
            parent = _parent(guide, data["parent"]) if "parent" in data else section.parent
            moved = parent != section.parent
            section.parent = parent
            position = data.get("position", None if moved else section.position)
            place(section, _siblings(guide, parent), position)
            save(section, user, reason)
        fields = {k: v for k, v in data.items() if k not in SECTION_PLACE}
        if fields:
            section = editing.section_update(
                section=section,
                user=user,
                data=fields,
                fingerprint=fingerprint_guide(guide),
                reason=reason,
            )
    return section


def section_delete(*, section, user, fingerprint, reason=DELETE_REASON):
    """Delete a section with its subsections and all their tips.

    Holders of ``guidance.delete_section``. Returns the guide.
    """
    with changing(section.guide_id, user, "delete", Section, fingerprint, reason) as guide:
        section = current(Section.objects.filter(pk=section.pk, guide=guide), "section")
        delete(section, user, reason)
    return guide


def tip_create(*, section, user, data, fingerprint, reason=ADD_REASON):
    """Add a tip (``lead`` required; ``body``, topic slugs, ``position``) to a section.

    Holders of ``guidance.add_tip``. The tip gets its public id, for good.
    """
    refuse_unknown(data, TIP_FIELDS)
    with changing(section.guide_id, user, "add", Tip, fingerprint, reason) as guide:
        section = current(Section.objects.filter(pk=section.pk, guide=guide), "section")
        tip = Tip(section=section, lead=data.get("lead", ""), body=data.get("body", ""))
        place(tip, section.tips.all(), data.get("position"))
        save(tip, user, reason, topics=data.get("topics"))
    return tip


def tip_change(*, tip, user, data, fingerprint, reason=EDIT_REASON):
    """Edit a tip's fields (editorial.editing) and move it: ``position``, ``section``.

    ``section`` (an id) moves it to another section of the same guide, after
    its last tip unless ``position`` says where. Holders of ``guidance.change_tip``.
    """
    refuse_unknown(data, (*TIP_FIELDS, "section"))
    guide_id = tip.section.guide_id
    with changing(guide_id, user, "change", Tip, fingerprint, reason) as guide:
        tip = current(Tip.objects.filter(pk=tip.pk, section__guide=guide), "tip")
        if any(name in data for name in TIP_PLACE):
            section = tip.section
            if "section" in data:
                section = Section.objects.filter(pk=data["section"], guide=guide).first()
                if section is None:
                    raise InvalidInput(
                        f"section: No section of this guide has the id {data['section']}."
                    )
            moved = section.pk != tip.section_id
            tip.section = section
            place(tip, section.tips.all(), data.get("position", None if moved else tip.position))
            save(tip, user, reason)
        fields = {k: v for k, v in data.items() if k not in TIP_PLACE}
        if fields:
            tip = editing.tip_update(
                tip=tip,
                user=user,
                data=fields,
                fingerprint=fingerprint_guide(guide),
                reason=reason,
            )
    return tip


def tip_delete(*, tip, user, fingerprint, reason=DELETE_REASON):
    """Delete a tip. Holders of ``guidance.delete_tip``. Returns the guide."""
    with changing(tip.section.guide_id, user, "delete", Tip, fingerprint, reason) as guide:
        tip = current(Tip.objects.filter(pk=tip.pk, section__guide=guide), "tip")
        delete(tip, user, reason)
    return guide


def _siblings(guide, parent):
    if parent is None:
        return Section.objects.filter(guide=guide, parent=None)
    return Section.objects.filter(parent=parent)


def _parent(guide, parent_id):
    if parent_id is None:
        return None
    parent = Section.objects.filter(pk=parent_id, guide=guide).first()
    if parent is None:
        raise InvalidInput(f"parent: No section of this guide has the id {parent_id}.")
    return parent


def _refuse_taken_anchor(section):
    taken = Section.objects.filter(guide=section.guide, anchor=section.anchor)
    if section.anchor and taken.exclude(pk=section.pk).exists():
        raise Conflict(
            f"anchor: Another section of this guide already has the anchor “{section.anchor}”; "
            "anchors are unique in a guide."
        )
