"""The soak's load, through Varnish as every client comes: readers, editors and a publisher.

Each records what it asked, when (seconds since the soak began: sent and
answered) and what it got, into a ``Journal``; ``figures.py`` judges it.
Every loop stops at the soak's deadline, and each is bounded in count too.
"""

import random
import threading
import time
from dataclasses import dataclass, field

from benchmarks.soak.client import Client

DEMO_GUIDE = "helping-a-loved-one-embrace-therapy"
# An editor's edit adds a marker to a section body; a section is full short of
# the model's 10,000 characters.
SECTION_ROOM = 9800
MAX_REQUESTS_PER_CLIENT = 100_000
MAX_CYCLE_STEPS = 1_000


@dataclass
class Journal:
    began: float = field(default_factory=time.monotonic)
    reads: list = field(default_factory=list)
    edits: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # acknowledged (or resolved) publishes, withdrawals
    writes: list = field(default_factory=list)  # every editorial request: status and latency

    def at(self, moment):
        return round(moment - self.began, 4)


class Reader(threading.Thread):
    """Reads the public API as an app does: guides, the list, tips, a tip, the tip of the day."""

    def __init__(self, base, journal, deadline, seed, *, slugs, tips, rate):
        super().__init__(daemon=True)
        self.client = Client(base)
        self.journal, self.deadline = journal, deadline
        self.rng = random.Random(seed)
        self.slugs, self.tips, self.pause = slugs, tips, 1.0 / rate

    def run(self):
        cycled = [slug for slug in self.slugs if slug.startswith("soak-cycled")]
        reads = [
            *(("guide", slug, f"/api/v1/guides/{slug}/") for slug in [*self.slugs, DEMO_GUIDE]),
            *(("guide", slug, f"/api/v1/guides/{slug}/") for slug in cycled),  # twice as often
            ("list", None, "/api/v1/guides/?page_size=100"),
            *(("tips", slug, f"/api/v1/tips/?guide={slug}") for slug in cycled),
            *(
                ("tip", slug, f"/api/v1/tips/{tip}/")
                for slug, ids in self.tips.items()
                for tip in ids
            ),
            ("daily", None, "/api/v1/tips/daily/"),
        ]
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= self.deadline:
                break
            kind, slug, path = self.rng.choice(reads)
            answer = self.client.get(path)
            self.journal.reads.append(self.record(kind, slug, path, answer))
            time.sleep(max(0.0, self.pause - (time.monotonic() - answer.started)))

    def record(self, kind, slug, path, answer):
        payload = answer.json() if answer.status == 200 else None
        record = {
            "kind": kind,
            "slug": slug,
            "path": path,
            "status": answer.status,
            "sent": self.journal.at(answer.started),
            "answered": self.journal.at(answer.ended),
            "ms": round(answer.milliseconds, 2),
            "cache": answer.headers.get("x-cache"),
            "error": answer.error,
            "claimed": {k: v for k, v in answer.headers.items() if "version" in k},
        }
        if isinstance(payload, dict):
            if kind == "guide":
                record["release"] = payload.get("release")
            elif kind == "list":
                record["live"] = sorted(row.get("slug") for row in payload.get("results", []))
            elif kind == "tips":
                record["count"] = payload.get("count")
        if answer.status is not None and answer.status >= 500:
            record["body"] = answer.body[:300].decode(errors="replace")
        return record


class Editor(threading.Thread):
    """Adds a marker to a section of an edited guide, naming the version it read (If-Match).

    Two editors share the same guides, so some edits meet another's first and
    are refused (412). Every acknowledged marker must be there at the end.
    """

    def __init__(self, base, token, journal, deadline, seed, *, name, guides, pause=0.2):
        super().__init__(daemon=True)
        self.client = Client(base, token)
        self.journal, self.deadline = journal, deadline
        self.rng = random.Random(seed)
        self.name, self.pause = name, pause
        self.sections = [
            (guide["slug"], section) for guide in guides for section in guide["sections"]
        ]
        self.full = set()

    def run(self):
        for number in range(1, MAX_REQUESTS_PER_CLIENT):
            room = [pair for pair in self.sections if pair[1] not in self.full]
            if time.monotonic() >= self.deadline or not room:
                break
            slug, section = self.rng.choice(room)
            path = f"/api/v1/editorial/sections/{section}/"
            read = self.client.get(path)
            self.journal.writes.append(write_record("read section", read, self.journal))
            if read.status == 200:
                body, etag = read.json()["body"], read.headers.get("etag", "")
                marker = f"{self.name}-{number}"
                if len(body) + len(marker) + 1 > SECTION_ROOM:
                    self.full.add(section)
                    continue
                edit = self.client.request(
                    "PATCH", path, {"body": f"{body} {marker}"}, headers={"If-Match": etag}
                )
                self.journal.writes.append(write_record("edit", edit, self.journal))
                self.journal.edits.append(
                    {
                        "marker": marker,
                        "slug": slug,
                        "section": section,
                        "status": edit.status,
                        "sent": self.journal.at(edit.started),
                        "answered": self.journal.at(edit.ended),
                    }
                )
            time.sleep(self.pause)


