"""The import: create or update working copies from a document, by slug, all or nothing.

Every row is validated as the admin validates it and written with history
(the importing user, if named, and the reason); rows the document leaves as
they are stay untouched. Sections are matched by anchor, tips by their
public id (kept, so bookmarks survive), contributors by person and role,
sources by citation; rows the document no longer has are deleted. Rows that
move are parked first (guidance.positions), as in the admin. Topics and
people the database lacks are created; existing ones are left as they are.
Nothing here creates a release: imported content goes through review.
"""

from dataclasses import dataclass, field

from django.db import transaction

from editorial.exceptions import InvalidInput
from editorial.exchange.references import verify_references
from editorial.exchange.validation import ImportProblem, checked
from editorial.snapshot import fingerprint_guide
from editorial.structure.base import recorded, refuse_without_right, save
from guidance import positions
from guidance.models import Contributor, Guide, Person, Section, Source, Tip, Topic

# What an import may do: the admin's rights it takes.
RIGHTS = [
    *((action, Guide) for action in ("add", "change")),
    *(
        (action, model)
        for model in (Section, Tip, Contributor, Source)
        for action in ("add", "change", "delete")
    ),
    ("add", Topic),
    ("add", Person),
]


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # "guide first-steps", "topic partners", ...
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


class _DryRun(Exception):
    pass


