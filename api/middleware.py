from django.http import JsonResponse

from api.errors import NOT_FOUND, is_api


class NotFoundAsJsonMiddleware:
    """Under /api/, an address that no route matches answers the API's JSON 404, DEBUG or not.

    With DEBUG off Django asks handler404 (api.errors.page_not_found), which
    already answers JSON. With DEBUG on it answers with its technical page
    instead, HTML listing every URL pattern, without asking any handler or
    view: only a middleware sees that answer. It sits outside CommonMiddleware,
    so a missing trailing slash is still redirected first, and inside
    CorsMiddleware, so browsers may read the JSON. The API's own 404s are
    JSON already and pass as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and is_api(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return JsonResponse({"detail": NOT_FOUND}, status=404)
        return response
