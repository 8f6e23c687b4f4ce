"""The soak's figures, judged from what its clients recorded and what the receiver got.

No answer carries the public version it was computed under, so each answer
is judged against the changes acknowledged before it was sent: once a
publish of release N was acknowledged, a later read of that guide must show
release N or newer; once a withdrawal was acknowledged (which is after the
app purged Varnish), a later read must not show the guide at all, unless
another change was in flight while the read was. A change whose answer was
lost (a host killed under it) was settled by reading the guide back; it
counts from then.
"""

from collections import Counter, defaultdict

# A host killed: answers may fail until Varnish has taken it out of the
# rotation, and this long after.
WINDOW_MARGIN_SECONDS = 1.0


def judge(journal, *, cycled, faults, final_bodies, deliveries, database):
    windows = kill_windows(faults)
    return {
        "answers": answers_judged(journal, cycled),
        "errors": errors_judged(journal, windows),
        "edits": edits_judged(journal.edits, final_bodies),
        "webhooks": webhooks_judged(journal.steps, deliveries, database),
        "requests": request_figures(journal),
        "kill_windows": windows,
    }


class Timeline:
    """A cycled guide's acknowledged changes, in order; live at release 1 before the first."""

    def __init__(self, steps):
        self.steps = sorted(steps, key=lambda step: step["acknowledged"])

    def expected(self, sent, answered):
        done = [step for step in self.steps if step["acknowledged"] < sent]
        last = done[-1] if done else None
        in_flight = [
            step for step in self.steps if step["sent"] < answered and step["acknowledged"] >= sent
        ]
        live = last is None or last["kind"] == "publish"
        return {
            "live": live,
            "release": (last or {"release": 1})["release"] if live else None,
            "may_withdraw": any(step["kind"] == "withdraw" for step in in_flight),
            "may_publish": {step["release"] for step in in_flight if step["kind"] == "publish"},
        }


def answers_judged(journal, cycled):
    steps = defaultdict(list)
    for step in journal.steps:
        steps[step["slug"]].append(step)
    timelines = {slug: Timeline(steps[slug]) for slug in cycled}
    older, withdrawn_served, missing, judged = [], [], [], 0
    for read in journal.reads:
        if read["status"] not in (200, 400, 404):
            continue
        slugs = sorted(timelines) if read["kind"] == "list" else [read["slug"]]
        for slug in slugs:
            if slug is None:
                continue
            if slug not in timelines:
                if read["kind"] == "guide" and read["status"] == 404:
                    missing.append(read)
                continue
            judged += 1
            verdict = verdict_of(read, slug, timelines[slug])
            if verdict == "older":
                older.append(read)
            elif verdict == "withdrawn":
                withdrawn_served.append(read)
            elif verdict == "missing":
                missing.append(read)
    return {
        "judged": judged,
        "older_than_acknowledged": len(older),
        "live_guide_missing": len(missing),
        "withdrawn_guide_served": len(withdrawn_served),
        "claimed_version_headers": sorted(
            {name for read in journal.reads for name in read.get("claimed", {})}
        ),
        "samples": {
            "older": older[:5],
            "missing": missing[:5],
            "withdrawn": withdrawn_served[:5],
        },
    }


def verdict_of(read, slug, timeline):
    """None (as it should be), "older", "missing" or "withdrawn"."""
    expected = timeline.expected(read["sent"], read["answered"])
    shown = shows_guide(read, slug)
    if shown is None:
        return None
    if not shown:
        return "missing" if expected["live"] and not expected["may_withdraw"] else None
    if not expected["live"]:
        release = read.get("release")
        return (
            None
            if release in expected["may_publish"] or (release is None and expected["may_publish"])
            else "withdrawn"
        )
    if read["kind"] == "guide" and read.get("release", 0) < expected["release"]:
        return "older"
    return None


def shows_guide(read, slug):
    """Whether the answer shows the guide as live (True), as not live (False), or says nothing."""
    kind, status = read["kind"], read["status"]
    if kind == "list":
        return slug in read.get("live", []) if status == 200 else None
    if kind == "tips":
        return status == 200 and (read.get("count") or 0) > 0
    if kind in ("guide", "tip"):
        return {200: True, 404: False}.get(status)
    return None


def kill_windows(faults):
    """(start, end) of each app host's kill: until Varnish took it out, and a margin."""
    windows = []
    for event in faults:
        if event.get("fault") == "app host" and "killed" in event:
            noticed = event.get("varnish_noticed_after")
            span = 30.0 if noticed is None else noticed + WINDOW_MARGIN_SECONDS
            windows.append((event["killed"], round(event["killed"] + span, 3)))
    return windows


