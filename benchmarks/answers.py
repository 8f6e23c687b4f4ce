"""The measured answers: their bytes, as the server sends them, and their SQL queries."""

import urllib.request
from pathlib import Path

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from editorial.publishing import public_content_changed


def count_queries(path):
    """SQL queries of one answer computed afresh, and of the same answer again (cached)."""
    client = Client(HTTP_HOST="127.0.0.1")
    public_content_changed()  # as a publish does: every cached answer is stale from now on
    # With DEBUG on, the connection keeps only its last 9000 queries, and
    # building the corpus made more: start from an empty log to count.
    reset_queries()
    with CaptureQueriesContext(connection) as cold:
        first = client.get(path)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(path)
    if first.status_code != 200 or again.content != first.content:
        raise RuntimeError(f"{path} answered {first.status_code}, or differently the second time")
    return len(cold), len(warm)


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.headers.get_content_type(), response.read()


def save_floor_body(base_url, name, path, folder):
    """Save the API's answer for the floor view, and check the floor answers the same."""
    status, content_type, body = fetch(base_url + path)
    Path(folder, f"{name}.json").write_bytes(body)
    if fetch(f"{base_url}/bench/floor/{name}/") != (status, content_type, body):
        raise RuntimeError(f"The floor for {name} does not answer what {path} answers.")
    return body
