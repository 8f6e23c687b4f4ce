from html.parser import HTMLParser

import pytest

from guidance.rendering import render_markdown, sanitize_html

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    '<div onmouseover="alert(1)">hover</div>',
    "![x](javascript:alert(1))",
]


def test_markdown_is_rendered():
    html = render_markdown("**Listen** first.\n\n1. Ask\n2. Wait")
    assert "<strong>Listen</strong>" in html
    assert "<ol>" in html
    assert "<li>Ask</li>" in html


def test_links_open_safely():
    html = render_markdown("[988](https://988lifeline.org)")
    assert 'href="https://988lifeline.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html):
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_active_content_survives(payload):
    for tag, attributes in elements_of(render_markdown(payload)):
        assert tag in {"p", "a", "strong", "em", "ul", "ol", "li", "code", "pre"}
        assert not any(name.startswith("on") for name in attributes)
        href = attributes.get("href", "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:"))


def test_raw_html_is_shown_as_text_not_markup():
    assert elements_of(render_markdown("<b onclick='x()'>hi</b>")) == [("p", {})]


def test_the_sanitizer_strips_active_html_that_reaches_it():
    html = sanitize_html(
        '<p onclick="x()">hi<script>alert(1)</script></p><iframe src="//evil"></iframe>'
        '<a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a>'
        "<img src=x onerror=alert(1)><style>p{}</style>"
    )
    safe_link = ("a", {"rel": "noopener noreferrer nofollow"})
    assert elements_of(html) == [("p", {}), safe_link, safe_link]
    assert "alert" not in html