def write_record(what, answer, journal):
    return {
        "what": what,
        "status": answer.status,
        "sent": journal.at(answer.started),
        "answered": journal.at(answer.ended),
        "ms": round(answer.milliseconds, 2),
        "error": answer.error,
        "body": answer.body[:300].decode(errors="replace")
        if answer.status is None or answer.status >= 500
        else "",
    }


class Publisher(threading.Thread):
    """Takes each cycled guide round: a new release while live, a withdrawal, back again.

    Each change goes through the workflow as people do it: an editor edits and
    submits, the reviewer approves the fingerprint read, the publisher
    publishes or withdraws. A publish or withdrawal with no clear answer (a
    host killed under it) is settled by reading the guide back.
    """

    def __init__(self, base, tokens, journal, deadline, *, slugs, pause=2.0):
        super().__init__(daemon=True)
        self.editor = Client(base, tokens["soak-editor-1"])
        self.reviewer = Client(base, tokens["soak-reviewer"])
        self.publisher = Client(base, tokens["soak-publisher"])
        self.journal, self.deadline = journal, deadline
        self.slugs, self.pause = slugs, pause
        self.next_step = dict.fromkeys(slugs, "update")
        self.failures = []

    def run(self):
        for number in range(1, MAX_CYCLE_STEPS):
            if time.monotonic() >= self.deadline:
                break
            slug = self.slugs[number % len(self.slugs)]
            step = self.next_step[slug]
            if step == "withdraw":
                done = self.withdraw(slug, f"Soak withdrawal {number}")
                following = "publish again"
            else:
                done = self.publish(slug, f"Soak {step} {number}")
                following = "withdraw" if step == "update" else "update"
            if done:
                self.next_step[slug] = following
            time.sleep(self.pause)

    def call(self, client, method, path, data=None, headers=None, what=""):
        answer = client.request(method, path, data, headers)
        what = what or path.rstrip("/").rsplit("/", 1)[-1]  # the step's name
        self.journal.writes.append(write_record(what, answer, self.journal))
        return answer

    def publish(self, slug, summary):
        """Edit, submit, approve and publish, from wherever an earlier try stopped."""
        base = f"/api/v1/editorial/guides/{slug}/"
        read = self.call(self.editor, "GET", base, what="read guide")
        if read.status != 200:
            return self.failed(slug, "read", read)
        guide = read.json()
        before = guide["live_release"]
        if guide["state"] not in ("in_review", "approved"):
            edit = self.call(
                self.editor, "PATCH", base, {"summary": f"{summary}."},
                headers={"If-Match": read.headers.get("etag", "")}, what="edit summary",
            )  # fmt: skip
            if edit.status != 200:
                return self.failed(slug, "edit", edit)
            submit = self.call(self.editor, "POST", base + "submit/", {"change_summary": summary})
            if submit.status != 200:
                return self.failed(slug, "submit", submit)
        if guide["state"] != "approved":
            checks = self.call(self.reviewer, "GET", base + "checks/", what="checks")
            if checks.status != 200:
                return self.failed(slug, "checks", checks)
            found = checks.json()
            approve = self.call(
                self.reviewer, "POST", base + "approve/",
                {
                    "fingerprint": found["fingerprint"],
                    "notes": "Soak sign-off.",
                    "waivers": dict.fromkeys(found["waivers_required"], "Soak guide."),
                },
            )  # fmt: skip
            if approve.status != 200:
                return self.failed(slug, "approve", approve)
        publish = self.call(self.publisher, "POST", base + "publish/", {})
        release = publish.json()["live_release"] if publish.status == 200 else None
        if publish.status != 200:
            settled = self.settle(slug)
            if settled is None or settled["live_release"] in (None, before):
                return self.failed(slug, "publish", publish)
            release = settled["live_release"]
        self.journal.steps.append(
            {
                "slug": slug,
                "kind": "publish",
                "release": release,
                "sent": self.journal.at(publish.started),
                "acknowledged": self.journal.at(time.monotonic()),
                "settled": publish.status != 200,
            }
        )
        return True

    def withdraw(self, slug, reason):
        path = f"/api/v1/editorial/guides/{slug}/withdraw/"
        answer = self.call(self.publisher, "POST", path, {"reason": reason})
        if answer.status != 200:
            settled = self.settle(slug)
            if settled is None or settled["state"] != "withdrawn":
                return self.failed(slug, "withdraw", answer)
        self.journal.steps.append(
            {
                "slug": slug,
                "kind": "withdraw",
                "reason": reason,
                "sent": self.journal.at(answer.started),
                "acknowledged": self.journal.at(time.monotonic()),
                "settled": answer.status != 200,
            }
        )
        return True

    def settle(self, slug, timeout=60):
        """The guide as the primary has it now, asked until it answers (bounded)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            read = self.call(
                self.publisher, "GET", f"/api/v1/editorial/guides/{slug}/", what="read guide"
            )
            if read.status == 200:
                return read.json()
            time.sleep(0.5)
        return None

    def failed(self, slug, what, answer):
        self.failures.append(
            {
                "slug": slug,
                "what": what,
                "status": answer.status,
                "at": self.journal.at(answer.started),
                "body": answer.body[:300].decode(errors="replace"),
            }
        )
        return False
