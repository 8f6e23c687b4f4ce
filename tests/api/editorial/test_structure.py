"""Create, move and delete over the editorial API: the same services and rules as the admin."""

import pytest

from editorial.snapshot import fingerprint_guide
from guidance.models import Contributor, Guide, Section, Source, Tip
from tests.api.editorial.content import if_match, part
from tests.factories import PersonFactory
from tests.workflow import ensure_safety_information_live, everything_about

pytestmark = pytest.mark.django_db

API = "/api/v1/editorial"


def etag(response):
    return {"HTTP_IF_MATCH": response.headers["ETag"]}


@pytest.fixture
def editor_api(api_as, editor):
    return api_as(editor)


def test_a_guide_is_built_end_to_end_through_the_api_and_read_by_the_public(
    api_as, people, client
):
    editor_api = api_as(people["editor"])
    PersonFactory(slug="maya-writer", name="Maya Writer", credentials="LPC")
    ensure_safety_information_live(**people)  # no guide goes out without it

    created = editor_api.post(
        f"{API}/guides/", {"slug": "first-steps", "title": "First steps"}, format="json"
    )
    assert created.status_code == 201
    assert created.headers["Location"] == f"{API}/guides/first-steps/"
    assert created.headers["ETag"] == f'"{created.json()["fingerprint"]}"'

    section = editor_api.post(
        f"{API}/guides/first-steps/sections/",
        {"heading": "Start gently", "body": "Why it matters."},
        format="json",
        **etag(created),
    )
    assert section.status_code == 201
    section_id = section.json()["id"]
    assert section.headers["Location"] == f"{API}/sections/{section_id}/"
    assert section.json()["anchor"] == "start-gently"
    subsection = editor_api.post(
        f"{API}/guides/first-steps/sections/",
        # Every section says something: an empty one is never submitted.
        {"heading": "Words to use", "body": "Short, kind ones.", "parent": section_id},
        format="json",
        **etag(section),
    )
    assert subsection.json()["parent"] == section_id
    tip = editor_api.post(
        f"{API}/sections/{section_id}/tips/",
        {"lead": "Pick a quiet moment", "body": "Not in the middle of a row."},
        format="json",
        **etag(subsection),
    )
    assert tip.status_code == 201
    assert tip.headers["Location"] == f"{API}/tips/{tip.json()['id']}/"
    credit = editor_api.post(
        f"{API}/guides/first-steps/contributors/",
        {"person": "maya-writer", "role": "clinical_writer"},
        format="json",
        **etag(tip),
    )
    assert credit.status_code == 201
    source = editor_api.post(
        f"{API}/guides/first-steps/sources/",
        {"citation": "Someone (2021). Findings.", "url": "https://example.org/f"},
        format="json",
        **etag(credit),
    )
    assert source.status_code == 201

    submitted = editor_api.post(
        f"{API}/guides/first-steps/submit/", {"change_summary": "First version."}, format="json"
    )
    assert submitted.status_code == 200
    approved = api_as(people["reviewer"]).post(
        f"{API}/guides/first-steps/approve/", {"notes": "Sound."}, format="json", **etag(source)
    )
    assert approved.status_code == 200
    published = api_as(people["publisher"]).post(
        f"{API}/guides/first-steps/publish/", {}, format="json"
    )
    assert published.status_code == 200, published.json()
    assert published.json()["live_release"] == 1

    public = client.get("/api/v1/guides/first-steps/").json()
    assert public["sections"][0]["heading"] == "Start gently"
    assert public["sections"][0]["subsections"][0]["heading"] == "Words to use"
    assert public["sections"][0]["tips"][0]["lead"] == "Pick a quiet moment"
    assert public["contributors"][0]["person"]["slug"] == "maya-writer"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"slug": "helping-a-partner", "title": "Again"}, 409, "slug: A guide with the slug"),
        ({"slug": "new-one"}, 400, "title: This field is required."),
        ({"slug": "Not a slug", "title": "T"}, 400, "slug: Enter a valid"),
        ({"slug": "new-one", "title": "T", "state": "published"}, 400, "state: Unknown field"),
    ],
)
def test_a_guide_that_cannot_be_created_says_why(editor_api, guide, body, status, message):
    response = editor_api.post(f"{API}/guides/", body, format="json")

    assert response.status_code == status
    assert response.json()["detail"].startswith(message)
    assert list(Guide.objects.values_list("slug", flat=True)) == ["helping-a-partner"]


