"""The service's URLs, plus the floor: the least Django can do to answer the same bytes.

The floor view answers with an API answer's bytes, saved to a file before
the server started (BENCH_FLOOR_DIR) and read once, with the same status and
content type; it goes through the same middleware, in the same process, with
the same settings, so the API's cost over it is what the API itself does.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as service_urlpatterns

_bodies = {}


def floor(request, name):
    body = _bodies.get(name)
    if body is None:
        body = _bodies[name] = (Path(os.environ["BENCH_FLOOR_DIR"]) / f"{name}.json").read_bytes()
    return HttpResponse(body, content_type="application/json")


urlpatterns = [
    path("bench/floor/<slug:name>/", floor),
    *service_urlpatterns,
]
