"""Create or update working copies from an export_guides document, all or nothing.

Never publishes: imported content goes through review like any other. With
``--as USER`` the user's rights are checked and history names them; without,
the command line is trusted (as the shell is) and history names no one.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editorial.exceptions import WorkflowError
from editorial.exchange.importing import import_document
from editorial.exchange.validation import ImportProblem
from editorial.management.documents import read_document


class Command(BaseCommand):
    help = "Create or update guides' working copies from a JSON document, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The document (from export_guides); - for stdin.")
        parser.add_argument("--as", dest="username", help="Import as this user (rights checked).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args, file, username=None, dry_run=False, **options):
        user = None
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user named “{username}”.")
        document = read_document(file)
        name = "stdin" if file == "-" else Path(file).name
        try:
            report = import_document(
                document, user=user, reason=f"Imported from {name}"[:100], dry_run=dry_run
            )
        except (ImportProblem, WorkflowError) as problem:
            raise CommandError(f"Nothing was imported. {problem}") from problem
        lines = [f"created {what}" for what in report.created]
        lines += [f"changed {what}" for what in report.changed]
        lines += [f"unchanged {what}" for what in report.unchanged]
        if dry_run:
            lines.append("Dry run: nothing was saved.")
        self.stdout.write("\n".join(lines))
