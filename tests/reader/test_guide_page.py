"""The reader page: a live guide, rendered from the payload the API serves."""

import itertools
import json
import re

import pytest
from django.urls import reverse

from guidance.models import Person, Tip
from tests.factories import (
    ContributorFactory,
    CrisisResourceFactory,
    PersonFactory,
    SectionFactory,
    SiteNoticeFactory,
    SourceFactory,
    TipFactory,
    TopicFactory,
    UserFactory,
)
from tests.workflow import build_state, publish

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page_url(guide, **query):
    url = reverse("reader:guide", args=[guide.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def preview_url(guide):
    return reverse("reader:guide-preview", args=[guide.slug])


@pytest.fixture
def live_guide(people):
    guide = build_state("draft", people)
    numbered = SectionFactory(
        guide=guide, position=3, heading="What to say", anchor="what-to-say", list_style="numbered"
    )
    TipFactory(section=numbered, position=1, lead="Say you care", body="Use *I* statements.")
    SectionFactory(
        guide=guide, parent=numbered, position=1, heading="Timing", anchor="timing", body="Calm."
    )
    ContributorFactory(guide=guide, person=PersonFactory(name="Lena Ortiz", credentials="LPC"))
    SourceFactory(guide=guide, citation="Corrigan, P. W. (2002). Stigma.")
    SiteNoticeFactory(body="Not a substitute for **professional** care.")
    CrisisResourceFactory(region="US", name="988 Suicide & Crisis Lifeline", phone="988")
    publish(
        guide, editor=people["editor"], reviewer=people["reviewer"], publisher=people["publisher"]
    )
    return guide


def test_the_page_shows_the_live_release_as_the_api_serves_it(client, live_guide):
    response = client.get(page_url(live_guide))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    api = client.get(f"/api/v1/guides/{live_guide.slug}/").json()
    assert json.loads(JSON_LD.search(page).group(1)) == api["json_ld"]
    assert f"<h1>{live_guide.title}</h1>" in page
    assert '<ol class="steps">' in page
    assert '<ul class="tips">' in page
    assert '<h3 id="timing-heading">Timing</h3>' in page
    assert '<strong class="tip-lead">Say you care</strong>' in page
    assert "Use <em>I</em> statements." in page
    assert "Lena Ortiz</strong>, LPC — Clinical writer" in page
    assert "Rita Alvarez</strong>, MSW, LCSW — clinical sign-off" in page
    assert "Corrigan, P. W. (2002). Stigma." in page
    assert "Originally published." in page
    assert "<strong>professional</strong> care" in page
    assert '<a href="tel:988">988</a>' in page
    grade = f"{api['reading_level']:.1f}"
    assert f"Reading level: US school grade {grade} (Flesch-Kincaid)." in page
    for landmark in ("<header", "<main", "<nav", "<aside", "<footer"):
        assert landmark in page
    assert "<script" not in JSON_LD.sub("", page)  # works without JavaScript


def test_headings_go_down_one_level_at_a_time(client, live_guide):
    page = client.get(page_url(live_guide)).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]

    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels))


def test_the_page_is_cached_and_revalidated_like_the_api(
    client, live_guide, django_assert_max_num_queries
):
    first = client.get(page_url(live_guide))
    assert first["Cache-Control"] == "public, no-cache"
    assert first["ETag"]
    assert first["Last-Modified"]

    with django_assert_max_num_queries(1):  # the public version only
        again = client.get(page_url(live_guide), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_an_unpublished_edit_never_reaches_the_page(client, live_guide):
    client.get(page_url(live_guide))  # cached
    tip = Tip.objects.get(lead="Say you care")
    tip.body = "An unpublished sentence."
    tip.save()

    assert "An unpublished sentence." not in client.get(page_url(live_guide)).content.decode()


def test_a_guide_not_live_is_a_404_page(client, people):
    draft = build_state("draft", people)
    withdrawn = build_state("withdrawn", people)

    for guide in (draft, withdrawn):
        response = client.get(page_url(guide))
        assert response.status_code == 404
        assert "This guide is not available" in response.content.decode()


def test_the_region_is_accepted_and_a_malformed_one_refused(client, live_guide):
    assert client.get(page_url(live_guide, region="us")).status_code == 200
    for unknown in ("United-States", "ZZ"):  # not a code, and a code of no country
        response = client.get(page_url(live_guide, region=unknown))
        assert response.status_code == 400
        assert "ISO 3166-1 alpha-2 country code" in response.content.decode()
    assert client.get(page_url(live_guide), {"utm_source": "mail"}).status_code == 200


def test_the_index_lists_live_guides_only(client, live_guide, people):
    draft = build_state("draft", people)

    page = client.get(reverse("reader:guide-index")).content.decode()

    assert f'href="/guides/{live_guide.slug}/"' in page
    assert draft.title not in page


def test_only_signed_in_staff_see_the_preview_never_cached(client, live_guide, people):
    tip = Tip.objects.get(lead="Say you care")
    tip.body = "An unpublished sentence."
    tip.save()

    anonymous = client.get(preview_url(live_guide))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/?next=")

    client.force_login(UserFactory(username="visitor", is_staff=False))
    assert client.get(preview_url(live_guide)).status_code == 403
    client.force_login(UserFactory(username="staff-without-rights"))
    assert client.get(preview_url(live_guide)).status_code == 403

    client.force_login(people["reviewer"])
    response = client.get(preview_url(live_guide))
    assert response.status_code == 200
    page = response.content.decode()
    assert "An unpublished sentence." in page
    assert "Preview of the working copy" in page
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "An unpublished sentence." not in client.get(page_url(live_guide)).content.decode()


def test_the_pages_only_answer_reads(client, live_guide, people):
    client.force_login(people["editor"])
    for url in (reverse("reader:guide-index"), page_url(live_guide), preview_url(live_guide)):
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200
    assert client.get(reverse("reader:guide-preview", args=["no-such-guide"])).status_code == 404


def test_the_page_shows_people_and_topics_as_released_until_a_release_carries_an_edit(
    client, live_guide, people
):
    writer = Person.objects.get(name="Lena Ortiz")
    writer.bio = "Lena writes about *families*."
    writer.save()
    partners = TopicFactory(slug="partners", name="Partners", description="Living together.")
    live_guide.topics.add(partners)
    publish(live_guide, **people, summary="Bio and topic.")
    released = client.get(page_url(live_guide)).content.decode()

    writer.bio = "An unreviewed bio."
    writer.save()
    partners.description = "An unreviewed description."
    partners.save()
    before = client.get(page_url(live_guide)).content.decode()
    publish(live_guide, **people, summary="New bio and description.")
    after = client.get(page_url(live_guide)).content.decode()

    assert "Lena writes about <em>families</em>." in released
    assert "<dt>Partners</dt><dd>Living together.</dd>" in released
    assert before == released
    assert "An unreviewed bio." in after
    assert "An unreviewed description." in after
    assert "Lena writes about" not in after


def test_the_preview_shows_people_and_topics_as_edited(client, live_guide, people):
    writer = Person.objects.get(name="Lena Ortiz")
    writer.bio = "A bio not yet reviewed."
    writer.save()
    client.force_login(people["editor"])

    preview = client.get(preview_url(live_guide)).content.decode()
    page = client.get(page_url(live_guide)).content.decode()

    assert "A bio not yet reviewed." in preview
    assert "A bio not yet reviewed." not in page
