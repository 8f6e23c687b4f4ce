"""The OpenAPI schema at /api/schema/: served as generated once, and what generation adds.

drf-spectacular generates a schema per request by default, through state it
keeps in module globals while it walks the views: two requests at once could
fail ("Schema generation REQUIRES a view instance") or get each other's half.
Here a process generates it once, under a lock, and serves that copy; it is
generated again only when what it lists from the data changes (the regions
with crisis resources, which ``?region=`` offers).
"""

import json
import sys
import threading

from django.db import DatabaseError
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.response import Response

from editorial.safety.regions import default_region

#: The component that lists the regions with crisis resources of their own.
REGION_COMPONENT = "CrisisRegionEnum"
REGION_REF = {"$ref": f"#/components/schemas/{REGION_COMPONENT}"}

_LOCATIONS = {"path": 0, "query": 1, "header": 2, "cookie": 3}


def parameter_order(parameter):
    """Path, then query parameters, then headers: what a client fills in first comes first.

    Conditional-request headers (If-None-Match) are optional refinements, not the first field
    Swagger UI's "Try it out" should open on.
    """
    return (_LOCATIONS.get(parameter["in"], 4), parameter["name"].lower())


def crisis_regions():
    """The regions the live safety release has crisis resources for, and the default region.

    Upper case, sorted. Only the default region when nothing is released yet, or when the
    database cannot be read (the schema is then generated without it, e.g. by
    ``manage.py spectacular`` before ``migrate``).
    """
    from api.public.caching.reads import read_live_safety_release

    try:
        release = read_live_safety_release()
    except DatabaseError:
        release = None
    regions = {default_region()}
    if release is not None:
        regions |= {resource["region"] for resource in release.snapshot["crisis_resources"]}
    return sorted(regions)


def add_region_enum(result, generator, request, public):
    """Postprocessing hook: the regions with crisis resources, as one enum component."""
    result.setdefault("components", {}).setdefault("schemas", {})[REGION_COMPONENT] = {
        "type": "string",
        "enum": crisis_regions(),
        "description": "A region with crisis resources of its own (ISO 3166-1 alpha-2).",
    }
    return result


def nulls_as_in_openapi_3_1(result, generator, request, public):
    """Postprocessing hook: ``nullable: true`` (OpenAPI 3.0) left in schemas written by hand
    or by DRF (the page envelope's ``next``) as OpenAPI 3.1 writes it, ``type: [..., "null"]``.
    """

    def mend(node):
        if isinstance(node, dict):
            if node.pop("nullable", False) is True and isinstance(node.get("type"), str):
                node["type"] = [node["type"], "null"]
            for value in node.values():
                mend(value)
        elif isinstance(node, list):
            for value in node:
                mend(value)

    mend(result)
    return result


# What If-Match takes: one version, a guide's or the safety information's fingerprint (a
# SHA-256 in hex), quoted. ``*``, a weak tag or a list is refused (428 or 400).
IF_MATCH_SCHEMA = {"type": "string", "pattern": '^"[0-9a-f]{64}"$'}
# An address Django's URLValidator takes, as a pattern a client can check first: http(s),
# a host name with a top-level domain, a path of visible characters.
URL_PATTERN = (
    r"^https?://[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}(?:/[!-~]*)?$"
)


def _white_space_class():
    """The characters ``str.strip()`` removes (DRF trims text with it), as a regex class
    body of ``\\uXXXX`` ranges: ``\\s`` means fewer characters in ECMAScript, which
    OpenAPI's patterns follow, than in Python (U+001C to U+001F, U+0085)."""
    spaces = [code for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    ranges = []
    for code in spaces:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        f"\\u{first:04x}" if first == last else f"\\u{first:04x}-\\u{last:04x}"
        for first, last in ranges
    )


# Text with no NUL character; and text with more than white space, and no NUL.
NO_NUL = "^[^\\u0000]*$"
NOT_ONLY_WHITE_SPACE = f"^[^\\u0000]*[^{_white_space_class()}\\u0000][^\\u0000]*$"


