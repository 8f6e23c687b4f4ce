"""What the editorial endpoints' OpenAPI descriptions share: error answers, If-Match."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from api.errors import ErrorSerializer, InvalidInputSerializer


def error(description, serializer=ErrorSerializer):
    return OpenApiResponse(serializer, description=description)


UNAUTHENTICATED = error("No valid token or session: sign in (POST /api/v1/auth/token/).")
FORBIDDEN_READ = error("You may not read working copies: that takes the right to view guides.")
FORBIDDEN = error(
    "You may not: a right is missing (to view guides, to change this kind of row, to take "
    "this step), or separation of duties forbids it."
)
NOT_FOUND = error("No such guide (or section, or tip).")
CONFLICT = error("The guide's state does not allow this step now, or it changed meanwhile.")
INVALID = error(
    "The body is malformed, or the service refused its content (a missing summary, a "
    "go-live time in the past); nothing changed.",
    InvalidInputSerializer,
)
PRECONDITION_FAILED = error(
    "The guide changed since the version named in If-Match: reload it; nothing was saved."
)
PRECONDITION_REQUIRED = error(
    "No If-Match naming the version edited (or `If-Match: *`, which names none): send "
    '`If-Match: "<fingerprint>"`, the ETag of GET /api/v1/editorial/guides/{slug}/; '
    "nothing was saved."
)

PAGE_INVALID = error("``page`` or ``page_size`` is malformed.", InvalidInputSerializer)

LIST_ERRORS = {
    400: PAGE_INVALID,
    401: UNAUTHENTICATED,
    403: FORBIDDEN_READ,
    404: error("No such page."),
}
READ_ERRORS = {401: UNAUTHENTICATED, 403: FORBIDDEN_READ, 404: NOT_FOUND}
EDIT_ERRORS = {
    400: INVALID,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    409: CONFLICT,
    412: PRECONDITION_FAILED,
    428: PRECONDITION_REQUIRED,
}
CONFLICT_OR_TAKEN = error(
    "An anchor (or, for a guide, the slug; for a credit, the person in that role) is "
    "already taken; or the guide is gone. Nothing was saved."
)
CREATE_ERRORS = {**EDIT_ERRORS, 409: CONFLICT_OR_TAKEN}
CHANGE_ERRORS = {**EDIT_ERRORS, 409: CONFLICT_OR_TAKEN}
DELETE_ERRORS = {key: value for key, value in EDIT_ERRORS.items() if key != 400}
DELETE_ERRORS[400] = error("If-Match is malformed (it must name one version).")
GUIDE_CREATE_ERRORS = {
    400: INVALID,
    401: UNAUTHENTICATED,
    403: error("You may not add guides: that takes the right to add guides."),
    409: error("A guide with this slug exists already."),
}
STEP_ERRORS = {400: INVALID, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}


class SubmitRefusedSerializer(ErrorSerializer):
    """A refused submission: ``detail`` says why, and what a client can act on beside it."""

    incomplete = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The guide is not complete: the ids of the parts missing (as in the checks' "
        "completeness), e.g. no_author, empty_section:<anchor>, no_sources.",
    )
    reasons = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Submitted as a correction, the change is not one: why.",
    )
    needless_waivers = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Reasons were given to go without parts the guide has (e.g. no_sources "
        "when it cites sources): submit without them.",
    )


SUBMIT_ERRORS = {
    **STEP_ERRORS,
    409: error(
        "The guide's state does not allow a submission now; or it is not complete (an "
        "empty section, no author credited, or no sources and no reason given: "
        "`incomplete` names them), or a reason is given for a part it is not missing "
        "(`needless_waivers`); or, submitted as a correction, it is not one.",
        SubmitRefusedSerializer,
    ),
}


def if_match(description, *, required=False):
    return OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=required,
        description=f'The guide\'s fingerprint, quoted: `"<fingerprint>"`. {description}',
    )


EDIT_IF_MATCH = if_match(
    "Required: the version your edit was made on (the ETag of GET "
    "/api/v1/editorial/guides/{slug}/, or the `guide_fingerprint` of your last edit). "
    "Without it, or with `*`, the answer is 428; if the guide has changed since, 412. "
    "Either way nothing is saved, so no one's work is overwritten.",
    required=True,
)


def etag(*codes):
    return OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=list(codes),
        description="The guide's fingerprint, quoted: send it back in If-Match.",
    )


ETAG = etag(200)
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    description="The address of what was created.",
)
