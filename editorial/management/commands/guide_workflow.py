"""Workflow steps from the command line, through the same services as the admin.

For scripts and for emergencies (``withdraw`` takes a guide off at once even
when nobody can reach the admin). Every step is taken as a named user, whose
rights are checked as anywhere else.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from editorial import services
from editorial.exceptions import WorkflowError
from editorial.kinds.guide import GUIDE
from editorial.status import status_of
from editorial.steps import STEPS, step_named
from guidance.models import Guide

# The option that carries each input of a step (editorial.steps.STEPS).
OPTIONS = {
    "change_summary": "--summary",
    "notes": "--notes",
    "reason": "--reason",
    "fingerprint": "--fingerprint",
    "go_live_at": "--go-live",
    "kind": "--kind",
    "waivers": "--waiver",
}


class Command(BaseCommand):
    help = "Show a guide's workflow status, or take a workflow step as a named user."

    def add_arguments(self, parser):
        steps = parser.add_subparsers(dest="step", required=True)
        status = steps.add_parser("status", help="State, fingerprint, releases and open review.")
        status.add_argument("slug")
        status.add_argument(
            "--as", dest="username", help="Also list the steps this user may take."
        )
        for step in STEPS.values():
            options = ", ".join(OPTIONS[name] for name in step.inputs)
            command = steps.add_parser(step.slug, help=f"{step.summary} ({options})")
            command.add_argument("slug")
            command.add_argument("--as", dest="username", required=True, help="Acting user.")
            command.add_argument("--summary", default="", help="Change summary (submit).")
            command.add_argument(
                "--kind",
                default="clinical",
                help="clinical (default) or correction (submit).",
            )
            command.add_argument(
                "--waiver",
                action="append",
                default=[],
                metavar="ID=REASON",
                help="A written waiver of an open check (approve; repeat for each).",
            )
            command.add_argument("--notes", default="", help="Reviewer's notes.")
            command.add_argument("--reason", default="", help="Why it is withdrawn.")
            command.add_argument(
                "--fingerprint", default="", help="The version reviewed (see `status`)."
            )
            command.add_argument(
                "--go-live", dest="go_live", help="ISO 8601 time with its offset, to schedule."
            )

    def handle(self, *args, step, slug, username=None, **options):
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            raise CommandError(f"No guide with the slug “{slug}”.")
        user = self._user(username) if username else None
        if step == "status":
            self._status(guide, user)
            return
        try:
            self.stdout.write(self._take(step, guide, user, options))
        except WorkflowError as refusal:
            raise CommandError(refusal.message) from refusal

    def _user(self, username):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named “{username}”.")
        return user

    def _take(self, step, guide, user, options):
        given = {
            "change_summary": options["summary"],
            "notes": options["notes"],
            "reason": options["reason"],
            "fingerprint": options["fingerprint"],
            "go_live_at": self._go_live(options["go_live"]),
            "kind": options["kind"],
            "waivers": self._waivers(options["waiver"]),
        }
        return step_named(step).take(GUIDE, guide, user=user, **given)

    def _waivers(self, given):
        waivers = {}
        for item in given:
            key, sep, reason = item.partition("=")
            if not sep:
                raise CommandError(f"Give a waiver as ID=REASON, not “{item}”.")
            waivers[key.strip()] = reason
        return waivers

    def _go_live(self, text):
        if not text:
            return None
        try:
            when = parse_datetime(text)
        except ValueError:
            when = None
        if when is None:
            raise CommandError(f"“{text}” is not an ISO 8601 time, e.g. 2027-01-04T09:00+00:00.")
        return when

    def _status(self, guide, user):
        status = status_of(guide)
        live = status.live_release
        lines = [
            f"Guide:       {guide.title} ({guide.slug})",
            f"State:       {status.label}",
            f"Fingerprint: {status.fingerprint}",
            f"Live:        {f'release {live.number}' if live else 'nothing'}",
        ]
        if status.scheduled_release:
            release = status.scheduled_release
            lines.append(
                f"Scheduled:   release {release.number} at {release.go_live_at:%Y-%m-%d %H:%M %Z}"
            )
        if status.open_review:
            review = status.open_review
            lines.append(
                f"In review:   submitted by {review.submitted_by}: {review.change_summary}"
            )
        if user is not None:
            for step, refusal in services.allowed_steps(user, status).items():
                lines.append(f"{step:16} {'allowed' if refusal is None else 'no: ' + refusal}")
        self.stdout.write("\n".join(lines))
