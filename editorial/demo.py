"""The demo set-up: demo content from fixtures/demo and the demo accounts.

Only for a local first run: it refuses to run with DEBUG off, so the demo
accounts (with their published password) never exist in production. Safe
to run again: what exists is left as it is, the account passwords are reset.
"""

import tomllib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from editorial import roles
from editorial.auth import DEMO_EMAIL_DOMAIN
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
    people = load_people()
    accounts = create_demo_accounts(password=password, people=people)
    author = accounts[0]
    topics = load_topics(author)
    load_site_notices(author)
    guide, created = load_guide(read_fixture("guide"), people=people, topics=topics, author=author)
    return DemoResult(guide=guide, guide_created=created, accounts=accounts)


def _save(obj, author, reason):
    obj._history_user = author
    obj._change_reason = reason
    obj.full_clean()
    obj.save()
    return obj


def load_people():
    people = {}
    for row in read_fixture("people")["person"]:
        person = Person.objects.filter(slug=row["slug"]).first()
        if person is None:
            person = _save(Person(**row), None, "Demo content")
        people[person.slug] = person
    return people


def create_demo_accounts(*, password, people):
    User = get_user_model()
    accounts = []
    for username, (group_name, person_slug) in DEMO_ACCOUNTS.items():
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@{DEMO_EMAIL_DOMAIN}"}
        )
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        person = people.get(person_slug)
        if person is not None and person.user_id != user.pk:
            person.user = user
            _save(person, None, f"Linked to the demo account {username}")
        accounts.append(user)
    return accounts


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
    for position, row in enumerate(site["crisis_resource"], start=1):
        if not CrisisResource.objects.filter(region=row["region"], name=row["name"]).exists():
            _save(CrisisResource(position=position, **row), author, "Demo content")


def load_guide(data, *, people, topics, author):
    guide = Guide.objects.filter(slug=data["slug"]).first()
    if guide is not None:
        return guide, False
    guide = _save(
        Guide(slug=data["slug"], title=data["title"], summary=data["summary"]),
        author,
        STAGES["original"][0],
    )
    guide.topics.set([topics[slug] for slug in data["topics"]])
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
    return guide, True


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
