"""Markdown comes out as sanitized HTML: nothing an editor types can run in a reader's app."""

from html.parser import HTMLParser

import pytest

from guidance.models import CrisisResource, Section, SiteNotice, Tip

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"></svg>',
    '<p onclick="alert(1)">hi</p>',
    "![x](javascript:alert(1))",
    '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
]

SAFE_TAGS = {"p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_inert(html):
    for tag, attributes in Elements(html).found:
        assert tag in SAFE_TAGS, html
        assert not [name for name in attributes if name.startswith("on")], html
        href = attributes.get("href", "https:")
        assert href.strip().lower().startswith(SAFE_SCHEMES), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_markdown_field_comes_out_inert(client, corpus, payload):
    guide = corpus.guide(slug="hostile")
    section = Section.objects.get(guide=guide, anchor="part-1")
    section.body = payload
    section.save()
    tip = Tip.objects.get(section=section, lead="Tip 1.1")
    tip.body = payload
    tip.save()
    SiteNotice.objects.update(body=payload)
    CrisisResource.objects.update(description=payload)
    writer = guide.contributors.first().person
    writer.bio = payload
    writer.save()
    corpus.publish(guide)

    detail = client.get("/api/v1/guides/hostile/").json()
    listed = client.get("/api/v1/tips/?guide=hostile").json()["results"][0]
    single = client.get(f"/api/v1/tips/{tip.public_id}/").json()
    profile = client.get(f"/api/v1/people/{writer.slug}/").json()

    assert detail["sections"][0]["body"] == payload  # the Markdown itself, as written
    for html in [
        detail["sections"][0]["body_html"],
        detail["sections"][0]["tips"][0]["body_html"],
        detail["disclaimer"]["body_html"],
        detail["crisis_resources"][0]["description_html"],
        listed["body_html"],
        single["body_html"],
        single["disclaimer"]["body_html"],
        profile["bio_html"],
    ]:
        assert_inert(html)


def test_safe_markdown_keeps_its_links_and_emphasis(client, corpus):
    guide = corpus.guide(slug="friendly")
    tip = Tip.objects.get(section__guide=guide, lead="Tip 1.1")
    tip.body = "Call **988** or see [the lifeline](https://988lifeline.org)."
    tip.save()
    corpus.publish(guide)

    html = client.get(f"/api/v1/tips/{tip.public_id}/").json()["body_html"]

    assert html == (
        '<p>Call <strong>988</strong> or see <a href="https://988lifeline.org" '
        'rel="noopener noreferrer nofollow">the lifeline</a>.</p>'
    )


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<p onclick="alert(1)">x</p>',
    ],
)
def test_the_check_itself_catches_live_html(html):
    with pytest.raises(AssertionError):
        assert_inert(html)
