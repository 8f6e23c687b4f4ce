"""The OpenAPI 3 schema at /api/schema/ and its browsable docs at /api/docs/."""

import pytest
import yaml
from drf_spectacular.validation import validate_schema

PUBLIC_PATHS = {
    "/api/v1/guides/": {"200", "304", "400", "404", "429"},
    "/api/v1/guides/{slug}/": {"200", "304", "400", "404", "429"},
    "/api/v1/tips/": {"200", "304", "400", "404", "429"},
    "/api/v1/tips/{public_id}/": {"200", "304", "400", "404", "429"},
    "/api/v1/tips/daily/": {"200", "304", "400", "404", "429"},
    "/api/v1/topics/": {"200", "304", "400", "404", "429"},
    "/api/v1/people/{slug}/": {"200", "304", "404", "429"},
    "/api/v1/crisis-resources/": {"200", "304", "400", "404", "429"},
}


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


@pytest.mark.parametrize(("path", "statuses"), PUBLIC_PATHS.items())
def test_every_public_endpoint_documents_its_answers_and_errors(schema, path, statuses):
    operation = schema["paths"][path]["get"]

    assert set(operation["responses"]) == statuses
    assert operation["security"] == [{}]  # anonymous
    headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
    assert "If-None-Match" in headers
    # Documented, but not the first field "Try it out" opens on.
    assert operation["parameters"][0]["name"] != "If-None-Match"
    assert operation["parameters"][-1]["name"] == "If-None-Match"


def test_list_parameters_are_documented(schema):
    tips = {
        parameter["name"] for parameter in schema["paths"]["/api/v1/tips/"]["get"]["parameters"]
    }

    assert {"page", "page_size", "topic", "guide", "q", "ordering"} <= tips


def test_the_docs_page_serves_its_assets_itself(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.content
    assert b"cdn.jsdelivr.net" not in response.content
