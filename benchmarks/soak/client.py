"""HTTP for the soak's clients: one kept-alive connection per client, every answer timed.

A request that gets no answer (connection refused or reset, timeout) is an
answer with status None and the error, never an exception: the soak counts
it where it happened.
"""

import http.client
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Longer than Varnish waits for a first byte (60 s): a slow answer is Varnish's to time out.
TIMEOUT_SECONDS = 65
# Varnish closes a client's connection after 5 s idle (timeout_idle); a connection
# idle longer than this is not reused, so no request is sent on one being closed.
REUSE_IDLE_SECONDS = 3.0


@dataclass
class Answer:
    status: int | None
    started: float  # time.monotonic() when the request was sent
    ended: float
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    error: str = ""

    @property
    def milliseconds(self):
        return (self.ended - self.started) * 1000

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Client:
    def __init__(self, base, token=None):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.token = token
        self.connection = None
        self.last_used = 0.0

    def request(self, method, path, data=None, headers=None):
        headers = {"Accept": "application/json", **(headers or {})}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        started = time.monotonic()
        if started - self.last_used > REUSE_IDLE_SECONDS:
            self.close()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=TIMEOUT_SECONDS
                )
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
            answer = Answer(
                response.status,
                started,
                time.monotonic(),
                {name.lower(): value for name, value in response.getheaders()},
                content,
            )
            self.last_used = answer.ended
            if response.will_close:
                self.close()
            return answer
        except (OSError, http.client.HTTPException) as failure:
            self.close()
            return Answer(None, started, time.monotonic(), error=f"{type(failure).__name__}")

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def sign_in(base, username, password, attempts=10):
    """A token for ``username`` from POST /api/v1/auth/token/."""
    client = Client(base)
    for _ in range(attempts):
        answer = client.request(
            "POST", "/api/v1/auth/token/", {"username": username, "password": password}
        )
        if answer.status == 200:
            return answer.json()["token"]
        time.sleep(1)
    raise RuntimeError(f"{username} could not sign in: {answer.status} {answer.body[:300]!r}")
