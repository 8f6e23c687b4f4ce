"""The signature check the webhook docs give receivers accepts what the service signs.

docs/developers/examples/webhook_signature.py is shown on the Webhooks page;
here it meets the body and the header as editorial/webhooks/sending.py makes
them, so a change to the signing that would break receivers fails here.
"""

import datetime
import importlib.util
import uuid
from pathlib import Path

from editorial.models import WebhookDelivery, WebhookEvent
from editorial.webhooks.sending import SIGNATURE_HEADER, body_of, signature

EXAMPLE = Path(__file__).resolve().parents[2] / "docs/developers/examples/webhook_signature.py"
SECRET = "shared-with-the-receiver"


def documented_check():
    spec = importlib.util.spec_from_file_location("webhook_signature", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.signature_is_valid


def a_delivery_body():
    delivery = WebhookDelivery(
        delivery_id=uuid.uuid4(),
        event=WebhookEvent.GUIDE_WITHDRAWN,
        occurred_at=datetime.datetime(2027, 1, 4, 12, tzinfo=datetime.UTC),
        data={"guide": {"slug": "helping", "title": "Helping — ünïcode"}, "releases": [3]},
    )
    return body_of(delivery)


def test_the_documented_check_accepts_a_delivery_as_the_service_signs_it():
    body = a_delivery_body()
    assert documented_check()(SECRET, body, signature(SECRET, body))


def test_the_documented_check_refuses_a_changed_body_another_secret_or_no_signature():
    signature_is_valid = documented_check()
    body = a_delivery_body()
    signed = signature(SECRET, body)

    assert not signature_is_valid(SECRET, body.replace(b"[3]", b"[4]"), signed)
    assert not signature_is_valid("another-secret", body, signed)
    assert not signature_is_valid(SECRET, body, "")
    assert not signature_is_valid(SECRET, body, signed.removeprefix("sha256="))


def test_the_docs_name_the_header_the_service_sends():
    page = (EXAMPLE.parent.parent / "webhooks.md").read_text()
    assert SIGNATURE_HEADER == "X-Guidance-Signature"
    assert f"{SIGNATURE_HEADER}: sha256=<hex>" in page
