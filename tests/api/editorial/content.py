"""Working copies and request helpers for the editorial API's tests."""

from editorial.snapshot import fingerprint_guide
from guidance.models import Section, Tip, Topic
from tests.factories import (
    ContributorFactory,
    PersonFactory,
    SectionFactory,
    SourceFactory,
    TipFactory,
    TopicFactory,
    build_guide,
)


def editorial_guide(**fields):
    """A working copy with topics, a subsection, a credit and a source; never submitted."""
    guide = build_guide(sections=2, tips_per_section=2, authors=0, sources=0, **fields)
    guide.topics.add(topic("partners"))
    subsection = SectionFactory(
        guide=guide, parent=part(guide, 1), position=1, heading="In depth", anchor="in-depth"
    )
    TipFactory(section=subsection, position=1, lead="Go slowly")
    ContributorFactory(guide=guide, person=PersonFactory(name="Maya Writer", credentials="LPC"))
    SourceFactory(guide=guide)
    return guide


def topic(slug):
    return Topic.objects.filter(slug=slug).first() or TopicFactory(
        slug=slug, name=slug.replace("-", " ").capitalize()
    )


def part(guide, number) -> Section:
    return guide.sections.get(anchor=f"part-{number}")


def first_tip(guide) -> Tip:
    return Tip.objects.filter(section__guide=guide).order_by("section__position", "position")[0]


def if_match(guide):
    """The header naming the guide's working copy as it is now."""
    return {"HTTP_IF_MATCH": f'"{fingerprint_guide(guide)}"'}


def url(slug, step=""):
    return f"/api/v1/editorial/guides/{slug}/" + (f"{step}/" if step else "")
