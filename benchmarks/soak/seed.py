"""What the soak works on, made inside Django (``manage.py shell -c``) before it starts.

The demo (safety information, people, topics, the demo guide), then the
soak's own accounts, which can sign in with ``DEBUG`` off as the demo's
cannot: two editors, a clinical reviewer with a licence, a publisher. Then
its guides, published through the workflow services: the ones editors edit
(never published again during the run) and the ones the publisher takes
through publish, withdraw and publish again. Last, the webhook subscription
to the soak's receiver. Prints one JSON line for the driver.

``state()`` reads back, at the end, what the database says of webhook
deliveries and jobs.
"""

import datetime
import json
import os
import random
import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from benchmarks.corpus import add_section, add_source, demo_workflow
from demo.loader import load_demo
from editorial import roles, services
from editorial.checks import guide_checks
from editorial.models import Licence, WebhookDelivery, WebhookSubscription
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from guidance.models import Contributor, Guide, Person, Tip

EDITED_GUIDES = 2
CYCLED_GUIDES = 3
SECTIONS_PER_EDITED_GUIDE = 3
ACCOUNTS = {
    "soak-editor-1": roles.EDITORS,
    "soak-editor-2": roles.EDITORS,
    "soak-reviewer": roles.CLINICAL_REVIEWERS,
    "soak-publisher": roles.PUBLISHERS,
}
EVENTS = ["guide.published", "guide.withdrawn", "guide.went_live"]


def main():
    password = os.environ["SOAK_PASSWORD"]
    load_demo(password=password)
    with transaction.atomic():
        users = make_accounts(password)
        rng = random.Random(18)
        edited = [
            write_and_publish(rng, f"soak-edited-{n}", SECTIONS_PER_EDITED_GUIDE, users)
            for n in range(1, EDITED_GUIDES + 1)
        ]
        cycled = [
            write_and_publish(rng, f"soak-cycled-{n}", 2, users)
            for n in range(1, CYCLED_GUIDES + 1)
        ]
        secret = subscription_create(os.environ["SOAK_WEBHOOK_URL"])
    print(
        json.dumps(
            {
                "accounts": sorted(ACCOUNTS),
                "webhook_secret": secret,
                "edited": edited,
                "cycled": cycled,
                "tips": {
                    guide["slug"]: [
                        str(tip)
                        for tip in Tip.objects.filter(section__guide__slug=guide["slug"])
                        .order_by("section__position", "position")
                        .values_list("public_id", flat=True)[:2]
                    ]
                    for guide in cycled
                },
            }
        )
    )


def make_accounts(password):
    User = get_user_model()
    users = {}
    for username, group in ACCOUNTS.items():
        user = User.objects.create_user(
            username=username, email=f"{username}@soak.example", password=password
        )
        user.is_staff = True
        user.save()
        user.groups.set([Group.objects.get(name=group)])
        users[username] = user
    reviewer = Person.objects.create(
        slug="soak-reviewer",
        name="Soak Reviewer",
        credentials="MS, LPC",
        clinical_credential="LPC",
        is_clinical_reviewer=True,
        user=users["soak-reviewer"],
    )
    Licence.objects.create(
        person=reviewer,
        type="LPC",
        number="SOAK-1",
        jurisdiction="Soak Board",
        expires_on=timezone.localdate() + datetime.timedelta(days=365),
    )
    return users


def write_and_publish(rng, slug, sections, users):
    """A guide of ``sections`` sections of three tips, published; its slug and section ids."""
    _, topics, credits = demo_workflow()
    guide = Guide.objects.create(
        slug=slug, title=f"Soak guide {slug}", summary="A guide the soak reads and changes."
    )
    guide.topics.set(topics[:1])
    for position, (person_id, role) in enumerate(credits, start=1):
        Contributor.objects.create(guide=guide, person_id=person_id, role=role, position=position)
    add_source(guide, 1)
    section_ids = [
        add_section(rng, guide, topics, position, f"part-{position}", 3).pk
        for position in range(1, sections + 1)
    ]
    services.guide_submit(guide=guide, user=users["soak-editor-1"], change_summary="First.")
    waivers = guide_checks(status_of(guide))["waivers_required"]
    services.guide_approve(
        guide=guide,
        user=users["soak-reviewer"],
        fingerprint=fingerprint_guide(guide),
        notes="Clinically sound.",
        waivers=dict.fromkeys(waivers, "Soak guide."),
    )
    services.guide_publish(guide=guide, user=users["soak-publisher"])
    return {"slug": slug, "sections": section_ids}


def subscription_create(url):
    """The receiver's subscription, made as the admin makes one (target rules included);
    its secret, in clear."""
    subscription = WebhookSubscription(url=url, events=EVENTS, description="Soak receiver")
    try:
        from editorial.webhooks.subscriptions import subscription_save
    except ImportError:  # secrets stored as given, before they were made by a service
        subscription.secret = secrets.token_urlsafe(24)
        subscription.full_clean()
        subscription.save()
        return subscription.secret
    return subscription_save(subscription, user=None)


def state():
    """Webhook deliveries and job rows as the primary has them, as one JSON line."""
    deliveries = [
        {
            "id": str(row.delivery_id),
            "event": row.event,
            "state": row.state,
            "attempts": row.attempts,
            "slug": (row.data.get("guide") or {}).get("slug"),
            "release": (row.data.get("release") or {}).get("number"),
            "reason": row.data.get("reason"),
            "last_error": row.last_error,
        }
        for row in WebhookDelivery.objects.order_by("pk")
    ]
    print(json.dumps({"deliveries": deliveries, "jobs": job_states()}))


def job_states():
    """How many job rows are in each status, where the queue keeps them in this database."""
    if not apps.is_installed("django_tasks_db"):
        return {}
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.values("status").annotate(count=Count("pk"))
    return {row["status"]: row["count"] for row in rows}
