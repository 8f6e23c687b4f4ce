"""GET a guide's preview: the public guide payload built from the working copy."""

import pytest

from editorial.snapshot import fingerprint_guide
from guidance.models import Tip
from tests.factories import (
    ContributorFactory,
    PersonFactory,
    SourceFactory,
    UserFactory,
    build_guide,
)
from tests.workflow import approve, build_state, publish

pytestmark = pytest.mark.django_db


def preview_url(guide):
    return f"/api/v1/editorial/guides/{guide.slug}/preview/"


def public_url(guide):
    return f"/api/v1/guides/{guide.slug}/"


def test_the_preview_has_the_public_shape_and_shows_an_unpublished_edit(api_as, client, people):
    guide = build_state("published", people)
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body = "Say it **gently**."
    tip.save()

    response = api_as(people["reviewer"]).get(preview_url(guide))

    assert response.status_code == 200
    preview = response.json()
    public = client.get(public_url(guide)).json()
    assert set(preview) == set(public) | {"preview"}
    assert (
        preview["sections"][0]["tips"][0]["body_html"] == "<p>Say it <strong>gently</strong>.</p>"
    )
    assert (
        public["sections"][0]["tips"][0]["body_html"]
        != preview["sections"][0]["tips"][0]["body_html"]
    )
    assert preview["preview"] == {
        "state": "published",
        "state_label": "Published, with unpublished edits",
        "fingerprint": fingerprint_guide(guide),
        "live_release": 1,
    }
    assert response["ETag"] == f'"{fingerprint_guide(guide)}"'
    assert (preview["release"], preview["updated_at"], preview["reviewer"]) == (None, None, None)
    assert preview["update_history"] == public["update_history"]
    assert preview["json_ld"]["@type"] == "MedicalWebPage"
    assert "reviewedBy" not in preview["json_ld"]


def test_an_approval_of_this_version_names_its_reviewer(api_as, people):
    guide = build_guide(sections=2, tips_per_section=2, authors=0, sources=0)
    writer = PersonFactory(name="Wren Adams", credentials="LPC")
    ContributorFactory(guide=guide, person=writer)
    SourceFactory(guide=guide, citation="Corrigan, P. W. (2002).")
    approve(guide, editor=people["editor"], reviewer=people["reviewer"])

    preview = api_as(people["editor"]).get(preview_url(guide)).json()

    assert preview["reviewer"]["name"] == "Rita Alvarez"
    assert preview["json_ld"]["reviewedBy"]["name"] == "Rita Alvarez"
    assert preview["authors"] == [
        {"slug": writer.slug, "name": "Wren Adams", "credentials": "LPC"}
    ]
    assert preview["json_ld"]["citation"][0]["name"] == "Corrigan, P. W. (2002)."


def test_the_live_guide_and_its_preview_agree_when_nothing_changed(api_as, client, people):
    guide = build_state("draft", people)
    publish(
        guide, editor=people["editor"], reviewer=people["reviewer"], publisher=people["publisher"]
    )

    preview = api_as(people["editor"]).get(preview_url(guide)).json()
    public = client.get(public_url(guide)).json()

    del preview["preview"]
    assert preview == public


def test_the_preview_needs_a_sign_in_and_the_right_to_view_guides(api_as, client, people):
    guide = build_state("draft", people)

    assert client.get(preview_url(guide)).status_code == 401
    assert api_as(UserFactory(username="nobody")).get(preview_url(guide)).status_code == 403
    assert (
        api_as(people["editor"]).get("/api/v1/editorial/guides/nope/preview/").status_code == 404
    )
