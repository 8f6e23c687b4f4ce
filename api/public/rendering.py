"""Public answers as JSON bytes, with parts that are JSON already put in as they are.

A guide's sections are most of its answer; they are stored as JSON text when
its release is published (editorial.publishing.ready_json), so a fresh answer
splices that text in instead of decoding and encoding it again.
"""

import secrets

from rest_framework.renderers import JSONRenderer

_renderer = JSONRenderer()


class ReadyJSON:
    """JSON text to be sent as it is, as the value of a key of an answer."""

    def __init__(self, text):
        self.text = text


def render_answer(data):
    """``data`` as DRF's JSONRenderer renders it, its ReadyJSON values spliced in."""
    if not isinstance(data, dict) or not any(isinstance(v, ReadyJSON) for v in data.values()):
        return _renderer.render(data)
    # A random placeholder: no text an editor wrote can be mistaken for it.
    marker = secrets.token_hex(16)
    ready, shown = {}, {}
    for name, value in data.items():
        if isinstance(value, ReadyJSON):
            placeholder = f"ready-json-{marker}-{len(ready)}"
            ready[f'"{placeholder}"'.encode()] = value.text.encode()
            value = placeholder
        shown[name] = value
    body = _renderer.render(shown)
    for placeholder, text in ready.items():
        body = body.replace(placeholder, text, 1)
    return body