def test_a_guide_is_created_only_with_the_right_to_add_guides(api_as, reviewer):
    response = api_as(reviewer).post(f"{API}/guides/", {"slug": "s", "title": "T"}, format="json")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You may not add guides: that takes the right to add guides."
    }


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 428), ({"HTTP_IF_MATCH": '"' + "0" * 64 + '"'}, 412), ({"HTTP_IF_MATCH": "*"}, 428)],
)
def test_every_change_names_the_current_version(editor_api, guide, headers, status):
    before = everything_about(guide)
    section = part(guide, 1)
    tip = section.tips.first()
    requests = [
        ("post", f"{API}/guides/{guide.slug}/sections/", {"heading": "New"}),
        ("post", f"{API}/sections/{section.pk}/tips/", {"lead": "New"}),
        ("patch", f"{API}/sections/{section.pk}/", {"position": 7}),
        ("delete", f"{API}/sections/{section.pk}/", None),
        ("delete", f"{API}/tips/{tip.public_id}/", None),
        ("post", f"{API}/guides/{guide.slug}/sources/", {"citation": "New"}),
        ("delete", f"{API}/sources/{guide.sources.get().pk}/", None),
        ("delete", f"{API}/contributors/{guide.contributors.get().pk}/", None),
    ]

    for method, address, body in requests:
        response = getattr(editor_api, method)(address, body, format="json", **headers)
        assert response.status_code == status, address

    assert everything_about(guide) == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"heading": "Mine", "anchor": "in-depth"}, 409, "anchor"),
        ({"anchor": "mine"}, 400, "heading"),
        ({"heading": "Mine", "position": 0}, 400, "position"),
        ({"heading": "Mine", "position": "first"}, 400, "position"),
        ({"heading": "Mine", "list_style": "starred"}, 400, "list_style"),
        ({"heading": "Mine", "parent": 0}, 400, "parent"),
    ],
)
def test_a_section_that_does_not_fit_is_refused_naming_the_field(
    editor_api, guide, body, status, field
):
    before = everything_about(guide)

    response = editor_api.post(
        f"{API}/guides/{guide.slug}/sections/", body, format="json", **if_match(guide)
    )

    assert response.status_code == status
    assert response.json()["detail"].startswith(f"{field}: ")
    assert everything_about(guide) == before


def test_a_patch_with_a_position_moves_a_section_and_a_subsection_changes_parent(
    editor_api, guide
):
    in_depth = guide.sections.get(anchor="in-depth")

    moved = editor_api.patch(
        f"{API}/sections/{part(guide, 1).pk}/", {"position": 3}, format="json", **if_match(guide)
    )
    assert moved.status_code == 200
    assert moved.json()["position"] == 3
    assert moved.headers["ETag"] == f'"{fingerprint_guide(guide)}"'
    assert moved.json()["guide_fingerprint"] == fingerprint_guide(guide)

    reparented = editor_api.patch(
        f"{API}/sections/{in_depth.pk}/",
        {"parent": part(guide, 2).pk, "heading": "Deeper"},
        format="json",
        **etag(moved),
    )
    assert reparented.status_code == 200
    assert (reparented.json()["parent"], reparented.json()["heading"]) == (
        part(guide, 2).pk,
        "Deeper",
    )

    onto_part_one = editor_api.patch(
        f"{API}/sections/{part(guide, 2).pk}/", {"position": 3}, format="json", **etag(reparented)
    )
    assert onto_part_one.status_code == 200
    top_level = guide.sections.filter(parent=None).order_by("position")
    assert list(top_level.values_list("position", "anchor")) == [(2, "part-1"), (3, "part-2")]


def test_a_tip_patched_onto_a_taken_position_goes_there_and_the_tips_between_shift(
    editor_api, editor, guide
):
    section = part(guide, 2)
    for lead in ("Tip 2.3", "Tip 2.4"):
        editor_api.post(
            f"{API}/sections/{section.pk}/tips/", {"lead": lead}, format="json", **if_match(guide)
        )
    last = section.tips.get(lead="Tip 2.4")

    moved = editor_api.patch(
        f"{API}/tips/{last.public_id}/", {"position": 1}, format="json", **if_match(guide)
    )

    assert moved.status_code == 200
    assert moved.json()["position"] == 1
    assert moved.headers["ETag"] == f'"{fingerprint_guide(guide)}"'
    assert list(section.tips.order_by("position").values_list("position", "lead")) == [
        (1, "Tip 2.4"),
        (2, "Tip 2.1"),
        (3, "Tip 2.2"),
        (4, "Tip 2.3"),
    ]
    shifted = Tip.history.filter(id=section.tips.get(lead="Tip 2.3").pk).latest()
    assert (shifted.history_user, shifted.position) == (editor, 4)


def test_a_move_on_a_stale_version_or_under_a_subsection_is_refused(editor_api, guide):
    in_depth = guide.sections.get(anchor="in-depth")
    stale = if_match(guide)
    editor_api.patch(
        f"{API}/sections/{part(guide, 2).pk}/", {"heading": "Later"}, format="json", **stale
    )
    before = everything_about(guide)

    late = editor_api.patch(
        f"{API}/sections/{part(guide, 1).pk}/", {"position": 2}, format="json", **stale
    )
    too_deep = editor_api.patch(
        f"{API}/sections/{part(guide, 2).pk}/",
        {"parent": in_depth.pk},
        format="json",
        **if_match(guide),
    )

    assert late.status_code == 412
    assert too_deep.status_code == 400
    assert too_deep.json() == {
        "detail": "parent: Subsections go one level deep: choose a top-level section."
    }
    assert everything_about(guide) == before


