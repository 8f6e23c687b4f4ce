"""Create or change webhook subscriptions from a JSON document, all or nothing.

The document and its rules: editorial.webhooks.importing. Each new
subscription's secret is printed once, here, to be given to its receiver.
With ``--as USER`` the user's rights are checked; without, the command line
is trusted (as the shell is).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editorial.exceptions import WorkflowError
from editorial.exchange.validation import ImportProblem
from editorial.management.documents import read_document
from editorial.webhooks.importing import FORMAT, VERSION, import_webhooks


class Command(BaseCommand):
    help = (
        f"Create or change webhook subscriptions from a JSON document (format “{FORMAT}”, "
        f"version {VERSION}), in one transaction; prints each new subscription's secret once."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The document; - for stdin.")
        parser.add_argument("--as", dest="username", help="Import as this user (rights checked).")

    def handle(self, *args, file, username=None, **options):
        user = None
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user named “{username}”.")
        document = read_document(file)
        try:
            report = import_webhooks(document, user=user)
        except (ImportProblem, WorkflowError) as problem:
            raise CommandError(f"Nothing was imported. {problem}") from problem
        lines = [
            f"created {subscription.url} (id {subscription.pk}), secret: {secret}"
            for subscription, secret in report.created
        ]
        lines += [f"changed {subscription.url}" for subscription in report.changed]
        lines += [f"unchanged {subscription.url}" for subscription in report.unchanged]
        if report.created:
            lines.append("Each secret above is shown only this once: give it to its receiver now.")
        self.stdout.write("\n".join(lines))
