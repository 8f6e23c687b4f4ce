"""Markdown to safe HTML.

Editors write Markdown; readers' apps insert the HTML we give them as is. So
the renderer refuses raw HTML and the sanitizer keeps only an allow-list of
tags, attributes and URL schemes, whatever the Markdown produced.
"""

import functools

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


# Rendering is pure and costs more than a lookup: a publish renders each text
# for the page and again for its reading level, a new release mostly repeats
# the last one's, and every fresh public answer renders the safety texts.
@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Render Markdown to HTML that is safe to insert into any page."""
    if not text:
        return ""
    return sanitize_html(_markdown.render(text))


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()
