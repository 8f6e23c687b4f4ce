"""A real HTTP server on 127.0.0.1 that records what proxies and CDNs would be sent."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorded:
    def __init__(self):
        self.requests = []
        self.answer = {"success": True}


def _handler(recorded):
    class Handler(BaseHTTPRequestHandler):
        def _record(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            recorded.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": json.loads(body) if body else None,
                }
            )
            payload = json.dumps(recorded.answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_BAN = do_PURGE = do_POST = _record

        def log_message(self, *args):
            pass

    return Handler


class Receiver:
    def __enter__(self):
        self.recorded = Recorded()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.recorded))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def requests(self):
        return self.recorded.requests
