"""The editorial endpoints and the token endpoint in the OpenAPI schema."""

import pytest
import yaml

EDIT = {"200", "400", "401", "403", "404", "409", "412", "428"}
STEP = {"200", "400", "401", "403", "404", "409"}
CREATE = (EDIT - {"200"}) | {"201"}
DELETE = (EDIT - {"200"}) | {"204"}
READ = {"200", "401", "403", "404"}
OPERATIONS = {
    ("/api/v1/editorial/guides/", "post"): {"201", "400", "401", "403", "409"},
    ("/api/v1/editorial/guides/{slug}/sections/", "post"): CREATE,
    ("/api/v1/editorial/sections/{section_id}/tips/", "post"): CREATE,
    ("/api/v1/editorial/sections/{section_id}/", "get"): READ,
    ("/api/v1/editorial/sections/{section_id}/", "delete"): DELETE,
    ("/api/v1/editorial/tips/{public_id}/", "get"): READ,
    ("/api/v1/editorial/tips/{public_id}/", "delete"): DELETE,
    ("/api/v1/editorial/guides/{slug}/contributors/", "post"): CREATE,
    ("/api/v1/editorial/contributors/{row_id}/", "get"): READ,
    ("/api/v1/editorial/contributors/{row_id}/", "patch"): EDIT,
    ("/api/v1/editorial/contributors/{row_id}/", "delete"): DELETE,
    ("/api/v1/editorial/guides/{slug}/sources/", "post"): CREATE,
    ("/api/v1/editorial/sources/{row_id}/", "get"): READ,
    ("/api/v1/editorial/sources/{row_id}/", "patch"): EDIT,
    ("/api/v1/editorial/sources/{row_id}/", "delete"): DELETE,
    ("/api/v1/editorial/guides/", "get"): {"200", "400", "401", "403", "404"},
    ("/api/v1/editorial/guides/{slug}/", "get"): {"200", "401", "403", "404"},
    ("/api/v1/editorial/guides/{slug}/", "patch"): EDIT,
    ("/api/v1/editorial/guides/{slug}/diff/", "get"): {"200", "401", "403", "404"},
    ("/api/v1/editorial/guides/{slug}/preview/", "get"): {"200", "401", "403", "404"},
    ("/api/v1/editorial/sections/{section_id}/", "patch"): EDIT,
    ("/api/v1/editorial/tips/{public_id}/", "patch"): EDIT,
    ("/api/v1/editorial/guides/{slug}/submit/", "post"): STEP,
    ("/api/v1/editorial/guides/{slug}/approve/", "post"): STEP,
    ("/api/v1/editorial/guides/{slug}/request-changes/", "post"): STEP,
    ("/api/v1/editorial/guides/{slug}/publish/", "post"): STEP,
    ("/api/v1/editorial/guides/{slug}/withdraw/", "post"): STEP,
    ("/api/v1/editorial/safety-information/", "get"): {"200", "401", "403"},
    ("/api/v1/editorial/safety-information/notices/{kind}/", "patch"): EDIT,
    ("/api/v1/editorial/safety-information/crisis-resources/{resource_id}/", "patch"): EDIT,
    ("/api/v1/editorial/safety-information/submit/", "post"): STEP - {"404"},
    ("/api/v1/editorial/safety-information/approve/", "post"): STEP - {"404"},
    ("/api/v1/editorial/safety-information/request-changes/", "post"): STEP - {"404"},
    ("/api/v1/editorial/safety-information/publish/", "post"): STEP - {"404"},
    ("/api/v1/editorial/webhooks/", "get"): {"200", "400", "401", "403", "404"},
    ("/api/v1/editorial/webhooks/", "post"): {"201", "400", "401", "403"},
    ("/api/v1/editorial/webhooks/{webhook_id}/", "get"): READ,
    ("/api/v1/editorial/webhooks/{webhook_id}/", "patch"): READ | {"400"},
    ("/api/v1/editorial/webhooks/{webhook_id}/", "delete"): READ - {"200"} | {"204"},
    ("/api/v1/editorial/webhooks/{webhook_id}/rotate-secret/", "post"): READ,
}
WEBHOOKS = {(path, method) for (path, method) in OPERATIONS if "/webhooks/" in path}
TAKES_IF_MATCH = {
    (path, method)
    for (path, method) in OPERATIONS
    if method in ("patch", "delete") or (method == "post" and path.endswith(("s/", "tips/")))
} - {("/api/v1/editorial/guides/", "post")} - WEBHOOKS | {
    ("/api/v1/editorial/guides/{slug}/", "patch"),
    ("/api/v1/editorial/sections/{section_id}/", "patch"),
    ("/api/v1/editorial/tips/{public_id}/", "patch"),
    ("/api/v1/editorial/guides/{slug}/approve/", "post"),
    ("/api/v1/editorial/guides/{slug}/request-changes/", "post"),
    ("/api/v1/editorial/safety-information/notices/{kind}/", "patch"),
    ("/api/v1/editorial/safety-information/crisis-resources/{resource_id}/", "patch"),
    ("/api/v1/editorial/safety-information/approve/", "post"),
    ("/api/v1/editorial/safety-information/request-changes/", "post"),
}


