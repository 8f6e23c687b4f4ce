"""The demo set-up: demo content from fixtures/demo and the demo accounts.

The demo's safety information (disclaimer, call to action, crisis lines) and
then the demo guide's two releases go through the workflow services, on days
counted back from today (the fixture's ``days_ago``, recorded as backdated),
so that a first run, whenever it is, shows a service in good health: no
clinical review overdue or due soon, no licence about to expire. Only for a local first run: it
refuses to run with DEBUG off, so the demo accounts (with their published
password) never exist in production, and it never takes over an account it
did not create. Safe to run again: content
that exists is left as it is (edits included); the demo passwords are reset.
"""

import datetime
import tomllib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from accounts.backends import DEMO_EMAIL_DOMAIN, is_demo_account
from editorial import roles, services
from editorial.checks import guide_checks
from editorial.models import Licence, SafetyRelease
from editorial.safety import services as safety_services
from editorial.safety.snapshot import fingerprint_safety_information
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from guidance.models import (
    Contributor,
    CrisisResource,
    Guide,
    NoticeKind,
    Person,
    Section,
    SiteNotice,
    Source,
    Tip,
    Topic,
)

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"

# username -> (group, slug of the demo Person the account belongs to)
DEMO_ACCOUNTS = {
    "editor": (roles.EDITORS, "demo-daniel-reyes"),
    "reviewer": (roles.CLINICAL_REVIEWERS, "demo-priya-lindqvist"),
    "publisher": (roles.PUBLISHERS, None),
}

# The demo guide is built as it grew: its original version, then the update
# that added most of its sections, contributors and its source.
STAGES = {
    "original": ("Demo content: original version (2018)", {"original_author"}),
    "update": (
        "Demo content: update (2023)",
        {"clinical_writer", "editorial_writer", "medical_reviewer"},
    ),
}


class DemoRefused(Exception):
    pass


@dataclass
class DemoResult:
    guide: Guide
    guide_created: bool
    accounts: list


def read_fixture(name):
    with open(DEMO_DIR / f"{name}.toml", "rb") as file:
        return tomllib.load(file)


@transaction.atomic
def load_demo(*, password):
    if not settings.DEBUG:
        raise DemoRefused(
            "The demo set-up runs only with DEBUG on: demo accounts must never exist in "
            "production."
        )
    accounts = create_demo_accounts(password=password)
    author = accounts["editor"]
    people = load_people(author)
    load_licences(people)
    link_demo_accounts(accounts, people, author)
    topics = load_topics(author)
    load_site_notices(author)
    publish_safety_information(read_fixture("guide"), accounts=accounts)
    guide, created = load_guide(
        read_fixture("guide"), people=people, topics=topics, accounts=accounts
    )
    return DemoResult(guide=guide, guide_created=created, accounts=list(accounts.values()))


def _save(obj, author, reason):
    obj._history_user = author
    obj._change_reason = reason
    obj.full_clean()
    obj.save()
    return obj


def create_demo_accounts(*, password):
    User = get_user_model()
    accounts = {}
    for username, (group_name, _) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@{DEMO_EMAIL_DOMAIN}"}
        )
        if not created and not is_demo_account(user):
            raise DemoRefused(
                f"An account named “{username}” already exists and is not a demo account; "
                "the demo set-up leaves it alone. Use a fresh database for the demo."
            )
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        accounts[username] = user
    return accounts


def load_people(author):
    people = {}
    for row in read_fixture("people")["person"]:
        person = Person.objects.filter(slug=row["slug"]).first()
        people[row["slug"]] = person or _save(Person(**row), author, "Demo content")
    return people


def load_licences(people):
    for row in read_fixture("people").get("licence", []):
        person = people[row.pop("person")]
        expires_on = timezone.localdate() + datetime.timedelta(days=row.pop("expires_in_days"))
        Licence.objects.get_or_create(person=person, **row, defaults={"expires_on": expires_on})


def link_demo_accounts(accounts, people, author):
    for username, (_, person_slug) in DEMO_ACCOUNTS.items():
        person = people.get(person_slug)
        if person is not None and person.user_id != accounts[username].pk:
            person.user = accounts[username]
            _save(person, author, f"Linked to the demo account {username}")


def load_topics(author):
    topics = {}
    for row in read_fixture("topics")["topic"]:
        topic = Topic.objects.filter(slug=row["slug"]).first()
        topics[row["slug"]] = topic or _save(Topic(**row), author, "Demo content")
    return topics


