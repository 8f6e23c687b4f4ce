"""Reads through Varnish as readers do, while the workflow changes what is live.

Run by .ci/edge/run with the app and Varnish already up; exits non-zero with
a message on the first expectation that fails.
"""

import datetime
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

APP, VARNISH = sys.argv[1], sys.argv[2]
SLUG = "helping-a-loved-one-embrace-therapy"
DETAIL = f"/api/v1/guides/{SLUG}/"
LIST = "/api/v1/guides/"


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until_up():
    for _ in range(150):
        try:
            if get(VARNISH, LIST)[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    fail("the app behind Varnish did not answer")


def workflow(*arguments):
    command = [sys.executable, "manage.py", "guide_workflow", *arguments]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def fingerprint():
    for line in workflow("status", SLUG).splitlines():
        if line.startswith("Fingerprint:"):
            return line.split()[-1]
    fail("no fingerprint in the status")


def expect(condition, message):
    if not condition:
        fail(message)
    print(f"ok: {message}")


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


wait_until_up()

status, headers, _ = get(VARNISH, DETAIL)
expect(status == 200, "the live guide reads 200 through Varnish")
expect("s-maxage=" in headers.get("Cache-Control", ""), "the answer lets Varnish hold it")
status, headers, _ = get(VARNISH, DETAIL)
expect(headers.get("X-Cache") == "HIT", "the second read is answered by Varnish")

print(workflow("withdraw", SLUG, "--as", "publisher", "--reason", "Edge check").strip())
status, headers, _ = get(VARNISH, DETAIL)
expect(status == 404, "right after the withdrawal, Varnish answers 404")
status, _, body = get(VARNISH, LIST)
expect(json.loads(body)["count"] == 0, "and the list through Varnish no longer has it")

# Scheduled publishing: the list Varnish holds must not outlive the go-live time.
workflow("submit", SLUG, "--as", "editor", "--summary", "Back after the edge check")
workflow("approve", SLUG, "--as", "reviewer", "--fingerprint", fingerprint())
go_live = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=25)
print(workflow("publish", SLUG, "--as", "publisher", "--go-live", go_live.isoformat()).strip())
get(VARNISH, LIST)
status, headers, body = get(VARNISH, LIST)
expect(json.loads(body)["count"] == 0, "before its go-live time the guide is not listed")
cache_control = headers.get("Cache-Control", "")
held_for = int(cache_control.split("s-maxage=")[1]) if "s-maxage=" in cache_control else 0
expect(held_for <= 25, f"Varnish may hold the list only until the go-live ({held_for} s)")
time.sleep(max(0.0, (go_live - datetime.datetime.now(datetime.UTC)).total_seconds()) + 1.5)
status, _, body = get(VARNISH, LIST)
expect(json.loads(body)["count"] == 1, "once its go-live time has passed, Varnish lists it")
status, _, _ = get(VARNISH, DETAIL)
expect(status == 200, "and serves it")

# gunicorn refuses a request line over 4094 bytes itself, in HTML, before the
# app sees it; through Varnish, under /api/, that refusal is the API's JSON.
TOO_LONG = "?q=" + "a" * 5000
status, headers, body = get(APP, LIST + TOO_LONG)
expect(
    status == 414 and headers.get("Content-Type", "").startswith("text/html"),
    "gunicorn itself answers a request line over its limit in HTML",
)
status, headers, body = get(VARNISH, LIST + TOO_LONG)
expect(
    status == 414
    and headers.get("Content-Type") == "application/json"
    and "malformed" in json.loads(body)["detail"],
    "through Varnish, under /api/, that answer is JSON with the same status",
)
status, headers, _ = get(VARNISH, "/guides/" + TOO_LONG)
expect(
    status == 414 and headers.get("Content-Type", "").startswith("text/html"),
    "and a reader page's stays the server's page",
)
