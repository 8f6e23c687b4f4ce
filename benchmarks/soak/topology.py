"""The reference topology on one machine, each host in its own network namespace.

    gsoak-edge    10.231.0.10  Varnish :8660, the shipped VCL over both app hosts
    gsoak-app1    10.231.0.11  gunicorn :8661 (DEBUG off) and the worker
    gsoak-app2    10.231.0.12  gunicorn :8661 (DEBUG off) and the worker
    gsoak-db1     10.231.0.21  PostgreSQL primary :5460
    gsoak-db2     10.231.0.22  PostgreSQL streaming replica :5461
    gsoak-cache   10.231.0.31  Redis :8670, the cache
    gsoak-broker  10.231.0.32  Redis :8671, the job queue's broker (append-only file on)
    gsoak-hooks   10.231.0.41  the webhook receiver :8680 (HTTPS, its own certificate)

Killing a host is killing every process in its namespace.
"""

import base64
import contextlib
import json
import os
import secrets
import shlex
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.soak import net
from benchmarks.soak.postgres import Cluster
from benchmarks.soak.vcl import several_hosts_vcl

PROJECT = Path(__file__).resolve().parents[2]
ADDRESS = net.HOSTS
EDGE = f"http://{ADDRESS['gsoak-edge']}:8660"
APP_PORT = 8661
APP_HOSTS = ("gsoak-app1", "gsoak-app2")
CACHE_PORT, BROKER_PORT, HOOKS_PORT = 8670, 8671, 8680
DATABASE = "guidance"


def worker_program(python):
    """How an app host runs its worker: ``manage.py worker`` (a supervisor) where the code has
    it, else the database queue's own ``db_worker``. SOAK_WORKER_COMMAND overrides both."""
    override = os.environ.get("SOAK_WORKER_COMMAND")
    if override:
        return shlex.split(override)
    if any(PROJECT.glob("*/management/commands/worker.py")):
        return [python, "manage.py", "worker"]
    return [python, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]


