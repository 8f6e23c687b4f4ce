"""A larger corpus beside the demo: generated guides, published through the workflow.

Each guide is written as an editor would (sections, one level of
subsections, tips with topics, contributors and sources), then submitted,
signed off and published by the demo accounts through editorial.services,
so its release, published rows and search text are what the product makes.
The text is generated from a fixed seed, so every run has the same corpus.
"""

import random
import time

from django.contrib.auth import get_user_model
from django.db import transaction

from editorial import services
from editorial.snapshot import fingerprint_guide
from guidance.models import Contributor, Guide, Section, Source, Tip, Topic

DEMO_GUIDE = "helping-a-loved-one-embrace-therapy"

SENTENCES = (
    "Listen to what worries them before you offer any advice.",
    "Therapy is one option among several, and the choice stays theirs.",
    "Keep the conversation short and come back to it another day.",
    "Notice changes in sleep, appetite or mood, and mention them kindly.",
    "Offer to help find a counselor or to book the first session together.",
    "Look after your own rest and routine while you support someone else.",
    "Ask open questions and let a silence last a little longer than usual.",
    "Share what therapy has done for people you know, if they want to hear it.",
)
LEADS = (
    "Listen first",
    "Pick a calm moment",
    "Offer practical help",
    "Respect their choice",
    "Look after yourself",
    "Keep the door open",
)

# 72 tips a guide, as a long guide of the service has: 6 sections of 8 tips,
# each with a subsection of 4.
SECTIONS_PER_GUIDE = 6
TIPS_PER_SECTION = 8
SUBSECTIONS_PER_SECTION = 1
TIPS_PER_SUBSECTION = 4


def paragraph(rng, sentences):
    return " ".join(rng.sample(SENTENCES, sentences))


def build_corpus(guides=50, seed=1, progress=None):
    """Publish ``guides`` generated guides; returns their slugs.

    ``progress(done, total)``, if given, is called every 50 guides.
    """
    rng = random.Random(seed)
    (editor, reviewer, publisher), topics, credits = demo_workflow()
    slugs = []
    for number in range(1, guides + 1):
        guide = write_guide(rng, number, topics, credits)
        submit_and_approve(guide, editor, reviewer, "Originally published.")
        services.guide_publish(guide=guide, user=publisher)
        slugs.append(guide.slug)
        if progress and number % 50 == 0:
            progress(number, guides)
    return slugs


def demo_workflow():
    """The demo's editor, reviewer and publisher, the topics, and the credits to give.

    Credited as on the demo guide, where the demo reviewer is credited as
    medical reviewer only (not an author), so separation of duties lets
    them sign off.
    """
    User = get_user_model()
    people = tuple(User.objects.get(username=name) for name in ("editor", "reviewer", "publisher"))
    topics = list(Topic.objects.order_by("slug"))
    credits = list(
        Contributor.objects.filter(guide__slug=DEMO_GUIDE)
        .exclude(role="original_author")
        .order_by("position")
        .values_list("person", "role")
    )
    return people, topics, credits


def submit_and_approve(guide, editor, reviewer, change_summary):
    services.guide_submit(guide=guide, user=editor, change_summary=change_summary)
    services.guide_approve(
        guide=guide, user=reviewer, notes="Clinically sound.", fingerprint=fingerprint_guide(guide)
    )


def write_guide(rng, number, topics, credits):
    guide = Guide.objects.create(
        slug=f"generated-guide-{number:03d}",
        title=f"Generated guide {number:03d}: {rng.choice(LEADS).lower()}",
        summary=paragraph(rng, 2),
    )
    guide.topics.set(rng.sample(topics, 2))
    for position, (person_id, role) in enumerate(credits, start=1):
        Contributor.objects.create(guide=guide, person_id=person_id, role=role, position=position)
    for position in range(1, 3):
        add_source(guide, position)
    for position in range(1, SECTIONS_PER_GUIDE + 1):
        section = add_section(rng, guide, topics, position, f"part-{position}", TIPS_PER_SECTION)
        for sub in range(1, SUBSECTIONS_PER_SECTION + 1):
            anchor = f"part-{position}-{sub}"
            add_section(rng, guide, topics, sub, anchor, TIPS_PER_SUBSECTION, parent=section)
    return guide


def add_source(guide, position):
    """A citation: no guide is submitted without one (editorial.checks.completeness)."""
    return Source.objects.create(
        guide=guide,
        position=position,
        citation=f"Author, A. ({2010 + position}). A study of support. A journal.",
        url=f"https://example.org/study/{guide.slug}/{position}",
    )


def add_section(rng, guide, topics, position, anchor, tips, parent=None):
    section = Section.objects.create(
        guide=guide,
        parent=parent,
        position=position,
        heading=f"{rng.choice(LEADS)} ({anchor})",
        anchor=anchor,
        body=paragraph(rng, 2),
        list_style=rng.choice(["bulleted", "numbered"]),
    )
    for tip_position in range(1, tips + 1):
        tip = Tip.objects.create(
            section=section,
            position=tip_position,
            lead=rng.choice(LEADS),
            body=f"{paragraph(rng, 2)} Say it **kindly**.",
        )
        tip.topics.set(rng.sample(topics, 1))
    return section


def time_publishing_long_guides(tips=100, times=5, seed=2):
    """Seconds each ``guide_publish`` of a ``tips``-tip guide took, ``times`` guides.

    Each guide is written, submitted and signed off, then only the publish is
    timed; everything is rolled back afterwards, so the corpus stays as built.
    """
    rng = random.Random(seed)
    (editor, reviewer, publisher), topics, credits = demo_workflow()
    seconds = []
    for number in range(1, times + 1):
        with transaction.atomic():
            guide = Guide.objects.create(
                slug=f"publishing-timed-{number}", title=f"Publishing timed {number}"
            )
            for position, (person_id, role) in enumerate(credits, start=1):
                Contributor.objects.create(
                    guide=guide, person_id=person_id, role=role, position=position
                )
            add_source(guide, 1)
            for position in range(1, tips // 10 + 1):
                add_section(rng, guide, topics, position, f"part-{position}", 10)
            submit_and_approve(guide, editor, reviewer, "First version.")
            started = time.perf_counter()
            services.guide_publish(guide=guide, user=publisher)
            seconds.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return seconds
