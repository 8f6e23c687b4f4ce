"""The shipped VCL (deploy/varnish/guidance.vcl) in front of several app hosts.

Everything the shipped file says is kept; only its one backend and its
``purgers`` are replaced: a round-robin director over the app hosts, each
probed, so a host that stops answering is taken out of the rotation; reads
whose fetch failed (a host killed under them) are tried once more on the
next host; and every app host may send the BAN that purges.
"""

import re
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "guidance.vcl"

# Probe every second; a host is sick after two failures of the last three.
PROBE = {"interval": "1s", "timeout": "2s", "window": 3, "threshold": 2}
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
