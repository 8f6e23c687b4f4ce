"""The soak's webhook receiver: records every delivery it gets, one JSON line each.

    python -m benchmarks.soak.receiver --bind ADDRESS --port PORT --log FILE
        [--cert FILE --key FILE] [--secret-file FILE] [--delay SECONDS]

Serves HTTPS when given a certificate (its own, self-signed: the workers
trust it through SSL_CERT_FILE), plain HTTP otherwise. Each POST writes a
``begin`` line as it arrives (so the soak can kill a worker while a
delivery is in flight), waits ``--delay`` seconds, answers 200 and writes
an ``end`` line with the delivery id (``X-Guidance-Delivery``), the event,
what it is about, and whether the signature holds. Repeats are recorded as
they come: the soak counts them by id.
"""

import argparse
import hashlib
import hmac
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bind", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--secret-file")
    parser.add_argument("--delay", type=float, default=0.0)
    options = parser.parse_args()
    log = open(options.log, "a", buffering=1)  # noqa: SIM115 - open for the server's life
    lock = threading.Lock()

    def write(line):
        with lock:
            log.write(json.dumps(line) + "\n")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            arrived = time.time()
            delivery = self.headers.get("X-Guidance-Delivery", "")
            write({"at": arrived, "begin": delivery, "from": self.client_address[0]})
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(options.delay)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            write(
                {"at": time.time(), "end": delivery, "from": self.client_address[0]}
                | describe(body, self.headers, read_secret(options.secret_file))
            )

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((options.bind, options.port), Handler)
    if options.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.cert, options.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


def read_secret(path):
    """The subscription's secret, written once the subscription is made (after this started)."""
    try:
        with open(path, "rb") as file:
            return file.read().strip()
    except (OSError, TypeError):
        return b""


def describe(body, headers, secret):
    """What a delivery says: its event and what it is about, and whether it is signed right."""
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    # Several signatures while a rotated secret still signs: any one of them will do.
    given = headers.get("X-Guidance-Signature", "").replace(",", " ").split()
    signed = bool(secret) and any(hmac.compare_digest(expected, one) for one in given)
    try:
        payload = json.loads(body)
    except ValueError:
        return {"signed": signed, "event": None}
    data = payload.get("data") or {}
    return {
        "signed": signed,
        "body_id": payload.get("id"),
        "event": payload.get("event"),
        "slug": (data.get("guide") or {}).get("slug"),
        "release": (data.get("release") or {}).get("number"),
        "reason": data.get("reason"),
    }


if __name__ == "__main__":
    main()