def test_deleting_a_section_takes_its_subsections_and_tips(editor_api, editor, guide):
    section = part(guide, 1)
    tip_ids = list(Tip.objects.filter(section__guide=guide).values_list("pk", flat=True))

    response = editor_api.delete(f"{API}/sections/{section.pk}/", **if_match(guide))

    assert response.status_code == 204
    assert response.headers["ETag"] == f'"{fingerprint_guide(guide)}"'
    assert list(Section.objects.filter(guide=guide).values_list("anchor", flat=True)) == ["part-2"]
    assert Tip.objects.filter(section__guide=guide).count() == 2
    deleted = Tip.history.filter(id__in=tip_ids, history_type="-")
    assert {record.history_user for record in deleted} == {editor}


def test_a_tip_moves_to_another_section_and_is_deleted(editor_api, guide):
    tip = part(guide, 1).tips.get(position=1)

    moved = editor_api.patch(
        f"{API}/tips/{tip.public_id}/",
        {"section": part(guide, 2).pk, "lead": "Moved"},
        format="json",
        **if_match(guide),
    )
    assert moved.status_code == 200
    assert (moved.json()["section"], moved.json()["position"], moved.json()["lead"]) == (
        part(guide, 2).pk,
        3,
        "Moved",
    )

    deleted = editor_api.delete(f"{API}/tips/{tip.public_id}/", **etag(moved))
    assert deleted.status_code == 204
    assert not Tip.objects.filter(pk=tip.pk).exists()


def test_rows_are_read_by_id_and_unknown_ones_are_404(editor_api, guide):
    section = part(guide, 1)

    read = editor_api.get(f"{API}/sections/{section.pk}/")
    assert read.status_code == 200
    assert read.headers["ETag"] == f'"{fingerprint_guide(guide)}"'
    assert editor_api.get(f"{API}/sources/{guide.sources.get().pk}/").status_code == 200
    assert (
        editor_api.post(f"{API}/sections/0/tips/", {"lead": "x"}, format="json").status_code == 404
    )
    assert editor_api.delete(f"{API}/contributors/0/").status_code == 404
    assert editor_api.post(f"{API}/guides/nope/sources/", {}, format="json").status_code == 404


def test_contributors_are_credited_moved_and_removed(editor_api, guide):
    PersonFactory(slug="sam-lee", name="Sam Lee")

    created = editor_api.post(
        f"{API}/guides/{guide.slug}/contributors/",
        {"person": "sam-lee", "role": "editorial_writer", "position": 9},
        format="json",
        **if_match(guide),
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["person"]["name"], body["role"], body["position"]) == (
        "Sam Lee",
        "editorial_writer",
        9,
    )
    again = editor_api.post(
        f"{API}/guides/{guide.slug}/contributors/",
        {"person": "sam-lee", "role": "editorial_writer"},
        format="json",
        **etag(created),
    )
    assert again.status_code == 409

    changed = editor_api.patch(
        f"{API}/contributors/{body['id']}/",
        {"role": "medical_reviewer", "position": 10},
        format="json",
        **etag(created),
    )
    assert (changed.json()["role"], changed.json()["position"]) == ("medical_reviewer", 10)
    assert (
        editor_api.delete(f"{API}/contributors/{body['id']}/", **etag(changed)).status_code == 204
    )
    assert not Contributor.objects.filter(pk=body["id"]).exists()


def test_sources_are_added_changed_and_removed(editor_api, guide):
    created = editor_api.post(
        f"{API}/guides/{guide.slug}/sources/",
        {"citation": "Someone (2021).", "published_on": "2021-03-01"},
        format="json",
        **if_match(guide),
    )
    assert created.status_code == 201
    source_id = created.json()["id"]

    bad = editor_api.patch(
        f"{API}/sources/{source_id}/", {"url": "not a url"}, format="json", **etag(created)
    )
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("url: ")
    changed = editor_api.patch(
        f"{API}/sources/{source_id}/",
        {"url": "https://example.org/s"},
        format="json",
        **etag(created),
    )
    assert changed.json()["url"] == "https://example.org/s"
    assert editor_api.delete(f"{API}/sources/{source_id}/", **etag(changed)).status_code == 204
    assert not Source.objects.filter(pk=source_id).exists()


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_roles_without_the_right_get_403_and_nothing_changes(api_as, people, guide, role):
    client = api_as(people[role])
    before = everything_about(guide)

    added = client.post(
        f"{API}/guides/{guide.slug}/sections/", {"heading": "X"}, format="json", **if_match(guide)
    )
    deleted = client.delete(f"{API}/sections/{part(guide, 1).pk}/", **if_match(guide))

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert added.json() == {
        "detail": "You may not add sections: that takes the right to add sections."
    }
    assert everything_about(guide) == before
