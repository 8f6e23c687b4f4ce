"""Varnish in front of the app with the shipped VCL, and nginx serving files: its floor.

Both are Debian's (``varnish``, ``nginx-light``), run in the foreground as
children of the benchmark, on ports the system picks, with their files in
the run's temporary folder.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "guidance.vcl"

NGINX_CONF = """
daemon off;
master_process on;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    types {{ application/json json; }}
    server {{
        listen 127.0.0.1:{port};
        root {folder};
    }}
}}
"""


def _program(name):
    found = shutil.which(name) or f"/usr/sbin/{name}"
    if not Path(found).exists():
        raise SystemExit(f"{name} is needed: apt-get install varnish nginx-light (Debian).")
    return found


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_answering(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"Nothing answered at {url}.")


@contextlib.contextmanager
def _running(command, log_path):
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
        try:
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextlib.contextmanager
def varnish(app_url, folder):
    """varnishd with the shipped VCL in front of ``app_url``; yields its base URL."""
    app_port = app_url.rsplit(":", 1)[1]
    port = _free_port()
    vcl = Path(folder, "guidance.vcl")
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{app_port}";'))
    os.chmod(folder, 0o755)  # varnishd reads its VCL as its own, unprivileged user
    command = [
        _program("varnishd"),
        "-F",
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(vcl),
        "-n",
        str(Path(folder, "varnish")),
        "-s",
        "malloc,256m",
    ]
    with _running(command, Path(folder, "varnish.log")):
        url = f"http://127.0.0.1:{port}"
        _wait_until_answering(f"{url}/api/v1/topics/")
        yield url


@contextlib.contextmanager
def nginx(folder):
    """nginx serving ``folder``'s files; yields its base URL."""
    port = _free_port()
    config = Path(folder, "nginx.conf")
    config.write_text(NGINX_CONF.format(folder=folder, port=port))
    command = [_program("nginx"), "-c", str(config), "-p", str(folder)]
    with _running(command, Path(folder, "nginx.log")):
        url = f"http://127.0.0.1:{port}"
        _wait_until_answering(f"{url}/nginx.conf")
        yield url