def import_document(document, *, user=None, reason="Imported", dry_run=False):
    """Import ``document`` in one transaction; return an ImportReport.

    ``user`` (optional) needs the admin's rights to add, change and delete the
    content; history names them. Raises ImportProblem (nothing changed) naming
    the first problem and its path in the document, or NotAllowed.
    """
    data = checked(document)
    report = ImportReport()
    try:
        with transaction.atomic():
            if user is not None:
                for action, model in RIGHTS:
                    refuse_without_right(user, action, model)
            verify_references(data)
            with recorded(user, reason):
                _import(data, user, reason, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _import(data, user, reason, report):
    for index, item in enumerate(data["topics"]):
        if not Topic.objects.filter(slug=item["slug"]).exists():
            _write(Topic(**item), user, reason, f"topics[{index}]")
            report.created.append(f"topic {item['slug']}")
    for index, item in enumerate(data["people"]):
        if not Person.objects.filter(slug=item["slug"]).exists():
            _write(Person(**item), user, reason, f"people[{index}]")
            report.created.append(f"person {item['slug']}")
    for index, item in enumerate(data["guides"]):
        _GuideImport(item, f"guides[{index}]", user, reason, report).run()


def _write(row, user, reason, path, *, topics=None):
    try:
        save(row, user, reason, topics=topics)
    except InvalidInput as problem:
        raise ImportProblem(path, problem.message) from problem
    return row


class _GuideImport:
    """One guide of the document onto its working copy."""

    def __init__(self, item, path, user, reason, report):
        self.item, self.path, self.user, self.reason, self.report = (
            item,
            path,
            user,
            reason,
            report,
        )

    def run(self):
        item = self.item
        guide = Guide.objects.select_for_update().filter(slug=item["slug"]).first()
        before = fingerprint_guide(guide) if guide else None
        guide = guide or Guide(slug=item["slug"])
        topics = sorted(item["topics"])
        if (
            guide.pk is None
            or (guide.title, guide.summary) != (item["title"], item["summary"])
            or sorted(guide.topics.values_list("slug", flat=True)) != topics
        ):
            guide.title, guide.summary = item["title"], item["summary"]
            _write(guide, self.user, self.reason, self.path, topics=topics)
        self.guide = guide
        self._outline()
        self._credits()
        name = f"guide {guide.slug}"
        if before is None:
            self.report.created.append(name)
        elif fingerprint_guide(guide) != before:
            self.report.changed.append(name)
        else:
            self.report.unchanged.append(name)

    def _outline(self):
        guide = self.guide
        sections = {row.anchor: row for row in Section.objects.filter(guide=guide)}
        tips = {
            row.public_id: row
            for row in Tip.objects.filter(section__guide=guide).select_related("section")
        }
        # Where the document puts each section and tip: {key: (path, item, parent, position)}.
        planned_sections, planned_tips = {}, {}
        for number, item in enumerate(self.item["sections"], 1):
            path = f"{self.path}.sections[{number - 1}]"
            planned_sections[item["anchor"]] = (path, item, None, number)
            for sub_number, sub in enumerate(item["subsections"], 1):
                sub_path = f"{path}.subsections[{sub_number - 1}]"
                planned_sections[sub["anchor"]] = (sub_path, sub, item["anchor"], sub_number)
        for path, item, _parent, _number in list(planned_sections.values()):
            for number, tip in enumerate(item["tips"], 1):
                key = tip["id"] or f"{path}.tips[{number - 1}]"
                planned_tips[key] = (f"{path}.tips[{number - 1}]", tip, item["anchor"], number)

        anchor_of = {row.pk: row.anchor for row in sections.values()}
        positions.park(
            Section.objects.filter(guide=guide),
            [
                row.pk
                for anchor, row in sections.items()
                if planned_sections.get(anchor, (None,) * 4)[2:]
                != (anchor_of.get(row.parent_id), row.position)
            ],
        )
        positions.park(
            Tip.objects.filter(section__guide=guide),
            [
                row.pk
                for key, row in tips.items()
                if planned_tips.get(key, (None,) * 4)[2:] != (row.section.anchor, row.position)
            ],
        )
        # Top-level sections first, then subsections, those already one first: a
        # section becoming a subsection must have let its own go.
        order = sorted(
            planned_sections.items(),
            key=lambda entry: (
                entry[1][2] is not None,
                entry[0] in sections and sections[entry[0]].parent_id is None,
            ),
        )
        for anchor, (path, item, parent, number) in order:
            row = sections.get(anchor) or Section(guide=guide, anchor=anchor)
            wanted = {
                "heading": item["heading"],
                "body": item["body"],
                "list_style": item["list_style"],
                "parent": sections[parent] if parent else None,
                "position": number,
            }
            self._update(row, wanted, path)
            sections[anchor] = row
        for key, (path, item, anchor, number) in planned_tips.items():
            row = tips.get(key) or Tip(**({"public_id": item["id"]} if item["id"] else {}))
            wanted = {
                "section": sections[anchor],
                "lead": item["lead"],
                "body": item["body"],
                "position": number,
            }
            self._update(row, wanted, path, topics=sorted(item["topics"]))
        for key, row in tips.items():
            if key not in planned_tips:
                row.delete()
        for anchor, row in sections.items():
            if anchor not in planned_sections and Section.objects.filter(pk=row.pk).exists():
                row.delete()  # its subsections and tips with it

    def _credits(self):
        guide = self.guide
        self._rows(
            Contributor.objects.filter(guide=guide).select_related("person"),
            self.item["contributors"],
            "contributors",
            key=lambda row: (row.person.slug, row.role),
            key_of=lambda item: (item["person"], item["role"]),
            build=lambda item: Contributor(
                guide=guide, person=Person.objects.get(slug=item["person"]), role=item["role"]
            ),
            fields=lambda item: {},
        )
        self._rows(
            Source.objects.filter(guide=guide),
            self.item["sources"],
            "sources",
            key=lambda row: row.citation,
            key_of=lambda item: item["citation"],
            build=lambda item: Source(guide=guide, citation=item["citation"]),
            fields=lambda item: {"url": item["url"], "published_on": item["published_on"]},
        )

    def _rows(self, rows, items, name, *, key, key_of, build, fields):
        existing = {}
        for row in rows:
            existing.setdefault(key(row), row)
        wanted_keys = [key_of(item) for item in items]
        positions.park(
            rows,
            [
                row.pk
                for k, row in existing.items()
                if k not in wanted_keys or row.position != wanted_keys.index(k) + 1
            ],
        )
        for number, item in enumerate(items, 1):
            row = existing.pop(key_of(item), None) or build(item)
            wanted = {**fields(item), "position": number}
            self._update(row, wanted, f"{self.path}.{name}[{number - 1}]")
        for row in existing.values():
            row.delete()

    def _update(self, row, wanted, path, *, topics=None):
        """Write ``wanted`` onto ``row`` if anything differs (parking may have moved it)."""
        if row.pk:
            row.refresh_from_db(fields=["position"])
        same_topics = topics is None or (
            row.pk is not None and sorted(row.topics.values_list("slug", flat=True)) == topics
        )
        if row.pk and same_topics and all(getattr(row, k) == v for k, v in wanted.items()):
            return
        for name, value in wanted.items():
            setattr(row, name, value)
        _write(row, self.user, self.reason, path, topics=None if same_topics else topics)
