"""The crisis resources on their own, so an app can show a crisis line even when no
guide is live: the live safety release's, for the reader's region."""

from rest_framework import exceptions

from api.public import examples, payloads
from api.public.regions import RegionalAnswer, requested_region
from api.public.serializers import CrisisResourcesSerializer
from api.public.views import PublicEndpoint, public_schema


@public_schema(
    "Get the crisis lines for a region",
    CrisisResourcesSerializer,
    example=examples.CRISIS_RESOURCES,
    missing="No safety information has been published yet.",
    regional=True,
)
class CrisisResources(RegionalAnswer, PublicEndpoint):
    """The crisis resources for ``region`` (its own, or the default region's where it has
    none), the region they are for, and the medical disclaimer, as clinically signed off."""

    serializer_class = CrisisResourcesSerializer

    def answer(self, request, *, using, state):
        release = payloads.live_safety_release(using, state)
        if release is None:
            raise exceptions.NotFound("No safety information has been published yet.")
        information = payloads.safety_information(requested_region(request), release)
        return {
            "region": information["region"],
            "region_fallback": information["region_fallback"],
            "release": release.number,
            "disclaimer": information["disclaimer"],
            "crisis_resources": information["crisis_resources"],
        }
