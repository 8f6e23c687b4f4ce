"""export_guides and import_guides: guides out as one document, and back in, all or nothing."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from editorial.exchange.document import export_document
from editorial.exchange.importing import import_document
from editorial.exchange.validation import ImportProblem
from editorial.models import Release
from editorial.snapshot import fingerprint_guide
from guidance.models import Guide, Person, Section, Tip, Topic
from tests.api.editorial.content import editorial_guide, part, topic
from tests.workflow import everything_about, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides():
    first = editorial_guide(title="Helping a partner", slug="helping-a-partner")
    part(first, 1).tips.first().topics.add(topic("listening"))
    second = editorial_guide(title="Helping a friend", slug="helping-a-friend")
    return [first, second]


def fingerprints():
    return {guide.slug: fingerprint_guide(guide) for guide in Guide.objects.all()}


def without_time(document):
    return {key: value for key, value in document.items() if key != "exported_at"}


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_round_trip_through_an_empty_database_keeps_every_fingerprint(guides, tmp_path):
    before = fingerprints()
    exported = tmp_path / "guides.json"
    call_command("export_guides", "--output", str(exported))
    document = json.loads(exported.read_text())
    Guide.objects.all().delete()
    Person.objects.all().delete()
    Topic.objects.all().delete()

    report = run("import_guides", str(exported))

    assert fingerprints() == before
    assert "created guide helping-a-partner" in report
    assert "created topic listening" in report
    assert without_time(export_document()) == without_time(document)
    assert not Release.objects.exists()


def test_export_names_the_guides_it_takes_and_refuses_unknown_ones(guides):
    document = export_document(["helping-a-friend"])

    assert [guide["slug"] for guide in document["guides"]] == ["helping-a-friend"]
    assert (document["format"], document["version"]) == ("guidance.guides", 1)
    with pytest.raises(CommandError, match="No guide has the slug nope"):
        run("export_guides", "nope")


def test_an_import_updates_working_copies_by_slug_and_never_publishes(guides, people):
    guide = guides[0]
    release = publish(guide, **people)
    document = export_document(["helping-a-partner"])
    outline = document["guides"][0]
    outline["title"] = "Helping someone you love"
    part_1, part_2 = outline["sections"]
    moved_tip = part_1["tips"].pop(0)
    part_2["tips"].insert(0, moved_tip)
    part_2["tips"].pop()  # deleted
    outline["sections"] = [part_2, part_1]
    part_1["subsections"][0]["heading"] = "In more depth"
    outline["sections"].append({"anchor": "new", "heading": "New", "tips": [{"lead": "Fresh"}]})
    outline["sources"] = []

    report = import_document(document, user=people["editor"], reason="Imported from test")

    assert report.changed == ["guide helping-a-partner"]
    guide.refresh_from_db()
    assert guide.title == "Helping someone you love"
    anchors = [s.anchor for s in Section.objects.filter(guide=guide).in_outline_order()]
    assert anchors == ["part-2", "part-1", "in-depth", "new"]
    part_2_tips = Tip.objects.filter(section=part(guide, 2)).order_by("position")
    assert [str(t.public_id) for t in part_2_tips] == [moved_tip["id"], part_2["tips"][1]["id"]]
    assert Section.objects.get(anchor="in-depth", guide=guide).heading == "In more depth"
    assert not guide.sources.exists()
    assert list(Release.objects.filter(guide=guide)) == [release]
    record = Section.history.filter(anchor="in-depth", guide_id=guide.pk).latest()
    assert (record.history_user, record.history_change_reason) == (
        people["editor"],
        "Imported from test",
    )
    again = export_document(["helping-a-partner"])
    assert import_document(again).unchanged == ["guide helping-a-partner"]


def test_an_unchanged_document_writes_nothing(guides):
    document = export_document()
    history = Section.history.count()

    report = import_document(document)

    assert report.unchanged == ["guide helping-a-friend", "guide helping-a-partner"]
    assert Section.history.count() == history


def test_a_dry_run_reports_and_saves_nothing(guides):
    document = export_document()
    document["guides"][0]["title"] = "Changed"
    before = [everything_about(guide) for guide in guides]

    report = import_document(document, dry_run=True)

    assert report.changed == ["guide helping-a-friend"]
    assert [everything_about(guide) for guide in guides] == before


def test_the_dry_run_option_of_the_command(guides, tmp_path):
    document = export_document()
    document["guides"][1]["summary"] = "New summary."
    path = tmp_path / "guides.json"
    path.write_text(json.dumps(document))

    output = run("import_guides", str(path), "--dry-run")

    assert "changed guide helping-a-partner" in output
    assert "Dry run: nothing was saved." in output
    assert Guide.objects.get(slug="helping-a-partner").summary == "How to help."


def spoil(document, change):
    broken = copy.deepcopy(document)
    change(broken)
    return broken


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d["guides"][0]["sections"][1]["tips"][1].update(lead=""),
            "guides[0].sections[1].tips[1].lead: This field may not be blank.",
        ),
        (
            lambda d: d["guides"][1]["sections"][0]["subsections"][0].update(list_style="x"),
            'guides[1].sections[0].subsections[0].list_style: "x" is not a valid choice.',
        ),
        (
            lambda d: d["guides"][0]["sections"][0].update(anchor="part-2"),
            "guides[0].sections[1].anchor: Another section (guides[0].sections[0].anchor)",
        ),
        (
            lambda d: d["guides"][0]["sections"][0]["tips"][0]["topics"].append("nope"),
            "guides[0].sections[0].tips[0].topics: No topic has the slug “nope”",
        ),
        (
            lambda d: d["guides"][1]["contributors"][0].update(person="nobody"),
            "guides[1].contributors[0].person: No person has the slug “nobody”",
        ),
        (
            lambda d: d["guides"][0]["sources"][0].update(url="not a url"),
            "guides[0].sources[0].url: Enter a valid URL.",
        ),
        (lambda d: d.update(version=2), 'version: "2" is not a valid choice.'),
        (
            lambda d: d["guides"][0].update(colour="red"),
            "guides[0].colour: Unknown key; expected slug, title",
        ),
        (
            lambda d: d["guides"][1]["sections"][0]["tips"][0].update(
                id=d["guides"][0]["sections"][0]["tips"][0]["id"]
            ),
            "guides[1].sections[0].tips[0].id: Another tip of the document (guides[0].",
        ),
        (
            lambda d: (
                d["guides"][1]["sections"][0]["tips"][0].update(
                    id=d["guides"][0]["sections"][0]["tips"][0]["id"]
                ),
                d["guides"].pop(0),
            ),
            "guides[0].sections[0].tips[0].id: This id belongs to a tip of the guide",
        ),
    ],
)
def test_a_malformed_document_changes_nothing_and_names_its_first_problem(guides, change, problem):
    document = spoil(export_document(), change)
    document["guides"][0]["title"] = "Would change"
    before = [everything_about(guide) for guide in guides]

    with pytest.raises(ImportProblem) as refused:
        import_document(document)

    assert str(refused.value).startswith(problem)
    assert [everything_about(guide) for guide in guides] == before


def test_the_command_refuses_a_file_that_is_not_json_or_a_user_without_rights(
    guides, tmp_path, reviewer
):
    path = tmp_path / "guides.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="is not JSON"):
        run("import_guides", str(path))

    path.write_text(json.dumps(export_document()))
    with pytest.raises(CommandError, match=r"Nothing was imported\. You may not add guides"):
        run("import_guides", str(path), "--as", "rita")
