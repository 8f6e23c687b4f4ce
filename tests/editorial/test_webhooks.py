"""Signed webhooks, delivered by the worker from the job queue, with retries for a day."""

import datetime
import hashlib
import hmac
import json

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from editorial.models import DeliveryState, WebhookDelivery, WebhookEvent
from editorial.services import guide_publish, guide_withdraw
from editorial.webhooks import announcements
from editorial.webhooks.sending import RETRY_AFTER, signature
from jobs import periodic
from jobs.models import PeriodicJobRun
from tests.webhooks import subscribe
from tests.workflow import build_state, ensure_safety_information_live

pytestmark = [
    # The worker runs its own transactions, as in production; serialized_rollback
    # keeps the groups the migrations made across the flush after each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECRET = "s3cret-shared-with-the-receiver"


@pytest.fixture(autouse=True)
def live_safety_information(db, people):
    """These tests publish guides, and no guide goes out without live safety information."""
    return ensure_safety_information_live(**people)


@pytest.fixture(autouse=True)
def _receivers_on_this_machine(local_receivers_allowed):
    """The receivers listen on 127.0.0.1: exempt, as a developer would set it."""


def run_worker():
    """What ``manage.py worker`` does on waking in a new period: the periodic jobs (the
    sweep enqueues the deliveries that are due), then every job that is due; then stop.

    Between two calls a test's clock may not have passed a period's end, as a
    real one would have by then: each call starts one.
    """
    PeriodicJobRun.objects.update(period=-1)
    periodic.run_due()
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()


def test_a_signature_is_the_hmac_sha256_of_the_body_under_the_secret():
    body = b'{"event":"guide.published"}'
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()

    assert signature(SECRET, body) == f"sha256={expected}"


def test_a_publish_is_delivered_signed_by_the_worker_and_retried_until_it_gets_through(
    people, receiver
):
    hooks = receiver(statuses=[500])
    _subscription, secret = subscribe(hooks.url)
    guide = build_state("approved", people)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        guide_publish(guide=guide, user=people["publisher"])
        assert hooks.received == []  # nothing is sent by the request itself
        run_worker()
    delivery = WebhookDelivery.objects.get()
    assert (len(hooks.received), delivery.state, delivery.attempts) == (1, "pending", 1)
    assert delivery.last_status == 500
    assert delivery.next_attempt_at == start + RETRY_AFTER[0]

    with time_machine.travel(start + RETRY_AFTER[0] - datetime.timedelta(seconds=1)):
        run_worker()
    assert len(hooks.received) == 1  # not before its time
    with time_machine.travel(start + RETRY_AFTER[0] + datetime.timedelta(seconds=1)):
        run_worker()

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 2, 200)
    (_, first), (headers, body) = hooks.received
    assert first == body
    assert headers["X-Guidance-Delivery"] == str(delivery.delivery_id)
    assert headers["X-Guidance-Event"] == "guide.published"
    assert headers["X-Guidance-Signature"] == signature(secret, body)
    assert "X-Guidance-Signature-Previous" not in headers  # no rotation, no second signature
    sent = json.loads(body)
    assert (sent["id"], sent["event"]) == (str(delivery.delivery_id), "guide.published")
    assert sent["data"]["guide"]["slug"] == guide.slug
    assert sent["data"]["release"]["number"] == 1


def test_a_receiver_that_never_answers_is_tried_for_a_day_then_given_up(people, receiver):
    hooks = receiver(statuses=[503] * 20)
    subscribe(hooks.url, WebhookEvent.GUIDE_WITHDRAWN)
    guide = build_state("published", people)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        guide_withdraw(guide=guide, user=people["publisher"], reason="Outdated.")
        run_worker()
    for _ in RETRY_AFTER:
        due = WebhookDelivery.objects.get().next_attempt_at
        with time_machine.travel(due + datetime.timedelta(seconds=1), tick=False):
            run_worker()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, len(RETRY_AFTER) + 1)
    assert delivery.last_attempt_at - start >= datetime.timedelta(days=1)
    assert hooks.events() == ["guide.withdrawn"] * (len(RETRY_AFTER) + 1)
    assert json.loads(hooks.received[0][1])["data"]["reason"] == "Outdated."


def test_a_publish_that_rolls_back_sends_nothing(people, receiver):
    hooks = receiver()
    subscribe(hooks.url)
    guide = build_state("approved", people)

    def publish_then_fail():
        with transaction.atomic():
            guide_publish(guide=guide, user=people["publisher"])
            raise RuntimeError("Something after the publish failed.")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    run_worker()

    assert not WebhookDelivery.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert hooks.received == []


def test_went_live_fires_at_the_scheduled_time_from_the_workers_schedule(people, receiver):
    hooks = receiver()
    subscribe(hooks.url)
    guide = build_state("approved", people)
    go_live = timezone.now() + datetime.timedelta(hours=3)

    guide_publish(guide=guide, user=people["publisher"], go_live_at=go_live)
    run_worker()
    assert hooks.events() == ["guide.published"]

    with time_machine.travel(go_live - datetime.timedelta(seconds=5)):
        run_worker()
    assert hooks.events() == ["guide.published"]
    with time_machine.travel(go_live + datetime.timedelta(seconds=5)):
        run_worker()  # no request is made to the site: the worker alone

    assert hooks.events() == ["guide.published", "guide.went_live"]
    went_live = json.loads(hooks.received[1][1])
    assert went_live["occurred_at"] == go_live.isoformat()
    assert went_live["data"]["release"]["number"] == 1


def test_a_scheduled_release_withdrawn_before_its_time_never_goes_live(people, receiver):
    hooks = receiver()
    subscribe(hooks.url, WebhookEvent.GUIDE_WENT_LIVE)
    guide = build_state("scheduled", people)
    run_worker()  # the worker is running from before the go-live time
    guide_withdraw(guide=guide, user=people["publisher"], reason="Not yet.")

    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        run_worker()

    assert hooks.received == []


def test_only_subscribers_to_an_event_get_it_and_safety_information_has_its_own(receiver):
    guides = receiver()
    safety = receiver()
    subscribe(guides.url, WebhookEvent.GUIDE_PUBLISHED)
    subscribe(safety.url, WebhookEvent.SAFETY_INFORMATION_PUBLISHED)

    with transaction.atomic():
        announcements.safety_information_published({"region": "US", "release": 3})
    run_worker()

    assert guides.received == []
    assert safety.events() == ["safety_information.published"]
    assert json.loads(safety.received[0][1])["data"] == {"region": "US", "release": 3}


def test_the_admin_lists_deliveries_and_delivers_one_again(admin_client, receiver):
    hooks = receiver()
    subscribe(hooks.url)
    with transaction.atomic():
        announcements.safety_information_published({"region": "US"})
    run_worker()
    delivery = WebhookDelivery.objects.get()

    page = admin_client.get(reverse("admin:editorial_webhookdelivery_changelist"))
    assert "safety_information.published" in page.content.decode()
    response = admin_client.post(
        reverse("admin:editorial_webhookdelivery_changelist"),
        {"action": "deliver_again", "_selected_action": [delivery.pk]},
    )
    assert response.status_code == 302
    run_worker()

    again = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert (again.redelivery_of, again.state) == (delivery, DeliveryState.DELIVERED)
    assert len(hooks.received) == 2
    assert hooks.received[1][0]["X-Guidance-Delivery"] == str(again.delivery_id)