class Topology:
    def __init__(
        self, work, *, python, webhook_scheme="https", queue="celery", gunicorn_workers=4
    ):
        self.work = Path(work)
        self.queue = queue
        self.python = python
        self.gunicorn = str(Path(python).with_name("gunicorn"))
        self.webhook_scheme = webhook_scheme
        self.gunicorn_workers = gunicorn_workers
        self.primary = Cluster("gsoak-primary", "gsoak-db1", ADDRESS["gsoak-db1"], 5460)
        self.replica = Cluster("gsoak-replica", "gsoak-db2", ADDRESS["gsoak-db2"], 5461)
        self.processes = []
        self.workers = {}  # app host -> its worker's Popen
        self.secret = secrets.token_urlsafe(32)
        self.webhook_keys = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        self.password = "Soak-" + secrets.token_urlsafe(18)

    def worker_command(self):
        return worker_program(self.python)

    # What every Django process of the soak is given.
    def app_environment(self, **extra):
        hosts = ",".join(ADDRESS[name] for name in ("gsoak-edge", *APP_HOSTS))
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.work),
            "LANG": "C.UTF-8",
            "DEBUG": "false",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": hosts,
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": self.primary.url(DATABASE),
            "DATABASE_REPLICA_URLS": self.replica.url(DATABASE),
            "CACHE_URL": f"redis://{ADDRESS['gsoak-cache']}:{CACHE_PORT}/0",
            "CELERY_BROKER_URL": f"redis://{ADDRESS['gsoak-broker']}:{BROKER_PORT}/0",
            "JOB_LEASE_SECONDS": "20",
            "EDGE_MAX_AGE": "300",
            "EDGE_BAN_URLS": EDGE,
            "API_NUM_PROXIES": "1",
            "API_ANON_RATE": "1000000/minute",
            "API_TOKEN_RATE": "1000/minute",
            "WEBHOOK_ALLOWED_TARGETS": ADDRESS["gsoak-hooks"],
            "WEBHOOK_SECRET_KEYS": self.webhook_keys,
            "STATIC_ROOT": str(self.work / "static"),
            "LOG_LEVEL": "WARNING",
        }
        if self.queue != "celery":
            del environment["CELERY_BROKER_URL"]
        if self.webhook_scheme == "https":
            bundle = str(self.work / "ca-bundle.pem")
            environment.update(SSL_CERT_FILE=bundle, REQUESTS_CA_BUNDLE=bundle)
        environment.update(extra)
        return environment

    @property
    def webhook_url(self):
        return f"{self.webhook_scheme}://{ADDRESS['gsoak-hooks']}:{HOOKS_PORT}/hooks/guidance"

    def manage(self, *arguments, **extra):
        """Run ``manage.py`` in the host's own namespace (it reaches the soak's hosts over the
        bridge); its output."""
        done = subprocess.run(
            [self.python, "manage.py", *arguments],
            cwd=PROJECT,
            env=self.app_environment(**extra),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def launch(self, namespace, command, log_name, env=None):
        log = open(self.work / "logs" / log_name, "ab")  # noqa: SIM115 - the child keeps it
        process = subprocess.Popen(
            net.in_namespace(namespace, command),
            cwd=PROJECT,
            env=env or {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        self.processes.append(process)
        return process

    # Building it.
    def build(self, progress):
        (self.work / "logs").mkdir(parents=True, exist_ok=True)
        progress("network: bridge gsoak-br, one namespace per host")
        net.build_network()
        progress("PostgreSQL primary, then a replica made with pg_basebackup -R")
        self.primary.create()
        self.primary.start()
        self.primary.psql(f"CREATE DATABASE {DATABASE}")
        self.replica.create()
        self.replica.replicate_from(self.primary)
        self.replica.start()
        progress("Redis: the cache, and the broker")
        self.start_redis("gsoak-cache", CACHE_PORT, durable=False)
        self.start_redis("gsoak-broker", BROKER_PORT, durable=True)
        self.make_certificate()
        progress("webhook receiver")
        self.start_receiver()

    def prepare_database(self, progress):
        progress("migrate, collectstatic, the demo and the soak's accounts and guides")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        output = self.manage(
            "shell", "--no-imports", "-v", "0", "-c",
            "from benchmarks.soak.seed import main; main()",
            DEBUG="true",
            SOAK_PASSWORD=self.password,
            SOAK_WEBHOOK_URL=self.webhook_url,
        )  # fmt: skip
        seeded = last_json_line(output)
        (self.work / "hooks.secret").write_text(seeded["webhook_secret"])
        return seeded

    def database_state(self):
        code = "from benchmarks.soak.seed import state; state()"
        return last_json_line(self.manage("shell", "--no-imports", "-v", "0", "-c", code))

    def serve(self, progress):
        for host in APP_HOSTS:
            progress(f"app host {host}: gunicorn and the worker")
            self.start_app_host(host)
        progress("Varnish in front of both")
        self.start_varnish()
        self.wait_until_backends(healthy=set(APP_HOSTS), timeout=90)

    def start_redis(self, namespace, port, *, durable):
        folder = self.work / namespace
        folder.mkdir(exist_ok=True)
        command = [
            "redis-server", "--bind", ADDRESS[namespace], "--port", str(port),
            "--protected-mode", "no", "--dir", str(folder), "--save", "",
            "--appendonly", "yes" if durable else "no", "--appendfsync", "everysec",
        ]  # fmt: skip
        self.launch(namespace, command, f"{namespace}.log")
        wait_for_port(ADDRESS[namespace], port)

    def make_certificate(self):
        address = ADDRESS["gsoak-hooks"]
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", f"/CN={address}", "-addext", f"subjectAltName=IP:{address}",
                "-keyout", str(self.work / "hooks.key"), "-out", str(self.work / "hooks.pem"),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        system = Path("/etc/ssl/certs/ca-certificates.crt")
        bundle = (system.read_text() if system.exists() else "") + (
            self.work / "hooks.pem"
        ).read_text()
        (self.work / "ca-bundle.pem").write_text(bundle)

    def start_receiver(self):
        command = [
            self.python, "-m", "benchmarks.soak.receiver",
            "--bind", ADDRESS["gsoak-hooks"], "--port", str(HOOKS_PORT),
            "--log", str(self.receiver_log), "--delay", "1.5",
            "--secret-file", str(self.work / "hooks.secret"),
        ]  # fmt: skip
        if self.webhook_scheme == "https":
            command += ["--cert", str(self.work / "hooks.pem")]
            command += ["--key", str(self.work / "hooks.key")]
        self.launch("gsoak-hooks", command, "receiver.log")
        wait_for_port(ADDRESS["gsoak-hooks"], HOOKS_PORT)

    @property
    def receiver_log(self):
        return self.work / "deliveries.jsonl"

    def start_app_host(self, host):
        # Each host its own home: gunicorn keeps its control socket there.
        home = self.work / host
        home.mkdir(exist_ok=True)
        environment = self.app_environment(HOME=str(home))
        address = ADDRESS[host]
        self.launch(
            host,
            [
                self.gunicorn, "config.wsgi", "--bind", f"{address}:{APP_PORT}",
                # As deploy/ runs it: sync workers, one database connection each.
                "--workers", str(self.gunicorn_workers), "--timeout", "30",
                "--graceful-timeout", "20",
                "--access-logfile", "-",
                "--access-logformat", '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms',
            ],
            f"{host}-gunicorn.log",
            env=environment,
        )  # fmt: skip
        self.start_worker(host)
        wait_for_port(address, APP_PORT)

    def start_worker(self, host):
        environment = self.app_environment(HOME=str(self.work / host))
        self.workers[host] = self.launch(
            host, self.worker_command(), f"{host}-worker.log", env=environment
        )

    def start_varnish(self):
        backends = [(host.removeprefix("gsoak-"), ADDRESS[host], APP_PORT) for host in APP_HOSTS]
        purgers = ["127.0.0.1", *(ADDRESS[host] for host in APP_HOSTS)]
        vcl = self.work / "several-hosts.vcl"
        vcl.write_text(several_hosts_vcl(backends, purgers))
        # varnishd reads its VCL and keeps its files as its own, unprivileged user.
        os.chmod(self.work, 0o755)
        command = [
            "varnishd", "-F", "-a", f"{ADDRESS['gsoak-edge']}:8660", "-f", str(vcl),
            "-n", str(self.work / "varnish"), "-s", "malloc,64m",
        ]  # fmt: skip
        self.launch("gsoak-edge", command, "varnish.log")
        wait_for_port(ADDRESS["gsoak-edge"], 8660)

    def backend_health(self):
        """{app host: True if Varnish's probe finds it healthy}."""
        listed = subprocess.run(
            net.in_namespace(
                "gsoak-edge",
                ["varnishadm", "-n", str(self.work / "varnish"), "backend.list"],
            ),
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        health = {}
        for line in listed.splitlines():
            name = line.split(" ", 1)[0].rsplit(".", 1)[-1]
            host = f"gsoak-{name}"
            if host in APP_HOSTS:
                health[host] = "healthy" in line.lower()
        return health

    def wait_until_backends(self, *, healthy, timeout):
        """Wait until exactly the hosts in ``healthy`` are healthy; the time it took, or None."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            health = self.backend_health()
            if {host for host, ok in health.items() if ok} == healthy:
                return time.monotonic() - started
            time.sleep(0.1)
        return None

    def stop_everything(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        net.remove_network()
        for cluster in (self.replica, self.primary):
            cluster.drop()

    def reap(self):
        """Collect the processes that ended (killed ones), so none is left a zombie."""
        for process in self.processes:
            process.poll()


def wait_for_port(address, port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((address, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on {address}:{port} in {timeout} s")


def http_status(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def last_json_line(output):
    for line in reversed(output.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"no JSON in the output:\n{output[-2000:]}")
