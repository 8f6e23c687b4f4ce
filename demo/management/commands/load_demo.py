from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ACCOUNTS, DemoRefused, load_demo


class Command(BaseCommand):
    help = "Load the demo guide and create the demo accounts (DEBUG only; safe to run twice)."

    def handle(self, *args, **options):
        try:
            result = load_demo(password=settings.DEMO_PASSWORD)
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        guide = result.guide
        sections = guide.sections.count()
        if result.guide_created:
            self.stdout.write(f"Loaded the demo guide “{guide}” ({sections} sections).")
        else:
            self.stdout.write(f"The demo guide “{guide}” is already loaded; left as it is.")
        logins = ", ".join(DEMO_ACCOUNTS)
        self.stdout.write(f"Demo accounts: {logins} (password from DEMO_PASSWORD).")