def _text_fields(field, described):
    """``field`` and the schema describing it; for a list or a mapping, its child and the
    schema of its items or values."""
    if isinstance(field, serializers.ListField) and isinstance(described.get("items"), dict):
        return [(field.child, described["items"])]
    if isinstance(field, serializers.DictField):
        values = described.get("additionalProperties")
        return [(field.child, values)] if isinstance(values, dict) else []
    return [(field, described)]


def _must_hold_text(field):
    """Whether DRF refuses ``field`` as blank once trimmed: "  " is then no more than ""."""
    return field.trim_whitespace and not field.allow_blank


def if_match_as_taken(result, generator, request, public):
    """Postprocessing hook: every If-Match header described as the server takes it."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            for parameter in operation.get("parameters", ()):
                if parameter["in"] == "header" and parameter["name"] == "If-Match":
                    parameter["schema"] = dict(IF_MATCH_SCHEMA)
    return result


def summaries_from_descriptions(result, generator, request, public):
    """Postprocessing hook: an operation without a one-line ``summary`` gets its
    description's first sentence (its docstring's first line), as Swagger UI lists it."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            description = operation.get("description", "").strip()
            if "summary" not in operation and description:
                first = description.split("\n\n", 1)[0].replace("\n", " ")
                operation["summary"] = first.split(". ", 1)[0].rstrip(".")
    return result


class StrictInputExtension(OpenApiSerializerExtension):
    """A StrictInput body in the schema as the server takes it.

    Unknown fields are refused (``additionalProperties: false``); the fields a service
    requires (``StrictInput.required_by_service``, e.g. a withdrawal's reason) are required
    and must hold more than white space, though the serializer lets them through for the
    service to refuse with its own message.
    """

    target_class = "api.editorial.inputs.StrictInput"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        for name, field in self.target.fields.items():
            described = schema["properties"].get(name)
            if described is None:
                continue
            if isinstance(field, serializers.ListField) and not field.allow_empty:
                described["minItems"] = 1
            if isinstance(field, serializers.URLField):
                described["pattern"] = (
                    URL_PATTERN if not field.allow_blank else (f"(?:{URL_PATTERN})|^$")
                )
            # DRF's text fields refuse NUL characters, and a required one that trims white
            # space refuses text of white space only; say so where nothing narrower is said.
            for text, where in _text_fields(field, described):
                if isinstance(text, serializers.CharField) and "pattern" not in where:
                    where["pattern"] = NOT_ONLY_WHITE_SPACE if _must_hold_text(text) else NO_NUL
        needed = getattr(self.target, "required_by_service", ())
        for name in needed:
            field = schema["properties"].get(name)
            if field is None:
                continue
            field.pop("default", None)
            field["minLength"] = max(1, field.get("minLength", 0))
            field["pattern"] = NOT_ONLY_WHITE_SPACE
        if needed:
            schema["required"] = sorted({*schema.get("required", ()), *needed})
        _defaults_in_words(schema)
        return schema


def _defaults_in_words(schema):
    """An optional field's default said in its description, not as ``default``.

    Generators read ``default`` as "always present", right for an answer, wrong for a
    request: openapi-typescript (7.x, by default) then makes a client send a field the
    server fills in itself (a submission's ``kind``).
    """
    for described in schema.get("properties", {}).values():
        if "default" not in described:
            continue
        default = json.dumps(described.pop("default"))
        description = described.get("description", "")
        if "default" not in description.lower():
            described["description"] = f"{description} Default: {default}.".strip()


class SchemaView(SpectacularAPIView):
    """/api/schema/: the schema generated once per process (and per set of crisis regions)."""

    _lock = threading.Lock()
    _generated = {}

    def _get_schema_response(self, request):
        key = (request.GET.get("lang") or "", tuple(crisis_regions()))
        schema = self._generated.get(key)
        if schema is None:
            with self._lock:
                schema = self._generated.get(key)
                if schema is None:
                    generator = self.generator_class(
                        urlconf=self.urlconf, api_version=self.api_version, patterns=self.patterns
                    )
                    schema = generator.get_schema(request=None, public=self.serve_public)
                    # Only the newest set of regions is worth keeping.
                    self._generated.clear()
                    self._generated[key] = schema
        return Response(
            data=schema,  # rendered, never changed
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, None)}"'
            },
        )
