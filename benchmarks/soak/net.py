"""The soak's network: one bridge, and a network namespace per host, joined to it by a veth.

Every name starts with ``gsoak-`` and every address is in 10.231.0.0/24, so
what a run makes is recognisable, and ``remove_network`` removes it by name
even after a run that died. A namespace has no route but its own subnet:
nothing in it can reach anything but the other hosts of the soak.
"""

import contextlib
import os
import signal
import subprocess
import time

PREFIX = "gsoak-"
BRIDGE = "gsoak-br"
SUBNET_BITS = 24
BRIDGE_ADDRESS = "10.231.0.1"

# Namespace name -> its address. Each app host is a namespace of its own, so
# that killing the host is killing every process in it.
HOSTS = {
    "gsoak-edge": "10.231.0.10",
    "gsoak-app1": "10.231.0.11",
    "gsoak-app2": "10.231.0.12",
    "gsoak-db1": "10.231.0.21",
    "gsoak-db2": "10.231.0.22",
    "gsoak-cache": "10.231.0.31",
    "gsoak-broker": "10.231.0.32",
    "gsoak-hooks": "10.231.0.41",
}


def ip(*arguments, check=True):
    return subprocess.run(["ip", *arguments], check=check, capture_output=True, text=True)


def build_network():
    """The bridge (with the host's own address on it) and every namespace, up."""
    remove_network()
    ip("link", "add", BRIDGE, "type", "bridge")
    ip("addr", "add", f"{BRIDGE_ADDRESS}/{SUBNET_BITS}", "dev", BRIDGE)
    ip("link", "set", BRIDGE, "up")
    for name, address in HOSTS.items():
        host_end = f"{name}h"  # at most 15 characters, as interface names must be
        ip("netns", "add", name)
        ip("link", "add", host_end, "type", "veth", "peer", "name", "eth0", "netns", name)
        ip("link", "set", host_end, "master", BRIDGE)
        ip("link", "set", host_end, "up")
        ip("-n", name, "link", "set", "lo", "up")
        ip("-n", name, "addr", "add", f"{address}/{SUBNET_BITS}", "dev", "eth0")
        ip("-n", name, "link", "set", "eth0", "up")


def in_namespace(name, command):
    """``command`` (a list) as run inside namespace ``name``."""
    return ["ip", "netns", "exec", name, *command]


def pids_in(name):
    found = ip("netns", "pids", name, check=False)
    return [int(pid) for pid in found.stdout.split()] if found.returncode == 0 else []


def kill_namespace(name, sig=signal.SIGKILL, timeout=10.0):
    """Send ``sig`` to every process in namespace ``name``; with SIGKILL, wait until none is left.

    Returns how many processes were signalled.
    """
    pids = pids_in(name)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    if sig == signal.SIGKILL:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
            time.sleep(0.05)
    return len(pids)


def _alive(pid):
    """Running, or dead but not yet reaped by a parent other than this process (PostgreSQL
    takes an unreaped postmaster for a live one)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(") ", 1)[1].split()
    except (FileNotFoundError, IndexError):
        return False
    return fields[0] != "Z" or int(fields[1]) != os.getpid()


def remove_network():
    """Kill what runs in the soak's namespaces, and delete them, their veths and the bridge."""
    listed = ip("netns", "list", check=False).stdout.split("\n")
    for name in (line.split()[0] for line in listed if line.strip()):
        if name.startswith(PREFIX):
            kill_namespace(name)
            ip("netns", "del", name, check=False)
    links = ip("-o", "link", "show", check=False).stdout.splitlines()
    for line in links:
        name = line.split(":", 2)[1].strip().split("@")[0]
        if name.startswith(PREFIX):
            ip("link", "del", name, check=False)
