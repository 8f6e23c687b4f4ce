"""Clinical licences from a credentialing system's export: read, check, then apply all or none.

The file is the complete record for each person it names: after the import
their licences are exactly the file's rows (added, renewed, removed); people
it does not name keep theirs. Every row is checked before anything is
written, so a malformed file changes nothing.
"""

import csv
import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from editorial.exceptions import InvalidInput
from editorial.models import Licence
from guidance.models import ClinicalCredential, Person

COLUMNS = ["username", "type", "number", "jurisdiction", "expires"]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TYPES = {value.upper(): value for value in ClinicalCredential.values}


@dataclass(frozen=True)
class LicenceRow:
    line: int
    person: Person
    type: str
    number: str
    jurisdiction: str
    expires_on: datetime.date

    @property
    def key(self):
        return (self.type, self.number, self.jurisdiction)


def read_licence_csv(file):
    """The rows of a licence CSV export, each checked; InvalidInput naming every bad row."""
    reader = csv.DictReader(file)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if sorted(header) != sorted(COLUMNS):
        raise InvalidInput(
            f"The file's columns must be {', '.join(COLUMNS)} (a header row); "
            f"it has {', '.join(header) or 'none'}."
        )
    reader.fieldnames = header
    rows, errors, seen = [], [], {}
    people = _people_by_username()
    for line, raw in enumerate(reader, start=2):
        if None in raw or any(value is None for value in raw.values()):
            errors.append(f"line {line}: it has {len(COLUMNS)} columns, not this many.")
            continue
        values = {name: raw[name].strip() for name in COLUMNS}
        problems = []
        person = people.get(values["username"])
        if person is None:
            problems.append(f"no user “{values['username']}” linked to a person")
        licence_type = _TYPES.get(values["type"].upper())
        if licence_type is None:
            problems.append(f"type “{values['type']}” is none of {', '.join(_TYPES.values())}")
        for name in ("number", "jurisdiction"):
            limit = Licence._meta.get_field(name).max_length
            if not values[name] or len(values[name]) > limit:
                problems.append(f"{name} must be 1 to {limit} characters")
        expires_on = _date(values["expires"])
        if expires_on is None:
            problems.append(f"expires “{values['expires']}” is not a date as YYYY-MM-DD")
        if problems:
            errors.append(f"line {line}: {'; '.join(problems)}.")
            continue
        row = LicenceRow(
            line, person, licence_type, values["number"], values["jurisdiction"], expires_on
        )
        earlier = seen.setdefault((person.pk, row.key), line)
        if earlier != line:
            errors.append(f"line {line}: the same licence as line {earlier}.")
            continue
        rows.append(row)
    if errors:
        raise InvalidInput("Nothing was imported. " + " ".join(errors))
    return rows


def licences_import(*, rows, today=None):
    """Make each named person's licences exactly their ``rows``; what changed, as lines."""
    today = today or timezone.localdate()
    by_person = {}
    for row in rows:
        by_person.setdefault(row.person, []).append(row)
    report = []
    counts = dict.fromkeys(["added", "renewed", "removed", "unchanged"], 0)
    with transaction.atomic():
        for person, person_rows in by_person.items():
            held = {
                (licence.type, licence.number, licence.jurisdiction): licence
                for licence in Licence.objects.select_for_update().filter(person=person)
            }
            for row in person_rows:
                licence = held.pop(row.key, None)
                shown = f"{row.type} {row.number} ({row.jurisdiction})"
                if licence is None:
                    Licence.objects.create(
                        person=person,
                        type=row.type,
                        number=row.number,
                        jurisdiction=row.jurisdiction,
                        expires_on=row.expires_on,
                    )
                    report.append(f"{person.name}: added {shown}, expires {row.expires_on}.")
                    counts["added"] += 1
                elif licence.expires_on != row.expires_on:
                    before, licence.expires_on = licence.expires_on, row.expires_on
                    licence.save()
                    report.append(
                        f"{person.name}: {shown} now expires {row.expires_on} (was {before})."
                    )
                    counts["renewed"] += 1
                else:
                    counts["unchanged"] += 1
            for licence in held.values():
                licence.delete()
                report.append(f"{person.name}: removed {licence}.")
                counts["removed"] += 1
            if not Licence.objects.filter(person=person).valid_on(today).exists():
                report.append(
                    f"{person.name} holds no licence valid today: no sign-off until then."
                )
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    report.append(f"{len(by_person)} people in the file: {summary}.")
    return report


def _people_by_username():
    users = get_user_model().objects.filter(person__isnull=False).select_related("person")
    return {user.get_username(): user.person for user in users}


def _date(text):
    if not _DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
