from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from guidance.rendering import render_markdown

MAX_PREVIEW_LENGTH = 50_000


@require_POST
def markdown_preview(request):
    """Render the posted ``text`` as readers will see it, for the live preview."""
    text = request.POST.get("text", "")
    if len(text) > MAX_PREVIEW_LENGTH:
        return HttpResponseBadRequest(
            f"Too long to preview: {len(text)} characters (at most {MAX_PREVIEW_LENGTH})."
        )
    return HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")
