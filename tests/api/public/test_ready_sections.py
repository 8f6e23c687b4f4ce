"""A guide's answer splices in its sections as stored at publishing: the same answer as
rendering it whole.

(Compared as JSON: PostgreSQL's jsonb gives keys back in its own order, so
the content read back differs from the stored text in key order only.)
"""

import json

from rest_framework.renderers import JSONRenderer

from api.public import payloads
from editorial.models import PublishedGuide
from editorial.publishing import ready_json
from guidance.models import Tip

# What JSON encoders disagree on: non-ASCII text, quotes, backslashes, and the
# line and paragraph separators, which JavaScript strings cannot hold.
AWKWARD = 'Say “it\u2019s okay” 😊 — \\ "quoted" </script>\u2028next line\u2029next paragraph'


def test_ready_json_is_what_the_api_renderer_writes():
    value = [{"lead": AWKWARD, "position": 1, "empty": None, "tips": [], "flag": True}]

    assert ready_json(value).encode() == JSONRenderer().render(value)


def test_a_guide_answer_is_the_bytes_of_the_whole_detail_rendered(client, corpus):
    guide = corpus.guide(slug="helping", sections=2, tips_per_section=3)
    Tip.objects.filter(section__guide=guide).update(lead="Awkward", body=AWKWARD)
    corpus.publish(guide)

    response = client.get("/api/v1/guides/helping/")

    whole = payloads.live_guide_detail("helping")
    assert response.status_code == 200
    assert response.json() == json.loads(JSONRenderer().render(whole))
    assert json.loads(response.content)["sections"] == whole["sections"]
    assert response.json()["sections"][0]["tips"][0]["body"] == AWKWARD


def test_publishing_stores_the_sections_and_the_tip_count(corpus):
    guide = corpus.guide(slug="helping", sections=2, tips_per_section=3)
    release = corpus.publish(guide)

    published = PublishedGuide.objects.get(release=release)

    assert published.tip_count == Tip.objects.filter(section__guide=guide).count()
    assert json.loads(published.sections_json) == published.content["sections"]
