"""One shape for every error the API returns: ``{"detail": "..."}``.

Invalid input adds ``errors``, the messages per field, and its ``detail``
sums them up, so a client can show the one line and a form the rest. A
refused workflow step or edit (editorial.exceptions) keeps its status (400,
403, 409, 412 or 428) and its message. A body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413, where Django would answer an HTML 400.

Django's own error pages for the whole site are chosen here too (config/urls.py),
and so is the answer of a database that cannot be reached: a 503 with
Retry-After, JSON under /api/ and a short page elsewhere (``database_unavailable``).
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from config import database_errors
from editorial.exceptions import WorkflowError

logger = logging.getLogger(__name__)


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
    """Django's 500 page, or JSON under /api/; a 503 when the database is unavailable.

    Django calls it for an exception no view or middleware answered: one the
    DatabaseUnavailableMiddleware did not see, raised in another middleware.
    """
    error = sys.exc_info()[1]
    if database_errors.is_unavailable(error):
        return database_unavailable(request, error)
    if is_api(request):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return defaults.server_error(request)


DATABASE_UNAVAILABLE = (
    "Service unavailable: the database cannot be reached. Try again in {seconds} seconds."
)
DATABASE_UNAVAILABLE_PAGE = """<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Temporarily unavailable</title>
<h1>Temporarily unavailable</h1>
<p>The service cannot reach its database just now. Try again in {seconds} seconds.</p>
</html>
"""


def database_unavailable(request, error):
    """A 503 with ``Retry-After: DATABASE_DOWN_RETRY_AFTER``: the API's JSON under /api/,
    a short page elsewhere (rendered from no template: nothing that might read the
    database). Logged at most once per that many seconds per process."""
    seconds = settings.DATABASE_DOWN_RETRY_AFTER
    database_unavailable_cause.log(error, seconds)
    if is_api(request):
        response = JsonResponse(
            {"detail": DATABASE_UNAVAILABLE.format(seconds=seconds)}, status=503
        )
    else:
        response = HttpResponse(
            DATABASE_UNAVAILABLE_PAGE.format(seconds=seconds),
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)  # no proxy may keep it
    return response


class CauseLog:
    """Logs why the database is unavailable, at most once per ``seconds`` (per process)."""

    def __init__(self):
        self._next_at = 0.0
        self._lock = threading.Lock()

    def log(self, error, seconds):
        with self._lock:
            now = time.monotonic()
            if now < self._next_at:
                return
            self._next_at = now + seconds
        logger.warning(
            "The database is unavailable (%s: %s): answering 503 with Retry-After: %s "
            "(logged once per %s s).",
            type(error).__name__,
            next(iter(str(error).strip().splitlines()), ""),
            seconds,
            seconds,
        )

    def forget(self):
        """Log the next cause, whenever it comes (for tests: as a new process would)."""
        with self._lock:
            self._next_at = 0.0


database_unavailable_cause = CauseLog()