def errors_judged(journal, windows):
    def inside(record):
        # A request counts as hit by the kill if it was under way at any moment of it.
        sent, answered = record["sent"], record.get("answered", record["sent"])
        return any(sent <= end and answered >= start for start, end in windows)

    records = [("read " + read["kind"], read) for read in journal.reads] + [
        (write["what"], write) for write in journal.writes
    ]
    failed = [
        (what, record)
        for what, record in records
        if record["status"] is None or record["status"] >= 500
    ]
    outside = [(what, record) for what, record in failed if not inside(record)]
    return {
        "5xx_total": sum(1 for _, record in failed if record["status"] is not None),
        "no_answer_total": sum(1 for _, record in failed if record["status"] is None),
        "5xx_outside_kill_windows": sum(1 for _, r in outside if r["status"] is not None),
        "no_answer_outside_kill_windows": sum(1 for _, r in outside if r["status"] is None),
        "outside_samples": [
            {
                "what": what,
                "status": r["status"],
                "sent": r["sent"],
                "error": r.get("error"),
                "body": r.get("body", ""),
            }
            for what, r in outside[:10]
        ],
        "outside_by_what": dict(Counter(what for what, _ in outside)),
    }


def edits_judged(edits, final_bodies):
    tokens = {section: set(body.split()) for section, body in final_bodies.items()}

    def present(edit):
        return edit["marker"] in tokens.get(edit["section"], set())

    acknowledged = [edit for edit in edits if edit["status"] == 200]
    unclear = [edit for edit in edits if edit["status"] is None or edit["status"] >= 500]
    lost = [edit for edit in acknowledged if not present(edit)]
    return {
        "attempted": len(edits),
        "acknowledged": len(acknowledged),
        "refused_stale_version_412": sum(1 for edit in edits if edit["status"] == 412),
        "other_refusals": dict(
            Counter(edit["status"] for edit in edits if edit["status"] not in (None, 200, 412))
        ),
        "unclear_answer": len(unclear),
        "unclear_but_saved": sum(1 for edit in unclear if present(edit)),
        "lost": len(lost),
        "lost_samples": lost[:5],
    }


def webhooks_judged(steps, deliveries, database):
    received = [line for line in deliveries if "end" in line]
    counts = Counter(line["end"] for line in received)
    in_database = {row["id"]: row for row in database.get("deliveries", [])}

    def delivered(step):
        if step["kind"] == "publish":
            return any(
                line.get("event") == "guide.published"
                and line.get("slug") == step["slug"]
                and line.get("release") == step["release"]
                for line in received
            )
        return any(
            line.get("event") == "guide.withdrawn" and line.get("reason") == step["reason"]
            for line in received
        )

    missing_steps = [step for step in steps if not delivered(step)]
    never_received = [row for key, row in in_database.items() if key not in counts]
    return {
        "changes_acknowledged": len(steps),
        "changes_with_event_delivered": len(steps) - len(missing_steps),
        "changes_without_event": missing_steps[:10],
        "deliveries_recorded": len(in_database),
        "deliveries_received": len(counts),
        "deliveries_never_received": len(never_received),
        "never_received_samples": never_received[:10],
        "repeats_received": sum(count - 1 for count in counts.values()),
        "ids_received_more_than_once": sum(1 for count in counts.values() if count > 1),
        "received_unknown_ids": sum(1 for key in counts if key not in in_database),
        "badly_signed": sum(1 for line in received if not line.get("signed")),
        "states_in_database": dict(Counter(row["state"] for row in in_database.values())),
        "left_pending": sum(1 for row in in_database.values() if row["state"] == "pending"),
        "jobs_in_database": database.get("jobs", {}),
    }


def request_figures(journal):
    reads = defaultdict(list)
    for read in journal.reads:
        reads[read["kind"]].append(read)
    writes = defaultdict(list)
    for write in journal.writes:
        writes[write["what"]].append(write)
    hits = sum(1 for read in journal.reads if read.get("cache") == "HIT")
    return {
        "reads": {kind: summary(found) for kind, found in sorted(reads.items())},
        "reads_all": summary(journal.reads),
        "varnish_hit_ratio": round(hits / len(journal.reads), 3) if journal.reads else None,
        "writes": {what: summary(found) for what, found in sorted(writes.items())},
    }


def summary(records):
    times = sorted(record["ms"] for record in records if record["status"] is not None)
    return {
        "count": len(records),
        "statuses": dict(Counter(str(record["status"]) for record in records)),
        "p50_ms": percentile(times, 50),
        "p90_ms": percentile(times, 90),
        "p99_ms": percentile(times, 99),
        "max_ms": times[-1] if times else None,
    }


def percentile(ordered, p):
    if not ordered:
        return None
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
