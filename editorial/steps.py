"""The workflow's steps, once: name, service, inputs, and what to say when done.

The admin's step pages (editorial.admin.steps), the API's step endpoints
(api.editorial.steps) and ``manage.py guide_workflow`` all take a step
through this table, so a step is spelled one way (``request_changes``; in
addresses and on the command line ``request-changes``) and calls its service
with the same inputs wherever it comes from.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from editorial import services
from editorial.models import ReviewKind


@dataclass(frozen=True)
class Step:
    name: str  # as in services.allowed_steps()
    summary: str
    service: Callable
    inputs: tuple  # the service's keyword arguments besides guide and user
    done: Callable  # the service's result -> what to tell the user

    @property
    def slug(self):
        """How addresses and the command line spell it."""
        return self.name.replace("_", "-")

    def take(self, *, guide, user, **given):
        """Call the service with the inputs it takes out of ``given``; return the message."""
        arguments = {name: given[name] for name in self.inputs if name in given}
        return self.done(self.service(guide=guide, user=user, **arguments))


def _submitted(review):
    if review.kind == ReviewKind.CORRECTION:
        return "Submitted as a correction: a second person with the correction right approves it."
    return "Submitted for clinical review."


def _published(release):
    if release.is_scheduled():
        when = timezone.localtime(release.go_live_at)
        return f"Release {release.number} is scheduled to go live at {when:%Y-%m-%d %H:%M %Z}."
    return f"Published release {release.number}; readers see it now."


def _withdrawn(numbers):
    numbers = ", ".join(map(str, numbers))
    return f"Withdrawn (release {numbers}): readers no longer get this guide."


STEPS = {
    step.name: step
    for step in [
        Step(
            "submit",
            "Submit the working copy for clinical review, with a change summary.",
            services.guide_submit,
            ("change_summary", "kind"),
            _submitted,
        ),
        Step(
            "approve",
            "Sign off the version with the given fingerprint (clinical reviewers).",
            services.guide_approve,
            ("fingerprint", "notes", "waivers"),
            lambda review: "Approved. A publisher can now publish this version.",
        ),
        Step(
            "request_changes",
            "Send the guide back to its editors, with notes (clinical reviewers).",
            services.guide_request_changes,
            ("notes", "fingerprint"),
            lambda review: "Changes requested. The editors have your notes.",
        ),
        Step(
            "publish",
            "Publish the approved version, now or at a go-live time.",
            services.guide_publish,
            ("go_live_at",),
            _published,
        ),
        Step(
            "withdraw",
            "Take the guide off the public API now, with a reason.",
            services.guide_withdraw,
            ("reason",),
            _withdrawn,
        ),
    ]
}


def step_named(slug):
    """The step spelled ``slug`` (``request-changes`` or ``request_changes``), or None."""
    return STEPS.get(slug.replace("-", "_"))
