"""Published guides for the public API's tests, made through the real workflow."""

import datetime

from django.utils import timezone

from editorial.services import guide_withdraw
from guidance.models import ContributorRole
from tests.factories import (
    ContributorFactory,
    PersonFactory,
    SectionFactory,
    SourceFactory,
    TipFactory,
    TopicFactory,
    build_guide,
)
from tests.workflow import publish, publish_safety_information


class Corpus:
    """Builds and publishes guides, running on-commit hooks (cache invalidation) as live."""

    def __init__(self, people, capture_on_commit):
        self.people = people
        self.capture_on_commit = capture_on_commit

    def guide(self, *, sections=2, tips_per_section=2, topics=(), **fields):
        """A working copy with a subsection, credits, a source and topics; not yet published."""
        guide = build_guide(
            sections=sections, tips_per_section=tips_per_section, authors=0, sources=0, **fields
        )
        guide.topics.set([self.topic(slug) for slug in topics])
        first = guide.sections.order_by("position").first()
        subsection = SectionFactory(
            guide=guide, parent=first, position=1, heading="In more depth", anchor="in-depth"
        )
        TipFactory(section=subsection, position=1, lead="A deeper tip", body="Go *slowly*.")
        ContributorFactory(
            guide=guide,
            person=PersonFactory(name="Maya Writer", credentials="MS, LPC"),
            role=ContributorRole.CLINICAL_WRITER,
        )
        ContributorFactory(
            guide=guide,
            person=PersonFactory(name="Sam Author", credentials="MA"),
            role=ContributorRole.ORIGINAL_AUTHOR,
        )
        SourceFactory(guide=guide, citation="Doe, J. (2021). On listening.")
        return guide

    def topic(self, slug):
        from guidance.models import Topic

        return Topic.objects.filter(slug=slug).first() or TopicFactory(
            slug=slug, name=slug.replace("-", " ").capitalize()
        )

    def publish(self, guide, *, summary="First version.", go_live_at=None):
        with self.capture_on_commit(execute=True):
            return publish(
                guide,
                editor=self.people["editor"],
                reviewer=self.people["reviewer"],
                publisher=self.people["publisher"],
                summary=summary,
                go_live_at=go_live_at,
            )

    def publish_safety_information(self, *, summary="Corrected safety information."):
        with self.capture_on_commit(execute=True):
            return publish_safety_information(**self.people, summary=summary)

    def published_guide(self, **fields):
        guide = self.guide(**fields)
        self.publish(guide)
        return guide

    def schedule(self, guide, *, in_hours=3, summary="First version."):
        go_live_at = timezone.now() + datetime.timedelta(hours=in_hours)
        return self.publish(guide, summary=summary, go_live_at=go_live_at)

    def withdraw(self, guide, reason="Outdated advice."):
        with self.capture_on_commit(execute=True):
            return guide_withdraw(guide=guide, user=self.people["publisher"], reason=reason)
