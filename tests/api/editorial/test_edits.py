"""PATCH a guide, a section or a tip: the working copy changes with its history, or not at all."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from editorial.editing import EDIT_REASON
from editorial.snapshot import fingerprint_guide
from guidance.models import Guide, Section, Tip
from tests.api.editorial.content import first_tip, if_match, part, topic, url
from tests.workflow import approve, everything_about

pytestmark = pytest.mark.django_db


def section_url(section):
    return f"/api/v1/editorial/sections/{section.pk}/"


def tip_url(tip):
    return f"/api/v1/editorial/tips/{tip.public_id}/"


@pytest.fixture
def editor_api(api_as, editor):
    return api_as(editor)


def test_a_guide_patch_changes_title_summary_and_topics(editor_api, editor, guide):
    topic("self-care")

    response = editor_api.patch(
        url(guide.slug),
        {"title": "Helping someone you love", "summary": "Start here.", "topics": ["self-care"]},
        format="json",
        **if_match(guide),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["content"]["summary"]) == (
        "Helping someone you love",
        "Start here.",
    )
    assert body["content"]["topics"] == [{"slug": "self-care", "name": "Self care"}]
    assert body["fingerprint"] == fingerprint_guide(guide)
    assert response.headers["ETag"] == f'"{body["fingerprint"]}"'
    record = Guide.history.filter(id=guide.pk).latest()
    assert (record.history_user, record.history_change_reason) == (editor, EDIT_REASON)


def test_a_section_patch_answers_the_section_and_the_guides_new_fingerprint(editor_api, guide):
    response = editor_api.patch(
        section_url(part(guide, 2)),
        {
            "heading": "When they say no",
            "body": "Keep  the door open.\n",
            "list_style": "numbered",
        },
        format="json",
        **if_match(guide),
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": part(guide, 2).pk,
        "guide": guide.slug,
        "parent": None,
        "position": 2,
        "anchor": "part-2",
        "heading": "When they say no",
        "body": "Keep  the door open.\n",
        "list_style": "numbered",
        "guide_fingerprint": fingerprint_guide(guide),
    }


def test_a_tip_patch_changes_lead_body_and_topics(editor_api, editor, guide):
    tip = first_tip(guide)
    topic("listening")

    response = editor_api.patch(
        tip_url(tip),
        {"lead": "Listen first", "topics": ["listening"]},
        format="json",
        **if_match(guide),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["lead"], body["body"]) == (
        str(tip.public_id),
        "Listen first",
        tip.body,
    )
    assert body["topics"] == [{"slug": "listening", "name": "Listening"}]
    assert Tip.history.filter(id=tip.pk).latest().history_user == editor


def test_edits_can_be_chained_on_the_fingerprint_each_answer_gives(editor_api, guide):
    fingerprint = editor_api.get(url(guide.slug)).json()["fingerprint"]
    for heading in ["One", "Two"]:
        response = editor_api.patch(
            section_url(part(guide, 1)),
            {"heading": heading},
            format="json",
            HTTP_IF_MATCH=f'"{fingerprint}"',
        )
        assert response.status_code == 200
        fingerprint = response.json()["guide_fingerprint"]

    assert part(guide, 1).heading == "Two"


@pytest.mark.parametrize(
    ("target", "body"),
    [
        (lambda g: url(g.slug), {"title": "Mine"}),
        (lambda g: section_url(part(g, 1)), {"heading": "Mine"}),
        (lambda g: tip_url(first_tip(g)), {"lead": "Mine"}),
    ],
)
def test_an_edit_on_a_stale_version_is_refused_with_412_and_nothing_changes(
    editor_api, guide, target, body
):
    stale = if_match(guide)
    editor_api.patch(
        tip_url(first_tip(guide)), {"body": "Someone else's edit."}, format="json", **stale
    )
    before = everything_about(guide)

    response = editor_api.patch(target(guide), body, format="json", **stale)

    assert response.status_code == 412
    assert response.json() == {
        "detail": "The guide changed after you opened it, so your edit was not saved. "
        "Reload it to see the latest version, then make your edit again."
    }
    assert everything_about(guide) == before


EDITS = [
    (lambda g: url(g.slug), {"title": "Mine"}),
    (lambda g: section_url(part(g, 1)), {"heading": "Mine"}),
    (lambda g: tip_url(first_tip(g)), {"lead": "Mine"}),
]


@pytest.mark.parametrize(("target", "body"), EDITS)
@pytest.mark.parametrize("headers", [{}, {"HTTP_IF_MATCH": ""}, {"HTTP_IF_MATCH": "*"}])
def test_an_edit_naming_no_version_is_refused_with_428_and_nothing_changes(
    editor_api, guide, target, body, headers
):
    """Without If-Match an edit could overwrite a concurrent one unseen; ``*`` names no version."""
    before = everything_about(guide)

    response = editor_api.patch(target(guide), body, format="json", **headers)

    assert response.status_code == 428
    assert response.json() == {
        "detail": 'Say which version you edited: send its fingerprint (If-Match: "<fingerprint>", '
        "the ETag of GET /api/v1/editorial/guides/{slug}/), so no one's work is overwritten."
    }
    assert everything_about(guide) == before


def test_an_edit_on_the_current_version_goes_through(editor_api, guide):
    response = editor_api.patch(url(guide.slug), {"title": "B"}, format="json", **if_match(guide))

    assert response.status_code == 200
    assert response.json()["title"] == "B"


def test_if_match_must_name_one_version(editor_api, guide):
    before = everything_about(guide)

    response = editor_api.patch(
        url(guide.slug), {"title": "X"}, format="json", HTTP_IF_MATCH='"a", "b"'
    )

    assert response.status_code == 400
    assert response.json()["detail"] == 'If-Match: Name one version: If-Match: "<fingerprint>".'
    assert everything_about(guide) == before


def test_a_slug_in_the_body_is_refused(editor_api, guide):
    before = everything_about(guide)

    response = editor_api.patch(
        url(guide.slug), {"slug": "elsewhere"}, format="json", **if_match(guide)
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"slug": ["A guide's slug never changes."]}
    assert "A guide's slug never changes" in response.json()["detail"]
    assert everything_about(guide) == before


@pytest.mark.parametrize(
    ("target", "body", "named"),
    [
        (lambda g: url(g.slug), {"title": "X", "colour": "red"}, "colour"),
        (lambda g: section_url(part(g, 1)), {"position": 3, "guide": "other"}, "guide"),
        (lambda g: section_url(part(g, 1)), {"tips": []}, "tips"),
        (lambda g: tip_url(first_tip(g)), {"id": "x", "section": 1}, "id"),
    ],
)
def test_unknown_fields_are_refused_by_name(editor_api, guide, target, body, named):
    before = everything_about(guide)

    response = editor_api.patch(target(guide), body, format="json", **if_match(guide))

    assert response.status_code == 400
    assert named in response.json()["errors"]
    assert everything_about(guide) == before


@pytest.mark.parametrize(
    ("target", "body", "field"),
    [
        (lambda g: url(g.slug), {"title": 5}, "title"),
        (lambda g: url(g.slug), {"title": ""}, "title"),
        (lambda g: url(g.slug), {"title": "x" * 201}, "title"),
        (lambda g: url(g.slug), {"summary": None}, "summary"),
        (lambda g: url(g.slug), {"topics": "partners"}, "topics"),
        (lambda g: url(g.slug), {"topics": [1, {}]}, "topics"),
        (lambda g: section_url(part(g, 1)), {"body": ["a"]}, "body"),
        (lambda g: section_url(part(g, 1)), {"list_style": "zigzag"}, "list_style"),
        (lambda g: section_url(part(g, 1)), {"anchor": "Not a slug!"}, "anchor"),
        (lambda g: tip_url(first_tip(g)), {"lead": True}, "lead"),
    ],
)
def test_wrong_types_and_values_get_400_naming_the_field(editor_api, guide, target, body, field):
    before = everything_about(guide)

    response = editor_api.patch(target(guide), body, format="json", **if_match(guide))

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert everything_about(guide) == before


@pytest.mark.parametrize("body", ["{not json", "[]", '"text"', "null"])
def test_a_body_that_is_not_a_json_object_gets_400(editor_api, guide, body):
    response = editor_api.patch(
        url(guide.slug), body, content_type="application/json", **if_match(guide)
    )

    assert response.status_code == 400
    assert response.json()["detail"]


def test_an_anchor_already_used_in_the_guide_is_refused_with_why(editor_api, guide):
    before = everything_about(guide)

    response = editor_api.patch(
        section_url(part(guide, 2)), {"anchor": "in-depth"}, format="json", **if_match(guide)
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "anchor: Another section of this guide already has the anchor “in-depth”; "
        "anchors are unique in a guide."
    }
    assert everything_about(guide) == before


def test_an_unknown_topic_is_refused(editor_api, guide):
    response = editor_api.patch(
        url(guide.slug), {"topics": ["no-such-topic"]}, format="json", **if_match(guide)
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "topics: No topic has the slug no-such-topic."}


def test_unknown_sections_and_tips_are_404(editor_api, guide):
    response = editor_api.patch(
        "/api/v1/editorial/sections/999999/", {}, format="json", **if_match(guide)
    )
    assert response.json() == {"detail": "No section has the id 999999."}
    response = editor_api.patch(
        "/api/v1/editorial/tips/00000000-0000-0000-0000-000000000000/",
        {},
        format="json",
        **if_match(guide),
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
@pytest.mark.parametrize(
    ("target", "body", "kind"),
    [
        (lambda g: url(g.slug), {"title": "X"}, "guides"),
        (lambda g: section_url(part(g, 1)), {"heading": "X"}, "sections"),
        (lambda g: tip_url(first_tip(g)), {"lead": "X"}, "tips"),
    ],
)
@pytest.mark.parametrize("names_a_version", [True, False])
def test_roles_without_the_right_to_change_content_get_403(
    api_as, people, guide, role, target, body, kind, names_a_version
):
    """Without If-Match too: the missing right is what they need to hear, not 428."""
    before = everything_about(guide)
    headers = if_match(guide) if names_a_version else {}

    response = api_as(people[role]).patch(target(guide), body, format="json", **headers)

    assert response.status_code == 403
    assert response.json() == {
        "detail": f"You may not edit {kind}: that takes the right to change {kind}."
    }
    assert everything_about(guide) == before


def test_an_edit_after_approval_means_the_guide_needs_review_again(editor_api, people, guide):
    approve(guide, editor=people["editor"], reviewer=people["reviewer"])

    response = editor_api.patch(
        tip_url(first_tip(guide)), {"body": "Late."}, format="json", **if_match(guide)
    )

    assert response.status_code == 200
    state = editor_api.get(url(guide.slug)).json()
    assert state["state_label"] == "Needs review again (edited after approval)"
    assert not state["allowed_steps"]["publish"]["allowed"]


def test_a_reviewer_who_edited_through_the_api_may_not_approve_it(api_as, people, guide):
    """Separation of duties sees edits made with a token, not only those in the admin."""
    reviewer = people["reviewer"]
    reviewer.user_permissions.add(Permission.objects.get(codename="change_tip"))
    reviewer_api = api_as(get_user_model().objects.get(pk=reviewer.pk))
    edited = reviewer_api.patch(
        tip_url(first_tip(guide)), {"body": "My words."}, format="json", **if_match(guide)
    )
    assert edited.status_code == 200
    assert Tip.history.filter(id=first_tip(guide).pk).latest().history_user == reviewer
    api_as(people["editor"]).post(url(guide.slug, "submit"), {"change_summary": "First."})
    before = everything_about(guide)

    response = reviewer_api.post(url(guide.slug, "approve"), {}, format="json", **if_match(guide))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You edited this guide since its last release; a different clinical "
        "reviewer must sign it off."
    }
    assert everything_about(guide) == before


def test_an_empty_patch_changes_nothing(editor_api, guide):
    records = Section.history.count()

    response = editor_api.patch(section_url(part(guide, 1)), {}, format="json", **if_match(guide))

    assert response.status_code == 200
    assert Section.history.count() == records
