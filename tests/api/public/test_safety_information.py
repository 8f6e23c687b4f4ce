"""Readers get the live safety release, for their region, and never a working copy."""

import pytest
from django.urls import reverse

from guidance.models import CrisisResource, Tip
from tests.factories import CrisisResourceFactory

REGIONAL = [
    "/api/v1/guides/helping/",
    "/api/v1/tips/{tip}/",
    "/api/v1/tips/daily/",
    "/api/v1/crisis-resources/",
]


@pytest.fixture
def helping(corpus):
    """A live guide, beside a US and a British crisis line, both released."""
    CrisisResourceFactory(
        region="GB", name="Samaritans", description="Call 116 123.", phone="116 123"
    )
    return corpus.published_guide(slug="helping")


def addresses(guide):
    tip = Tip.objects.filter(section__guide=guide).first()
    return [address.format(tip=tip.public_id) for address in REGIONAL]


def test_each_answer_carries_the_crisis_lines_of_the_region_asked_for(client, helping):
    for address in addresses(helping):
        body = client.get(address, {"region": "gb"}).json()
        assert [line["name"] for line in body["crisis_resources"]] == ["Samaritans"], address
        assert body["crisis_resources"][0]["region"] == "GB"


def test_a_region_with_no_crisis_line_gets_the_default_regions(client, helping):
    for address in addresses(helping):
        body = client.get(address, {"region": "FR"}).json()
        assert [line["phone"] for line in body["crisis_resources"]] == ["988"], address


def test_without_a_region_the_default_region_is_served(client, helping):
    body = client.get("/api/v1/guides/helping/").json()

    assert [line["region"] for line in body["crisis_resources"]] == ["US"]


def test_the_default_region_comes_from_the_settings(client, helping, settings):
    settings.GUIDANCE_DEFAULT_REGION = "GB"

    body = client.get("/api/v1/crisis-resources/", {"region": "FR"}).json()

    assert body["region"] == "GB"
    assert [line["name"] for line in body["crisis_resources"]] == ["Samaritans"]


@pytest.mark.parametrize("region", ["XX", "usa", "U", "Gb", "", "🙂"])
def test_a_region_that_is_not_an_iso_code_is_a_400_naming_it(client, helping, region):
    for address in addresses(helping):
        response = client.get(address, {"region": region})
        assert response.status_code == 400, address
        assert response.json()["errors"]["region"][0].startswith(f"“{region}” is not an ISO")


def test_two_regions_are_a_400(client, helping):
    response = client.get("/api/v1/crisis-resources/?region=US&region=GB")

    assert response.status_code == 400
    assert response.json()["detail"] == "region: Give one region, e.g. region=US."


def test_the_crisis_resources_are_served_on_their_own(client, helping):
    response = client.get("/api/v1/crisis-resources/", {"region": "us"})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["region", "region_fallback", "release", "disclaimer", "crisis_resources"]
    assert body["region"] == "US"
    assert body["release"] == 1
    assert body["disclaimer"]["body_html"] == "<p>This guide is <em>not</em> medical advice.</p>"
    assert (
        body["crisis_resources"][0]["description_html"]
        == "<p>Call or text <strong>988</strong>.</p>"
    )


def test_the_crisis_resources_are_served_even_when_no_guide_is_live(client, corpus):
    corpus.publish_safety_information()

    response = client.get("/api/v1/crisis-resources/")

    assert response.status_code == 200
    assert response.json()["crisis_resources"][0]["phone"] == "988"


def test_before_any_safety_release_the_crisis_resources_are_a_404(client, db):
    CrisisResourceFactory(region="US")

    response = client.get("/api/v1/crisis-resources/")

    assert response.status_code == 404
    assert response.json()["detail"] == "No safety information has been published yet."


def test_the_crisis_resources_are_cached_and_conditional(client, helping):
    first = client.get("/api/v1/crisis-resources/?region=GB")
    lower = client.get("/api/v1/crisis-resources/?region=gb")
    again = client.get(
        "/api/v1/crisis-resources/?region=GB", headers={"if-none-match": first["ETag"]}
    )

    assert first["ETag"] == lower["ETag"]
    assert first["Cache-Control"] == "public, no-cache"
    assert again.status_code == 304


def test_an_unapproved_edit_reaches_no_one(client, helping):
    before = {address: client.get(address).content for address in addresses(helping)}
    line = CrisisResource.objects.get(region="US")
    line.phone = "555"
    line.save()

    for address in addresses(helping):
        assert client.get(address).content == before[address], address


def test_a_published_correction_reaches_every_answer_and_changes_its_etag(client, corpus, helping):
    etags = {address: client.get(address)["ETag"] for address in addresses(helping)}
    line = CrisisResource.objects.get(region="US")
    line.phone = "988 (press 1 for veterans)"
    line.save()
    corpus.publish_safety_information(summary="Veterans' line.")

    for address, etag in etags.items():
        response = client.get(address, headers={"if-none-match": etag})
        assert response.status_code == 200, address
        assert response.json()["crisis_resources"][0]["phone"] == "988 (press 1 for veterans)"


def test_the_schema_declares_region_on_each_answer_carrying_crisis_lines(client, db):
    import yaml

    schema = yaml.safe_load(client.get(reverse("api-schema")).content)
    for path in [
        "/api/v1/guides/{slug}/",
        "/api/v1/tips/{public_id}/",
        "/api/v1/tips/daily/",
        "/api/v1/crisis-resources/",
    ]:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        region = parameters["region"]
        # The regions with crisis lines, in one case; other codes are said to fall back.
        assert region["schema"] == {"$ref": "#/components/schemas/CrisisRegionEnum"}, path
        assert "region_fallback" in region["description"], path
    assert schema["components"]["schemas"]["CrisisRegionEnum"]["enum"] == ["US"]


@pytest.mark.parametrize(
    ("asked", "served", "fallback"),
    [({"region": "FR"}, "US", True), ({"region": "gb"}, "GB", False), ({}, "US", False)],
)
def test_a_region_without_crisis_lines_of_its_own_is_said_to_fall_back(
    client, helping, asked, served, fallback
):
    body = client.get("/api/v1/crisis-resources/", asked).json()

    assert body["region"] == served
    assert body["region_fallback"] is fallback


def test_the_schema_lists_the_regions_with_crisis_lines_as_released(client, helping):
    import yaml

    schema = yaml.safe_load(client.get(reverse("api-schema")).content)

    assert schema["components"]["schemas"]["CrisisRegionEnum"]["enum"] == ["GB", "US"]
