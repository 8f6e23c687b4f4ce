"""``?region=``: which region's crisis resources an answer carries.

An ISO 3166-1 alpha-2 code, in capitals or small letters; answered in
capitals. A code that is not one is a 400 naming the parameter. Without it,
the default region (``GUIDANCE_DEFAULT_REGION``).
"""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from api.schema import REGION_REF
from editorial.safety.regions import UnknownRegion, region_code

REGION = OpenApiParameter(
    "region",
    REGION_REF,
    OpenApiParameter.QUERY,
    description=(
        "The reader's country, as an ISO 3166-1 alpha-2 code. Listed: the regions with "
        "crisis resources of their own. Any other code (and small letters) is accepted too: "
        "its answer carries the default region's lines, with `region_fallback: true`. "
        "Default: the service's default region."
    ),
)


class RegionalAnswer:
    """For a PublicEndpoint whose answer carries crisis resources: takes ``?region=``
    (its ``answer`` reads it with ``requested_region``)."""

    def known_parameters(self):
        return super().known_parameters() | {"region"}

    def cache_parameters(self, request):
        parameters = super().cache_parameters(request)
        # Keyed by the code as served, so ``gb`` and ``GB`` share one answer.
        return [(name, value) for name, value in parameters if name != "region"] + [
            ("region", requested_region(request) or "")
        ]


def requested_region(request):
    """The region asked for, in capitals, or None; a 400 for anything but one known code."""
    values = request.query_params.getlist("region")
    if not values:
        return None
    if len(values) > 1:
        raise exceptions.ValidationError({"region": ["Give one region, e.g. region=US."]})
    try:
        return region_code(values[0])
    except UnknownRegion as error:
        raise exceptions.ValidationError({"region": [str(error)]}) from error
