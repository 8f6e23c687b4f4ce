"""Schemathesis hooks for `make fuzz`: reported failures that are not the API's.

Each recognises one exact situation from what went out on the wire and what
came back, and drops only that failure; a 5xx or a schema violation on the
same request is a separate failure and still fails the run.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

import schemathesis

# The lists refuse a topic or guide that does not exist with a 400 naming the
# parameter (DESIGN.md, "Public API"), and the editorial API a body naming topics,
# a person, a parent section or a section that do not exist. Which slugs and ids
# exist is data, which a schema cannot state, so a made-up one is "schema-valid"
# yet rightly refused. So is a webhook's url whose host does not resolve to public
# addresses only (a DNS lookup at the time).
REFERENCES = {"topic", "guide", "topics", "person", "parent", "section", "actor"}
WEBHOOK_REFERENCES = REFERENCES | {"url"}


@schemathesis.hook
def filter_failure(context, failure, case, response):
    return not (
        _empty_list_sent_as_empty_string(failure, response)
        or _unknown_slug_refused(failure, response)
        or _region_without_crisis_lines_of_its_own(failure, response)
        or _two_different_versions_named(failure, response)
        or _undeclared_fields_refused(failure, response)
    )


def _empty_list_sent_as_empty_string(failure, response):
    """ST201 where nothing invalid reached the server: each invalid parameter went out empty.

    ``ordering`` is a form-style list (explode: false): the invalid list
    ``[""]`` and the valid empty list ``[]`` are both serialized as
    ``ordering=``, so the server cannot tell them apart and must accept it.
    Likewise a parameter generated as an object or null that serializes to
    nothing (``page_size={}``) never reaches the server at all.
    """
    if failure.code != "ST201":
        return False
    named = re.search(r"parameters? (.*) in query", failure.message)
    if named is None:
        return False
    sent = _sent_query(response)
    invalid = re.findall(r"`([^`]+)`", named.group(1))
    return bool(invalid) and all(sent.get(name, [""]) == [""] for name in invalid)


def _unknown_slug_refused(failure, response):
    """ST202 whose 400 names only references (REFERENCES): a slug or id no row has.

    The field is named in ``errors``, or, for a service's refusal (which has none), at
    the start of ``detail`` ("topics: No topic has the slug ...").
    """
    if failure.code != "ST202" or response.status_code != 400:
        return False
    known = WEBHOOK_REFERENCES if "/webhooks/" in response.request.url else REFERENCES
    errors = _errors(response)
    if errors:
        return set(errors) <= known
    try:
        detail = json.loads(response.content)["detail"]
    except (ValueError, KeyError, TypeError):
        return False
    named, _, message = str(detail).partition(": ")
    return named in known and message.startswith("No ")


def _region_without_crisis_lines_of_its_own(failure, response):
    """ST201 where ``region`` alone was outside its enum, yet an ISO 3166-1 code.

    The schema lists the regions with crisis lines of their own, in capitals; the
    server takes any country code, in either case, and answers with the default
    region's lines and ``region_fallback: true`` (its description says so).
    """
    if failure.code != "ST201":
        return False
    named = re.search(r"parameters? (.*) in query", failure.message)
    if named is None or re.findall(r"`([^`]+)`", named.group(1)) != ["region"]:
        return False
    # Accepted (that is the failure), so the server found it a country code: what is
    # left to check is that it was one code, two letters in one case.
    sent = _sent_query(response).get("region", [])
    return len(sent) == 1 and re.fullmatch(r"[A-Z]{2}|[a-z]{2}", sent[0]) is not None


def _two_different_versions_named(failure, response):
    """ST202 of a decision naming one version in its body and another in If-Match.

    Either alone is valid; both, and different, is a 400 saying so: a rule across a
    header and the body that a schema cannot state.
    """
    if failure.code != "ST202" or response.status_code != 400:
        return False
    errors = _errors(response)
    return (
        set(errors) == {"fingerprint"}
        and "If-Match" in response.request.headers
        and "different versions" in " ".join(errors["fingerprint"])
    )


def _undeclared_fields_refused(failure, response):
    """ST202 whose 400 names only fields the body was not to carry.

    The schema refuses them (``additionalProperties: false``); the stateful phase
    adds them all the same, from an earlier answer's keys (e.g. ``errors``).
    """
    if failure.code != "ST202" or response.status_code != 400:
        return False
    errors = _errors(response)
    return bool(errors) and all(
        all(message.startswith("Unknown field") for message in messages)
        for messages in errors.values()
    )


def _errors(response):
    try:
        errors = json.loads(response.content)["errors"]
    except (ValueError, KeyError, TypeError):
        return {}
    return errors if isinstance(errors, dict) else {}


def _sent_query(response):
    return parse_qs(urlsplit(response.request.url).query, keep_blank_values=True)
