"""The safety information over the editorial API: read and edit its working copy, and
take its workflow steps (editorial.safety.editing and .services).

The same shape as a guide's endpoints: a PATCH must name the version edited
(``If-Match: "<fingerprint>"``, 428 without, 412 if stale); a step answers the
safety information as it stands after it, with its fingerprint as ETag; a
refusal answers the service's message and status and changes nothing.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions
from rest_framework.response import Response

from api.editorial import inputs, schema
from api.editorial.safety_serializers import SafetyInformationSerializer
from api.editorial.steps import reviewed_fingerprint
from api.editorial.views import fingerprint_in_if_match, valid_input
from editorial.kinds.safety import SAFETY, safety_status
from editorial.safety import editing, services
from editorial.steps import STEPS
from guidance.models import CrisisResource, NoticeKind, SiteNotice


class CanViewSafetyInformation(permissions.IsAuthenticated):
    """Signed in, with the right to view site notices (every editorial group has it).

    A coarse gate only: each edit and step checks its own right in its service.
    """

    message = "You may not read the safety information: that takes the right to view notices."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm(
            "guidance.view_sitenotice"
        )


class SafetyView(generics.GenericAPIView):
    permission_classes = [CanViewSafetyInformation]
    pagination_class = None

    def safety_answer(self):
        status = safety_status()
        data = SafetyInformationSerializer(safety_payload(status, self.request.user)).data
        return Response(data, headers={"ETag": f'"{status.fingerprint}"'})


def safety_payload(status, user):
    """Where the safety information stands, its working copy, and the steps ``user`` may take."""
    review = status.open_review
    snapshot = status.snapshot
    # The same rows in the same order as the snapshot, for their ids.
    ids = CrisisResource.objects.order_by("region", "position", "pk").values_list("pk", flat=True)
    return {
        "state": status.state,
        "state_label": status.label,
        "fingerprint": status.fingerprint,
        "live_release": status.live_release.number if status.live_release else None,
        "open_review": review
        and {
            "submitted_by": review.submitted_by.get_username(),
            "submitted_at": review.submitted_at,
            "change_summary": review.change_summary,
            "submitted_fingerprint": review.submitted_fingerprint,
        },
        "content": {
            "notices": [{"kind": kind, **notice} for kind, notice in snapshot["notices"].items()],
            "crisis_resources": [
                {"id": pk, **resource}
                for pk, resource in zip(ids, snapshot["crisis_resources"], strict=False)
            ],
        },
        "allowed_steps": {
            step: {"allowed": why_not is None, "why_not": why_not}
            for step, why_not in services.allowed_safety_steps(user, status).items()
        },
    }


# There is one safety information: no address here can name something missing.
READ_ERRORS = {status: answer for status, answer in schema.READ_ERRORS.items() if status != 404}
STEP_ERRORS = {status: answer for status, answer in schema.STEP_ERRORS.items() if status != 404}


SAFETY_ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="The safety information's fingerprint, quoted: send it back in If-Match.",
)


def if_match(description, *, required=False):
    return OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=required,
        description=f'The safety information\'s fingerprint, quoted: `"<fingerprint>"`. '
        f"{description}",
    )


SAFETY_IF_MATCH = if_match(
    "Required: the version your edit was made on (the ETag of GET "
    "/api/v1/editorial/safety-information/). Without it, or with `*`, 428; if it has "
    "changed since, 412. Either way nothing is saved, so no one's work is overwritten.",
    required=True,
)
DECISION_IF_MATCH = if_match(
    "The version you reviewed, instead of `fingerprint` in the body. If the safety "
    "information changed since, the decision is refused (409)."
)


def edit_schema(input_class):
    return extend_schema(
        tags=["editorial"],
        request=input_class,
        parameters=[SAFETY_IF_MATCH, SAFETY_ETAG],
        responses={200: SafetyInformationSerializer, **schema.EDIT_ERRORS},
    )


class SafetyInformation(SafetyView):
    @extend_schema(
        tags=["editorial"],
        parameters=[SAFETY_ETAG],
        responses={200: SafetyInformationSerializer, **READ_ERRORS},
    )
    def get(self, request):
        """The safety information's working copy, where it stands, and the steps you may take."""
        return self.safety_answer()


@edit_schema(inputs.NoticeEdit)
class NoticeDetail(SafetyView):
    def patch(self, request, kind):
        """Edit the disclaimer's or the call to action's title or body (working copy only)."""
        notice = SiteNotice.objects.filter(kind=kind).first() if kind in NoticeKind else None
        if notice is None:
            raise exceptions.NotFound(f"No site notice of the kind “{kind}”.")
        editing.notice_update(
            notice=notice,
            user=request.user,
            data=valid_input(inputs.NoticeEdit, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.safety_answer()


@edit_schema(inputs.CrisisResourceEdit)
class CrisisResourceDetail(SafetyView):
    def patch(self, request, resource_id):
        """Edit a crisis resource's region, name, description, phone, sms or url (working copy)."""
        resource = CrisisResource.objects.filter(pk=resource_id).first()
        if resource is None:
            raise exceptions.NotFound(f"No crisis resource has the id {resource_id}.")
        editing.crisis_resource_update(
            resource=resource,
            user=request.user,
            data=valid_input(inputs.CrisisResourceEdit, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.safety_answer()


def step_schema(summary, input_class, *, parameters=()):
    return extend_schema(
        tags=["editorial"],
        summary=summary,
        request=input_class,
        parameters=[*parameters, SAFETY_ETAG],
        responses={200: SafetyInformationSerializer, **STEP_ERRORS},
    )


class SafetyStep(SafetyView):
    step = input_class = None  # the step's name in editorial.steps.STEPS

    def get_serializer_class(self):
        return self.input_class

    def post(self, request):
        data = self.given(request, valid_input(self.input_class, request))
        STEPS[self.step].take(SAFETY, None, user=request.user, **data)
        return self.safety_answer()

    def given(self, request, data):
        return data


class SafetyDecision(SafetyStep):
    def given(self, request, data):
        return {**data, "fingerprint": reviewed_fingerprint(data, request)}


def safety_step(name, step, input_class, summary, description):
    """The endpoint of one safety step: a view taking ``step`` through the table of steps.

    A decision (approve, request changes) also takes the version reviewed as If-Match.
    """
    decision = step in ("approve", "request_changes")
    view = type(
        name,
        (SafetyDecision if decision else SafetyStep,),
        {"__doc__": description, "__module__": __name__, "step": step, "input_class": input_class},
    )
    parameters = [DECISION_IF_MATCH] if decision else []
    return step_schema(summary, input_class, parameters=parameters)(view)


Submit = safety_step(
    "Submit",
    "submit",
    inputs.SafetySubmit,
    "Submit the safety information for clinical review (editors)",
    "Submit the working copy for clinical review, saying what changed (``change_summary``).",
)
Approve = safety_step(
    "Approve",
    "approve",
    inputs.Approve,
    "Approve the version you reviewed (clinical reviewers)",
    "Sign off the safety information, pinned to the fingerprint of the version you reviewed\n"
    "    (required, in the body or as If-Match).",
)
RequestChanges = safety_step(
    "RequestChanges",
    "request_changes",
    inputs.RequestChanges,
    "Send the safety information back (clinical reviewers)",
    "Send the safety information back to its editors with ``notes`` on what must change.",
)
Publish = safety_step(
    "Publish",
    "publish",
    inputs.SafetyPublish,
    "Publish the approved safety information (publishers)",
    "Publish the approved safety information: every guide carries it at once.",
)
