"""The API keeps its contract: every answer validates against the schema it serves.

A strict OpenAPI validator (openapi-core) reads the schema from /api/schema/ and
checks each answer of the running service (status, headers, body) as an app
developer's generated client would rely on them: nulls only where the schema
allows them, enums where it lists them, every documented header present.
"""

import concurrent.futures
import json
import re
import sys

import pytest
import yaml
from django.db import connections
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.testing import MockRequest, MockResponse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.schema import SchemaView
from guidance.models import Contributor, Section, Source, Tip
from tests.api.editorial.content import editorial_guide
from tests.workflow import build_state, publish


@pytest.fixture
def schema(client, db):
    return yaml.safe_load(client.get("/api/schema/").content)


@pytest.fixture
def world(people, live_safety_information, django_capture_on_commit_callbacks):
    """A live guide with every kind of row, one in review, one scheduled, one draft."""
    with django_capture_on_commit_callbacks(execute=True):
        live = editorial_guide(slug="helping", title="Helping")
        publish(live, **people)
        build_state("in_review", people)
        build_state("scheduled", people)
        build_state("draft", people)
    return live


class Checked:
    """A client whose every answer is validated against the schema; records what it saw."""

    def __init__(self, schema, client):
        self.api = OpenAPI.from_dict(schema)
        self.client = client
        self.seen = set()

    def request(self, method, address, **kwargs):
        response = getattr(self.client, method)(address, **kwargs)
        request = DjangoOpenAPIRequest(response.wsgi_request)
        self.api.validate_response(request, DjangoOpenAPIResponse(response))
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", response.wsgi_request.resolver_match.route)
        route = "/" + route
        self.seen.add((method, route, response.status_code))
        return response


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
    return client


def test_every_public_answer_validates_against_the_schema(schema, world):
    checked = Checked(schema, Client())
    tip = Tip.objects.filter(section__guide=world).first().public_id
    person = Contributor.objects.filter(guide=world).first().person.slug
    addresses = [
        "/api/v1/guides/",
        "/api/v1/guides/?q=helping&ordering=-updated_at",
        "/api/v1/guides/helping/",
        "/api/v1/guides/helping/?region=FR",
        f"/api/v1/tips/{tip}/",
        "/api/v1/tips/?guide=helping&page_size=2",
        "/api/v1/tips/daily/",
        "/api/v1/topics/",
        f"/api/v1/people/{person}/",
        "/api/v1/crisis-resources/?region=gb",
    ]
    for address in addresses:
        answer = checked.request("get", address)
        assert answer.status_code == 200, address
        again = checked.request("get", address, HTTP_IF_NONE_MATCH=answer["ETag"])
        assert again.status_code == 304, address
    for address, status in [
        ("/api/v1/guides/no-such-guide/", 404),
        ("/api/v1/tips/?ordering=lead&ordering=-lead", 400),
        ("/api/v1/guides/helping/?region=XX", 400),
        ("/api/v1/topics/?page=9", 404),
    ]:
        assert checked.request("get", address).status_code == status, address

    documented = {
        path
        for path, methods in schema["paths"].items()
        if "public" in methods.get("get", {}).get("tags", [])
    }
    assert {route for _, route, _ in checked.seen} >= documented


