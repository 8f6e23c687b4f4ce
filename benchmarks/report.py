"""The results as Markdown: what was measured, where, and each answer against its floor."""

import datetime
import os
import platform
import statistics

import django


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                "",
            )
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model or platform.processor() or 'unknown CPU'})"


def markdown(*, setup, answers, samples):
    """``samples[cache][name]`` is a list of (floor, api) wrk results, one per round."""
    today = datetime.datetime.now(tz=datetime.UTC).date().isoformat()
    lines = [
        f"Run on {today}, {machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Django {django.get_version()}.",
        "",
        *(f"- {label}: {value}" for label, value in setup.items()),
        "",
        "| answer | cache | bytes | SQL queries | floor req/s | API req/s "
        "| API/floor req/s (rounds' range) | floor p50 ms | API p50 ms | API p99 ms |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for cache, by_name in samples.items():
        for name, pairs in by_name.items():
            lines.append(_row(name, answers[name], cache, pairs))
    return "\n".join(lines) + "\n"


def _row(name, answer, cache, pairs):
    floor = [pair[0] for pair in pairs]
    api = [pair[1] for pair in pairs]
    ratios = [a.per_second / f.per_second for f, a in pairs]
    ratio = f"{statistics.median(ratios):.2f} ({min(ratios):.2f} to {max(ratios):.2f})"
    cells = [
        f"{name} (`{answer['path']}`)",
        cache,
        f"{answer['bytes']:,}",
        str(answer.get(f"{cache}_queries", "-")),
        f"{_median(floor, 'per_second'):,.0f}",
        f"{_median(api, 'per_second'):,.0f}",
        ratio,
        f"{_median(floor, 'p50_ms'):.2f}",
        f"{_median(api, 'p50_ms'):.2f}",
        f"{_median(api, 'p99_ms'):.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def _median(results, attribute):
    return statistics.median(getattr(result, attribute) for result in results)
