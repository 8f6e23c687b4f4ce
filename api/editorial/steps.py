"""The workflow steps over HTTP: one endpoint per step of editorial.steps.STEPS.

Each checks the body's shape, takes its step through that table, and answers the guide as
it stands after the step (the same representation as GET .../guides/{slug}/).
A refused step answers the service's message with its status (403 a missing
right, 409 a wrong state, 400 a missing summary or a bad time) and changes
nothing.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions

from api.editorial import inputs, schema
from api.editorial.serializers import WorkingCopySerializer
from api.editorial.views import EditorialView, fingerprint_in_if_match, valid_input
from editorial.kinds.guide import GUIDE
from editorial.steps import STEPS

DECISION_IF_MATCH = schema.if_match(
    "The version you reviewed, instead of `fingerprint` in the body. If the guide changed "
    "since, the decision is refused (409)."
)


def step_schema(summary, input_class, *, parameters=(), errors=schema.STEP_ERRORS):
    return extend_schema(
        tags=["editorial"],
        summary=summary,
        request=input_class,
        parameters=[*parameters, schema.ETAG],
        responses={200: WorkingCopySerializer, **errors},
    )


class GuideStep(EditorialView):
    step = input_class = None  # the step's name in editorial.steps.STEPS

    def get_serializer_class(self):
        # What OPTIONS describes as the body to POST.
        return self.input_class

    def post(self, request, slug):
        guide = self.get_guide(slug)
        self.take(guide, request, valid_input(self.input_class, request))
        return self.guide_answer(guide)

    def take(self, guide, request, data):
        STEPS[self.step].take(GUIDE, guide, user=request.user, **data)


def reviewed_fingerprint(data, request):
    """The version the reviewer read: from the body or from If-Match (the same, if both)."""
    in_body, in_header = data["fingerprint"], fingerprint_in_if_match(request)
    if in_body and in_header and in_body != in_header:
        raise exceptions.ValidationError(
            {"fingerprint": ["The body and If-Match name different versions: send one."]}
        )
    return in_body or in_header or ""


@step_schema(
    "Submit the working copy for review (editors)", inputs.Submit, errors=schema.SUBMIT_ERRORS
)
class Submit(GuideStep):
    """Submit the working copy for review, saying what changed (``change_summary``).

    The guide must be complete (see the completeness of its ``/checks/``): a
    section with nothing in it, or no author credited, is refused (409) with
    ``incomplete`` naming what is missing; so is a guide citing no sources,
    unless ``waivers`` gives the reason (``{"no_sources": "..."}``).
    ``kind``: ``clinical`` (default) or ``correction``; a change that is not a
    correction is refused as one (409) with ``reasons``.
    """

    step, input_class = "submit", inputs.Submit


@step_schema(
    "Approve the version you reviewed (clinical reviewers)",
    inputs.Approve,
    parameters=[DECISION_IF_MATCH],
)
class Approve(GuideStep):
    """Sign off the working copy, pinned to the fingerprint of the version you reviewed.

    The fingerprint is required, in the body or as ``If-Match: "<fingerprint>"``.
    Refused (403) to anyone but a clinical reviewer with a clinical credential
    and a licence valid today, and to a reviewer credited as an author or who
    edited the guide since its last release; a correction, to anyone without
    the correction right and to its submitter. Each open check needs a written
    reason in ``waivers``: without them, 409 with ``open_findings``.
    """

    step, input_class = "approve", inputs.Approve

    def take(self, guide, request, data):
        super().take(guide, request, {**data, "fingerprint": reviewed_fingerprint(data, request)})


@step_schema(
    "Send the guide back to its editors (clinical reviewers)",
    inputs.RequestChanges,
    parameters=[DECISION_IF_MATCH],
)
class RequestChanges(GuideStep):
    """Send the guide back to its editors with ``notes`` on what must change."""

    step, input_class = "request_changes", inputs.RequestChanges

    def take(self, guide, request, data):
        super().take(guide, request, {**data, "fingerprint": reviewed_fingerprint(data, request)})


@step_schema("Publish the approved version (publishers)", inputs.Publish)
class Publish(GuideStep):
    """Publish the approved working copy as a new release, now or at ``go_live_at``.

    The answer is the guide: ``live_release`` names the new release when it
    is live at once, ``scheduled_release`` when it waits for its time.
    """

    step, input_class = "publish", inputs.Publish


@step_schema("Withdraw the guide from readers at once", inputs.Withdraw)
class Withdraw(GuideStep):
    """Take the guide off the public API now, with a ``reason``.

    Clinical reviewers and holders of the withdrawal right.
    """

    step, input_class = "withdraw", inputs.Withdraw
