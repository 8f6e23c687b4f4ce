"""Bring clinical licences in from a credentialing system's CSV export."""

import csv

from django.core.management.base import BaseCommand, CommandError

from editorial.exceptions import WorkflowError
from editorial.licences import COLUMNS, licences_import, read_licence_csv


class Command(BaseCommand):
    help = (
        f"Import licences from a CSV file with the columns {', '.join(COLUMNS)} (expires as "
        "YYYY-MM-DD). For each person it names, the file is the complete record: their "
        "licences become exactly its rows. A malformed row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8, with a header row).")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as csv_file:
                rows = read_licence_csv(csv_file)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text; nothing was imported.") from error
        except WorkflowError as error:
            raise CommandError(error.message) from error
        except csv.Error as error:
            raise CommandError(
                f"{file} is not a readable CSV file ({error}); nothing was imported."
            ) from error
        for line in licences_import(rows=rows):
            self.stdout.write(line)
