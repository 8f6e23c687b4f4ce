"""Create, move and delete a guide, its sections and their tips.

Sections keep one level of subsections; positions are unique among
siblings and anchors unique in a guide: the rules of the admin's pages,
since both write through editorial.structure.rows. A change names the version it
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
    refuse_unknown,
    refuse_without_right,
    save,
    topics_of,
)
from editorial.structure.changes import RowChange
from editorial.structure.rows import rows_apply
from guidance.models import Guide, Section, Tip

GUIDE_FIELDS = ("slug", "title", "summary", "topics")
SECTION_FIELDS = ("heading", "anchor", "body", "list_style", "parent", "position")
TIP_FIELDS = ("lead", "body", "topics", "position")
SECTION_PLACE = ("parent", "position")
# What rows_apply writes of a section; the rest is an edit (editorial.editing).
SECTION_STRUCTURE = (*SECTION_PLACE, "anchor")
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
        section.parent = _parent(guide, data.get("parent"))
        section.position = data.get("position")
        rows_apply(
            guide=guide, model=Section, changes=[RowChange(section)], user=user, reason=reason
        )
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
        before = _values(section, SECTION_STRUCTURE)
        if any(name in data for name in SECTION_PLACE):
            parent = _parent(guide, data["parent"]) if "parent" in data else section.parent
            moved = parent != section.parent
            section.parent = parent
            section.position = data.get("position", None if moved else section.position)
        if "anchor" in data:
            section.anchor = data["anchor"]
        _apply_one(guide, section, before, user, reason)
        fields = {k: v for k, v in data.items() if k not in SECTION_STRUCTURE}
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
        rows_apply(
            guide=guide,
            model=Section,
            changes=[RowChange(section, delete=True)],
            user=user,
            reason=reason,
        )
    return guide


def tip_create(*, section, user, data, fingerprint, reason=ADD_REASON):
    """Add a tip (``lead`` required; ``body``, topic slugs, ``position``) to a section.

    Holders of ``guidance.add_tip``. The tip gets its public id, for good.
    """
    refuse_unknown(data, TIP_FIELDS)
    with changing(section.guide_id, user, "add", Tip, fingerprint, reason) as guide:
        section = current(Section.objects.filter(pk=section.pk, guide=guide), "section")
        tip = Tip(
            section=section,
            lead=data.get("lead", ""),
            body=data.get("body", ""),
            position=data.get("position"),
        )
        related = {"topics": topics_of(data["topics"])} if "topics" in data else {}
        rows_apply(
            guide=guide,
            model=Tip,
            changes=[RowChange(tip, related=related)],
            user=user,
            reason=reason,
        )
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
            before = _values(tip, TIP_PLACE)
            section = tip.section
            if "section" in data:
                section = Section.objects.filter(pk=data["section"], guide=guide).first()
                if section is None:
                    raise InvalidInput(
                        f"section: No section of this guide has the id {data['section']}."
                    )
            moved = section.pk != tip.section_id
            tip.section = section
            tip.position = data.get("position", None if moved else tip.position)
            _apply_one(guide, tip, before, user, reason)
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
        rows_apply(
            guide=guide, model=Tip, changes=[RowChange(tip, delete=True)], user=user, reason=reason
        )
    return guide


def _values(row, names):
    return {name: getattr(row, row._meta.get_field(name).attname) for name in names}


def _apply_one(guide, row, before, user, reason):
    """Write ``row`` through rows_apply if any of the fields in ``before`` changed."""
    changed = frozenset(
        name for name, value in _values(row, before).items() if value != before[name]
    )
    if changed:
        rows_apply(
            guide=guide,
            model=type(row),
            changes=[RowChange(row, changed)],
            user=user,
            reason=reason,
        )


def _parent(guide, parent_id):
    if parent_id is None:
        return None
    parent = Section.objects.filter(pk=parent_id, guide=guide).first()
    if parent is None:
        raise InvalidInput(f"parent: No section of this guide has the id {parent_id}.")
    return parent
