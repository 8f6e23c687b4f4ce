"""The shipped VCL (deploy/varnish/guidance.vcl) in front of several app hosts.

Everything the shipped file says is kept; only its one backend and its
``purgers`` are replaced: a round-robin director over the app hosts, each
probed, so a host that stops answering is taken out of the rotation; reads
whose fetch failed (a host killed under them) are tried once more on the
next host; and every app host may send the BAN that purges.

    python -m benchmarks.soak.vcl app1=10.0.0.11:8000 app2=10.0.0.12:8000 \
        --purger 10.0.0.11 --purger 10.0.0.12 > /etc/varnish/guidance.vcl
"""

import re
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "guidance.vcl"

# Probe every second; a host is sick when three of the last five probes failed. A killed
# host refuses at once, so it is out within about three seconds; a host busy with slow
# requests (its probe queued behind them) gets five seconds before a probe counts as
# failed, so the last host standing is not taken out for being slow.
PROBE = {"interval": "1s", "timeout": "5s", "window": 5, "threshold": 3}
PROBE_PATH = "/api/v1/topics/"


def several_hosts_vcl(backends, purgers, shipped=SHIPPED):
    """``backends``: [(name, host, port)]; ``purgers``: addresses allowed to BAN."""
    text = Path(shipped).read_text()
    backend_block = re.compile(r"^backend default \{.*?^\}\n", re.DOTALL | re.MULTILINE)
    acl_block = re.compile(r"^acl purgers \{.*?^\}\n", re.DOTALL | re.MULTILINE)
    if not backend_block.search(text) or not acl_block.search(text):
        raise ValueError(f"{shipped} no longer has one default backend and a purgers acl")
    text = backend_block.sub(lambda _: _backends(backends), text, count=1)
    return acl_block.sub(lambda _: _acl(purgers), text, count=1)


def _backends(backends):
    probe = "".join(f"    .{name} = {value};\n" for name, value in PROBE.items())
    lines = [
        "import directors;\n\n",
        f'probe app_alive {{\n    .url = "{PROBE_PATH}";\n{probe}}}\n\n',
    ]
    for name, host, port in backends:
        lines.append(
            f"backend {name} {{\n"
            f'    .host = "{host}";\n'
            f'    .port = "{port}";\n'
            "    .probe = app_alive;\n"
            "    .connect_timeout = 1s;\n"
            "}\n\n"
        )
    added = "".join(f"    app_hosts.add_backend({name});\n" for name, _, _ in backends)
    lines.append(f"sub vcl_init {{\n    new app_hosts = directors.round_robin();\n{added}}}\n\n")
    lines.append("sub vcl_recv {\n    set req.backend_hint = app_hosts.backend();\n}\n\n")
    # A read whose host died under it is asked again of the next host; a
    # write is not, as it may have been done.
    lines.append(
        "sub vcl_backend_error {\n"
        '    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {\n'
        "        return (retry);\n"
        "    }\n"
        "}\n"
    )
    return "".join(lines)


def _acl(purgers):
    entries = "".join(f'    "{address}";\n' for address in purgers)
    return f"acl purgers {{\n{entries}}}\n"


def main():
    import argparse

    parser = argparse.ArgumentParser(description="The shipped VCL over several app hosts.")
    parser.add_argument("backends", nargs="+", help="name=host:port, one per app host")
    parser.add_argument("--purger", action="append", default=[], help="an address that may BAN")
    options = parser.parse_args()
    backends = []
    for backend in options.backends:
        name, address = backend.split("=", 1)
        host, port = address.rsplit(":", 1)
        backends.append((name, host, int(port)))
    print(several_hosts_vcl(backends, ["127.0.0.1", *options.purger]), end="")


if __name__ == "__main__":
    main()
