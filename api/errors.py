"""One shape for every error the API returns: ``{"detail": "..."}``.

Invalid input adds ``errors``, the messages per field, and its ``detail``
sums them up, so a client can show the one line and a form the rest. A
refused workflow step or edit (editorial.exceptions) keeps its status (400,
403, 409, 412 or 428) and its message. A body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413, where Django would answer an HTML 400.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from editorial.exceptions import WorkflowError


class WorkflowRefused(exceptions.APIException):
    def __init__(self, error):
        self.status_code = error.status_code
        super().__init__(detail=error.message, code=type(error).__name__)


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self):
        super().__init__(detail=request_too_large_message())


def request_too_large_message():
    return (
        f"The request body is too large: this API accepts at most "
        f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
    )


def exception_handler(exc, context):
    # Django raises these when the body is read (request.data): a client's
    # mistake, which DRF would otherwise pass on to Django's HTML 400 page.
    details = {}
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError(str(exc))
    elif isinstance(exc, WorkflowError):
        details = exc.details
        exc = WorkflowRefused(exc)
    response = drf_exception_handler(exc, context)
    if response is not None and details:
        response.data.update(details)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"input": response.data}
        response.data = {"detail": summarize(errors), "errors": errors}
    return response


def summarize(errors):
    """``"page_size: Give a whole number from 1 to 100."`` from ``{"page_size": [...]}``."""
    parts = []
    for field, messages in errors.items():
        message = _first_message(messages)
        parts.append(message if field in ("non_field_errors", "input") else f"{field}: {message}")
    return " ".join(parts) or "Invalid input."


def _first_message(messages):
    while isinstance(messages, list | dict) and messages:
        messages = messages[0] if isinstance(messages, list) else next(iter(messages.values()))
    return str(messages)


class ErrorSerializer(serializers.Serializer):
    """What every error response carries (for the schema)."""

    detail = serializers.CharField(help_text="What went wrong, for people.")


class InvalidInputSerializer(ErrorSerializer):
    """A 400: ``detail`` says why; ``errors`` is there when parameters or fields were malformed."""

    errors = serializers.DictField(
        required=False,
        help_text="Messages per parameter or field (per item, for a list).",
    )


NOT_FOUND = "Not found: no such address."
BAD_REQUEST = "Bad request: it was refused as malformed."


def is_api(request):
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    """Django's 400 page (a bad Host header, a body too large read outside a view), or JSON."""
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"detail": request_too_large_message()}, status=413)
    return JsonResponse({"detail": BAD_REQUEST}, status=400)


def page_not_found(request, exception):
    """Django's 404 page, except under /api/: there a client gets JSON like every other error."""
    if is_api(request):
        return JsonResponse({"detail": NOT_FOUND}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return defaults.server_error(request)