def load_site_notices(author):
    site = read_fixture("site")
    for kind in NoticeKind:
        if kind.value in site and not SiteNotice.objects.filter(kind=kind).exists():
            _save(SiteNotice(kind=kind, **site[kind.value]), author, "Demo content")
    for row in site["crisis_resource"]:
        in_region = CrisisResource.objects.filter(region=row["region"])
        if in_region.filter(Q(name=row["name"]) | Q(phone=row["phone"])).exists():
            continue  # already there, perhaps edited since: leave it
        position = (in_region.aggregate(last=Max("position"))["last"] or 0) + 1
        _save(CrisisResource(position=position, **row), author, "Demo content")


def publish_safety_information(data, *, accounts):
    """Sign off and publish the safety information the morning the guide first went out.

    No guide may be published before it. Left alone once it has a release.
    """
    if SafetyRelease.objects.exists():
        return
    day = released_on(data["release"][0], at=datetime.time(6))
    safety_services.safety_submit(
        user=accounts["editor"],
        change_summary="Demo content: disclaimer, call to action and crisis lines.",
        at=day,
    )
    safety_services.safety_approve(
        user=accounts["reviewer"],
        notes="Demo content: clinically reviewed.",
        fingerprint=fingerprint_safety_information(),
        at=day + datetime.timedelta(hours=1),
    )
    safety_services.safety_publish(
        user=accounts["publisher"], at=day + datetime.timedelta(hours=2)
    )


def load_guide(data, *, people, topics, accounts):
    """Build the demo guide as it grew, publishing each stage through the workflow."""
    guide = Guide.objects.filter(slug=data["slug"]).first()
    if guide is not None:
        return guide, False
    author = accounts["editor"]
    guide = _save(
        Guide(slug=data["slug"], title=data["title"], summary=data["summary"]),
        author,
        STAGES["original"][0],
    )
    guide.topics.set([topics[slug] for slug in data["topics"]])
    releases = dict(zip(STAGES, data["release"], strict=True))
    for stage, (reason, roles_added) in STAGES.items():
        for position, row in enumerate(data["contributor"], start=1):
            if row["role"] in roles_added:
                contributor = Contributor(
                    guide=guide, person=people[row["person"]], role=row["role"], position=position
                )
                _save(contributor, author, reason)
        for position, row in enumerate(data["section"], start=1):
            if row["introduced"] == stage:
                _add_section(
                    guide, row, position=position, topics=topics, author=author, reason=reason
                )
        if stage == "update":
            for position, row in enumerate(data["source"], start=1):
                _save(Source(guide=guide, position=position, **row), author, reason)
        publish_stage(guide, release=releases[stage], accounts=accounts)
    return guide, True


def released_on(release, *, at):
    """When a fixture release happened: ``days_ago`` days before today, at ``at`` (UTC)."""
    day = timezone.now().date() - datetime.timedelta(days=release["days_ago"])
    return datetime.datetime.combine(day, at, tzinfo=datetime.UTC)


def publish_stage(guide, *, release, accounts):
    """Submit, sign off and publish a stage on the day it was released, marked as an import."""
    day = released_on(release, at=datetime.time(9))
    services.guide_submit(
        guide=guide, user=accounts["editor"], change_summary=release["summary"], at=day
    )
    # The demo's releases predate the checks; their sign-off waives what they find.
    open_checks = guide_checks(status_of(guide))["waivers_required"]
    services.guide_approve(
        guide=guide,
        user=accounts["reviewer"],
        notes="Demo content: clinically reviewed.",
        fingerprint=fingerprint_guide(guide),
        waivers=dict.fromkeys(open_checks, "Demo content: signed off before this check existed."),
        at=day + datetime.timedelta(hours=2),
    )
    services.guide_publish(
        guide=guide, user=accounts["publisher"], at=day + datetime.timedelta(hours=5)
    )


def _add_section(guide, row, *, position, topics, author, reason, parent=None):
    section = _save(
        Section(
            guide=guide,
            parent=parent,
            position=position,
            heading=row["heading"],
            anchor=row["anchor"],
            body=row.get("body", "").strip(),
            list_style=row["list_style"],
        ),
        author,
        reason,
    )
    for tip_position, tip_row in enumerate(row.get("tip", []), start=1):
        tip = _save(
            Tip(
                section=section,
                position=tip_position,
                lead=tip_row["lead"],
                body=tip_row["body"].strip(),
            ),
            author,
            reason,
        )
        tip.topics.set([topics[slug] for slug in tip_row.get("topics", [])])
    for sub_position, sub_row in enumerate(row.get("subsection", []), start=1):
        _add_section(
            guide,
            sub_row,
            position=sub_position,
            topics=topics,
            author=author,
            reason=reason,
            parent=section,
        )
    return section
