"""What a sign-in refused by the lockout is told: that it is paused, and until when.

django-axes counts failed sign-ins, at the admin and at the token endpoint
alike, and refuses every sign-in for a username, or from a client address,
that has ``LOGIN_FAILURE_LIMIT`` failures in the last
``LOGIN_COOLOFF_MINUTES``, even with the right password (see the settings).
Attempts refused that way are not counted, so the lock lifts when this says
it will; an administrator can lift it sooner by deleting the attempts in the
admin ("Access attempts") or with ``manage.py axes_reset``.
"""

import math
from datetime import UTC, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import admin
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

TITLE = "Signing in is paused"


def lock_lifts_at(request, credentials):
    """When the lock on this sign-in lifts, counting as axes does.

    For each thing that locks (the username, the address), axes adds up the
    failures of the attempt rows whose latest failure is within the cool-off.
    Newest first, the row at which that sum reaches the limit is the one whose
    expiry lifts the lock: just after its latest failure is ``cool_off`` old
    (axes still counts it at that instant). The later of those times, if
    both lock.
    """
    limit = get_failure_limit(request, credentials)
    cool_off = get_cool_off(request)
    lifts = []
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        failures = 0
        rows = attempts.order_by("-attempt_time").values_list(
            "attempt_time", "failures_since_start"
        )
        for attempt_time, count in rows:
            failures += count
            if failures >= limit:
                lifts.append(attempt_time + cool_off + timedelta(microseconds=1))
                break
    return max(lifts, default=timezone.now() + cool_off)


def seconds_until(moment):
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def lockout_message(lifts_at):
    # Rounded up to the minute, so that trying at the time shown succeeds.
    shown = (lifts_at + timedelta(seconds=59)).astimezone(UTC).replace(second=0, microsecond=0)
    minutes = max(1, round((lifts_at - timezone.now()).total_seconds() / 60))
    return (
        "Too many failed sign-ins for this account or from this address, so signing in is "
        f"paused until {shown:%H:%M} UTC (in {minutes} minute{'s' if minutes != 1 else ''}), "
        "even with the right password. Try again then, or ask an administrator to lift the lock."
    )


def lockout_response(request, original_response=None, credentials=None):
    """axes' AXES_LOCKOUT_CALLABLE: a 429 saying when to try again, as a page or as JSON."""
    lifts_at = lock_lifts_at(request, credentials)
    message = lockout_message(lifts_at)
    if request.path_info.startswith("/api/"):
        # The token endpoint answers for itself (api.tokens); any other API sign-in gets JSON too.
        response = JsonResponse({"detail": message}, status=429)
    else:
        context = {**admin.site.each_context(request), "title": TITLE, "message": message}
        response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds_until(lifts_at))
    return response