def test_every_editorial_read_validates_against_the_schema(schema, world, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    checked = Checked(schema, token_client(admin))
    section = Section.objects.filter(guide=world).first().pk
    tip = Tip.objects.filter(section__guide=world).first().public_id
    contributor = Contributor.objects.filter(guide=world).first().pk
    source = Source.objects.filter(guide=world).first().pk
    reads = [
        "/api/v1/editorial/guides/",
        "/api/v1/editorial/guides/helping/",
        "/api/v1/editorial/guides/helping/diff/",
        "/api/v1/editorial/guides/helping/checks/",
        "/api/v1/editorial/guides/helping/preview/",
        f"/api/v1/editorial/sections/{section}/",
        f"/api/v1/editorial/tips/{tip}/",
        f"/api/v1/editorial/contributors/{contributor}/",
        f"/api/v1/editorial/sources/{source}/",
        "/api/v1/editorial/safety-information/",
        "/api/v1/editorial/events/",
        "/api/v1/editorial/webhooks/",
    ]
    for address in reads:
        assert checked.request("get", address).status_code == 200, address
    # Each state's guide: open reviews, scheduled releases and previews with null reviewers.
    for slug in Section.objects.values_list("guide__slug", flat=True).distinct():
        for address in ["/api/v1/editorial/guides/{}/", "/api/v1/editorial/guides/{}/preview/"]:
            assert checked.request("get", address.format(slug)).status_code == 200
    assert checked.request("get", "/api/v1/editorial/guides/nothing/").status_code == 404
    anonymous = Checked(schema, APIClient())
    assert anonymous.request("get", "/api/v1/editorial/guides/").status_code == 401

    documented = {
        path
        for path, methods in schema["paths"].items()
        if "get" in methods and "editorial" in methods["get"]["tags"] and "{" not in path
    }
    assert {route for _, route, _ in checked.seen} >= documented


def test_editorial_writes_validate_against_the_schema(schema, world, people):
    editor = Checked(schema, token_client(people["editor"]))
    created = editor.request(
        "post",
        "/api/v1/editorial/guides/",
        data={"slug": "new-guide", "title": "A new guide"},
        format="json",
    )
    assert created.status_code == 201
    etag = created["ETag"]
    section = editor.request(
        "post",
        "/api/v1/editorial/guides/new-guide/sections/",
        data={"heading": "First steps", "anchor": "first-steps"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert section.status_code == 201
    unknown = editor.request(
        "patch",
        "/api/v1/editorial/guides/new-guide/",
        data={"colour": "red"},
        format="json",
        HTTP_IF_MATCH=section["ETag"],
    )
    assert unknown.status_code == 400
    publisher = Checked(schema, token_client(people["publisher"]))
    refused = publisher.request(
        "post", "/api/v1/editorial/guides/helping/withdraw/", data={}, format="json"
    )
    assert refused.status_code in (400, 409)
    withdrawn = publisher.request(
        "post",
        "/api/v1/editorial/guides/helping/withdraw/",
        data={"reason": "Outdated advice."},
        format="json",
    )
    assert withdrawn.status_code == 200


def test_the_schema_says_what_the_steps_require_and_refuses_unknown_fields(schema):
    components = schema["components"]["schemas"]

    assert components["WithdrawRequest"]["required"] == ["reason"]
    assert components["SubmitRequest"]["required"] == ["change_summary"]
    assert components["WithdrawRequest"]["additionalProperties"] is False
    assert components["PatchedGuideEditRequest"]["additionalProperties"] is False
    reason = components["WithdrawRequest"]["properties"]["reason"]
    assert re.search(reason["pattern"], "Outdated advice.")
    assert not re.search(reason["pattern"], "   ")
    assert not re.search(reason["pattern"], "Out\x00dated")
    patch = schema["paths"]["/api/v1/editorial/tips/{public_id}/"]["patch"]
    (if_match,) = [p for p in patch["parameters"] if p["name"] == "If-Match"]
    assert re.search(if_match["schema"]["pattern"], '"' + "0a" * 32 + '"')
    assert not re.search(if_match["schema"]["pattern"], "*")


# Every character ``str.strip()`` removes, which DRF trims from text before it checks it.
PYTHON_WHITE_SPACE = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("GuideCreateRequest", "title"),
        ("SectionCreateRequest", "heading"),
        ("PatchedGuideEditRequest", "title"),
        ("PatchedSectionChangeRequest", "heading"),
    ],
)
def test_text_the_server_trims_to_nothing_is_invalid_in_the_schema(schema, component, field):
    pattern = re.compile(
        schema["components"]["schemas"][component]["properties"][field]["pattern"]
    )

    assert pattern.search("Listen first.")
    assert pattern.search(" \x1d Listen first. ")
    for space in PYTHON_WHITE_SPACE:
        assert not pattern.search(space * 2), f"{space!r} passes {component}.{field}"


def test_request_bodies_say_their_defaults_in_words_so_clients_may_leave_them_out(schema):
    """A ``default`` in a request body makes generated clients (openapi-typescript) send it."""
    components = schema["components"]["schemas"]
    submit = components["SubmitRequest"]

    assert "kind" not in submit["required"]
    assert "Default" in submit["properties"]["kind"]["description"] or (
        "(default)" in submit["properties"]["kind"]["description"]
    )
    for name, component in components.items():
        if name.endswith("Request"):
            for field, described in component.get("properties", {}).items():
                assert "default" not in described, f"{name}.{field}"


def test_the_public_examples_are_valid_answers(schema):
    api = OpenAPI.from_dict(schema)
    headers = {"ETag": '"x"', "Last-Modified": "x", "Cache-Control": "public, no-cache"}
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None or "public" not in operation["tags"]:
            continue
        content = operation["responses"]["200"]["content"]["application/json"]
        (example,) = content["examples"].values()
        address = path.format(slug="a-guide", public_id="0b6f4e6a-3c1d-4f3e-9a57-2f1f0c6f6a11")
        request = MockRequest("http://testserver", "get", address)
        response = MockResponse(json.dumps(example["value"]).encode(), headers=headers)
        api.validate_response(request, response)
        assert operation["summary"]
        assert "\n" not in operation["summary"]


def test_the_public_api_comes_first(schema):
    # Swagger UI shows the tags in this order, whatever the paths' order.
    assert [tag["name"] for tag in schema["tags"]] == ["public", "editorial"]
    assert all(
        operation["tags"] == ["public"]
        for path, methods in schema["paths"].items()
        if not path.startswith(("/api/v1/editorial/", "/api/v1/auth/"))
        for operation in methods.values()
    )


# Committed, so that the requests' own threads see the rows; serialized_rollback keeps
# the migrations' rows for the transactional tests after it, as the others do.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_schema_is_the_same_under_concurrent_requests():
    def fetch(_):
        try:
            response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
            return response.status_code, response.content
        finally:
            connections.close_all()  # this thread's own, so the test database can be dropped

    SchemaView._generated.clear()  # generated by these requests, not by an earlier test
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(fetch, range(5)))

    assert {status for status, _ in answers} == {200}
    assert len({content for _, content in answers}) == 1


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/editorial/guides/",
        "/api/v1/editorial/guides/helping/sections/",
        "/api/v1/editorial/sections/{section}/tips/",
        "/api/v1/editorial/guides/helping/contributors/",
        "/api/v1/editorial/guides/helping/sources/",
        "/api/v1/editorial/guides/helping/",
        "/api/v1/editorial/guides/helping/withdraw/",
        "/api/v1/guides/",
        "/api/v1/crisis-resources/",
        "/api/v1/auth/token/",
        "/api/schema/",
    ],
)
def test_options_answers_every_endpoint(world, people, address):
    section = Section.objects.filter(guide=world).first().pk
    client = token_client(people["editor"])

    response = client.options(address.format(section=section))

    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/editorial/guides/?page=1&page=2",
        "/api/v1/editorial/events/?page_size=5&page_size=9",
    ],
)
def test_an_editorial_list_refuses_a_page_parameter_given_twice(schema, world, people, address):
    response = Checked(schema, token_client(people["publisher"])).request("get", address)

    assert response.status_code == 400
    assert response.json()["detail"].endswith(": Give it once.")
