from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.models import Release
from editorial.publishing import index_release, public_content_changed


class Command(BaseCommand):
    help = (
        "Prepare for the public API every release that is not yet prepared "
        "(releases published before the API existed). Safe to run again."
    )

    def handle(self, *args, **options):
        missing = Release.objects.filter(published__isnull=True).select_related("review__reviewer")
        count = 0
        for release in missing.iterator():
            with transaction.atomic():
                index_release(release)
                public_content_changed()
            count += 1
        self.stdout.write(f"Prepared {count} release(s) for the public API.")
