"""A guide's JSON-LD is schema.org as search engines read it: every type and property
exists, each value has a type the property accepts, and it names its publisher and page."""

import datetime
from urllib.parse import urlsplit

from django.test import override_settings

# The part of the schema.org vocabulary (https://schema.org, version 29) a guide's JSON-LD
# uses: each type's properties, its own and inherited, with the types each one accepts.
TEXT, URL, DATE, DATE_TIME = "Text", "URL", "Date", "DateTime"
THING = {"name": {TEXT}, "description": {TEXT}, "url": {URL}, "mainEntityOfPage": {URL}}
CREATIVE_WORK = THING | {
    "headline": {TEXT},
    "about": {"Thing"},
    "author": {"Person", "Organization"},
    "publisher": {"Person", "Organization"},
    "citation": {"CreativeWork", TEXT},
    "datePublished": {DATE, DATE_TIME},
    "dateModified": {DATE, DATE_TIME},
}
VOCABULARY = {
    "Thing": THING,
    "CreativeWork": CREATIVE_WORK,
    "MedicalWebPage": CREATIVE_WORK
    | {"reviewedBy": {"Person", "Organization"}, "lastReviewed": {DATE}},
    "Person": THING | {"honorificSuffix": {TEXT}, "hasCredential": {"Credential"}},
    "Organization": THING,
    "EducationalOccupationalCredential": CREATIVE_WORK | {"credentialCategory": {TEXT, URL}},
}
# Which types may stand where another is expected (subclasses in schema.org).
SUBTYPES = {
    "Thing": set(VOCABULARY),
    "CreativeWork": {"CreativeWork", "MedicalWebPage", "EducationalOccupationalCredential"},
    "Credential": {"EducationalOccupationalCredential"},
    "Person": {"Person"},
    "Organization": {"Organization"},
}


def problems(node, path="$"):
    """What in ``node`` (a JSON-LD object) schema.org does not allow, as readable lines."""
    kind = node.get("@type")
    if kind not in VOCABULARY:
        return [f"{path}: unknown type {kind!r}"]
    found = []
    for name, value in node.items():
        if name.startswith("@"):
            continue
        accepted = VOCABULARY[kind].get(name)
        if accepted is None:
            found.append(f"{path}.{name}: not a property of {kind}")
            continue
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{name}[{index}]"
            if isinstance(item, dict):
                if not any(item.get("@type") in SUBTYPES.get(a, ()) for a in accepted):
                    found.append(f"{where}: a {item.get('@type')}, not one of {accepted}")
                found += problems(item, where)
            elif not any(is_a(item, a) for a in accepted):
                found.append(f"{where}: {item!r} is not one of {accepted}")
    return found


def is_a(value, data_type):
    if not isinstance(value, str):
        return False
    if data_type == TEXT:
        return True
    if data_type == URL:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    try:
        parse = datetime.date if data_type == DATE else datetime.datetime
        parse.fromisoformat(value)
    except ValueError:
        return False
    return True


@override_settings(
    GUIDANCE_PUBLISHER_NAME="Example Health",
    GUIDANCE_PUBLISHER_URL="https://example.org/",
    GUIDANCE_SITE_URL="https://guides.example.org/",
)
def test_the_json_ld_is_valid_schema_org_naming_its_publisher_and_page(client, corpus):
    corpus.published_guide(title="Helping a partner", slug="helping-a-partner")

    page = client.get("/api/v1/guides/helping-a-partner/").json()["json_ld"]

    assert problems(page) == []
    assert page["publisher"] == {
        "@type": "Organization",
        "name": "Example Health",
        "url": "https://example.org/",
    }
    assert page["url"] == "https://guides.example.org/guides/helping-a-partner/"
    assert page["mainEntityOfPage"] == page["url"]


def test_the_check_finds_what_schema_org_does_not_allow():
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": "A guide",
        "reviewer": {"@type": "Person", "name": "Rita"},
        "author": [{"@type": "Place", "name": "Somewhere"}],
        "url": "guides/a-guide/",
        "lastReviewed": "yesterday",
    }

    found = problems(page)

    assert [line.split(": ", 1)[0] for line in found] == [
        "$.reviewer",  # not a property
        "$.author[0]",  # a type the property does not take
        "$.author[0]",  # a type schema.org does not have (here)
        "$.url[0]",  # not an absolute URL
        "$.lastReviewed[0]",  # not a date
    ]
