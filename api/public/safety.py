"""The crisis resources on their own, so an app can show a crisis line even when no
guide is live: the live safety release's, for the reader's region."""

from rest_framework import exceptions

from api.public import payloads
from api.public.regions import RegionalAnswer
from api.public.serializers import CrisisResourcesSerializer
from api.public.views import PublicEndpoint, public_schema


@public_schema(
    "safety",
    CrisisResourcesSerializer,
    missing="No safety information has been published yet.",
    regional=True,
)
class CrisisResources(RegionalAnswer, PublicEndpoint):
    """The crisis resources for ``region`` (its own, or the default region's where it has
    none), the region they are for, and the medical disclaimer, as clinically signed off."""

    serializer_class = CrisisResourcesSerializer

    def answer(self, request, *, using):
        release = payloads.live_safety_release(using, self.public_state)
        if release is None:
            raise exceptions.NotFound("No safety information has been published yet.")
        information = payloads.safety_information(self.region, release)
        return {
            "region": information["region"],
            "release": release.number,
            "disclaimer": information["disclaimer"],
            "crisis_resources": information["crisis_resources"],
        }
