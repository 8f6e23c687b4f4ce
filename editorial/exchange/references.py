"""What an import document must agree with, beyond its shape: itself and the database.

Each refusal names its path in the document, and nothing has been written.
"""

from editorial.exchange.validation import ImportProblem
from guidance.models import Person, Tip, Topic


def verify_references(data):
    """Slugs, anchors and tip ids unique where they must be; every topic and person known."""
    topics = {item["slug"] for item in data["topics"]}
    topics |= set(Topic.objects.values_list("slug", flat=True))
    people = {item["slug"] for item in data["people"]}
    people |= set(Person.objects.values_list("slug", flat=True))
    guides, tip_ids = {}, {}
    for index, guide in enumerate(data["guides"]):
        path = f"guides[{index}]"
        _unique(guides, guide["slug"], f"{path}.slug", "Another guide of the document")
        _known(topics, guide["topics"], f"{path}.topics", "topic")
        anchors = {}
        for section_path, section in _sections(guide, path):
            _unique(anchors, section["anchor"], f"{section_path}.anchor", "Another section")
            for number, tip in enumerate(section["tips"]):
                tip_path = f"{section_path}.tips[{number}]"
                _known(topics, tip["topics"], f"{tip_path}.topics", "topic")
                if tip["id"]:
                    _unique(tip_ids, tip["id"], f"{tip_path}.id", "Another tip of the document")
                    _tip_of_this_guide(tip["id"], guide["slug"], f"{tip_path}.id")
        credits = {}
        for number, contributor in enumerate(guide["contributors"]):
            contributor_path = f"{path}.contributors[{number}]"
            _known(people, [contributor["person"]], f"{contributor_path}.person", "person")
            key = (contributor["person"], contributor["role"])
            _unique(credits, key, f"{contributor_path}.role", "The same person in this role")


def _sections(guide, path):
    for number, section in enumerate(guide["sections"]):
        section_path = f"{path}.sections[{number}]"
        yield section_path, section
        for sub_number, subsection in enumerate(section["subsections"]):
            yield f"{section_path}.subsections[{sub_number}]", subsection


def _unique(seen, value, path, who):
    if value in seen:
        raise ImportProblem(path, f"{who} ({seen[value]}) has this value already.")
    seen[value] = path


def _known(known, slugs, path, kind):
    for slug in slugs:
        if slug not in known:
            raise ImportProblem(
                path, f"No {kind} has the slug “{slug}”, in the document or the database."
            )


def _tip_of_this_guide(public_id, slug, path):
    tip = Tip.objects.filter(public_id=public_id).select_related("section__guide").first()
    if tip is not None and tip.section.guide.slug != slug:
        raise ImportProblem(
            path, f"This id belongs to a tip of the guide “{tip.section.guide.slug}”."
        )
