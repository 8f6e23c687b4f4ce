from django.http import JsonResponse

from api.errors import BAD_REQUEST, NOT_FOUND, database_unavailable, is_api
from config import database_errors

# The API's own answer for each error Django may answer with a page of its own.
JSON_ANSWERS = {400: BAD_REQUEST, 404: NOT_FOUND}


class ErrorsAsJsonMiddleware:
    """Under /api/, Django's own 400 and 404 answer the API's JSON, DEBUG or not.

    With DEBUG off Django asks handler400 and handler404 (api.errors), which
    already answer JSON. With DEBUG on it answers with its technical pages
    instead, HTML listing every URL pattern, or the traceback of a bad Host
    header, without asking any handler or view: only a middleware sees those
    answers. It sits outside CommonMiddleware, so a missing trailing slash is
    still redirected first (and a bad Host, which CommonMiddleware finds,
    reaches it as a 400), and inside CorsMiddleware, so browsers may read the
    JSON. The API's own errors are JSON already and pass as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        detail = JSON_ANSWERS.get(response.status_code)
        if (
            detail is not None
            and is_api(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return JsonResponse({"detail": detail}, status=response.status_code)
        return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached answers 503 with Retry-After, everywhere.

    JSON under /api/, a short page elsewhere (api.errors.database_unavailable),
    instead of a 500 and a traceback per request; the next request tries the
    database again, so the process serves as soon as it is back. A view's
    error (DRF passes on the ones it does not know) and its template's come
    here; one raised in another middleware (the session's or the user's read
    there) reaches handler500, which answers the same. Placed outside the
    session and authentication middleware, and inside CorsMiddleware, so
    browsers may read the answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_errors.is_unavailable(exception):
            return database_unavailable(request, exception)
        return None
