"""What the editorial API answers, as plain data (serializers.py documents the shapes)."""

from editorial.services import allowed_steps
from guidance.models import Section

TIP_BASICS = ["id", "lead", "status", "moved", "move_note", "topics_added", "topics_removed"]
SECTION_BASICS = ["anchor", "heading", "parent", "status", "moved", "move_note"]
ITEM_BASICS = ["label", "status", "moved"]


def guide_summary(status):
    """Where a guide's working copy stands: state, fingerprint, releases, open review."""
    guide, review = status.guide, status.open_review
    scheduled = status.scheduled_release
    return {
        "slug": guide.slug,
        "title": guide.title,
        "state": status.state,
        "state_label": status.label,
        "fingerprint": status.fingerprint,
        "updated_at": guide.updated_at,
        "live_release": status.live_release.number if status.live_release else None,
        "scheduled_release": (
            {"number": scheduled.number, "go_live_at": scheduled.go_live_at} if scheduled else None
        ),
        "open_review": (
            {
                "submitted_by": review.submitted_by.get_username(),
                "submitted_at": review.submitted_at,
                "change_summary": review.change_summary,
                "submitted_fingerprint": review.submitted_fingerprint,
                "kind": review.kind,
            }
            if review
            else None
        ),
    }


def guide_detail(status, user):
    """The summary, the working copy's content, and the steps ``user`` may take now."""
    return {
        **guide_summary(status),
        "content": content_with_ids(status),
        "allowed_steps": {
            step: {"allowed": why_not is None, "why_not": why_not}
            for step, why_not in allowed_steps(user, status).items()
        },
    }


def content_with_ids(status):
    """The canonical snapshot, each section with its database id (for PATCH).

    A copy: the snapshot itself, whose fingerprint is shown, stays as it is.
    """
    ids = dict(Section.objects.filter(guide=status.guide).values_list("anchor", "pk"))

    def with_id(section):
        return {
            **section,
            "id": ids.get(section["anchor"]),
            "subsections": [with_id(subsection) for subsection in section["subsections"]],
        }

    snapshot = status.snapshot
    return {**snapshot, "sections": [with_id(section) for section in snapshot["sections"]]}


def section_detail(section, guide_fingerprint):
    return {
        "id": section.pk,
        "guide": section.guide.slug,
        "parent": section.parent_id,
        "position": section.position,
        "anchor": section.anchor,
        "heading": section.heading,
        "body": section.body,
        "list_style": section.list_style,
        "guide_fingerprint": guide_fingerprint,
    }


def tip_detail(tip, guide_fingerprint):
    return {
        "id": tip.public_id,
        "guide": tip.section.guide.slug,
        "section": tip.section_id,
        "position": tip.position,
        "lead": tip.lead,
        "body": tip.body,
        "topics": [
            {"slug": topic.slug, "name": topic.name} for topic in tip.topics.order_by("slug")
        ],
        "guide_fingerprint": guide_fingerprint,
    }


def guide_diff(status, base, diff):
    """``diff`` (editorial.diff.GuideDiff) of the working copy against ``base`` (a release)."""
    return {
        "slug": status.guide.slug,
        "fingerprint": status.fingerprint,
        "since": (
            {"release": base.number, "withdrawn": base.is_withdrawn} if base is not None else None
        ),
        "has_changes": diff.has_changes,
        "summary": diff.summary_line,
        "counts": diff.counts,
        "fields": [_field(change) for change in diff.fields],
        "topics_added": diff.topics_added,
        "topics_removed": diff.topics_removed,
        "sections": [
            {
                **_basics(section, SECTION_BASICS),
                "fields": [_field(change) for change in section.fields],
                "tips": [
                    {
                        **_basics(tip, TIP_BASICS),
                        "fields": [_field(change) for change in tip.fields],
                    }
                    for tip in section.tips
                ],
            }
            for section in diff.sections
        ],
        "contributors": [_item(item) for item in diff.contributors],
        "sources": [_item(item) for item in diff.sources],
        "other_changes": diff.other_changes,
    }


def _basics(result, names):
    return {name: getattr(result, name) for name in names}


def _field(change):
    return {
        "name": change.name,
        "label": change.label,
        "old": change.old,
        "new": change.new,
        "html": str(change.html),
    }


def _item(item):
    return {
        **_basics(item, ITEM_BASICS),
        "fields": [_field(change) for change in item.fields],
    }


def contributor_detail(contributor, guide_fingerprint):
    person = contributor.person
    return {
        "id": contributor.pk,
        "guide": contributor.guide.slug,
        "position": contributor.position,
        "person": {"slug": person.slug, "name": person.name, "credentials": person.credentials},
        "role": contributor.role,
        "guide_fingerprint": guide_fingerprint,
    }


def source_detail(source, guide_fingerprint):
    return {
        "id": source.pk,
        "guide": source.guide.slug,
        "position": source.position,
        "citation": source.citation,
        "url": source.url,
        "published_on": source.published_on,
        "guide_fingerprint": guide_fingerprint,
    }
