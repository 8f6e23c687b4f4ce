"""Walk the audit chain, then check what readers get of each release against the digests
the chain holds: exit 0 when both hold, 1 naming the first row that does not match."""

from django.core.management.base import BaseCommand, CommandError

from editorial.audit import verify_chain
from editorial.public_rows import differing_public_rows


class Command(BaseCommand):
    help = (
        "Verify the audit chain over workflow events, reviews and releases, and that what "
        "readers get of each release (its public rows) is what publishing wrote and the "
        "chain pinned. Exits 0 when both hold; otherwise exits 1 and names the first row "
        "that does not match."
    )

    def handle(self, *args, **options):
        state = verify_chain()
        if not state.is_whole:
            raise CommandError(
                f"The audit chain is broken at {state.first_problem}{_more(state.problems)}"
            )
        # The head hash can be kept elsewhere: a later run that prints another head
        # for the same length means the chain was rewritten.
        self.stdout.write(f"The audit chain is whole: {state.length} entries, head {state.head}.")
        differences = differing_public_rows()
        if differences:
            raise CommandError(
                f"What readers get does not match the audit chain at {differences[0]}"
                f"{_more(differences)}"
            )
        self.stdout.write("What readers get of every release is what publishing wrote.")


def _more(problems):
    more = len(problems) - 1
    return f" ({more} more problem{'s' if more != 1 else ''} after it)" if more else ""