@pytest.fixture
def schema(client, db):
    return yaml.safe_load(client.get("/api/schema/").content)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_editorial_operation_documents_its_answers_and_needs_a_sign_in(schema, path, method):
    operation = schema["paths"][path][method]

    assert set(operation["responses"]) == OPERATIONS[(path, method)]
    assert operation["security"] == [{"tokenAuth": []}, {"cookieAuth": []}]
    headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
    assert ("If-Match" in headers) == ((path, method) in TAKES_IF_MATCH)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/editorial/guides/{slug}/",
        "/api/v1/editorial/sections/{section_id}/",
        "/api/v1/editorial/tips/{public_id}/",
    ],
)
def test_an_edit_requires_if_match_and_says_why(schema, path):
    operation = schema["paths"][path]["patch"]
    (header,) = [p for p in operation["parameters"] if p["name"] == "If-Match"]

    assert header["required"] is True
    assert "428" in header["description"]
    assert "overwritten" in header["description"]
    assert "If-Match" in operation["responses"]["428"]["description"]


def test_a_create_documents_where_the_new_row_is(schema):
    operation = schema["paths"]["/api/v1/editorial/guides/{slug}/sections/"]["post"]

    assert set(operation["responses"]["201"]["headers"]) == {"ETag", "Location"}


def test_the_approval_documents_where_the_fingerprint_goes(schema):
    approve = schema["components"]["schemas"]["ApproveRequest"]["properties"]["fingerprint"]

    assert "Required, here or in If-Match" in approve["description"]


def test_only_the_create_and_the_rotation_answer_a_webhook_secret(schema):
    components = schema["components"]["schemas"]
    operations = schema["paths"]
    answered = {
        (path, method): operation["responses"][code]["content"]["application/json"]["schema"]
        for path, methods in operations.items()
        if "/webhooks/" in path
        for method, operation in methods.items()
        for code in operation["responses"]
        if code.startswith("2") and "content" in operation["responses"][code]
    }

    def has_secret(answer):
        answer = answer.get("items", answer)
        if "$ref" in answer:
            answer = components[answer["$ref"].rsplit("/", 1)[-1]]
        if "allOf" in answer:
            return any(has_secret(part) for part in answer["allOf"])
        properties = answer.get("properties", {})
        return "secret" in properties or any(
            has_secret(value) for value in properties.values() if isinstance(value, dict)
        )

    assert {key for key, answer in answered.items() if has_secret(answer)} == {
        ("/api/v1/editorial/webhooks/", "post"),
        ("/api/v1/editorial/webhooks/{webhook_id}/rotate-secret/", "post"),
    }


def test_the_token_endpoint_takes_json_and_needs_no_sign_in(schema):
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]

    assert list(operation["requestBody"]["content"]) == ["application/json"]
    assert set(operation["responses"]) == {"200", "400", "429"}
    assert operation["security"] == [{}]  # anonymous
