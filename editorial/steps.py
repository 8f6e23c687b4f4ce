"""The workflow's steps, once for every kind: name, service, inputs, and what to say when done.

The admin's step pages (editorial.admin.steps, editorial.admin.safety), the
API's step endpoints (api.editorial.steps) and ``manage.py guide_workflow``
all take a step through this table, so a step is spelled one way
(``request_changes``; in addresses and on the command line
``request-changes``) and calls its service (editorial.workflow.services) with
the same inputs wherever it comes from.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from editorial.workflow import services


@dataclass(frozen=True)
class Step:
    name: str  # as in services.allowed_steps()
    summary: str
    service: Callable
    inputs: tuple  # the inputs it takes besides the document and the user
    done: Callable  # (kind, the service's result) -> what to tell the user

    @property
    def slug(self):
        """How addresses and the command line spell it."""
        return self.name.replace("_", "-")

    def take(self, kind, document, /, *, user, **given):
        """Call the service on ``document`` of ``kind`` with the inputs it takes out of
        ``given``; return the message."""
        arguments = {
            ARGUMENTS.get(name, name): given[name] for name in self.inputs if name in given
        }
        return self.done(kind, self.service(kind, document, user=user, **arguments))


# An input named otherwise by the service: a submission's kind, beside the document's.
ARGUMENTS = {"kind": "review_kind"}


def _submitted(kind, review):
    if review.is_correction:
        return "Submitted as a correction: a second person with the correction right approves it."
    return "Submitted for clinical review."


def _published(kind, release):
    if release.is_scheduled():
        when = timezone.localtime(release.go_live_at)
        return f"Release {release.number} is scheduled to go live at {when:%Y-%m-%d %H:%M %Z}."
    return f"Published {kind.words.release} {release.number}; {kind.words.published}"


def _withdrawn(kind, numbers):
    numbers = ", ".join(map(str, numbers))
    return f"Withdrawn (release {numbers}): readers no longer get {kind.words.this}."


STEPS = {
    step.name: step
    for step in [
        Step(
            "submit",
            "Submit the working copy for clinical review, with a change summary.",
            services.submit,
            ("change_summary", "kind", "waivers"),
            _submitted,
        ),
        Step(
            "approve",
            "Sign off the version with the given fingerprint (clinical reviewers).",
            services.approve,
            ("fingerprint", "notes", "waivers"),
            lambda kind, review: "Approved. A publisher can now publish this version.",
        ),
        Step(
            "request_changes",
            "Send the guide back to its editors, with notes (clinical reviewers).",
            services.request_changes,
            ("notes", "fingerprint"),
            lambda kind, review: "Changes requested. The editors have your notes.",
        ),
        Step(
            "publish",
            "Publish the approved version, now or at a go-live time.",
            services.publish,
            ("go_live_at",),
            _published,
        ),
        Step(
            "withdraw",
            "Take the guide off the public API now, with a reason.",
            services.withdraw,
            ("reason",),
            _withdrawn,
        ),
    ]
}


def step_named(slug):
    """The step spelled ``slug`` (``request-changes`` or ``request_changes``), or None."""
    return STEPS.get(slug.replace("-", "_"))
