"""Checking that a webhook delivery comes from the guidance service.

Each delivery carries ``X-Guidance-Signature: sha256=<hex>``, the HMAC-SHA256
of the exact body bytes under the subscription's secret. Recompute it over
the raw body, before parsing it, and compare in constant time.
"""

import hashlib
import hmac


def signature_is_valid(secret: str, raw_body: bytes, signature_header: str) -> bool:
    """Whether ``signature_header`` signs ``raw_body`` under ``secret``."""
    expected = "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature_header.encode())
