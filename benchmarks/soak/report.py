"""The soak's report as text: the figures that must be zero first, then what was done."""


def text(result):
    answers, errors = result["answers"], result["errors"]
    edits, hooks = result["edits"], result["webhooks"]
    setup = result["setup"]
    lines = [
        "# Soak report",
        "",
        f"{setup['soaked_s']} s of load, then {setup['drain_waited_s']} s draining webhooks; "
        f"worker: `{setup['worker_command']}`; broker: {setup['broker']}.",
        "",
        "## Must be zero",
        "",
        row("answers older than a change acknowledged before they were asked",
            answers["older_than_acknowledged"] + answers["live_guide_missing"],
            f"{answers['older_than_acknowledged']} an older release, "
            f"{answers['live_guide_missing']} a live guide missing; "
            f"{answers['judged']} judgements"),
        row("answers showing a withdrawn guide after the withdrawal (and its purge)",
            answers["withdrawn_guide_served"]),
        row("5xx outside the moments an app host was killed",
            errors["5xx_outside_kill_windows"],
            f"{errors['5xx_total']} in all; no answer at all outside them: "
            f"{errors['no_answer_outside_kill_windows']}"),
        row("lost edits (acknowledged, then missing)", edits["lost"],
            f"{edits['acknowledged']} acknowledged of {edits['attempted']}; "
            f"{edits['refused_stale_version_412']} refused as stale (412); "
            f"{edits['unclear_answer']} without a clear answer, "
            f"{edits['unclear_but_saved']} of them saved"),
        row("acknowledged changes whose webhook never arrived",
            hooks["changes_acknowledged"] - hooks["changes_with_event_delivered"],
            f"{hooks['changes_acknowledged']} publishes and withdrawals acknowledged"),
        row("deliveries recorded but never received", hooks["deliveries_never_received"],
            f"{hooks['deliveries_recorded']} recorded, {hooks['deliveries_received']} received; "
            f"states: {hooks['states_in_database']}"),
        row("deliveries still pending in the database at the end", hooks["left_pending"],
            f"jobs: {hooks['jobs_in_database']}"),
        row("deliveries badly signed or unknown",
            hooks["badly_signed"] + hooks["received_unknown_ids"]),
        "",
        f"Repeated deliveries (same id, dropped by id): {hooks['repeats_received']} "
        f"({hooks['ids_received_more_than_once']} ids).",
        "Version headers on public answers: "
        + (", ".join(answers["claimed_version_headers"]) or "none (judged from content)"),
        "",
        "## Faults",
        "",
    ]  # fmt: skip
    for event in result["faults"]:
        details = ", ".join(
            f"{key} {value}" for key, value in event.items() if key not in ("fault",)
        )
        lines.append(f"- {event['fault']}: {details}")
    lines += ["", f"Kill windows (s since start): {result['kill_windows']}"]
    health = result["varnish_health"]
    lines += [
        f"Varnish had no healthy app host for {health['seconds_without_a_healthy_host']} s; "
        f"its view of the hosts: {health['changes']}",
        f"Databases at the end: {result['databases']}",
        "",
    ]
    lines += ["## Requests", "", "| what | count | statuses | p50 ms | p90 ms | p99 ms | max ms |"]
    lines.append("|---|---|---|---|---|---|---|")
    requests = result["requests"]
    for kind, figures in {**requests["reads"], "all reads": requests["reads_all"]}.items():
        lines.append(table_row(f"read {kind}" if kind != "all reads" else kind, figures))
    for what, figures in requests["writes"].items():
        lines.append(table_row(what, figures))
    lines += ["", f"Varnish hit ratio over reads: {requests['varnish_hit_ratio']}"]
    if errors["outside_samples"]:
        lines += ["", "Failures outside the kill windows (first 10):"]
        lines += [
            f"- {sample['what']} at {sample['sent']} s: {sample['status'] or sample['error']} "
            f"{' '.join(sample['body'].split())[:160]}"
            for sample in errors["outside_samples"]
        ]
    for name in ("older", "missing", "withdrawn"):
        for sample in answers["samples"][name]:
            lines.append(f"- {name}: {sample}")
    for step in hooks["changes_without_event"]:
        lines.append(f"- no webhook for: {step}")
    for failure in result["publisher_failures"][:10]:
        body = " ".join(failure["body"].split())[:160]
        lines.append(
            f"- publisher's {failure['what']} of {failure['slug']} at {failure['at']} s: "
            f"{failure['status']} {body}"
        )
    return "\n".join(lines)


def row(label, value, note=""):
    mark = "ok " if value == 0 else "FAIL"
    return f"- [{mark}] {label}: **{value}**" + (f" ({note})" if note else "")


def table_row(label, figures):
    statuses = " ".join(f"{code}:{count}" for code, count in sorted(figures["statuses"].items()))
    return (
        f"| {label} | {figures['count']} | {statuses} | {figures['p50_ms']} | "
        f"{figures['p90_ms']} | {figures['p99_ms']} | {figures['max_ms']} |"
    )
