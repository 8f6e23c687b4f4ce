"""Load over loopback with wrk, read back as numbers.

wrk (Debian package ``wrk``) is a C load generator: its own cost per request
is small beside Django's, unlike a Python client's. A Lua ``done`` hook
prints its summary as one JSON line, which is parsed here.
"""

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

MARKER = "BENCH-RESULT "

REPORT_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "socket_errors": %d, "bad_status": %d, '
    .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f}\\n',
    "MARKER", summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean))
end
""".replace("MARKER", MARKER)


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float

    @property
    def per_second(self):
        return self.requests / self.seconds


def require_wrk():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk (Debian and Ubuntu).")


def run_wrk(url, *, seconds, connections, threads=1):
    """Load ``url`` for ``seconds``; every answer must be a 2xx."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(REPORT_SCRIPT)
        script.flush()
        command = [
            "wrk",
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            f"--script={script.name}",
            url,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith(MARKER))
    data = json.loads(line.removeprefix(MARKER))
    if data["socket_errors"] or data["bad_status"]:
        raise RuntimeError(f"wrk saw errors loading {url}:\n{output}")
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        mean_ms=data["mean_us"] / 1000,
    )
