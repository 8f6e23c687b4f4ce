from django.http import JsonResponse

from api.errors import BAD_REQUEST, NOT_FOUND, is_api

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
