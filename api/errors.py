"""One shape for every error the API returns: ``{"detail": "..."}``.

Invalid input adds ``errors``, the messages per field, and its ``detail``
sums them up, so a client can show the one line and a form the rest. A
refused workflow step or edit (editorial.exceptions) keeps its status (400,
403, 409, 412 or 428) and its message.
"""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from editorial.exceptions import WorkflowError


class WorkflowRefused(exceptions.APIException):
    def __init__(self, error):
        self.status_code = error.status_code
        super().__init__(detail=error.message, code=type(error).__name__)


def exception_handler(exc, context):
    details = {}
    if isinstance(exc, WorkflowError):
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


def page_not_found(request, exception):
    """Django's 404 page, except under /api/: there a client gets JSON like every other error."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found: no such address."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return defaults.server_error(request)
