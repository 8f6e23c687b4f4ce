"""Write guides' working copies as one JSON document (see README, "Import and export")."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from editorial.exchange.document import export_document


class Command(BaseCommand):
    help = "Write the working copies of the named guides (all, if none) as one JSON document."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG")
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, slugs, output=None, **options):
        try:
            document = export_document(slugs)
        except LookupError as error:
            raise CommandError(str(error)) from error
        text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stderr.write(f"Wrote {len(document['guides'])} guide(s) to {output}.")
        else:
            self.stdout.write(text)
