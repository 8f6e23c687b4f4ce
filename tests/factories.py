import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from editorial import roles
from editorial.models import Licence
from guidance.models import (
    ClinicalCredential,
    Contributor,
    ContributorRole,
    CrisisResource,
    Guide,
    Person,
    Section,
    SiteNotice,
    Source,
    Tip,
    Topic,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.django.Password("correct horse battery")

    groups = factory.PostGeneration(lambda user, create, names, **kwargs: _join(user, names))


def _join(user, group_names):
    if group_names:
        user.groups.set([Group.objects.get(name=name) for name in group_names])


def member_of(group_name):
    return factory.PostGeneration(
        lambda user, create, names, **kwargs: _join(user, names or [group_name])
    )


class EditorFactory(UserFactory):
    groups = member_of(roles.EDITORS)


class ReviewerFactory(UserFactory):
    groups = member_of(roles.CLINICAL_REVIEWERS)


class PublisherFactory(UserFactory):
    groups = member_of(roles.PUBLISHERS)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    job_title = "Editorial writer"


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    person = factory.SubFactory(PersonFactory)
    type = ClinicalCredential.PMHNP_BC
    number = factory.Sequence(lambda n: f"RN-{100000 + n}")
    jurisdiction = "CA"
    expires_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=2 * 365)
    )


class ClinicalReviewerFactory(PersonFactory):
    """A licensed clinical reviewer, with a licence valid two years (``licence=None``: none)."""

    class Meta:
        skip_postgeneration_save = True

    credentials = "DNP, PMHNP-BC"
    clinical_credential = ClinicalCredential.PMHNP_BC
    is_clinical_reviewer = True
    licence = factory.RelatedFactory(
        LicenceFactory, factory_related_name="person", type=ClinicalCredential.PMHNP_BC
    )


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide

    title = factory.Sequence(lambda n: f"Guide {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    summary = "How to help."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    guide = factory.SubFactory(GuideFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Section {n}")
    anchor = factory.Sequence(lambda n: f"section-{n}")
    body = "An *introduction*."


class TipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tip

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    lead = factory.Sequence(lambda n: f"Tip {n}")
    body = "Say it **kindly**."


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    guide = factory.SubFactory(GuideFactory)
    person = factory.SubFactory(PersonFactory)
    role = ContributorRole.CLINICAL_WRITER
    position = factory.Sequence(lambda n: n + 1)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    guide = factory.SubFactory(GuideFactory)
    position = factory.Sequence(lambda n: n + 1)
    citation = "Author, A. (2020). A study. A journal."
    url = "https://example.org/study"


class SiteNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteNotice

    kind = "disclaimer"
    title = "Medical disclaimer"
    body = "Not a substitute for professional care."


class CrisisResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisResource

    name = "988 Suicide & Crisis Lifeline"
    position = factory.Sequence(lambda n: n + 1)
    description = "Call or text 988."
    phone = "988"


def build_guide(*, sections=3, tips_per_section=4, authors=1, sources=1, **guide_fields):
    """A guide with numbered sections, each holding ``tips_per_section`` tips.

    Complete enough to submit by default: credited to ``authors`` clinical
    writers, citing ``sources`` sources (editorial.checks.completeness).
    """
    guide = GuideFactory(**guide_fields)
    for number in range(1, sections + 1):
        section = SectionFactory(
            guide=guide, position=number, heading=f"Part {number}", anchor=f"part-{number}"
        )
        for tip_number in range(1, tips_per_section + 1):
            TipFactory(section=section, position=tip_number, lead=f"Tip {number}.{tip_number}")
    for position in range(1, authors + 1):
        ContributorFactory(guide=guide, position=position, role=ContributorRole.CLINICAL_WRITER)
    for position in range(1, sources + 1):
        SourceFactory(guide=guide, position=position)
    return guide
